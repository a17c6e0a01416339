/**
 * The `--service` / `--since` / `--until` filter of `loglake query`, for both table formats:
 * a SQL WHERE clause over the canonical columns, and the partition test the Parquet dataset uses to
 * prune files (`service=<s>/date=YYYY-MM-DD/hour=HH/`) before the rows are filtered.
 */
import { sqlString } from '../../sinks/iceberg/maintain/duckdb-types.js';

/** Which rows a query keeps. */
export interface RowFilterOptions {
  /** Keep only these services (`null` selects rows without a service). */
  readonly services?: readonly (string | null)[];
  /** Keep only events at or after this time (µs since epoch, inclusive). */
  readonly fromMicros?: number | bigint;
  /** Keep only events before this time (µs since epoch, exclusive). */
  readonly toMicros?: number | bigint;
}

/** ` WHERE …` for the options, or '' when they filter nothing. */
export function rowFilter(o: RowFilterOptions): string {
  const conds: string[] = [];
  if (o.services) {
    const named = o.services.filter((s): s is string => s !== null);
    const parts: string[] = [];
    if (named.length > 0) parts.push(`service IN (${named.map(sqlString).join(', ')})`);
    if (o.services.includes(null)) parts.push('service IS NULL');
    conds.push(parts.length > 0 ? `(${parts.join(' OR ')})` : 'false');
  }
  if (o.fromMicros !== undefined) conds.push(`ts >= make_timestamptz(${BigInt(o.fromMicros)}::BIGINT)`);
  if (o.toMicros !== undefined) conds.push(`ts < make_timestamptz(${BigInt(o.toMicros)}::BIGINT)`);
  return conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
}

const HOUR_MS = 3_600_000;

/**
 * Whether a Parquet dataset file (path relative or absolute, with `service=`/`date=`/`hour=`
 * directories) can hold rows the filter keeps. Files whose path does not say are kept (the row
 * filter still applies).
 */
export function partitionMayMatch(path: string, o: RowFilterOptions): boolean {
  const m = /(?:^|\/)service=([^/]*)\/date=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(path);
  if (!m) return true;
  if (o.services && !o.services.includes(m[1]!)) return false;
  const start = Date.parse(`${m[2]}T${m[3]}:00:00Z`);
  if (Number.isNaN(start)) return true;
  if (o.toMicros !== undefined && BigInt(start) * 1000n >= BigInt(o.toMicros)) return false;
  if (o.fromMicros !== undefined && BigInt(start + HOUR_MS) * 1000n <= BigInt(o.fromMicros)) return false;
  return true;
}
