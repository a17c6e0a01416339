/**
 * Generic Java log4j/logback text layouts (Kafka clients, Connect, ZooKeeper, Spring Boot ...):
 *
 * - `yyyy-MM-dd HH:mm:ss[,SSS] [thread] LEVEL  logger - message`
 * - `%r [thread] LEVEL logger - message` (milliseconds since start instead of a date → attributes.relative_ms)
 * - logback's `HH:mm:ss.SSS [thread] LEVEL logger - message` (logback manual, configuration: the
 *   date is the runtime timestamp's, the nearest such time to it; no ts without one)
 * - `yyyy-MM-dd HH:mm:ss[,SSS] LEVEL logger[:line] - message` (line → attributes.line)
 * - `yyyy-MM-dd HH:mm:ss[,SSS] LEVEL [thread] logger - message`
 * - Spring Boot `yyyy-MM-dd HH:mm:ss.SSS  LEVEL pid --- [thread] logger : message`, and since 3.2
 *   `… pid --- [app] [thread] [traceId-spanId] logger : message` (app → attributes.application; the
 *   correlation field of CorrelationIdFormatter → trace_id, span_id)
 *
 * Zone-less timestamps use ctx.defaultTzOffsetMinutes. Kafka fields are extracted from the message.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanTime, scanZone } from '../shared/timestamp.js';
import { writeConfigGroup, writeKafkaFields } from './kafka-fields.js';

const DAY_MICROS = 86_400_000_000;

/** The instant (µs UTC) of wall time-of-day `tod` (zone `offsetMinutes`) nearest to `observed`. */
function nearestTimeOfDay(tod: number, observed: number, offsetMinutes: number): number {
  const local = observed + offsetMinutes * 60_000_000;
  let t = Math.floor(local / DAY_MICROS) * DAY_MICROS + tod;
  if (t - local > DAY_MICROS / 2) t -= DAY_MICROS;
  else if (local - t > DAY_MICROS / 2) t += DAY_MICROS;
  return applyOffset(t, offsetMinutes);
}

function skipSpaces(s: string, p: number): number {
  while (s.charCodeAt(p) === 32) p++;
  return p;
}

/**
 * Whether s[a, b) is a Spring Boot CorrelationIdFormatter field (Spring Boot ≥ 3.2, default spec
 * `traceId(32),spanId(16)`): `hex-hex`, or blank (no trace in the MDC: spaces, no dash).
 */
function isCorrelation(s: string, a: number, b: number): boolean {
  let dash = 0;
  let hex = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 45) dash++;
    else if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) hex++;
    else if (c !== 32) return false;
  }
  return dash === 1 ? hex >= 2 : dash === 0 && hex === 0 && b - a >= 16;
}

/** Parser for generic log4j/logback text layouts; name `log4j`. */
export const log4jParser: AppParser = {
  name: 'log4j',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    const c0 = text.charCodeAt(0);
    if (!isDigit(c0)) return false;
    let nl = text.indexOf('\n');
    if (nl < 0) nl = text.length;
    const first = nl === text.length ? text : text.slice(0, nl);
    let p: number;
    let micros = NaN;
    let relative = '';
    const wall = scanDateTime(first, 0);
    if (wall === wall) {
      p = scan.end;
      const z = scanZone(first, p, false);
      micros = z === z ? applyOffset(wall, z) : applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0);
      if (z === z) p = scan.end;
    } else if (first.charCodeAt(2) === 58 /* : */) {
      // logback's documented pattern `%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n`: a
      // time of day only, dated by the runtime's timestamp (the nearest such time to it)
      const tod = scanTime(first, 0);
      if (tod !== tod || first.charCodeAt(scan.end) !== 32) return false;
      p = scan.end;
      if (ctx.observedMicros !== undefined) micros = nearestTimeOfDay(tod, ctx.observedMicros, ctx.defaultTzOffsetMinutes ?? 0);
    } else {
      p = 0;
      while (isDigit(first.charCodeAt(p))) p++;
      if (first.charCodeAt(p) !== 32) return false;
      relative = first.slice(0, p);
    }
    p = skipSpaces(first, p);
    // thread = first[ts, te) (sliced once the layout is decided)
    let ts = 0;
    let te = 0;
    if (first.charCodeAt(p) === 91) {
      const e = first.indexOf(']', p);
      if (e < 0) return false;
      ts = p + 1;
      te = e;
      p = skipSpaces(first, e + 1);
    }
    const ls = p;
    while (p < first.length && first.charCodeAt(p) !== 32) p++;
    if (p - ls < 4) return false;
    const severity = severityAt(first, ls, p);
    if (severity === undefined) return false;
    let thread = ts < te ? first.slice(ts, te) : '';
    p = skipSpaces(first, p);
    let pid = '';
    if (isDigit(first.charCodeAt(p))) {
      const ds = p;
      while (isDigit(first.charCodeAt(p))) p++;
      if (!first.startsWith(' --- ', p)) return false;
      pid = first.slice(ds, p);
      p = skipSpaces(first, p + 5);
    }
    let app = '';
    let cs = -1; // Spring Boot correlation `[traceId-spanId]`: first[cs, ce)
    let ce = -1;
    if (!thread && first.charCodeAt(p) === 91) {
      let e = first.indexOf(']', p);
      if (e < 0) return false;
      thread = first.slice(p + 1, e).trim();
      p = skipSpaces(first, e + 1);
      if (pid && first.charCodeAt(p) === 91) {
        // Spring Boot ≥ 3.2: `--- [app] [thread] [traceId-spanId] logger : msg` (app name and the
        // CorrelationIdFormatter's fixed-width `[32 hex-16 hex]`, blank without a trace, both optional)
        e = first.indexOf(']', p);
        if (e < 0) return false;
        if (isCorrelation(first, p + 1, e)) {
          cs = p + 1;
          ce = e;
        } else {
          app = thread;
          thread = first.slice(p + 1, e).trim();
        }
        p = skipSpaces(first, e + 1);
        if (cs < 0 && first.charCodeAt(p) === 91) {
          e = first.indexOf(']', p);
          if (e < 0 || !isCorrelation(first, p + 1, e)) return false;
          cs = p + 1;
          ce = e;
          p = skipSpaces(first, e + 1);
        }
      }
    }
    const gs = p;
    while (p < first.length && first.charCodeAt(p) !== 32) p++;
    let logger = first.slice(gs, p);
    if (logger.length === 0) return false;
    let msgStart: number;
    if (first.startsWith(' - ', p)) msgStart = p + 3;
    else {
      const q = skipSpaces(first, p);
      if (first.charCodeAt(q) === 58 && first.charCodeAt(q + 1) === 32) msgStart = q + 2;
      else if (first.charCodeAt(q) === 45 && first.charCodeAt(q + 1) === 32) msgStart = q + 2;
      else return false;
    }
    let line = '';
    const colon = logger.lastIndexOf(':');
    if (colon > 0 && isDigit(logger.charCodeAt(colon + 1))) {
      line = logger.slice(colon + 1);
      logger = logger.slice(0, colon);
    } else if (colon === logger.length - 1) {
      return false; // "Class: msg" is the Spark/log4j-short layout, not ours
    }
    // decided
    if (micros === micros) out.ts('ts', micros);
    writeCanonicalSeverity(out, severity);
    out.str('component', logger);
    if (thread) out.str('thread', thread);
    const msg = first.slice(msgStart);
    out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
    if (relative) out.map('attributes', 'relative_ms', relative);
    if (line) out.map('attributes', 'line', line);
    if (pid) out.map('attributes', 'pid', pid);
    if (app) out.map('attributes', 'application', app);
    if (cs >= 0) {
      const d = first.indexOf('-', cs);
      if (d > cs && d < ce) {
        out.str('trace_id', first.slice(cs, d));
        if (ce > d + 1) out.str('span_id', first.slice(d + 1, ce));
      }
    }
    writeKafkaFields('', msg, out);
    writeConfigGroup(msg, text, nl, out);
    return true;
  },
};
