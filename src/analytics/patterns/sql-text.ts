/**
 * Small SQL text helpers shared by the analytics modules (quoting, duration parsing).
 * Imports nothing internal except errors.
 */
import { parseDuration, parseTime } from '../../config/time-grammar.js';

/** Quotes a string as a SQL literal ('it''s'). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A list of SQL string literals: ['a', 'b']. */
export function sqlList(items: readonly string[]): string {
  return '[' + items.map(sqlString).join(', ') + ']';
}

/**
 * Seconds of a duration in the one time grammar (`30s`, `5m`, `1h`, `7d`; see config/time-grammar.ts).
 * @throws UsageError when it is not one or not > 0
 */
export function parseDurationSecs(text: string, flag = 'window'): number {
  return parseDuration(flag, text, 1) / 1000;
}

/**
 * Parses a time bound: an ISO-8601 time, or a duration ago (`-2h`, `2h` = 2 hours ago).
 * @returns epoch milliseconds
 * @throws UsageError when it is neither
 */
export function parseTimeBound(text: string, now = Date.now(), flag = 'since'): number {
  return parseTime(flag, text, now);
}

/** A TIMESTAMPTZ literal for epoch milliseconds. */
export function sqlTime(ms: number): string {
  return `TIMESTAMPTZ '${new Date(ms).toISOString()}'`;
}

/** Formats seconds as a short human duration: 300 → "5 min", 90 → "90 s", 7200 → "2 h". */
export function humanSecs(secs: number): string {
  if (secs < 120) return `${Math.round(secs)} s`;
  if (secs < 7200) return `${Math.round(secs / 60)} min`;
  if (secs < 172800) return `${+(secs / 3600).toFixed(1)} h`;
  return `${+(secs / 86400).toFixed(1)} d`;
}
