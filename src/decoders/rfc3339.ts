/**
 * Fast RFC 3339 / ISO 8601 timestamp parsing to µs since the epoch (UTC), without Date objects.
 * Accepts `YYYY-MM-DD[T ]HH:MM:SS[.fraction (0-9 digits)][Z|±HH:MM|±HHMM]` — the forms of Docker
 * (`…00.123456789Z`), kubelet (8 digits), containerd (`Z`) and CRI-O (`-10:00`).
 */

import { tsInRange } from '../core/fields.js';

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian); m is 1-12. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/** Position just after the last successful parse (valid only after a non-NaN result). */
export let parsedEnd = 0;

/** µs since epoch for a valid calendar date/time, NaN otherwise (month 13, Feb 30, hour 25...). */
export function civilToMicros(y: number, mo: number, d: number, h: number, mi: number, sec: number, micros: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]! || h > 23 || mi > 59 || sec > 60) return NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  const key = (y * 16 + mo) * 32 + d;
  let days = lastDays;
  if (key !== lastDayKey) {
    days = daysFromCivil(y, mo, d);
    lastDays = days;
    lastDayKey = key;
  }
  const v = ((days * 86400 + h * 3600 + mi * 60 + sec) * 1_000_000) + micros;
  lastOutOfRange = !tsInRange(v);
  return lastOutOfRange ? NaN : v;
}

/** The last day civilToMicros converted (log times come in order): key (y·16 + m)·32 + d, days. */
let lastDayKey = -1;
let lastDays = 0;

/** Whether the last NaN of `civilToMicros`/`parseRfc3339` came from a valid date beyond ±MAX_TS_MICROS. */
export let lastOutOfRange = false;

/** The quarantine reason for a time that did not parse: `timestamp_out_of_range` or `fallback`. */
export function timeFailureReason(fallback: string): string {
  return lastOutOfRange ? 'timestamp_out_of_range' : fallback;
}

/**
 * Parses an RFC 3339 timestamp starting at `start`. Returns µs since epoch (UTC) or NaN.
 * When `requireZone` is false a zone-less time is taken as UTC plus `defaultOffsetMinutes`.
 * Sets `parsedEnd` to the index after the timestamp. `end` (default: the string's length) bounds
 * the timestamp inside a longer line without slicing it out: the character at `end` must then be
 * none of `0-9 . , Z z + - :` (e.g. the closing `"` or a space), so that the result equals
 * `parseRfc3339(s.slice(start, end))` (with `parsedEnd` offset by `start`) when `requireZone` is set.
 */
export function parseRfc3339(s: string, start = 0, requireZone = true, defaultOffsetMinutes = 0, end = s.length): number {
  lastOutOfRange = false;
  const i = start;
  if (end < i + 19) return NaN;
  const y1 = d2(s, i), y2 = d2(s, i + 2);
  if (y1 < 0 || y2 < 0 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return NaN;
  const sep = s.charCodeAt(i + 10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // T, space, t
  const mo = d2(s, i + 5), d = d2(s, i + 8), h = d2(s, i + 11), mi = d2(s, i + 14), sec = d2(s, i + 17);
  if (mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return NaN;
  let p = i + 19;
  let micros = 0;
  const c = s.charCodeAt(p);
  if (c === 46 || c === 44) { // . or ,
    p++;
    let digits = 0;
    let frac = 0;
    while (p < end) {
      const x = s.charCodeAt(p) - 48;
      if (x < 0 || x > 9) break;
      if (digits < 6) frac = frac * 10 + x;
      digits++;
      p++;
    }
    if (digits === 0) return NaN;
    for (let k = digits; k < 6; k++) frac *= 10;
    micros = frac;
  }
  let offsetMin: number;
  const z = s.charCodeAt(p);
  if (z === 90 || z === 122) { // Z z
    offsetMin = 0;
    p++;
  } else if (z === 43 || z === 45) { // + -
    const oh = d2(s, p + 1);
    let om: number;
    let adv: number;
    if (s.charCodeAt(p + 3) === 58) { om = d2(s, p + 4); adv = 6; } else { om = d2(s, p + 3); adv = 5; }
    if (oh < 0 || om < 0 || oh > 23 || om > 59) {
      if (requireZone) return NaN;
      offsetMin = defaultOffsetMinutes;
    } else {
      offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
      p += adv;
    }
  } else {
    if (requireZone) return NaN;
    offsetMin = defaultOffsetMinutes;
  }
  const base = civilToMicros(y1 * 100 + y2, mo, d, h, mi, sec, micros);
  if (Number.isNaN(base)) return NaN;
  parsedEnd = p;
  return base - offsetMin * 60_000_000;
}

/** `YYYY-MM-DDTHH` of the last fixed-width time `parseDockerTime` parsed in full (a flat copy). */
let lastHourText = '#############';
/** µs since epoch of the start of that hour. */
let lastHourMicros = 0;

/** `s[i..i+n)` as digits (a decimal number), or -1 when one is no digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const x = s.charCodeAt(k) - 48;
    if (x < 0 || x > 9) return -1;
    v = v * 10 + x;
  }
  return v;
}

/**
 * `parseRfc3339(s, start, true, 0, end)` (same result, `parsedEnd` and `lastOutOfRange`), faster for
 * the fixed-width `YYYY-MM-DDTHH:MM:SS.fffffffffZ` dockerd writes: log times come in order, so when
 * the date and hour equal the last such time's, only minutes, seconds and fraction are parsed.
 */
export function parseDockerTime(s: string, start: number, end: number, shapeChecked = false): number {
  const fixed = shapeChecked || (end - start === 30 && s.charCodeAt(start + 29) === 90 && s.charCodeAt(start + 19) === 46 &&
    s.charCodeAt(start + 13) === 58 && s.charCodeAt(start + 16) === 58);
  if (fixed) {
    let same = true;
    for (let k = 0; k < 13; k++) {
      if (s.charCodeAt(start + k) !== lastHourText.charCodeAt(k)) { same = false; break; }
    }
    if (same) {
      if (shapeChecked) { // digits checked by the caller
        const mi = s.charCodeAt(start + 14) * 10 + s.charCodeAt(start + 15) - 528; // 528 = '0' · 11
        const sec = s.charCodeAt(start + 17) * 10 + s.charCodeAt(start + 18) - 528;
        if (mi <= 59 && sec <= 60) {
          lastOutOfRange = false;
          parsedEnd = start + 30;
          return lastHourMicros + (mi * 60 + sec) * 1_000_000 + digits(s, start + 20, 6);
        }
      }
      const mi = d2(s, start + 14), sec = d2(s, start + 17);
      const micros = digits(s, start + 20, 6);
      if (mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60 && micros >= 0 && digits(s, start + 26, 3) >= 0) {
        lastOutOfRange = false;
        parsedEnd = start + 30;
        return lastHourMicros + (mi * 60 + sec) * 1_000_000 + micros;
      }
    }
  }
  const v = parseRfc3339(s, start, true, 0, end);
  // remember the hour of a valid fixed-width time (kept well inside the exact integer range)
  const micros = fixed ? digits(s, start + 20, 6) : -1;
  if (micros >= 0 && digits(s, start + 26, 3) >= 0 && v >= 0 && v < 2 ** 52) { // so the zone was the Z
    lastHourMicros = v - ((d2(s, start + 14) * 60 + d2(s, start + 17)) * 1_000_000 + micros);
    lastHourText = Buffer.from(s.slice(start, start + 13), 'latin1').toString('latin1');
  }
  return v;
}

/** Formats µs since epoch as an ISO string with µs precision (for display and tests). */
export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // …sss Z
  return iso.slice(0, 23) + String(rest).padStart(3, '0') + 'Z';
}
