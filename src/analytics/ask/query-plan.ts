/** The typed query plan the built-in translator produces and {@link planToSql} compiles. */

/** Columns a plan may group or filter by (a fixed whitelist; identifiers never come from the question). */
export const DIMENSIONS = {
  service: 'service', severity: 'severity', component: 'component', broker: 'broker_id', topic: 'kafka_topic',
  partition: 'kafka_partition', consumer_group: 'kafka_consumer_group', database: 'pg_database', pg_user: 'pg_user',
  statement_kind: 'pg_statement_kind', spark_app: 'spark_app_name', spark_app_id: 'spark_app_id', error_class: 'error_class',
  event_type: 'event_type', template: 'template_id', host: 'host', pod: 'pod', namespace: 'namespace', container: 'container',
  environment: 'environment', cluster: 'cluster_id', stream: 'stream',
} as const;

/** A dimension name (key of {@link DIMENSIONS}). */
export type Dimension = keyof typeof DIMENSIONS;

/** Dimensions whose NULL group is meaningful (every row has a service; severity/event_type NULL is reported). */
export const NULL_GROUP_KEPT: ReadonlySet<Dimension> = new Set<Dimension>(['service', 'severity', 'event_type']);

/** What is computed per group. */
export type Measure =
  | 'count' // rows matching the conditions
  | 'rate' // percentage of rows matching the conditions
  | 'max_duration' | 'avg_duration' | 'min_duration' | 'p95_duration' | 'median_duration'
  | 'slowest' // the slowest statements (rows), or max duration per group
  | 'new_templates' // templates first seen inside the time range
  | 'rare_templates'; // templates seen fewer than RARE_BELOW times

/** A template is "rare" when seen fewer than this many times in the range. */
export const RARE_BELOW = 5;

/** A time bucket for per-time series. */
export interface Bucket { n: number; unit: 'second' | 'minute' | 'hour' | 'day' | 'week' }

/** A half-open UTC time range; either end may be open. */
export interface TimeRange { from?: Date; to?: Date; label: string }

/** The condition a count or rate measures (severity levels and/or event types). */
export interface Condition { severities: string[]; eventTypes: string[] }

/** A typed, validated query over the `logs` view. */
export interface QueryPlan {
  measure: Measure;
  condition: Condition;
  /** Dimension → allowed values (already matched against the lake's distinct values). */
  filters: Array<{ dimension: Dimension; values: Array<string | number> }>;
  groupBy: Dimension[];
  bucket?: Bucket;
  time?: TimeRange;
  order: 'desc' | 'asc';
  /** Explicit or implied top-N; undefined = all groups (capped by the run's row limit). */
  limit?: number;
  /** Human-readable notes on assumptions the translator made (printed with the SQL). */
  assumptions: string[];
}
