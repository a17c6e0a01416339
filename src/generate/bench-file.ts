/**
 * `generateBenchFile`: one large Docker json-file log of mixed realistic content for ingest
 * benchmarks. A pool of events is harvested once from the real generators (an hour of Kafka,
 * PostgreSQL, orders-api, payments and a Spark run), their leading timestamps are cut off and the
 * bodies pre-escaped; the file is then streamed by drawing events from the pool with fresh,
 * increasing timestamps. Bounded memory (~1 MiB chunks, awaiting `drain`).
 *
 * Imports the generators of this folder; nothing outside it.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { Rng } from './prng.js';
import type { AppEvent } from './model.js';
import type { ClusterPlan } from './plan.js';
import { kafkaBrokerEvents } from './kafka-broker-logs.js';
import { postgresEvents } from './postgres-logs.js';
import { ordersApiEvents, paymentsEvents } from './json-service-logs.js';
import { renderSparkText, simulateSparkRun } from './spark-logs.js';
import { goJsonString, rfc3339Nano } from './docker-json-file.js';
import { RuntimeClock } from './layout-output.js';
import { epochSecondsMicro, log4jTs, pgTs, sparkTs } from './time-format.js';

type Prefix = 'none' | 'kafka' | 'pg' | 'spark' | 'pino' | 'zap';

interface PoolLine {
  prefix: Prefix;
  /** pino numeric level or zap level word, for the prefix. */
  level: string;
  /** JSON-escaped text after the timestamp (without surrounding quotes). */
  body: string;
}

interface PoolEvent {
  stream: 'stdout' | 'stderr';
  lines: PoolLine[];
}

const STRIP: readonly [Prefix, RegExp][] = [
  ['kafka', /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] /],
  ['pg', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC /],
  ['spark', /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d /],
  ['pino', /^\{"level":(\d+),"time":\d+,/],
  ['zap', /^\{"level":"(\w+)","ts":[\d.]+,/],
];

function toPoolLine(text: string): PoolLine {
  for (const [prefix, re] of STRIP) {
    const m = re.exec(text);
    if (m) return { prefix, level: m[1] ?? '', body: goJsonString(text.slice(m[0].length)).slice(1, -1) };
  }
  return { prefix: 'none', level: '', body: goJsonString(text).slice(1, -1) };
}

/** A line that belongs to a Java, Go or Node.js stack trace. */
const STACK_LINE = /^(\tat |\t\.\.\. \d+ more|Caused by: |goroutine \d+ |\t\/|    at )/;

/**
 * Mix of application families (share of events), chosen so that records average ~220 bytes:
 * JSON services write long lines, Spark short ones.
 */
const FAMILY_WEIGHTS: readonly (readonly [Prefix, number])[] = [['kafka', 33], ['spark', 36], ['pg', 20], ['pino', 6], ['zap', 5]];

/** Harvests per-family event pools and a pool of stack-trace events from the generators. */
function harvest(seed: number): { single: Map<Prefix, PoolEvent[]>; stacks: PoolEvent[] } {
  const rng = new Rng(seed).fork('bench');
  const start = Date.UTC(2026, 2, 2, 12, 0, 0);
  const plan: ClusterPlan = { seed, scale: 'small', start, end: start + 3_600_000, rate: 1, incidents: [], taxiRuns: [], etlRuns: [] };
  const all: AppEvent[] = [];
  for (const ev of kafkaBrokerEvents(plan, rng.fork('kafka')).values()) all.push(...ev);
  all.push(...postgresEvents(plan, rng.fork('pg')), ...ordersApiEvents(plan, rng.fork('api')), ...paymentsEvents(plan, rng.fork('pay')));
  const run = { appId: 'spark-' + rng.hex(32), submissionId: rng.uuid(), start, end: start + 900_000, executorLost: { at: start + 450_000, executorId: 2 } };
  const spark = simulateSparkRun({
    name: 'taxi-trip', version: '3.5.1', namespace: 'spark-team-a', executors: 3, coresPerExecutor: 2, script: 'local:///opt/spark/work-dir/taxi_trip.py',
    stages: [
      { tasks: 32, kind: 'ShuffleMapStage', callSite: 'count at NativeMethodAccessorImpl.java:0', readsShuffle: false, job: 0 },
      { tasks: 24, kind: 'ResultStage', callSite: 'count at NativeMethodAccessorImpl.java:0', readsShuffle: true, job: 0 },
    ],
  }, run, rng.fork('spark'));
  const render = rng.fork('spark-render');
  for (const r of spark.records) all.push({ t: r.t, stream: 'stderr', lines: renderSparkText(r, render) });
  const single = new Map<Prefix, PoolEvent[]>();
  const stacks: PoolEvent[] = [];
  for (const e of all) {
    if (e.lines.some((l) => l.length > 4000)) continue;
    const pe: PoolEvent = { stream: e.stream, lines: e.lines.map(toPoolLine) };
    if (e.lines.length > 1 && e.lines.some((l) => STACK_LINE.test(l))) stacks.push(pe);
    else {
      const family = (pe.lines[0] as PoolLine).prefix;
      const list = single.get(family) ?? [];
      list.push(pe);
      single.set(family, list);
    }
  }
  return { single, stacks };
}

function prefixText(p: PoolLine, t: number, micros: number): string {
  switch (p.prefix) {
    case 'kafka': return `[${log4jTs(t)}] `;
    case 'pg': return `${pgTs(t)} `;
    case 'spark': return `${sparkTs(t)} `;
    case 'pino': return `{\\"level\\":${p.level},\\"time\\":${t},`;
    case 'zap': return `{\\"level\\":\\"${p.level}\\",\\"ts\\":${epochSecondsMicro(t, micros)},`;
    case 'none': return '';
  }
}

/**
 * Writes `lines` Docker json-file records of mixed Kafka / PostgreSQL / Spark / JSON-service
 * content (~1% of lines belong to stack traces) to `path`, streaming with bounded memory.
 * Deterministic for a given seed and line count.
 * @returns bytes written and the number of physical lines (always `lines`).
 */
export async function generateBenchFile(path: string, lines: number, seed: number): Promise<{ bytes: number; lines: number }> {
  const { single, stacks } = harvest(seed);
  const families = FAMILY_WEIGHTS.filter(([f]) => (single.get(f)?.length ?? 0) > 0);
  const rng = new Rng(seed).fork('bench/stream');
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const stackAvg = stacks.reduce((n, e) => n + e.lines.length, 0) / Math.max(1, stacks.length);
  // Choose a stack-trace event with probability p so that ~1% of lines belong to stack traces.
  const pStack = stacks.length > 0 ? 0.01 / stackAvg : 0;
  let t = Date.UTC(2026, 2, 2, 8, 0, 0);
  const clock = new RuntimeClock();
  let written = 0;
  let bytes = 0;
  let buf = '';
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const chunk = Buffer.from(buf, 'utf8');
    buf = '';
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  while (written < lines) {
    const ev = rng.next() < pStack ? rng.pick(stacks) : rng.pick(single.get(rng.weighted(families)) as PoolEvent[]);
    t += Math.floor(rng.exp(22));
    for (const l of ev.lines) {
      if (written >= lines) break;
      const s = clock.stamp(t, rng.nextU32() % 1_000_000);
      buf += `{"log":"${prefixText(l, t, s.ns % 1000)}${l.body}\\n","stream":"${ev.stream}","time":"${rfc3339Nano(s.ms, s.ns)}"}\n`;
      written++;
    }
    if (buf.length >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'close');
  return { bytes, lines: written };
}
