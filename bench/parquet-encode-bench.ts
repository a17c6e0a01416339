/**
 * Parquet encoding benchmark: the Arrow + parquet-wasm encoder (`encodeParquet`, A) against the
 * direct TypeScript writer (`encodeSegmentsParquet`, B) on the same segments, one file per segment
 * as the dataset writer does it, alternating A B A B in one process, reporting medians and the
 * ratio (A's time includes copying the segments' column views into Arrow layout: `toArrow`). Rows come from `.bench/docker-1000000.log` (the first N lines) parsed like the ingest
 * does (envelope, app parser, origin fields, event type); without that file a synthetic one is
 * generated first. Machines here are noisy: compare the ratio, not the absolute numbers.
 *
 *   node --import tsx bench/parquet-encode-bench.ts [--rows 300000] [--runs 3]
 */
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';
import { parseEvent } from '../src/parsers/index.js';
import { classifyEventType } from '../src/enrich/event-type.js';
import { RowBatch, shareMap } from '../src/sinks/parquet/row-batch.js';
import { cutSegments, type Segment } from '../src/sinks/parquet/segment.js';
import { encodeParquet } from '../src/sinks/parquet/encode-parquet.js';
import { encodeSegmentsParquet } from '../src/sinks/parquet/writer/index.js';
import { SCHEMA_VERSION } from '../src/schema/canonical.js';

const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } } });
const ROWS = Number(values.rows ?? 300_000);
const RUNS = Number(values.runs ?? 3);

/** The first `n` lines of a file (reads only as much as needed). */
function headLines(file: string, n: number): { lines: string[]; bytes: number } {
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1 << 22);
  const lines: string[] = [];
  let rest = '';
  let bytes = 0;
  try {
    while (lines.length < n) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      const parts = (rest + chunk.toString('utf8', 0, got)).split('\n');
      rest = parts.pop()!;
      for (const p of parts) {
        if (lines.length >= n) break;
        lines.push(p);
        bytes += Buffer.byteLength(p) + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return { lines, bytes };
}

/** Docker json-file lines → canonical rows, roughly as the ingest fills them. */
function buildBatch(lines: string[], sourcePath: string): RowBatch {
  const batch = new RowBatch(1 << 16);
  const ingestMicros = Date.now() * 1000;
  const labelsOf = new Map<string, Record<string, string>>();
  let offset = 0;
  for (const line of lines) {
    const rec = JSON.parse(line) as { log: string; stream?: string; time?: string };
    const text = rec.log.endsWith('\n') ? rec.log.slice(0, -1) : rec.log;
    const observed = rec.time ? Date.parse(rec.time) * 1000 + Number(rec.time.slice(23, 26) || 0) : NaN;
    batch.clearRow();
    const family = parseEvent(text, batch, { observedMicros: Number.isNaN(observed) ? undefined : observed });
    if (!batch.has('ts')) batch.ts('ts', Number.isNaN(observed) ? ingestMicros : observed);
    if (!Number.isNaN(observed)) batch.ts('observed_ts', observed);
    batch.ts('ingest_ts', ingestMicros);
    const service = family === 'fallback' ? 'app' : family;
    batch.str('service', service);
    if (rec.stream) batch.str('stream', rec.stream);
    batch.str('container', `${service}-1`);
    batch.str('container_id', `c0ffee${service.length}${'0'.repeat(50)}`);
    batch.str('image', `registry.local/${service}:1.4.2`);
    let labels = labelsOf.get(service);
    if (!labels) labelsOf.set(service, (labels = shareMap({ 'com.docker.compose.service': service, 'com.docker.compose.project': 'bench' })));
    batch.setMap('labels', labels);
    batch.str('source_format', `docker-json/${family}`);
    batch.str('source_path', sourcePath);
    batch.long('source_offset', offset);
    batch.str('schema_version', SCHEMA_VERSION);
    classifyEventType(batch);
    batch.endRow(text.length);
    offset += Buffer.byteLength(line) + 1;
  }
  return batch;
}

interface Run { ms: number; cpuMs: number; bytes: number }

function encodeAll(segs: Segment[], enc: (s: Segment[]) => Uint8Array): Run {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (const s of segs) bytes += enc([s]).length;
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, bytes };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  let file = join(repoRoot(), '.bench', 'docker-1000000.log');
  let generated = false;
  if (!existsSync(file)) {
    const { generateBenchFile } = await import('../src/generate/index.js');
    file = join(tmpdir(), `loglake-parquet-bench-${process.pid}.log`);
    process.stdout.write(`no .bench/docker-1000000.log: generating ${ROWS.toLocaleString('en-US')} synthetic lines …\n`);
    await generateBenchFile(file, ROWS, 1);
    generated = true;
  }
  const tb = performance.now();
  // build in a nested scope so the lines and the row batch are garbage before timing starts
  const { segs, lineCount, inBytes } = ((): { segs: Segment[]; lineCount: number; inBytes: number } => {
    const { lines, bytes } = headLines(file, ROWS);
    return { segs: cutSegments(buildBatch(lines, file)), lineCount: lines.length, inBytes: bytes };
  })();
  if (generated) rmSync(file, { force: true });
  const rows = segs.reduce((n, s) => n + s.rows, 0);
  const segMiB = segs.reduce((n, s) => n + s.bytes, 0) / 1048576;
  process.stdout.write(
    `input: ${file}${generated ? ' (synthetic)' : ''} — ${rows.toLocaleString('en-US')} rows from ${lineCount.toLocaleString('en-US')} lines, ` +
    `${(inBytes / 1048576).toFixed(1)} MiB of log, ${segs.length} segments (${segMiB.toFixed(1)} MiB in buffers), built in ${((performance.now() - tb) / 1000).toFixed(1)} s\n`,
  );
  const A = (s: Segment[]): Uint8Array => encodeParquet(s);
  const B = (s: Segment[]): Uint8Array => encodeSegmentsParquet(s);
  // warm-up (JIT, wasm instantiation): one full pass each, not counted
  encodeAll(segs, A);
  encodeAll(segs, B);
  const ra: Run[] = [];
  const rb: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    ra.push(encodeAll(segs, A));
    rb.push(encodeAll(segs, B));
    process.stdout.write(`  run ${i + 1}: arrow+parquet-wasm ${(ra[i]!.ms / 1000).toFixed(2)} s (cpu ${(ra[i]!.cpuMs / 1000).toFixed(2)} s), direct ${(rb[i]!.ms / 1000).toFixed(2)} s (cpu ${(rb[i]!.cpuMs / 1000).toFixed(2)} s)\n`);
  }
  const ma = median(ra.map((r) => r.ms)) / 1000;
  const mb = median(rb.map((r) => r.ms)) / 1000;
  const ca = median(ra.map((r) => r.cpuMs)) / 1000;
  const cb = median(rb.map((r) => r.cpuMs)) / 1000;
  const mib = inBytes / 1048576;
  const row = (name: string, s: number, out: number): string =>
    `${name.padEnd(30)} ${(rows / s).toFixed(0).padStart(9)} rows/s ${(mib / s).toFixed(1).padStart(7)} MiB/s of log ${(1e6 * s / rows).toFixed(2).padStart(6)} µs/row  output ${(out / 1048576).toFixed(2)} MiB (${(inBytes / out).toFixed(1)}× smaller than the log)`;
  process.stdout.write(`\nmedians of ${RUNS} runs, wall clock:\n`);
  process.stdout.write(row('A encodeParquet (arrow+wasm)', ma, ra[0]!.bytes) + '\n');
  process.stdout.write(row('B encodeSegmentsParquet', mb, rb[0]!.bytes) + '\n');
  process.stdout.write(`speed-up B/A: ${(ma / mb).toFixed(2)}× wall, ${(ca / cb).toFixed(2)}× cpu (A ${(1e6 * ca / rows).toFixed(2)} µs/row, B ${(1e6 * cb / rows).toFixed(2)} µs/row of cpu)   size B/A: ${(rb[0]!.bytes / ra[0]!.bytes).toFixed(3)}\n`);
}

await main();
