/**
 * How long `loglake report` takes on a warehouse, against a baseline in the same run: the two
 * analytics commands it builds on (`patterns` and `anomalies --no-write`), run as child processes,
 * alternating, medians of N runs. Prints wall seconds and the report's own share.
 *
 * Run: `node dist/bench/report-bench.js --warehouse <dir> [--runs 3]`
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';

const { values } = parseArgs({ options: { warehouse: { type: 'string' }, runs: { type: 'string' } } });
if (!values.warehouse) throw new Error('--warehouse <dir> is required');
const warehouse = resolve(values.warehouse);
const runs = Number(values.runs ?? '3');
const cli = join(repoRoot(), 'bin', 'loglake.js');
const out = mkdtempSync(join(tmpdir(), 'loglake-report-bench-'));

function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const base: number[] = [];
const report: number[] = [];
for (let i = 0; i < runs; i++) {
  base.push(timed(['patterns', '--warehouse', warehouse, '--format', 'json']) + timed(['anomalies', '--warehouse', warehouse, '--no-write', '--format', 'json']));
  report.push(timed(['report', '--warehouse', warehouse, '--out', join(out, 'report.html')]));
}
rmSync(out, { recursive: true, force: true });
const b = median(base);
const r = median(report);
process.stdout.write(`warehouse ${warehouse}, ${runs} runs (medians, wall seconds)\n` +
  `baseline: loglake patterns + loglake anomalies   ${b.toFixed(1)} s\n` +
  `loglake report (all views, HTML written)        ${r.toFixed(1)} s\n` +
  `report / baseline                               ${(r / b).toFixed(2)}\n`);
