/**
 * `npm run bench`: the three ingest shapes of issue 9 in one invocation, each beside its baseline
 * measured in the same run, as ONE table:
 *
 *   (a) big file — `bench/ingest-bench.ts --json` as a child (one Docker json-file log; baseline
 *       DuckDB `read_json → COPY parquet`); when that child does not print the JSON line (an older
 *       ingest-bench), its text output is parsed instead;
 *   (b) many small files on local disk, (c) the same objects on the loopback S3 server, and the
 *       no-op re-run — `bench/small-files-bench.ts --json` as a child.
 *
 * The small shapes are also compared with the big file's lines/s (`vs big file`: the issue's
 * targets are ≥ 0.7 on local disk and ≥ 0.5 over S3), and with the same lines as one file
 * (`vs one file`: the per-file overhead alone, whatever the per-line cost of the content).
 *
 *   npm run bench [-- --quick] [-- --lines N --files N --runs R --noop-100k]
 *
 * Every shape stays runnable alone: `node dist/bench/ingest-bench.js`, `node dist/bench/small-files-bench.js --shape local|s3|noop`.
 */
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ShapeResult, Rate } from './small-files-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' }, lines: { type: 'string' }, files: { type: 'string' }, runs: { type: 'string' }, 'noop-100k': { type: 'boolean' },
    'skip-big': { type: 'boolean' }, json: { type: 'boolean' },
  },
});

const runs = values.runs ?? (values.quick ? '1' : '3');
const bigLines = values.lines ?? (values.quick ? '200000' : '1000000');
const files = values.files ?? (values.quick ? '2000' : '10000');

function say(s: string): void {
  process.stderr.write(s + '\n');
}

/** Runs a bench script as a child (its progress goes to our stderr); returns its stdout. */
function runChild(script: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function jsonLines(text: string): ShapeResult[] {
  return text.split('\n').filter((l) => l.startsWith('{') && l.includes('"shape"')).map((l) => JSON.parse(l) as ShapeResult);
}

const num = (s: string): number => Number(s.replace(/,/g, ''));

/**
 * The big-file shape from ingest-bench's text output (before it had `--json`): the input line,
 * the DuckDB and loglake rows, the ratio.
 */
export function parseBigFileText(text: string): ShapeResult | undefined {
  const input = /input: .* — ([\d,]+) lines, ([\d.]+) MiB/.exec(text);
  const row = (label: RegExp): Rate | undefined => {
    const m = new RegExp(label.source + String.raw`\s+([\d.]+) lines/s\s+([\d.]+) MiB/s\s+([\d.]+) s\s+peak ([\d.]+) MiB`).exec(text);
    return m ? { linesPerSec: num(m[1]!), mibPerSec: Number(m[2]), seconds: Number(m[3]), peakRssMiB: Number(m[4]) } : undefined;
  };
  const duck = row(/DuckDB read_json → COPY parquet/);
  const ours = row(/loglake ingest \(full pipeline\)/);
  const ratio = /ratio \(loglake \/ DuckDB throughput[^)]*\): ([\d.]+)/.exec(text);
  if (!input || !duck || !ours) return undefined;
  return {
    shape: 'big-file', lines: num(input[1]!), bytes: Math.round(Number(input[2]) * 1048576), loglake: ours,
    baseline: { name: 'DuckDB read_json → COPY parquet', ...duck }, ratio: ratio ? Number(ratio[1]) : Math.round((100 * ours.linesPerSec) / duck.linesPerSec) / 100,
  };
}

function bigFile(): ShapeResult | undefined {
  const args = ['--lines', bigLines, '--runs', runs];
  say(`(a) big file: ingest-bench.js ${args.join(' ')} --json …`);
  let r = runChild('ingest-bench.js', [...args, '--json']);
  let res = r.ok ? jsonLines(r.stdout).find((x) => x.shape === 'big-file') : undefined;
  if (!res) {
    // an ingest-bench without --json: run it plainly and read its table
    say('    (no JSON line from ingest-bench; reading its text output)');
    r = runChild('ingest-bench.js', args);
    res = r.ok ? parseBigFileText(r.stdout) : undefined;
  }
  if (!res) say(`    big-file shape failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return res;
}

function smallShapes(): ShapeResult[] {
  const args = ['--json', '--files', files, '--runs', runs, ...(values['noop-100k'] ? ['--noop-files', '100000'] : [])];
  say(`(b, c) small files: small-files-bench.js ${args.join(' ')} …`);
  const r = runChild('small-files-bench.js', args);
  process.stderr.write(r.stderr.split('\n').filter((l) => l.startsWith('  ') || l.startsWith('input')).join('\n') + '\n');
  if (!r.ok) say(`    small-files shapes failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return jsonLines(r.stdout);
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

function table(results: ShapeResult[]): string {
  const big = results.find((r) => r.shape === 'big-file');
  const head = ['shape', 'input', 'loglake lines/s', 'MiB/s', 'peak MiB', 'baseline', 'lines/s', 'MiB/s', 'ratio', 'vs big file', 'vs one file'];
  const rows: string[][] = [];
  for (const r of results) {
    if (r.shape.startsWith('noop')) continue;
    const input = `${r.files ? `${n(r.files)} files, ` : ''}${n(r.lines)} lines, ${(r.bytes / 1048576).toFixed(0)} MiB`;
    const vsBig = big && r !== big ? (r.loglake.linesPerSec / big.loglake.linesPerSec).toFixed(2) : '';
    rows.push([
      r.shape, input, n(r.loglake.linesPerSec), r.loglake.mibPerSec.toFixed(1), n(r.loglake.peakRssMiB),
      r.baseline?.name ?? '', r.baseline ? n(r.baseline.linesPerSec) : '', r.baseline ? r.baseline.mibPerSec.toFixed(1) : '',
      r.ratio !== undefined ? r.ratio.toFixed(2) : '', vsBig, r.vsOneFile !== undefined ? Number(r.vsOneFile).toFixed(2) : '',
    ]);
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i <= 1 || i === 5 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  const out = [fmt(head), w.map((x) => '─'.repeat(x)).join('  '), ...rows.map(fmt)];
  for (const r of results.filter((x) => x.shape.startsWith('noop'))) {
    out.push(`no-op re-run over ${n(r.files ?? 0)} committed files: ${r.loglake.seconds.toFixed(2)} s for the whole process, ${Number(r.runSeconds).toFixed(2)} s for the run (peak ${n(r.loglake.peakRssMiB)} MiB; targets < 1 s for 10,000, < 10 s for 100,000)`);
  }
  const s3 = results.find((r) => r.shape === 'small-objects-s3');
  if (s3 && typeof s3.duckdb === 'string') out.push(`(${s3.duckdb})`);
  out.push('ratio = loglake ÷ baseline throughput (medians, same invocation); vs big file = small shape lines/s ÷ big-file lines/s (targets ≥ 0.70 local, ≥ 0.50 S3);',
    'vs one file = small files ÷ the same lines as one file (the per-file overhead alone).');
  return out.join('\n');
}

const results: ShapeResult[] = [];
if (!values['skip-big']) {
  const big = bigFile();
  if (big) results.push(big);
}
results.push(...smallShapes());
if (values.json) for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
process.stdout.write('\n' + table(results) + '\n');
