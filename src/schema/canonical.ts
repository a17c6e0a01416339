/**
 * The canonical log schema (v1.0): one flat, nullable row per log event.
 *
 * This file is the single source of truth for column names, types, Iceberg field ids and the
 * column order used by every writer. Evolution rules (docs/schema.md): v1.x may only ADD nullable
 * columns with NEW field ids at the end; field ids never change meaning; renames, type changes and
 * removals need v2 and a migration.
 *
 * Imports nothing internal.
 */

/** Logical column types, mapped to Arrow / Parquet / Iceberg / DuckDB types by the sinks. */
export type ColumnType =
  | 'timestamptz' // µs since epoch, UTC (Parquet INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true))
  | 'string'
  | 'int' // 32-bit signed
  | 'long' // 64-bit signed (bigint in JS)
  | 'double'
  | 'map'; // map<string,string>

export interface ColumnDef {
  /** snake_case column name, stable forever within a major version. */
  readonly name: string;
  readonly type: ColumnType;
  /** Iceberg field id (also written as Parquet field_id). Never reused. */
  readonly id: number;
  /** Schema version that introduced the column. */
  readonly since: string;
  readonly doc: string;
}

export const SCHEMA_VERSION = '1.1';

/**
 * Columns in file order. Map columns use two extra field ids each (key, value), allocated from
 * 1000+ so that top-level ids stay dense; see MAP_FIELD_IDS.
 */
export const COLUMNS: readonly ColumnDef[] = [
  // time
  { name: 'ts', type: 'timestamptz', id: 1, since: '1.0', doc: 'Event time: from the log line when it has one, else the runtime timestamp (UTC, µs).' },
  { name: 'observed_ts', type: 'timestamptz', id: 2, since: '1.0', doc: "The container runtime's own timestamp for the line (Docker/CRI/Fluent Bit), null for plain text." },
  // origin
  { name: 'service', type: 'string', id: 3, since: '1.0', doc: 'Logical service (partition key): config/flag, compose service, k8s app label, container name, or "unknown".' },
  { name: 'cluster_id', type: 'string', id: 4, since: '1.0', doc: 'Cluster the source belongs to (flag/config).' },
  { name: 'environment', type: 'string', id: 5, since: '1.0', doc: 'Environment (prod, staging, ...) from flag/config or labels.' },
  { name: 'host', type: 'string', id: 6, since: '1.0', doc: 'Node / host name when known.' },
  { name: 'namespace', type: 'string', id: 7, since: '1.0', doc: 'Kubernetes namespace.' },
  { name: 'pod', type: 'string', id: 8, since: '1.0', doc: 'Kubernetes pod name.' },
  { name: 'container', type: 'string', id: 9, since: '1.0', doc: 'Container name (k8s container or Docker name without the leading slash).' },
  { name: 'container_id', type: 'string', id: 10, since: '1.0', doc: 'Container id (Docker / CRI).' },
  { name: 'image', type: 'string', id: 11, since: '1.0', doc: 'Container image.' },
  { name: 'stream', type: 'string', id: 12, since: '1.0', doc: 'stdout or stderr, when the runtime recorded it.' },
  // event
  { name: 'severity', type: 'string', id: 13, since: '1.0', doc: 'Normalized severity: TRACE, DEBUG, INFO, WARN, ERROR, FATAL, or null.' },
  { name: 'severity_number', type: 'int', id: 14, since: '1.0', doc: 'OpenTelemetry severity number 1-24 (TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17, FATAL=21).' },
  { name: 'component', type: 'string', id: 15, since: '1.0', doc: 'Logger, class or subsystem that emitted the event.' },
  { name: 'thread', type: 'string', id: 16, since: '1.0', doc: 'Thread name when the layout carries one.' },
  { name: 'message', type: 'string', id: 17, since: '1.0', doc: 'Message text without the header; multi-line events joined with \\n.' },
  { name: 'event_type', type: 'string', id: 18, since: '1.0', doc: 'Coarse event class (see docs/schema.md), e.g. error, exception, slow_query, connection, rebalance.' },
  { name: 'error_class', type: 'string', id: 19, since: '1.0', doc: 'Exception / error class, e.g. java.io.IOException, or the SQLSTATE condition name.' },
  { name: 'stack_trace', type: 'string', id: 20, since: '1.0', doc: 'Stack trace / continuation lines of a multi-line event.' },
  // kafka
  { name: 'broker_id', type: 'int', id: 21, since: '1.0', doc: 'Kafka broker id (from the line or the source).' },
  { name: 'kafka_topic', type: 'string', id: 22, since: '1.0', doc: 'Kafka topic.' },
  { name: 'kafka_partition', type: 'int', id: 23, since: '1.0', doc: 'Kafka partition number.' },
  { name: 'kafka_consumer_group', type: 'string', id: 24, since: '1.0', doc: 'Kafka consumer group id.' },
  { name: 'kafka_request_type', type: 'string', id: 25, since: '1.0', doc: 'Kafka request / API type (Produce, Fetch, JoinGroup, ...).' },
  { name: 'kafka_correlation_id', type: 'int', id: 26, since: '1.0', doc: 'Kafka request correlation id.' },
  // postgres
  { name: 'pg_pid', type: 'int', id: 27, since: '1.0', doc: 'PostgreSQL backend process id.' },
  { name: 'pg_database', type: 'string', id: 28, since: '1.0', doc: 'PostgreSQL database.' },
  { name: 'pg_user', type: 'string', id: 29, since: '1.0', doc: 'PostgreSQL user.' },
  { name: 'pg_sqlstate', type: 'string', id: 30, since: '1.0', doc: 'SQLSTATE code (5 chars).' },
  { name: 'pg_duration_ms', type: 'double', id: 31, since: '1.0', doc: 'Statement duration in milliseconds.' },
  { name: 'pg_statement_kind', type: 'string', id: 32, since: '1.0', doc: 'First SQL keyword class: SELECT, INSERT, UPDATE, DELETE, DDL, TCL, COPY, OTHER.' },
  // spark
  { name: 'spark_app_id', type: 'string', id: 33, since: '1.0', doc: 'Spark application id (app-..., spark-..., application_...).' },
  { name: 'spark_app_name', type: 'string', id: 34, since: '1.0', doc: 'Spark application name.' },
  { name: 'spark_role', type: 'string', id: 35, since: '1.0', doc: 'driver or executor.' },
  { name: 'spark_executor_id', type: 'string', id: 36, since: '1.0', doc: 'Executor id ("driver" or a number).' },
  { name: 'spark_stage_id', type: 'int', id: 37, since: '1.0', doc: 'Spark stage id.' },
  { name: 'spark_task_id', type: 'long', id: 38, since: '1.0', doc: 'Spark task id (TID).' },
  // correlation
  { name: 'request_id', type: 'string', id: 39, since: '1.0', doc: 'Request id from the line or JSON fields.' },
  { name: 'trace_id', type: 'string', id: 40, since: '1.0', doc: 'Distributed trace id.' },
  { name: 'span_id', type: 'string', id: 41, since: '1.0', doc: 'Span id.' },
  // rest
  { name: 'labels', type: 'map', id: 42, since: '1.0', doc: 'Kubernetes / Docker labels.' },
  { name: 'attributes', type: 'map', id: 43, since: '1.0', doc: 'Other structured fields (JSON logger extras, logfmt pairs, PG prefix extras).' },
  // lineage
  { name: 'source_format', type: 'string', id: 44, since: '1.0', doc: 'Envelope + application format, e.g. docker-json/kafka.' },
  { name: 'source_path', type: 'string', id: 45, since: '1.0', doc: 'Path or URI of the source file ("-" for stdin).' },
  { name: 'source_offset', type: 'long', id: 46, since: '1.0', doc: 'Byte offset of the first line of the event in the (decompressed) source.' },
  { name: 'schema_version', type: 'string', id: 47, since: '1.0', doc: 'Canonical schema version of the row, e.g. "1.0".' },
  { name: 'ingest_ts', type: 'timestamptz', id: 48, since: '1.0', doc: 'When loglake read the row (UTC, µs; taken once per batch of up to 1,024 events, so rows of one commit may differ by the batch).' },
  // v1.1 (additive): new columns take ids above every id in use, as Iceberg requires
  { name: 'template_id', type: 'string', id: 1005, since: '1.1', doc: 'Id of the log template of the first message line (see `loglake patterns`); later merges resolve through the templates table.' },
];

/** Iceberg key/value field ids for map columns: [keyId, valueId]. */
export const MAP_FIELD_IDS: Readonly<Record<string, readonly [number, number]>> = {
  labels: [1001, 1002],
  attributes: [1003, 1004],
};

/** Highest field id in use (Iceberg last-column-id). */
export const LAST_COLUMN_ID = 1005;

/** Column index by name, for the hot path (no string lookups per row). */
export const COL = Object.freeze(
  Object.fromEntries(COLUMNS.map((c, i) => [c.name, i])) as Record<string, number>,
) as Readonly<Record<ColumnName, number>>;

export type ColumnName =
  | 'ts' | 'observed_ts' | 'service' | 'cluster_id' | 'environment' | 'host' | 'namespace' | 'pod'
  | 'container' | 'container_id' | 'image' | 'stream' | 'severity' | 'severity_number' | 'component'
  | 'thread' | 'message' | 'event_type' | 'error_class' | 'stack_trace' | 'broker_id' | 'kafka_topic'
  | 'kafka_partition' | 'kafka_consumer_group' | 'kafka_request_type' | 'kafka_correlation_id'
  | 'pg_pid' | 'pg_database' | 'pg_user' | 'pg_sqlstate' | 'pg_duration_ms' | 'pg_statement_kind'
  | 'spark_app_id' | 'spark_app_name' | 'spark_role' | 'spark_executor_id' | 'spark_stage_id'
  | 'spark_task_id' | 'request_id' | 'trace_id' | 'span_id' | 'labels' | 'attributes'
  | 'source_format' | 'source_path' | 'source_offset' | 'schema_version' | 'ingest_ts' | 'template_id';

/** Partition columns of the Parquet dataset (hive style), derived from `service` and `ts`. */
export const PARTITION_KEYS = ['service', 'date', 'hour'] as const;

/** Severity names in canonical form with their OpenTelemetry severity numbers. */
export const SEVERITY_NUMBER: Readonly<Record<string, number>> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  ERROR: 17,
  FATAL: 21,
};

/** The v1.0 columns (before additive v1.1 changes): what older files and tables hold. */
export const V1_0_COLUMNS: readonly ColumnDef[] = COLUMNS.filter((c) => c.since === '1.0');

/** Iceberg last-column-id of a v1.0 table. */
export const V1_0_LAST_COLUMN_ID = 1004;
