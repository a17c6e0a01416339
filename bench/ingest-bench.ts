/**
 * Ingest throughput benchmark: a 1,000,000-line Docker json-file log of realistic mixed content,
 * converted (a) by DuckDB's own `read_json → COPY TO parquet (zstd)` — the baseline — and (b) by a
 * full loglake ingest (decode, multi-line, parse, enrich, partitioned Parquet, commit), each in its
 * own child process, alternating A B A B, reporting medians and the ratio. Peak memory is the
 * child's max RSS. Machines here are noisy: compare the ratio, not the absolute numbers.
 *
 *   npm run bench [-- --lines N --runs R]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';

interface Measure { ms: number; maxRssMiB: number; rows?: number }

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({ options: { lines: { type: 'string' }, runs: { type: 'string' }, mode: { type: 'string' }, file: { type: 'string' }, out: { type: 'string' } } });

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
  const dir = join(repoRoot(), '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `docker-${lines}.log`);
  if (!existsSync(file)) {
    const { generateBenchFile } = await import('../src/generate/index.js');
    process.stdout.write(`generating ${lines.toLocaleString('en-US')} lines into ${file} …\n`);
    await generateBenchFile(file, lines, 1);
  }
  const mib = statSync(file).size / 1048576;
  process.stdout.write(`input: ${file} — ${lines.toLocaleString('en-US')} lines, ${mib.toFixed(1)} MiB\n`);
  const base: Measure[] = [];
  const ours: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(run('duckdb', file, join(dir, 'out-duckdb')));
    ours.push(run('loglake', file, join(dir, 'out-loglake')));
    process.stdout.write(`  run ${i + 1}: duckdb ${(base[i]!.ms / 1000).toFixed(2)} s, loglake ${(ours[i]!.ms / 1000).toFixed(2)} s\n`);
  }
  const b = median(base.map((m) => m.ms)) / 1000;
  const o = median(ours.map((m) => m.ms)) / 1000;
  const row = (name: string, s: number, rss: number): string =>
    `${name.padEnd(34)} ${(lines / s).toFixed(0).padStart(9)} lines/s ${(mib / s).toFixed(1).padStart(7)} MiB/s ${s.toFixed(2).padStart(7)} s  peak ${rss.toFixed(0)} MiB`;
  process.stdout.write('\n' + row('DuckDB read_json → COPY parquet', b, Math.max(...base.map((m) => m.maxRssMiB))) + '\n');
  process.stdout.write(row('loglake ingest (full pipeline)', o, Math.max(...ours.map((m) => m.maxRssMiB))) + '\n');
  process.stdout.write(`ratio (loglake / DuckDB throughput, medians of ${runs}): ${(b / o).toFixed(2)}\n`);
  process.stdout.write(`rows written by loglake: ${ours[0]!.rows?.toLocaleString('en-US')}\n`);
}

await main();
