/** Time phrases → UTC instants: relative ("last 2 hours", "yesterday") and absolute (ISO, "since 09:00 UTC"). */
import type { Bucket } from './query-plan.js';

const UNIT_MS: Record<Bucket['unit'], number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

/** Maps a word to a time unit ("hrs" → hour), or undefined. */
export function timeUnit(word: string): Bucket['unit'] | undefined {
  if (/^(s|sec|secs|second|seconds)$/.test(word)) return 'second';
  if (/^(m|min|mins|minute|minutes)$/.test(word)) return 'minute';
  if (/^(h|hr|hrs|hour|hours)$/.test(word)) return 'hour';
  if (/^(d|day|days)$/.test(word)) return 'day';
  if (/^(w|wk|wks|week|weeks)$/.test(word)) return 'week';
  return undefined;
}

/** now − n units. */
export function minus(now: Date, n: number, unit: Bucket['unit']): Date {
  return new Date(now.getTime() - n * UNIT_MS[unit]);
}

/** Midnight UTC of the day of `d`, shifted by `days`. */
export function utcDay(d: Date, days = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
}

/** Parses an ISO date or date-time (UTC when no zone is given); undefined when invalid. */
export function parseIso(text: string): { at: Date; dateOnly: boolean } | undefined {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  let t = text.replace(' ', 'T');
  if (!dateOnly && !/([zZ]|[+-]\d{2}:?\d{2})$/.test(t)) t += 'Z';
  if (dateOnly) t += 'T00:00:00Z';
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : { at: new Date(ms), dateOnly };
}

/** A clock time ("09:00") on the day of `now` (UTC); the day before when that is after `now`. */
export function clockToday(clock: string, now: Date): Date | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(clock);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  const d = utcDay(now);
  d.setUTCHours(Number(m[1]), Number(m[2]), Number(m[3] ?? 0));
  return d.getTime() > now.getTime() ? new Date(d.getTime() - UNIT_MS.day) : d;
}

/** ISO text of an instant without milliseconds when they are zero. */
export function isoUtc(d: Date): string {
  return d.toISOString().replace('.000Z', 'Z');
}
