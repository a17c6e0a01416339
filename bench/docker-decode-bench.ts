/**
 * Envelope decode micro-benchmark: `decodeDockerJson` over the first `--lines` lines (default
 * 200,000) of `.bench/docker-1000000.log` (with `--format fluentbit`: `decodeFluentBit` over
 * `.bench/small-10000.concat.json`), held as slices of one string like the line reader's, in CPU ms
 * per pass (`process.cpuUsage`, user + system, of all threads: GC included), median of `--passes`.
 * `--baseline <dir>` loads a second build's `src/decoders/envelope.js` (e.g. `/work/wt/baseline/dist`)
 * and alternates its passes with the current code's in the same process.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/docker-decode-bench.js [--lines N] [--passes P] [--baseline DIR]
 *     [--format docker-json|fluentbit] [--file F]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';
import * as current from '../src/decoders/envelope.js';

type Envelope = typeof current;

const { values: args } = parseArgs({
  options: { lines: { type: 'string' }, passes: { type: 'string' }, baseline: { type: 'string' }, file: { type: 'string' }, format: { type: 'string' } },
});
const maxLines = Number(args.lines ?? 200_000);
const passes = Number(args.passes ?? 7);
const fluentBit = args.format === 'fluentbit';
const file = args.file ?? join(repoRoot(), '.bench', fluentBit ? 'small-10000.concat.json' : 'docker-1000000.log');

const text = readFileSync(file, fluentBit ? 'utf8' : 'latin1');
const lines: string[] = [];
for (let p = 0; lines.length < maxLines;) {
  const n = text.indexOf('\n', p);
  if (n < 0) break;
  lines.push(text.slice(p, n));
  p = n + 1;
}

/** One pass: CPU ms and a checksum of what was decoded (must be equal for both builds). */
function pass(env: Envelope): { ms: number; sum: number } {
  const d = env.newDecodedLine();
  let sum = 0;
  const t0 = process.cpuUsage();
  for (const line of lines) {
    if (fluentBit) env.decodeFluentBit(line, d);
    else env.decodeDockerJson(line, d);
    sum = (sum + d.text.length + (d.ok ? 1 : 0) + (Number.isNaN(d.observed) ? 0 : d.observed % 1000) + (d.stream?.length ?? 0) + (d.k8s?.pod_name?.length ?? 0)) | 0;
  }
  const u = process.cpuUsage(t0);
  return { ms: (u.user + u.system) / 1000, sum };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const builds: [string, Envelope][] = [['current', current]];
if (args.baseline) {
  const url = pathToFileURL(join(resolve(args.baseline), 'src', 'decoders', 'envelope.js')).href;
  builds.unshift(['baseline', (await import(url)) as Envelope]);
}
const times = new Map<string, number[]>(builds.map(([name]) => [name, []]));
const sums = new Map<string, number>();
for (let i = 0; i < passes + 2; i++) {
  for (const [name, env] of builds) {
    const r = pass(env);
    if (i >= 2) times.get(name)!.push(r.ms); // the first two warm up
    sums.set(name, r.sum);
  }
}
for (const [name] of builds) {
  const m = median(times.get(name)!);
  console.log(`${name.padEnd(9)} ${m.toFixed(1)} ms / ${lines.length} lines = ${((m * 1e6) / lines.length).toFixed(0)} ns/line  checksum ${sums.get(name)}`);
}
