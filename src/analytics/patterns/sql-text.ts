/**
 * Small SQL text helpers shared by the analytics modules (quoting, duration parsing).
 * Imports nothing internal except errors.
 */
import { UsageError } from '../../core/errors.js';

/** Quotes a string as a SQL literal ('it''s'). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A list of SQL string literals: ['a', 'b']. */
export function sqlList(items: readonly string[]): string {
  return '[' + items.map(sqlString).join(', ') + ']';
}

/**
 * Parses a duration such as `5m`, `30s`, `1h`, `2d` (also `300` = seconds) into seconds.
 * @throws UsageError on anything else or a non-positive value
 */
export function parseDurationSecs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad duration: ${text} (use e.g. 30s, 5m, 1h)`);
  const n = Number(m[1]);
  const mult = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 }[m[2] ?? 's'] ?? 1;
  const secs = n * mult;
  if (!(secs > 0)) throw new UsageError(`bad duration: ${text} (must be > 0)`);
  return secs;
}

/**
 * Parses a time bound: an ISO-8601 time, or a duration relative to `now` (`-2h`, `2h` = 2 hours ago).
 * @returns epoch milliseconds
 * @throws UsageError when it is neither
 */
export function parseTimeBound(text: string, now = Date.now()): number {
  const rel = /^-?(\d+(?:\.\d+)?\s*(?:s|sec|m|min|h|d))$/.exec(text.trim());
  if (rel) return now - parseDurationSecs(rel[1] as string) * 1000;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`bad time: ${text} (use ISO-8601 like 2026-03-02T10:00:00Z or a duration like 2h)`);
  return t;
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
