/**
 * The one time grammar of every command's time flags:
 * - a duration: a number and a unit, `500ms`, `30s`, `5m`, `2h`, `7d` (`1.5h` too);
 * - a time: ISO-8601, `2026-03-02`, `2026-03-02T10:00Z`, `2026-03-02T10:00:00.5+01:00` (a time
 *   without zone is UTC), or a duration meaning "that long ago" (`2h`, `-2h`).
 * Anything else (`1`, `yesterday`, `Mar 2`) is refused with one line naming the flag.
 */
import { UsageError } from '../core/errors.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds of a duration (`30s`, `5m`, `2h`, `7d`, `500ms`); undefined when `text` is not one. */
export function durationMsOf(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

/** Epoch milliseconds of an ISO-8601 time (UTC when it has no zone); undefined when `text` is not one. */
export function isoTimeMsOf(text: string): number | undefined {
  const t = text.trim();
  const m = ISO.exec(t);
  if (!m) return undefined;
  // a day the calendar does not have (2026-02-30) is refused, not rolled over into the next month
  const [y, mo, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  const withZone = t.length > 10 && m[1] === undefined ? t + 'Z' : t;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Parses a duration flag value.
 * @throws UsageError naming `flag` when `text` is not a duration (or is below `minMs`)
 */
export function parseDuration(flag: string, text: string, minMs = 0): number {
  const ms = durationMsOf(text);
  if (ms === undefined) throw new UsageError(`--${flag} must be a duration like 30s, 5m, 2h or 7d, got "${text}"`);
  if (ms < minMs) throw new UsageError(`--${flag} must be at least ${minMs} ms, got "${text}"`);
  return ms;
}

/**
 * Parses a time flag value: ISO-8601, or a duration ago (`2h`, `-2h`).
 * @returns epoch milliseconds
 * @throws UsageError naming `flag` otherwise
 */
export function parseTime(flag: string, text: string, now = Date.now()): number {
  const iso = isoTimeMsOf(text);
  if (iso !== undefined) return iso;
  const ago = durationMsOf(text.trim().replace(/^-/, ''));
  if (ago !== undefined) return now - ago;
  throw new UsageError(`--${flag} must be an ISO-8601 time like 2026-03-02T10:00:00Z or a duration ago like 2h, got "${text}"`);
}
