/**
 * Ingest throughput benchmark: a 1,000,000-line Docker json-file log of realistic mixed content,
 * converted (a) by DuckDB's own `read_json → COPY TO parquet (zstd)` — the baseline — and (b) by a
 * full loglake ingest (decode, multi-line, parse, enrich, partitioned Parquet, commit), each in its
 * own child process, alternating A B A B, reporting medians and the ratio. Peak memory is the
 * child's max RSS (worker threads included). Machines here are noisy: compare the ratio, not the
 * absolute numbers.
 *
 *   npm run bench [-- --lines N --runs R] [--json] [--no-baseline]
 *
 * `--json` prints one JSON line (shape `big-file`: lines, bytes, loglake and baseline seconds,
 * lines/s, MiB/s, peak RSS, ratio of MiB/s) and nothing else on stdout. `--no-baseline` skips DuckDB
 * (the memory run: `npm run bench:bigfile-memory` = 5,000,000 lines, about 1 GiB, peak RSS only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';

interface Measure { ms: number; maxRssMiB: number; rows?: number }

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    lines: { type: 'string' }, runs: { type: 'string' }, mode: { type: 'string' }, file: { type: 'string' }, out: { type: 'string' },
    json: { type: 'boolean' }, 'no-baseline': { type: 'boolean' },
  },
});
/** Human-readable progress: stdout, or stderr when stdout carries the JSON line. */
const say = (s: string): void => {
  (values.json ? process.stderr : process.stdout).write(s);
};

async function child(mode: string, file: string, out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  let rows: number | undefined;
  if (mode === 'duckdb') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`COPY (SELECT * FROM read_json('${file}', format = 'newline_delimited')) TO '${join(out, 'out.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
    con.closeSync();
    db.closeSync();
  } else {
    const { runIngest } = await import('../src/pipeline/ingest.js');
    const s = await runIngest({ inputs: [file], warehouse: out, idleSecs: 0 });
    rows = s.totals.rows;
  }
  const ms = performance.now() - t0;
  const m: Measure = { ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, rows };
  process.stdout.write(JSON.stringify(m) + '\n');
}

function run(mode: string, file: string, out: string): Measure {
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--mode', mode, '--file', file, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (values.mode) return child(values.mode, values.file!, values.out!);
  const lines = Number(values.lines ?? 1_000_000);
  const runs = Number(values.runs ?? 3);
  const baseline = !values['no-baseline'];
  const dir = join(repoRoot(), '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `docker-${lines}.log`);
  if (!existsSync(file)) {
    const { generateBenchFile } = await import('../src/generate/index.js');
    say(`generating ${lines.toLocaleString('en-US')} lines into ${file} …\n`);
    await generateBenchFile(file, lines, 1);
  }
  const bytes = statSync(file).size;
  const mib = bytes / 1048576;
  say(`input: ${file} — ${lines.toLocaleString('en-US')} lines, ${mib.toFixed(1)} MiB\n`);
  const base: Measure[] = [];
  const ours: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    if (baseline) base.push(run('duckdb', file, join(dir, 'out-duckdb')));
    ours.push(run('loglake', file, join(dir, 'out-loglake')));
    say(`  run ${i + 1}: ${baseline ? `duckdb ${(base[i]!.ms / 1000).toFixed(2)} s, ` : ''}loglake ${(ours[i]!.ms / 1000).toFixed(2)} s, peak ${ours[i]!.maxRssMiB.toFixed(0)} MiB\n`);
  }
  rmSync(join(dir, 'out-duckdb'), { recursive: true, force: true });
  rmSync(join(dir, 'out-loglake'), { recursive: true, force: true });
  const figures = (ms: Measure[]): { seconds: number; linesPerSec: number; mibPerSec: number; peakRssMiB: number } => {
    const seconds = median(ms.map((m) => m.ms)) / 1000;
    return { seconds: round(seconds, 3), linesPerSec: Math.round(lines / seconds), mibPerSec: round(mib / seconds, 1), peakRssMiB: Math.round(Math.max(...ms.map((m) => m.maxRssMiB))) };
  };
  const o = figures(ours);
  const b = baseline ? figures(base) : undefined;
  const ratio = b ? round(b.seconds / o.seconds, 3) : null;
  if (values.json) {
    const result = { shape: 'big-file', lines, bytes, loglake: o, baseline: b ? { name: 'duckdb read_json→parquet', ...b } : null, ratio };
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const row = (name: string, f: typeof o): string =>
    `${name.padEnd(34)} ${String(f.linesPerSec).padStart(9)} lines/s ${f.mibPerSec.toFixed(1).padStart(7)} MiB/s ${f.seconds.toFixed(2).padStart(7)} s  peak ${f.peakRssMiB} MiB`;
  say('\n');
  if (b) say(row('DuckDB read_json → COPY parquet', b) + '\n');
  say(row('loglake ingest (full pipeline)', o) + '\n');
  if (ratio !== null) say(`ratio (loglake / DuckDB throughput, medians of ${runs}): ${ratio.toFixed(2)}\n`);
  say(`rows written by loglake: ${ours[0]!.rows?.toLocaleString('en-US')}\n`);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
