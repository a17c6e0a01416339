/**
 * Iceberg offsets documents: bytes written per commit and time to read the committed state, with
 * the chain of deltas (src/table/offsets-chain.ts) against the whole document per commit (what
 * loglake wrote before, the baseline), in one run. N sources are committed once, then C commits move
 * M sources each (a node agent's commit every 10 s touches the files that grew).
 *
 *   node dist/bench/offsets-chain-bench.js [--sources 100000] [--commits 200] [--moved 50]
 */
import { parseArgs } from 'node:util';
import { OffsetsChain } from '../src/table/offsets-chain.js';
import type { SourceCheckpoint } from '../src/state/warehouse-state.js';

const { values } = parseArgs({ options: { sources: { type: 'string', default: '100000' }, commits: { type: 'string', default: '200' }, moved: { type: 'string', default: '50' } } });
const N = Number(values.sources);
const C = Number(values.commits);
const M = Number(values.moved);
const DIR = 's3://bucket/wh/iceberg/loglake.db/logs/metadata';
const cp = (i: number, offset: number): SourceCheckpoint => ({
  offset, lines: Math.floor(offset / 180), path: `/var/log/pods/spark-team-a_exec-${i}_0f3c9a1e-0000-4000-8000-${String(i).padStart(12, '0')}/spark-kubernetes-executor/0.log`,
  updated_at: '2026-11-30T16:00:00.000Z', head_len: 4096, head_hash: 'a'.repeat(64),
});

const files = new Map<string, Uint8Array>();
const chain = new OffsetsChain(async (u) => files.get(u)!);
const all: Record<string, SourceCheckpoint> = {};
for (let i = 0; i < N; i++) all[`fp-${i.toString(16).padStart(16, '0')}`] = cp(i, 1000);
const keys = Object.keys(all);
let head = `${DIR}/loglake-offsets-0.json`;
files.set(head, await chain.next(undefined, head, all, []));
const fullBytes = files.get(head)!.length;

let chainBytes = 0;
let wholeBytes = 0;
let chainMs = 0;
let wholeMs = 0;
for (let c = 1; c <= C; c++) {
  const moved: Record<string, SourceCheckpoint> = {};
  for (let k = 0; k < M; k++) {
    const i = (c * 7919 + k * 104729) % N;
    moved[keys[i]!] = cp(i, 1000 + c * 500);
  }
  // baseline: the whole state serialized per commit (version 1)
  let t = performance.now();
  const state = (await chain.load(head)).doc;
  const whole = Buffer.from(JSON.stringify({ version: 1, sources: { ...state.sources, ...moved }, quarantine_files: state.quarantine_files }));
  wholeMs += performance.now() - t;
  wholeBytes += whole.length;
  t = performance.now();
  const uri = `${DIR}/loglake-offsets-${c}.json`;
  const bytes = await chain.next(head, uri, moved, []);
  files.set(uri, bytes);
  chain.adopt(uri, bytes);
  chainMs += performance.now() - t;
  chainBytes += bytes.length;
  head = uri;
}
let t = performance.now();
const fresh = await new OffsetsChain(async (u) => files.get(u)!).readCopy(head);
const loadMs = performance.now() - t;
if (Object.keys(fresh.sources).length !== N) throw new Error('the chain lost sources');
const mib = (b: number): string => (b / 1048576).toFixed(2);
process.stdout.write(`${N} sources (full document ${mib(fullBytes)} MiB), ${C} commits moving ${M} each:\n`);
process.stdout.write(`  whole document per commit (baseline): ${mib(wholeBytes / C)} MiB per commit, ${(wholeMs / C).toFixed(1)} ms to build\n`);
process.stdout.write(`  chain of deltas: ${mib(chainBytes / C)} MiB per commit (${(wholeBytes / chainBytes).toFixed(1)}× less), ${(chainMs / C).toFixed(1)} ms to build\n`);
process.stdout.write(`  a fresh reader (restart) loads the head in ${loadMs.toFixed(0)} ms\n`);
