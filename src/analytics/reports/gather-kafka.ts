/** Kafka section: errors by broker and topic-partition, rebalances / ISR changes over time. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { bucketExpr, denseSeries, scoped, type ReportScope, type TimeSeries } from './scope.js';

/** Kafka data. */
export interface KafkaData {
  /** WARN/ERROR/FATAL rows per broker (`broker <id>`) over time. */
  broker_errors: TimeSeries;
  /** Topic-partitions with WARN/ERROR/FATAL rows, most first (top 25). */
  partitions: Array<{ topic: string; partition: number | null; errors: number; brokers: string[] }>;
  /** Cluster events over time: rebalance, isr_change, leader_election, broker_start, broker_shutdown. */
  events: TimeSeries;
}

/** Rows counted as Kafka errors. */
export const KAFKA_ERROR = `broker_id IS NOT NULL AND severity IN ('WARN', 'ERROR', 'FATAL')`;
/** Event types charted as Kafka cluster events. */
export const KAFKA_EVENTS = ['rebalance', 'isr_change', 'leader_election', 'broker_start', 'broker_shutdown'];

/** Gathers the Kafka section. */
export async function gatherKafka(con: DuckDBConnection, s: ReportScope): Promise<KafkaData> {
  const be = await scoped(con, s, (w) => `SELECT broker_id::VARCHAR, ${bucketExpr()}, count(*) FROM logs WHERE ${w} AND ${KAFKA_ERROR} GROUP BY ALL`);
  const brokers = [...new Set(be.map((r) => String(r[0])))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const parts = await scoped(con, s, (w) => `SELECT kafka_topic, kafka_partition, count(*) AS n, list_sort(list_distinct(list(broker_id::VARCHAR)))
      FROM logs WHERE ${w} AND kafka_topic IS NOT NULL AND severity IN ('WARN', 'ERROR', 'FATAL') GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 25`);
  const ev = await scoped(con, s, (w) => `SELECT event_type, ${bucketExpr()}, count(*) FROM logs WHERE ${w}
      AND event_type IN (${KAFKA_EVENTS.map((e) => `'${e}'`).join(', ')}) GROUP BY ALL`);
  return {
    broker_errors: denseSeries(s, be, brokers),
    partitions: parts.map(([t, p, n, b]) => ({ topic: String(t), partition: p === null ? null : Number(p), errors: Number(n), brokers: (b as string[]).map(String) })),
    events: denseSeries(s, ev, KAFKA_EVENTS),
  };
}
