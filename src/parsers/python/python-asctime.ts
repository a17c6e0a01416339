/**
 * `%(asctime)s` as Python logging prints it: `Formatter.formatTime` renders the record's time with
 * `time.strftime(datefmt)` (default `%Y-%m-%d %H:%M:%S` + `,%(msecs)03d`; `default_msec_format`),
 * and users set `datefmt` freely. Recognised shapes (strftime directives, C locale):
 *
 * | datefmt | example |
 * |---|---|
 * | `%Y-%m-%d %H:%M:%S` (+ `,mmm` / `.mmm` / `.ffffff`, `T` instead of the space) | `2024-05-01 10:00:00,123` |
 * | the same + `%z` / `%Z` (`Z`, `+0200`, `+02:00`, ` +0200`, ` UTC`, ` CET`) | `2024-05-01T10:00:00+0200` |
 * | `%Y/%m/%d %H:%M:%S` | `2024/05/01 10:00:00` |
 * | `%Y-%m-%d:%H:%M:%S`, `%Y-%m-%d %H:%M` | `2024-05-01:10:00:00` |
 * | `%m-%d %H:%M` (cookbook, logging to multiple destinations), also `%m-%d %H:%M:%S`, `/`, `.` | `05-01 10:00` |
 * | `%d/%m/%Y` or `%m/%d/%Y` (also `-` / `.`), + `%H:%M:%S` or `%I:%M:%S %p` (HOWTO: `'%m/%d/%Y %I:%M:%S %p'`) | `05/01/2024 10:00:00 AM` |
 * | `%b %d %H:%M:%S`, `%b %d %Y %H:%M:%S`, `%d %b %Y %H:%M:%S`, `%d-%b-%Y %H:%M:%S`, `%d/%b/%Y %H:%M:%S`, `%a %b %d %H:%M:%S %Y` (`%c`) | `May 01 10:00:00` |
 * | `%H:%M:%S` (+ msecs): time of day only | `10:00:00,123` |
 * | `%(created)f`: seconds since the epoch | `1714557600.123456` |
 * | any of these + `.%(msecs)03d` / `,%(msecs)03d` (`%(asctime)s.%(msecs)03d`), also after `%z`, `%p`, `%M` | `2024-05-01T10:00:00+0200.123` |
 *
 * Days before months or months before days (`01/05/2024`): a day above 12 decides; otherwise the
 * reading nearer to the runtime time (ctx.observedMicros) wins, else month first (the HOWTO's
 * example; `%m-%d`: the same). Dates without a year take the year that puts them nearest to the
 * runtime time (its year, or the one before / after across New Year), else to the ingest time
 * (now); a time of day alone takes the runtime day nearest to it, and gives no timestamp without a
 * runtime time. Zone-less values use ctx.defaultTzOffsetMinutes.
 */
import type { ParseContext } from '../types.js';
import { applyOffset, d2, isDigit, scan, scanDateTime, scanTime, scanZone } from '../shared/timestamp.js';

/** Result of the last successful scanAsctime: µs UTC (NaN when the text had no date and no runtime time helped) and the end. */
export const asc = { micros: NaN, end: 0 };

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const DAYS = 'MonTueWedThuFriSatSun';
const DAY_US = 86_400_000_000;

function month(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 65 || c > 90) return -1;
  const m = MONTHS.indexOf(s.slice(i, i + 3));
  return m < 0 || m % 3 !== 0 ? -1 : m / 3 + 1;
}

/** Digits at i as a number (at most `max` digits), or -1; scan.end past them. */
function num(s: string, i: number, max: number): number {
  let p = i;
  let v = 0;
  while (p - i < max && isDigit(s.charCodeAt(p))) v = v * 10 + s.charCodeAt(p++) - 48;
  if (p === i || isDigit(s.charCodeAt(p))) return -1;
  scan.end = p;
  return v;
}

/** A time `HH:MM:SS[,.frac]` at i with an optional ` AM`/` PM` (`%I %p`); µs of day or NaN; scan.end. */
function timeOfDay(s: string, i: number): number {
  let t = scanTime(s, i);
  if (t !== t) return NaN;
  const e = scan.end;
  if (s.charCodeAt(e) === 32 && s.charCodeAt(e + 2) === 77 /* M */ && !isWordChar(s.charCodeAt(e + 3))) {
    const ap = s.charCodeAt(e + 1);
    if (ap === 65 || ap === 80) {
      const h = d2(s, i);
      if (h < 1 || h > 12) return NaN;
      if (h === 12) t -= 12 * 3_600_000_000;
      if (ap === 80) t += 12 * 3_600_000_000;
      scan.end = e + 3;
      t = msecsAfter(s, t);
    }
  }
  return t;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function valid(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 1970 && y < 2200;
}

/** Applies an optional zone at scan.end (`Z`, `+hhmm`, ` +hhmm`, ` UTC`) or the default offset. */
function zoned(s: string, wall: number, ctx: ParseContext): number {
  const end = scan.end;
  const z = scanZone(s, end, s.charCodeAt(end) === 32 && s.charCodeAt(end + 1) !== 91);
  if (z !== z) {
    scan.end = end;
    return applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0);
  }
  return applyOffset(msecsAfter(s, wall), z);
}

/**
 * The year that puts month `mo`, day `d`, wall time `tod` nearest to the runtime time (else the
 * ingest time, now): the runtime's year or the one before / after (a Dec 31 line read on Jan 1).
 */
function yearFor(mo: number, d: number, tod: number, ctx: ParseContext): number {
  const ref = ctx.observedMicros ?? Date.now() * 1000;
  const off = (ctx.defaultTzOffsetMinutes ?? 0) * 60_000_000;
  const y = new Date(ref / 1000).getUTCFullYear();
  let best = y;
  let dist = Infinity;
  for (let yy = y - 1; yy <= y + 1; yy++) {
    const ms = Date.UTC(yy, mo - 1, d);
    // Feb 29 only in leap years
    if (mo === 2 && d === 29 && new Date(ms).getUTCMonth() !== 1) continue;
    const t = Math.abs(ms * 1000 + tod - off - ref);
    if (t < dist) {
      dist = t;
      best = yy;
    }
  }
  return best;
}

/** `%H:%M` (no seconds, + msecs) at i, not followed by `:` or a digit: µs of day or NaN; scan.end. */
function hourMinute(s: string, i: number): number {
  const h = d2(s, i);
  const m = d2(s, i + 3);
  if (h < 0 || h > 23 || s.charCodeAt(i + 2) !== 58 || m < 0 || m > 59) return NaN;
  const n = s.charCodeAt(i + 5);
  if (n === 58 || isDigit(n)) return NaN;
  scan.end = i + 5;
  return msecsAfter(s, (h * 60 + m) * 60_000_000);
}

/** `%H:%M:%S[frac]` (and `%p`) or `%H:%M` at i: µs of day or NaN; scan.end. */
function clock(s: string, i: number): number {
  const t = timeOfDay(s, i);
  return t === t ? t : hourMinute(s, i);
}

/**
 * `%(msecs)03d` appended after a datefmt that ends in a zone or `%p` (`%(asctime)s.%(msecs)03d`):
 * `.mmm` / `,mmm` at scan.end adds the milliseconds and moves scan.end past them.
 */
function msecsAfter(s: string, v: number): number {
  const p = scan.end;
  const c = s.charCodeAt(p);
  if (c !== 46 && c !== 44) return v;
  const a = d2(s, p + 1);
  const b = s.charCodeAt(p + 3) - 48;
  if (a < 0 || b < 0 || b > 9 || isDigit(s.charCodeAt(p + 4))) return v;
  scan.end = p + 4;
  return v + (a * 10 + b) * 1000;
}

/** `%Y-%m-%d:%H:%M:%S`, `%Y-%m-%d %H:%M` (what scanDateTime does not read) at i. */
function isoVariant(s: string, i: number, ctx: ParseContext): number {
  const y = num(s, i, 4);
  const mo = d2(s, i + 5);
  const d = d2(s, i + 8);
  const sep = s.charCodeAt(i + 10);
  if (y < 1970 || s.charCodeAt(i + 7) !== 45 || !valid(y, mo, d) || (sep !== 58 && sep !== 32 && sep !== 84)) return NaN;
  const tod = sep === 58 ? timeOfDay(s, i + 11) : hourMinute(s, i + 11);
  if (tod !== tod) return NaN;
  return zoned(s, Date.UTC(y, mo - 1, d) * 1000 + tod, ctx);
}

/**
 * `%m-%d %H:%M[:%S]` (the cookbook's `datefmt='%m-%d %H:%M'`; also `/`, `.`) at i: no year, the
 * nearest year to the runtime time; `%d-%m` when the first number is over 12, or when both read and
 * the runtime time is nearer that way.
 */
function yearlessDate(s: string, i: number, ctx: ParseContext): number {
  const a = d2(s, i);
  const b = d2(s, i + 3);
  if (a < 1 || b < 1 || isDigit(s.charCodeAt(i + 5))) return NaN;
  const tod = clock(s, i + 6);
  if (tod !== tod) return NaN;
  const end = scan.end;
  let mo = a;
  let d = b;
  if (a > 12 || (b <= 12 && b !== a && ctx.observedMicros !== undefined && nearer(b, a, a, b, tod, ctx))) {
    mo = b;
    d = a;
  }
  if (mo > 12 || d > 31) return NaN;
  scan.end = end;
  return zoned(s, Date.UTC(yearFor(mo, d, tod, ctx), mo - 1, d) * 1000 + tod, ctx);
}

/** Whether month m1 / day d1 lies nearer the runtime time than m2 / d2 (each in its nearest year). */
function nearer(m1: number, d1: number, m2: number, d2_: number, tod: number, ctx: ParseContext): boolean {
  const ref = ctx.observedMicros!;
  const t1 = Date.UTC(yearFor(m1, d1, tod, ctx), m1 - 1, d1) * 1000 + tod;
  const t2 = Date.UTC(yearFor(m2, d2_, tod, ctx), m2 - 1, d2_) * 1000 + tod;
  const off = (ctx.defaultTzOffsetMinutes ?? 0) * 60_000_000;
  return Math.abs(t1 - off - ref) < Math.abs(t2 - off - ref);
}

/** `dd/mm/YYYY` or `mm/dd/YYYY` (sep `/`, `-`, `.`) at i, then a space and a time. */
function numericDate(s: string, i: number, ctx: ParseContext): number {
  const a = d2(s, i);
  const sep = s.charCodeAt(i + 2);
  if (a < 1 || (sep !== 47 && sep !== 45 && sep !== 46) || s.charCodeAt(i + 5) !== sep) return NaN;
  const b = d2(s, i + 3);
  const y = num(s, i + 6, 4);
  if (b < 1 || y < 0 || scan.end !== i + 10 || s.charCodeAt(i + 10) !== 32) return NaN;
  const tod = timeOfDay(s, i + 11);
  if (tod !== tod) return NaN;
  const md = a <= 12 && valid(y, a, b) ? Date.UTC(y, a - 1, b) * 1000 + tod : NaN;
  const dm = b <= 12 && valid(y, b, a) ? Date.UTC(y, b - 1, a) * 1000 + tod : NaN;
  let wall = md;
  if (md !== md) wall = dm;
  else if (dm === dm && dm !== md && ctx.observedMicros !== undefined) {
    const off = (ctx.defaultTzOffsetMinutes ?? 0) * 60_000_000;
    if (Math.abs(dm - off - ctx.observedMicros) < Math.abs(md - off - ctx.observedMicros)) wall = dm;
  }
  if (wall !== wall) return NaN;
  return zoned(s, wall, ctx);
}

/** `%b %d [%Y] %H:%M:%S`, `%a %b %d %H:%M:%S %Y` (day space-padded or not). */
function monthNameFirst(s: string, i: number, ctx: ParseContext): number {
  let p = i;
  if (DAYS.indexOf(s.slice(p, p + 3)) % 3 === 0 && s.charCodeAt(p + 3) === 32) p += 4;
  const mo = month(s, p);
  if (mo < 0 || s.charCodeAt(p + 3) !== 32) return NaN;
  p += 4;
  if (s.charCodeAt(p) === 32) p++;
  const d = num(s, p, 2);
  if (d < 1 || d > 31 || s.charCodeAt(scan.end) !== 32) return NaN;
  p = scan.end + 1;
  let y = -1;
  if (s.charCodeAt(p + 4) === 32 && s.charCodeAt(p + 2) !== 58) {
    y = num(s, p, 4);
    if (y < 1970 || scan.end !== p + 4) return NaN;
    p += 5;
  }
  const tod = timeOfDay(s, p);
  if (tod !== tod) return NaN;
  if (y < 0 && s.charCodeAt(scan.end) === 32 && s.charCodeAt(scan.end + 5) !== 58) {
    // `%c`: the year after the time
    const e = scan.end;
    const yy = num(s, e + 1, 4);
    if (yy >= 1970 && scan.end === e + 5) y = yy;
    else scan.end = e;
  }
  if (y < 0) y = yearFor(mo, d, tod, ctx);
  return zoned(s, Date.UTC(y, mo - 1, d) * 1000 + tod, ctx);
}

/** `%d %b %Y %H:%M:%S`, `%d-%b-%Y %H:%M:%S`, `%d/%b/%Y %H:%M:%S`. */
function dayFirstMonthName(s: string, i: number, ctx: ParseContext): number {
  const d = num(s, i, 2);
  if (d < 1 || d > 31) return NaN;
  let p = scan.end;
  const sep = s.charCodeAt(p);
  if (sep !== 32 && sep !== 45 && sep !== 47) return NaN;
  const mo = month(s, p + 1);
  if (mo < 0 || s.charCodeAt(p + 4) !== sep) return NaN;
  const y = num(s, p + 5, 4);
  if (y < 1970 || scan.end !== p + 9 || s.charCodeAt(p + 9) !== 32) return NaN;
  p += 10;
  const tod = timeOfDay(s, p);
  if (tod !== tod) return NaN;
  return zoned(s, Date.UTC(y, mo - 1, d) * 1000 + tod, ctx);
}

/** The instant of wall time-of-day `tod` nearest to the runtime time, or NaN without one. */
function nearestDay(tod: number, ctx: ParseContext): number {
  const ref = ctx.observedMicros;
  if (ref === undefined) return NaN;
  const offset = ctx.defaultTzOffsetMinutes ?? 0;
  const local = ref + offset * 60_000_000;
  let t = Math.floor(local / DAY_US) * DAY_US + tod;
  if (t - local > DAY_US / 2) t -= DAY_US;
  else if (local - t > DAY_US / 2) t += DAY_US;
  return applyOffset(t, offset);
}

/**
 * Reads an asctime at `i`. Returns true and fills {@link asc} (micros may be NaN for a bare time of
 * day without a runtime time) or false. The first character decides which shapes are tried.
 */
export function scanAsctime(s: string, i: number, ctx: ParseContext): boolean {
  const c = s.charCodeAt(i);
  let v = NaN;
  if (isDigit(c)) {
    const c2 = s.charCodeAt(i + 2);
    const c4 = s.charCodeAt(i + 4);
    if (c4 === 45 /* - */) {
      const wall = scanDateTime(s, i);
      v = wall === wall ? zoned(s, wall, ctx) : isoVariant(s, i, ctx);
    } else if (c4 === 47 /* / */ && isDigit(c2)) {
      // %Y/%m/%d
      const y = num(s, i, 4);
      const mo = d2(s, i + 5);
      const d = d2(s, i + 8);
      if (y >= 1970 && s.charCodeAt(i + 7) === 47 && valid(y, mo, d) && s.charCodeAt(i + 10) === 32) {
        const tod = timeOfDay(s, i + 11);
        if (tod === tod) v = zoned(s, Date.UTC(y, mo - 1, d) * 1000 + tod, ctx);
      }
    } else if (c2 === 47 || c2 === 45 || c2 === 46) {
      if (!isDigit(s.charCodeAt(i + 3))) v = dayFirstMonthName(s, i, ctx);
      else v = s.charCodeAt(i + 5) === 32 ? yearlessDate(s, i, ctx) : numericDate(s, i, ctx);
    } else if (c2 === 58 /* : */) {
      const tod = timeOfDay(s, i);
      if (tod !== tod) return false;
      const end = scan.end;
      asc.micros = nearestDay(tod, ctx);
      asc.end = end;
      return true;
    } else if (c2 === 32 || s.charCodeAt(i + 1) === 32) {
      v = dayFirstMonthName(s, i, ctx);
    } else if (isDigit(s.charCodeAt(i + 9)) && s.charCodeAt(i + 10) === 46 && isDigit(s.charCodeAt(i + 11))) {
      // %(created)f: 10 digits, '.', 6 digits
      const whole = num(s, i, 10);
      if (whole >= 0 && scan.end === i + 10) {
        const f = num(s, i + 11, 6);
        if (f >= 0 && scan.end === i + 17) v = whole * 1_000_000 + f;
      }
    }
  } else if (c >= 65 && c <= 90) {
    v = monthNameFirst(s, i, ctx);
  }
  if (v !== v) return false;
  asc.micros = v;
  asc.end = scan.end;
  return true;
}
