/**
 * Spring Boot's default console / file log format from 3.2 on (Spring Boot reference, "Logging" →
 * "Log Format"; `defaults.xml`: `%d %5p ${PID} --- [app] [thread] logger : message`), where
 * `[app]` (spring.application.name, `%esb(){APPLICATION_NAME}`) and a correlation group
 * `[traceId-spanId] ` (LOG_CORRELATION_PATTERN, with Micrometer tracing) may stand between `---`
 * and the logger. The form without them (Spring Boot < 3.2) is read by the generic log4j parser,
 * which is tried first; this one takes only the lines with a second bracket group.
 *
 * Writes ts (ISO-8601 with offset, or zone-less → ctx.defaultTzOffsetMinutes), severity, thread,
 * component (logger), attributes.pid, attributes.application, attributes.correlation, message.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';

function spaces(s: string, p: number): number {
  while (s.charCodeAt(p) === 32) p++;
  return p;
}

/** `[…]` at `p`: the index of its `]`, or -1. */
function group(s: string, p: number, end: number): number {
  if (s.charCodeAt(p) !== 91) return -1;
  const e = s.indexOf(']', p);
  return e < 0 || e > end ? -1 : e;
}

/** Parses a Spring Boot 3.2+ line; false (writing nothing) when the text is not one. */
export function parseSpringBoot(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const dash = text.indexOf(' --- [', 20);
  if (dash < 0 || dash > 80 || dash > nl) return false;
  const wall = scanDateTime(text, 0);
  if (wall !== wall) return false;
  let p = scan.end;
  const z = scanZone(text, p, false);
  if (z === z) p = scan.end;
  p = spaces(text, p);
  const ls = p;
  while (p < nl && text.charCodeAt(p) !== 32) p++;
  const severity = severityAt(text, ls, p);
  if (severity === undefined) return false;
  p = spaces(text, p);
  const ps = p;
  while (isDigit(text.charCodeAt(p))) p++;
  if (p === ps || p !== dash) return false;
  const pid = text.slice(ps, p);
  p += 5;
  // [app] [thread] or [thread]; then an optional [correlation]
  const e1 = group(text, p, nl);
  if (e1 < 0) return false;
  const q = spaces(text, e1 + 1);
  const e2 = group(text, q, nl);
  if (e2 < 0) return false; // the < 3.2 form (log4j parser's) or not Spring Boot
  const app = text.slice(p + 1, e1).trim();
  const thread = text.slice(q + 1, e2).trim();
  p = spaces(text, e2 + 1);
  let correlation = '';
  const e3 = group(text, p, nl);
  if (e3 >= 0) {
    correlation = text.slice(p + 1, e3);
    p = spaces(text, e3 + 1);
  }
  const gs = p;
  while (p < nl && text.charCodeAt(p) !== 32) p++;
  if (p === gs) return false;
  const logger = text.slice(gs, p);
  p = spaces(text, p);
  if (text.charCodeAt(p) !== 58 || (text.charCodeAt(p + 1) !== 32 && p + 1 < nl)) return false;
  // decided
  out.ts('ts', applyOffset(wall, z === z ? z : ctx.defaultTzOffsetMinutes ?? 0));
  writeCanonicalSeverity(out, severity);
  out.str('thread', thread);
  out.str('component', logger);
  out.map('attributes', 'pid', pid);
  if (app) out.map('attributes', 'application', app);
  if (correlation) out.map('attributes', 'correlation', correlation);
  let msg = text.slice(Math.min(p + 2, text.length));
  if (msg.charCodeAt(msg.length - 1) === 13) msg = msg.slice(0, -1);
  out.str('message', msg);
  return true;
}
