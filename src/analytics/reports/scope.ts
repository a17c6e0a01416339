/**
 * The scope of a report (service, time range) as a parameterized SQL predicate, and the time
 * bucket chosen for its charts. User-given values only ever travel as bound parameters.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';

/** SQL parameter values bound to `$name` placeholders. */
export type SqlParams = Record<string, string | number | boolean | null>;

/** What the user asked for. Times are epoch ms; `sinceSecs` is relative to the lake's latest row. */
export interface ReportRequest {
  service?: string;
  since?: number;
  until?: number;
  /** Look back this many seconds from the latest row (used when `since` is not given). */
  sinceSecs?: number;
}

/** A resolved scope: a concrete [since, until) range (epoch ms) and the chart bucket. */
export interface ReportScope {
  service: string | null;
  since: number;
  until: number;
  bucketSecs: number;
}

const BUCKETS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800];

/** The smallest bucket giving at most `maxBuckets` buckets over `spanMs`. */
export function chooseBucketSecs(spanMs: number, maxBuckets = 150): number {
  for (const b of BUCKETS) if (spanMs / (b * 1000) <= maxBuckets) return b;
  return BUCKETS[BUCKETS.length - 1]!;
}

/** Predicate over `logs` (optionally aliased) for a scope, with its parameters. */
export function scopeWhere(s: ReportScope, alias = ''): { sql: string; params: SqlParams } {
  const a = alias ? alias + '.' : '';
  const parts = [`${a}ts >= to_timestamp($since_ms / 1000.0)`, `${a}ts < to_timestamp($until_ms / 1000.0)`];
  const params: SqlParams = { since_ms: s.since, until_ms: s.until };
  if (s.service !== null) {
    parts.push(`${a}service = $service`);
    params.service = s.service;
  }
  return { sql: parts.join(' AND '), params };
}

/** Bucket start (epoch ms) of `ts` as a SQL expression; binds `$bucket_ms`. */
export function bucketExpr(alias = ''): string {
  return `(epoch_ms(${alias ? alias + '.' : ''}ts) // $bucket_ms) * $bucket_ms`;
}

/**
 * Resolves a request against the lake: `until` defaults to just after the latest row, `since` to
 * `until - sinceSecs` (or the first row when neither is given).
 */
export async function resolveScope(con: DuckDBConnection, r: ReportRequest): Promise<ReportScope & { firstRow: number | null; lastRow: number | null }> {
  const params: SqlParams = {};
  let where = 'ts IS NOT NULL';
  if (r.service) {
    where += ' AND service = $service';
    params.service = r.service;
  }
  const b = await query(con, `SELECT epoch_ms(min(ts)), epoch_ms(max(ts)) FROM logs WHERE ${where}`, params);
  const [first, last] = b.rows[0] as [number | null, number | null];
  const until = r.until ?? (last === null ? Date.now() : last + 1);
  let since = r.since ?? (r.sinceSecs !== undefined ? until - r.sinceSecs * 1000 : first ?? until - 3600_000);
  // A look-back longer than the lake's history starts at its first row (no empty chart area).
  if (r.since === undefined && first !== null && since < first) since = first;
  const span = Math.max(60_000, until - since);
  return { service: r.service ?? null, since, until, bucketSecs: chooseBucketSecs(span), firstRow: first, lastRow: last };
}

/** Dense bucket starts covering the scope. */
export function bucketStarts(s: ReportScope): number[] {
  const ms = s.bucketSecs * 1000;
  const out: number[] = [];
  for (let t = Math.floor(s.since / ms) * ms; t < s.until; t += ms) out.push(t);
  return out;
}

/** Named time series over the scope's buckets (a stacked chart's data). */
export interface TimeSeries {
  buckets: number[];
  series: Array<{ name: string; data: number[] }>;
}

/** Turns (name, bucket, count) rows into dense series over the scope's buckets. */
export function denseSeries(s: ReportScope, rows: unknown[][], order?: readonly string[]): TimeSeries {
  const buckets = bucketStarts(s);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const by = new Map<string, number[]>();
  for (const n of order ?? []) by.set(n, new Array<number>(buckets.length).fill(0));
  for (const [name, bucket, count] of rows as Array<[string | number | null, number, number]>) {
    const key = name === null ? '(none)' : String(name);
    let arr = by.get(key);
    if (!arr) by.set(key, (arr = new Array<number>(buckets.length).fill(0)));
    const i = index.get(Number(bucket));
    if (i !== undefined) arr[i]! += Number(count);
  }
  return { buckets, series: [...by.entries()].map(([name, data]) => ({ name, data })) };
}

/** Runs a query with the scope's parameters plus `$bucket_ms`. */
export async function scoped(con: DuckDBConnection, s: ReportScope, sql: (where: string) => string, alias = ''): Promise<unknown[][]> {
  const w = scopeWhere(s, alias);
  const text = sql(w.sql);
  const params: SqlParams = { ...w.params };
  if (text.includes('$bucket_ms')) params.bucket_ms = s.bucketSecs * 1000;
  for (const k of Object.keys(params)) if (!text.includes('$' + k)) delete params[k];
  return (await query(con, text, params)).rows;
}
