/**
 * Bounded-memory benchmark (issue 13, item 1): a large Docker json-file log whose first line is on
 * stderr and everything after it on stdout — one quiet stream whose event may still continue, which
 * used to block every commit until the end of the file (5.7 GB and "heap out of memory" on 2 GB).
 * Generates the file into /tmp, runs a full ingest in a child process (default --commit-bytes) and
 * reports peak RSS, commits, rows and time; `--baseline` also runs the same file without the stderr
 * line. File and warehouse are deleted afterwards.
 *
 *   node dist/bench/bounded-memory-bench.js [--bytes 2147483648] [--commit-bytes N] [--baseline]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readSync, closeSync, writeFileSync, createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({ options: { bytes: { type: 'string' }, 'commit-bytes': { type: 'string' }, baseline: { type: 'boolean' }, child: { type: 'string' }, wh: { type: 'string' } } });

interface Result { maxRssMiB: number; ms: number; commits: number; rows: number; lines: number; balanced: boolean }

async function child(file: string, wh: string): Promise<void> {
  const { runIngest } = await import('../src/pipeline/ingest.js');
  const t0 = performance.now();
  const commitBytes = values['commit-bytes'] ? Number(values['commit-bytes']) : undefined;
  const s = await runIngest({ inputs: [file], warehouse: wh, idleSecs: 0, commitBytes });
  const r: Result = { maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), ms: Math.round(performance.now() - t0), commits: s.commits, rows: s.totals.rows, lines: s.totals.lines, balanced: s.balanced };
  process.stdout.write(JSON.stringify(r) + '\n');
}

function run(file: string, dir: string, name: string): Result {
  const wh = join(dir, `wh-${name}`);
  const args = [...process.execArgv, self, '--child', file, '--wh', wh, ...(values['commit-bytes'] ? ['--commit-bytes', values['commit-bytes']] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  rmSync(wh, { recursive: true, force: true });
  if (r.status !== 0) return { maxRssMiB: NaN, ms: NaN, commits: 0, rows: 0, lines: 0, balanced: false, ...{ error: r.stderr.split('\n').slice(-5).join(' ') } } as Result;
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Result;
}

async function main(): Promise<void> {
  if (values.child) return child(values.child, values.wh!);
  const bytes = Number(values.bytes ?? 2 * 1024 ** 3);
  const dir = mkdtempSync(join(tmpdir(), 'loglake-membench-'));
  const quiet = join(dir, 'quiet-stream.log');
  try {
    const { writeQuietStreamFile } = await import('../src/generate/quiet-stream-file.js');
    const t0 = performance.now();
    const g = writeQuietStreamFile(quiet, bytes);
    process.stdout.write(`generated ${(g.bytes / 1048576).toFixed(0)} MiB, ${g.lines.toLocaleString('en-US')} lines (first line on stderr) in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    const rows: Array<[string, Result]> = [['one quiet stream (stderr line at the top)', run(quiet, dir, 'quiet')]];
    if (values.baseline) {
      // the same file without its stderr line
      const fd = openSync(quiet, 'r');
      const head = Buffer.alloc(4096);
      const n = readSync(fd, head, 0, head.length, 0);
      closeSync(fd);
      const skip = head.subarray(0, n).indexOf(10) + 1;
      const plain = join(dir, 'no-quiet-stream.log');
      writeFileSync(plain, '');
      await pipeline(createReadStream(quiet, { start: skip }), createWriteStream(plain));
      rows.push(['baseline: same file without the stderr line', run(plain, dir, 'plain')]);
      rmSync(plain, { force: true });
    }
    process.stdout.write(`commit-bytes: ${values['commit-bytes'] ?? 'default (24 MiB)'}\n`);
    for (const [name, r] of rows) {
      process.stdout.write(`${name}: peak RSS ${r.maxRssMiB} MiB, ${r.commits} commits, ${r.rows.toLocaleString('en-US')} rows of ${r.lines.toLocaleString('en-US')} lines, balanced ${r.balanced}, ${(r.ms / 1000).toFixed(0)} s${(r as unknown as { error?: string }).error ? ' FAILED: ' + (r as unknown as { error: string }).error : ''}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
