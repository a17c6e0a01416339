/**
 * Hand-written timestamp scanning for the parser hot path (no `new Date(string)`, no regex).
 *
 * Every scanner reads at a position in a string, returns microseconds since the Unix epoch
 * (or NaN when the text is not a timestamp there) and leaves the index just past what it consumed
 * in `scan.end`, so callers can keep reading the line without allocating a result object.
 *
 * Wall-clock scanners (`scanDateTime`, `scanSlashDateTime`) return the time AS IF it were UTC;
 * callers then subtract the zone offset (from the line via `scanZone`, else the source's
 * `defaultTzOffsetMinutes`).
 */

/** Position just past the last successful scan (shared, single-threaded). */
export const scan = { end: 0 };

const US_PER_MIN = 60_000_000;

/** Two ASCII digits at `i` as a number, or -1. */
export function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function d4(s: string, i: number): number {
  const a = d2(s, i);
  const b = d2(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/** Whether the char code is an ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Reads `HH:mm:ss` + optional `.`/`,` fraction (1–9 digits) at `i`; returns µs within the day or
 * NaN. Sets scan.end.
 */
export function scanTime(s: string, i: number): number {
  const h = d2(s, i);
  if (h < 0 || h > 23 || s.charCodeAt(i + 2) !== 58) return NaN;
  const m = d2(s, i + 3);
  if (m < 0 || m > 59 || s.charCodeAt(i + 5) !== 58) return NaN;
  const sec = d2(s, i + 6);
  if (sec < 0 || sec > 60) return NaN;
  let p = i + 8;
  let frac = 0;
  const sep = s.charCodeAt(p);
  if ((sep === 46 || sep === 44) && isDigit(s.charCodeAt(p + 1))) {
    p++;
    let digits = 0;
    while (isDigit(s.charCodeAt(p))) {
      if (digits < 6) frac = frac * 10 + (s.charCodeAt(p) - 48);
      digits++;
      p++;
    }
    for (let k = digits; k < 6; k++) frac *= 10;
  }
  scan.end = p;
  return ((h * 60 + m) * 60 + sec) * 1_000_000 + frac;
}

/**
 * Reads a wall-clock `yyyy-MM-dd[ T]HH:mm:ss[.,fraction]` at `i` and returns µs as if UTC, or NaN.
 * Fractions of 1–9 digits are accepted (truncated to µs).
 */
export function scanDateTime(s: string, i: number): number {
  // The dispatcher and the parsers it tries often scan the same text at the same index in turn.
  if (i === memoIndex && s === memoText) {
    if (memoValue === memoValue) scan.end = memoEnd;
    return memoValue;
  }
  const v = scanDateTimeUncached(s, i);
  memoText = s;
  memoIndex = i;
  memoValue = v;
  if (v === v) memoEnd = scan.end;
  return v;
}

/** Last scanDateTime call (it is pure: same text and index, same result and scan.end). */
let memoText = '';
let memoIndex = -1;
let memoValue = NaN;
let memoEnd = 0;

function scanDateTimeUncached(s: string, i: number): number {
  const y = d4(s, i);
  if (y < 0 || s.charCodeAt(i + 4) !== 45) return NaN;
  const mo = d2(s, i + 5);
  if (mo < 1 || mo > 12 || s.charCodeAt(i + 7) !== 45) return NaN;
  const d = d2(s, i + 8);
  if (d < 1 || d > 31) return NaN;
  const sep = s.charCodeAt(i + 10);
  if (sep !== 32 && sep !== 84) return NaN;
  const t = scanTime(s, i + 11);
  if (t !== t) return NaN;
  return utcDayMillis(y, mo, d) * 1000 + t;
}

let dayKey = -1;
let dayMillis = 0;

/** `Date.UTC(y, mo - 1, d)`, remembering the last day (log lines come in time order). */
function utcDayMillis(y: number, mo: number, d: number): number {
  const k = (y * 16 + mo) * 32 + d;
  if (k === dayKey) return dayMillis;
  dayMillis = Date.UTC(y, mo - 1, d);
  dayKey = k;
  return dayMillis;
}

/** Reads a wall-clock `yy/MM/dd HH:mm:ss[,SSS]` (log4j/Spark default) at `i`; µs as if UTC, or NaN. */
export function scanSlashDateTime(s: string, i: number): number {
  const y = d2(s, i);
  if (y < 0 || s.charCodeAt(i + 2) !== 47) return NaN;
  const mo = d2(s, i + 3);
  if (mo < 1 || mo > 12 || s.charCodeAt(i + 5) !== 47) return NaN;
  const d = d2(s, i + 6);
  if (d < 1 || d > 31 || s.charCodeAt(i + 8) !== 32) return NaN;
  const t = scanTime(s, i + 9);
  if (t !== t) return NaN;
  return utcDayMillis(2000 + y, mo, d) * 1000 + t;
}

/**
 * Common time-zone abbreviations → offset minutes east of UTC. Abbreviations are ambiguous in
 * general (IST, CST); we pick the most common meaning in server logs.
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, Z: 0, UT: 0, WET: 0, WEST: 60, BST: 60, IST: 330,
  CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150,
  BRT: -180, ART: -180, JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480,
  ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

/**
 * Reads a zone right at `i`: `Z`, `+hh`, `+hhmm`, `+hh:mm`, or (after one space, when
 * `allowSpace`) an uppercase abbreviation / numeric offset. Returns offset minutes east of UTC,
 * or NaN when there is no zone (scan.end untouched then).
 */
export function scanZone(s: string, i: number, allowSpace: boolean): number {
  let p = i;
  let c = s.charCodeAt(p);
  if (c === 90 /* Z */ && !isUpper(s.charCodeAt(p + 1))) {
    scan.end = p + 1;
    return 0;
  }
  if (allowSpace && c === 32) {
    p++;
    c = s.charCodeAt(p);
  }
  if (c === 43 || c === 45) {
    const h = d2(s, p + 1);
    if (h < 0) return NaN;
    let q = p + 3;
    let m = 0;
    if (s.charCodeAt(q) === 58) q++;
    const mm = d2(s, q);
    if (mm >= 0) {
      m = mm;
      q += 2;
    } else if (q !== p + 3) return NaN;
    scan.end = q;
    const off = h * 60 + m;
    return c === 45 ? -off : off;
  }
  if (p !== i && isUpper(c)) {
    let q = p;
    while (isUpper(s.charCodeAt(q))) q++;
    const len = q - p;
    if (len < 1 || len > 5) return NaN;
    const off = len === 3 && s.charCodeAt(p) === 85 && s.charCodeAt(p + 1) === 84 && s.charCodeAt(p + 2) === 67 ? 0 /* UTC */ : ZONE_ABBREVIATIONS[s.slice(p, q)];
    if (off === undefined) return NaN;
    // "UTC+3" style suffixes
    const n = s.charCodeAt(q);
    if ((n === 43 || n === 45) && isDigit(s.charCodeAt(q + 1))) {
      const save = scan.end;
      const extra = scanZone(s, q, false);
      if (extra === extra) return off + extra;
      scan.end = save;
    }
    scan.end = q;
    return off;
  }
  return NaN;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * Parses an RFC 3339 / ISO-8601 timestamp that makes up the whole string (`2024-01-02T03:04:05.123Z`,
 * `…+02:00`, `… 03:04:05,123`, zone-less). Zone-less values use `defaultOffsetMinutes`.
 * Returns µs UTC or NaN.
 */
export function parseIsoTimestamp(s: string, defaultOffsetMinutes = 0): number {
  const wall = scanDateTime(s, 0);
  if (wall !== wall) return NaN;
  let p = scan.end;
  if (p === s.length) return wall - defaultOffsetMinutes * US_PER_MIN;
  const z = scanZone(s, p, true);
  if (z !== z) return NaN;
  return wall - z * US_PER_MIN;
}

/** Converts a wall-clock value and an offset (minutes east of UTC) to µs UTC. */
export function applyOffset(wallMicros: number, offsetMinutes: number): number {
  return wallMicros - offsetMinutes * US_PER_MIN;
}

/**
 * Epoch number → µs, guessing the unit from the magnitude: seconds (≤ 1e11, may be fractional),
 * milliseconds (≤ 1e14), microseconds (≤ 1e17), else nanoseconds.
 */
export function epochToMicros(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return Math.round(n * 1e6);
  if (a < 1e14) return Math.round(n * 1e3);
  if (a < 1e17) return Math.round(n);
  return Math.round(n / 1e3);
}
