/**
 * The cluster plan: time range, volume, Spark application runs and the injected incidents, all
 * drawn from the seed before any log line is written. Every application generator reads the same
 * plan, so an incident shows up consistently across services (a broker restart is silence on
 * kafka-2 and ISR shrinks on kafka-1/kafka-3).
 *
 * Imports only the PRNG.
 */
import { Rng } from './prng.js';

/** Kinds of injected incident. */
export type IncidentType =
  | 'broker_restart'
  | 'rebalance_storm'
  | 'pg_lock_contention'
  | 'executor_lost'
  | 'error_spike'
  | 'service_silence';

/** Something an anomaly detector should be able to see during an incident. */
export interface ExpectedSignal {
  /** Service whose logs carry the signal. */
  service: string;
  /** `silence`: no lines at all; `burst`: rate of matching lines far above baseline; `pattern`: lines matching appear. */
  kind: 'silence' | 'burst' | 'pattern';
  /** JavaScript regular expression (source), unanchored, matching the event's message (and also its raw text line), when relevant. */
  pattern?: string;
  /** Canonical severity of the matching lines, when relevant. */
  severity?: string;
  /** Lower bound of matching logical events inside the window (for `burst` / `pattern`). */
  min_count?: number;
  /** Start/end of the signal when narrower than the incident (epoch ms). */
  start?: number;
  end?: number;
  description: string;
}

/** One injected incident; times in epoch ms. */
export interface Incident {
  id: string;
  type: IncidentType;
  service: string;
  start: number;
  end: number;
  description: string;
  expected_signals: ExpectedSignal[];
  /** Incident-specific parameters (broker id, consumer group, executor id...). */
  params: Record<string, string | number>;
}

/** One run of a Spark application. */
export interface SparkRun {
  /** `spark-app-selector` label / Spark application id: `spark-<32 hex>`. */
  appId: string;
  submissionId: string;
  start: number;
  end: number;
  /** Set when this run carries an `executor_lost` incident. */
  executorLost?: { at: number; executorId: number };
}

/** Everything decided up front. */
export interface ClusterPlan {
  seed: number;
  scale: 'small' | 'large';
  start: number;
  end: number;
  /** Multiplier applied to every background rate (1 at small scale). */
  rate: number;
  incidents: Incident[];
  /** The Fluent-Bit-shipped Spark 3.5 application (taxi-trip). */
  taxiRuns: SparkRun[];
  /** The Spark 4 JSON-logging application on the CRI layout (nyc-etl). */
  etlRuns: SparkRun[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Default start of the generated period. */
export const DEFAULT_START = Date.UTC(2026, 2, 2, 8, 0, 0);

/** Consumer group used by rebalance storms, its __consumer_offsets partition and coordinator. */
export const STORM_GROUP = 'orders-consumers';

/** Which broker coordinates a consumer group (the leader of its __consumer_offsets partition). */
export function offsetsPartitionLeader(partition: number): number {
  return (partition % 3) + 1;
}

/** __consumer_offsets partitions of the simulated consumer groups. */
export const GROUPS: readonly { name: string; offsetsPartition: number; members: number; topic: string }[] = [
  { name: 'orders-consumers', offsetsPartition: 16, members: 3, topic: 'orders' },
  { name: 'payments-processor', offsetsPartition: 32, members: 2, topic: 'payments' },
  { name: 'inventory-sync', offsetsPartition: 6, members: 2, topic: 'inventory-events' },
  { name: 'spark-streaming-etl', offsetsPartition: 43, members: 4, topic: 'orders' },
];

function sparkRun(rng: Rng, start: number, durationMs: number): SparkRun {
  return { appId: 'spark-' + rng.hex(32), submissionId: rng.uuid(), start, end: start + durationMs };
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** Draws the plan for a seed and scale. */
export function makePlan(seed: number, scale: 'small' | 'large', startDate?: Date): ClusterPlan {
  const rng = new Rng(seed).fork('plan');
  const start = startDate ? startDate.getTime() : DEFAULT_START;
  const hours = scale === 'small' ? 6 : 24;
  const end = start + hours * HOUR;
  const rate = scale === 'small' ? 1 : 5;

  // Spark runs. taxi-trip: one run at small scale, one every ~3 h at large scale.
  const taxiRuns: SparkRun[] = [];
  if (scale === 'small') {
    const s = start + rng.int(45, hours * 60 - 80) * MIN;
    taxiRuns.push(sparkRun(rng, s, rng.int(28, 38) * MIN));
  } else {
    for (let s = start + rng.int(30, 90) * MIN; s + 45 * MIN < end; s += 3 * HOUR + rng.int(-20, 20) * MIN) {
      taxiRuns.push(sparkRun(rng, s, rng.int(28, 38) * MIN));
    }
  }
  // nyc-etl: a short batch job every ~2 hours.
  const etlRuns: SparkRun[] = [];
  for (let s = start + rng.int(10, 40) * MIN; s + 25 * MIN < end; s += 2 * HOUR + rng.int(-15, 15) * MIN) {
    etlRuns.push(sparkRun(rng, s, rng.int(12, 20) * MIN));
  }

  // Incidents: non-Spark ones in non-overlapping slots; executor_lost inside a taxi-trip run.
  const types: IncidentType[] = ['broker_restart', 'rebalance_storm', 'pg_lock_contention', 'error_spike', 'service_silence'];
  const slotted: IncidentType[] = scale === 'small' ? types.slice() : [...types, ...types];
  shuffle(rng, slotted);
  const lead = 35 * MIN;
  const tail = 15 * MIN;
  const slotLen = (end - start - lead - tail) / slotted.length;
  const incidents: Incident[] = [];
  const counters = new Map<IncidentType, number>();
  const nextId = (type: IncidentType): string => {
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    return `${type}-${n}`;
  };
  slotted.forEach((type, i) => {
    const slotStart = start + lead + i * slotLen;
    const dur = durationOf(rng, type);
    const latest = slotStart + slotLen - dur - 5 * MIN;
    const s = Math.floor(slotStart + rng.float(0, Math.max(0, latest - slotStart)));
    incidents.push(describe(nextId(type), type, s, s + dur, rng));
  });

  const lostRuns = scale === 'small' ? [0] : [1, Math.max(2, taxiRuns.length - 2)];
  for (const idx of lostRuns) {
    const run = taxiRuns[idx];
    if (!run) continue;
    const at = Math.floor(run.start + (run.end - run.start) * rng.float(0.4, 0.6));
    run.executorLost = { at, executorId: 2 };
    incidents.push(describe(nextId('executor_lost'), 'executor_lost', at, at + rng.int(3, 5) * MIN, rng, run));
  }
  incidents.sort((a, b) => a.start - b.start);
  return { seed, scale, start, end, rate, incidents, taxiRuns, etlRuns };
}

function durationOf(rng: Rng, type: IncidentType): number {
  switch (type) {
    case 'broker_restart': return rng.int(4, 9) * MIN;
    case 'rebalance_storm': return rng.int(5, 9) * MIN;
    case 'pg_lock_contention': return rng.int(7, 12) * MIN;
    case 'error_spike': return rng.int(4, 8) * MIN;
    case 'service_silence': return 20 * MIN;
    case 'executor_lost': return 4 * MIN;
  }
}

function describe(id: string, type: IncidentType, start: number, end: number, rng: Rng, run?: SparkRun): Incident {
  switch (type) {
    case 'broker_restart': {
      // Clean shutdown takes ~4 s, the broker is then absent; it comes back ~90 s before `end`
      // (startup, fetchers, ISR expansion on the other brokers).
      const downAt = start + 4_000;
      const upAt = end - 90_000;
      return {
        id, type, service: 'kafka-2', start, end,
        description: 'Kafka broker 2 shuts down cleanly, stays down, then starts again; brokers 1 and 3 shrink ISRs, take over leadership and the KRaft quorum elects a new controller, then ISRs expand when broker 2 is back.',
        params: { broker_id: 2, down_at: downAt, up_at: upAt },
        expected_signals: [
          { service: 'kafka-2', kind: 'pattern', pattern: 'Transition from STARTED to SHUTTING_DOWN|Beginning controlled shutdown', severity: 'INFO', min_count: 1, description: 'controlled shutdown sequence' },
          { service: 'kafka-2', kind: 'silence', start: downAt, end: upAt, description: 'no lines while the broker is down' },
          { service: 'kafka-2', kind: 'pattern', pattern: 'Kafka Server started', severity: 'INFO', min_count: 1, description: 'startup sequence with a KafkaConfig dump' },
          { service: 'kafka-1', kind: 'pattern', pattern: 'Shrinking ISR from [0-9,]*2[0-9,]* to', severity: 'INFO', min_count: 1, description: 'ISR shrink of partitions replicated on broker 2' },
          { service: 'kafka-3', kind: 'pattern', pattern: 'Shrinking ISR from [0-9,]*2[0-9,]* to', severity: 'INFO', min_count: 1, description: 'ISR shrink of partitions replicated on broker 2' },
          { service: 'kafka-1', kind: 'pattern', pattern: 'Transitioning \\d+ partition\\(s\\) to local leaders', severity: 'INFO', min_count: 1, description: 'leadership moves away from broker 2' },
          { service: 'kafka-1', kind: 'pattern', pattern: 'Error sending fetch request|Connection to node 2 .*could not be established', min_count: 1, description: 'replica fetchers lose broker 2 (INFO with an IOException stack trace, then WARNs)' },
          { service: 'kafka-1', kind: 'pattern', pattern: 'Expanding ISR from .* to .*2', severity: 'INFO', min_count: 1, start: upAt, end, description: 'ISR expands once broker 2 has caught up' },
        ],
      };
    }
    case 'rebalance_storm': {
      const group = GROUPS.find((g) => g.name === STORM_GROUP) as (typeof GROUPS)[number];
      const coordinator = offsetsPartitionLeader(group.offsetsPartition);
      const rebalances = rng.int(14, 26);
      return {
        id, type, service: `kafka-${coordinator}`, start, end,
        description: `Consumer group ${STORM_GROUP} rebalances ${rebalances} times within minutes (members time out and rejoin, max.poll.interval.ms exceeded).`,
        params: { group: STORM_GROUP, coordinator, rebalances },
        expected_signals: [
          { service: `kafka-${coordinator}`, kind: 'burst', pattern: `Preparing to rebalance group ${STORM_GROUP}`, severity: 'INFO', min_count: rebalances, description: 'many rebalances of one group' },
          { service: `kafka-${coordinator}`, kind: 'burst', pattern: `in group ${STORM_GROUP} has failed, removing it from the group`, severity: 'INFO', min_count: Math.floor(rebalances / 3), description: 'members failing heartbeats / leaving' },
        ],
      };
    }
    case 'pg_lock_contention':
      return {
        id, type, service: 'postgres', start, end,
        description: 'Hot-row contention on inventory: bursts of lock waits, deadlocks and lock timeouts (SQLSTATE 55P03), slow UPDATEs.',
        params: { table: 'inventory' },
        expected_signals: [
          { service: 'postgres', kind: 'burst', pattern: 'still waiting for (ShareLock|ExclusiveLock|RowExclusiveLock)', severity: 'INFO', min_count: 20, description: 'lock waits (log_lock_waits)' },
          { service: 'postgres', kind: 'pattern', pattern: 'deadlock detected', severity: 'ERROR', min_count: 2, description: 'deadlocks (SQLSTATE 40P01)' },
          { service: 'postgres', kind: 'burst', pattern: 'canceling statement due to lock timeout|could not obtain lock on row', severity: 'ERROR', min_count: 5, description: 'lock timeouts (SQLSTATE 55P03)' },
        ],
      };
    case 'error_spike':
      return {
        id, type, service: 'orders-api', start, end,
        description: 'orders-api returns a burst of 5xx responses (database pool exhausted, upstream payments timeouts), ending in one uncaught exception and a container restart.',
        params: {},
        expected_signals: [
          { service: 'orders-api', kind: 'burst', pattern: 'request errored|"statusCode":5\\d\\d', severity: 'ERROR', min_count: 30, description: '5xx responses' },
          { service: 'orders-api', kind: 'pattern', pattern: 'Node\\.js v20', severity: 'ERROR', min_count: 1, description: 'uncaught exception printed by Node before the restart' },
        ],
      };
    case 'service_silence':
      return {
        id, type, service: 'payments', start, end,
        description: 'payments stops logging entirely for 20 minutes (process hung on a stuck upstream connection), then resumes with slow-request warnings.',
        params: {},
        expected_signals: [
          { service: 'payments', kind: 'silence', description: 'no lines at all from the payments container' },
          { service: 'payments', kind: 'pattern', pattern: 'slow request', severity: 'WARN', min_count: 1, start: end, end: end + 2 * MIN, description: 'slow-request warnings right after it resumes' },
        ],
      };
    case 'executor_lost': {
      const r = run as SparkRun;
      return {
        id, type, service: 'taxi-trip', start, end,
        description: `Spark executor 2 of ${r.appId} dies (OutOfMemoryError, container exit code 137); its tasks fail, shuffle fetches fail and a replacement executor is requested.`,
        params: { spark_app_id: r.appId, executor_id: 2 },
        expected_signals: [
          { service: 'taxi-trip', kind: 'pattern', pattern: 'java\\.lang\\.OutOfMemoryError', severity: 'ERROR', min_count: 1, description: 'OOM with a stack trace on the executor' },
          { service: 'taxi-trip', kind: 'pattern', pattern: 'Lost executor 2', severity: 'ERROR', min_count: 1, description: 'driver notices the executor loss' },
          { service: 'taxi-trip', kind: 'pattern', pattern: 'Lost task .* ExecutorLostFailure|FetchFailed', severity: 'WARN', min_count: 2, description: 'task failures and fetch failures' },
        ],
      };
    }
  }
}
