/**
 * The contract between parsers/enrichers and the columnar batch they fill.
 *
 * Parsers never build per-row objects on the hot path: they write canonical fields straight into
 * a FieldWriter (the batch builder implements it; tests use RecordFieldWriter). A parser must not
 * write anything until it has decided that the line is its format.
 *
 * Imports nothing internal except the schema's column names.
 */
import type { ColumnName } from '../schema/canonical.js';

export type StringColumn =
  | 'service' | 'cluster_id' | 'environment' | 'host' | 'namespace' | 'pod' | 'container'
  | 'container_id' | 'image' | 'stream' | 'severity' | 'component' | 'thread' | 'message'
  | 'event_type' | 'error_class' | 'stack_trace' | 'kafka_topic' | 'kafka_consumer_group'
  | 'kafka_request_type' | 'pg_database' | 'pg_user' | 'pg_sqlstate' | 'pg_statement_kind'
  | 'spark_app_id' | 'spark_app_name' | 'spark_role' | 'spark_executor_id' | 'request_id'
  | 'trace_id' | 'span_id' | 'source_format' | 'source_path' | 'schema_version' | 'template_id';
export type IntColumn =
  | 'severity_number' | 'broker_id' | 'kafka_partition' | 'kafka_correlation_id' | 'pg_pid'
  | 'spark_stage_id';
export type LongColumn = 'spark_task_id' | 'source_offset';
export type DoubleColumn = 'pg_duration_ms';
export type TimestampColumn = 'ts' | 'observed_ts' | 'ingest_ts';
export type MapColumn = 'labels' | 'attributes';

/**
 * Largest |timestamp| in µs that loglake stores: 2^53 - 1 µs (2255-06-05T23:47:34Z; from 1684 on the
 * other side). Beyond it a JS number cannot hold every microsecond, so a time there is not stored as
 * a wrong value: envelope times are quarantined (`timestamp_out_of_range`), times parsed from a
 * message are left out (the row keeps the runtime's time and says so in `attributes`).
 */
export const MAX_TS_MICROS = Number.MAX_SAFE_INTEGER;

/** Whether `micros` is a storable timestamp (finite and within ±MAX_TS_MICROS). */
export function tsInRange(micros: number): boolean {
  return micros >= -MAX_TS_MICROS && micros <= MAX_TS_MICROS;
}

/** Writes canonical fields of the current row. Later writes to the same column overwrite earlier ones. */
export interface FieldWriter {
  str(col: StringColumn, value: string): void;
  int(col: IntColumn, value: number): void;
  long(col: LongColumn, value: number): void;
  double(col: DoubleColumn, value: number): void;
  /** Microseconds since the Unix epoch, UTC. */
  ts(col: TimestampColumn, micros: number): void;
  /** Adds one entry to a map column (labels or attributes). */
  map(col: MapColumn, key: string, value: string): void;
  /** Whether the column has been written for the current row. */
  has(col: ColumnName): boolean;
  /** Current value of a string column for this row, or undefined. */
  getStr(col: StringColumn): string | undefined;
}

/** A FieldWriter that collects one row into a plain object; for tests and slow paths. */
export class RecordFieldWriter implements FieldWriter {
  readonly values: Record<string, string | number | Record<string, string>> = {};
  str(col: StringColumn, value: string): void { this.values[col] = value; }
  int(col: IntColumn, value: number): void { this.values[col] = value; }
  long(col: LongColumn, value: number): void { this.values[col] = value; }
  double(col: DoubleColumn, value: number): void { this.values[col] = value; }
  ts(col: TimestampColumn, micros: number): void { this.values[col] = micros; }
  map(col: MapColumn, key: string, value: string): void {
    const m = (this.values[col] ??= {}) as Record<string, string>;
    m[key] = value;
  }
  has(col: ColumnName): boolean { return this.values[col] !== undefined; }
  getStr(col: StringColumn): string | undefined {
    const v = this.values[col];
    return typeof v === 'string' ? v : undefined;
  }
}

/**
 * Separates a shipper's pre-parsed level, logger and thread packed in one preset string
 * (decoders/envelope.ts packs, parsers/preset-fields.ts unpacks); a control character no level has.
 */
export const PRESET_SEP = '\u0001';
