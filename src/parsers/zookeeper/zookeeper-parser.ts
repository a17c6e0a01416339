/**
 * Apache ZooKeeper 3.x default layout (`conf/log4j.properties` up to 3.7, `conf/logback.xml` from
 * 3.8): `%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n`, e.g.
 * `2023-10-04 10:15:30,123 [myid:1] - INFO  [main:QuorumPeerMain@137] - Starting quorum peer`.
 * The thread name may itself hold `:` and brackets (`QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)`),
 * so the `[thread:Class@line]` group is read back from its `@line] - ` end.
 *
 * Writes ts (zone-less → ctx.defaultTzOffsetMinutes), severity, thread, component (the class),
 * attributes.myid / attributes.line, message (first line without the header + continuation lines).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime } from '../shared/timestamp.js';

/** Parses a ZooKeeper log line; false (writing nothing) when the text is not one. */
export function parseZooKeeper(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  const wall = scanDateTime(text, 0);
  if (wall !== wall) return false;
  let p = scan.end;
  if (!text.startsWith(' [myid:', p)) return false;
  const ms = p + 7;
  const me = text.indexOf(']', ms);
  if (me < 0 || !text.startsWith(' - ', me + 1)) return false;
  p = me + 4;
  const ls = p;
  while (p < text.length && text.charCodeAt(p) !== 32) p++;
  const severity = severityAt(text, ls, p);
  if (severity === undefined) return false;
  while (text.charCodeAt(p) === 32) p++;
  if (text.charCodeAt(p) !== 91) return false;
  const gs = p + 1;
  let nl = text.indexOf('\n', gs);
  if (nl < 0) nl = text.length;
  // [%t:%C{1}@%L] - : the first `@digits] - ` of the line
  let at = text.indexOf('] - ', gs);
  while (at >= 0 && at < nl) {
    let d = at - 1;
    while (d > gs && isDigit(text.charCodeAt(d))) d--;
    if (d < at - 1 && text.charCodeAt(d) === 64 /* @ */) break;
    at = text.indexOf('] - ', at + 1);
  }
  if (at < 0 || at >= nl) return false;
  let amp = at - 1;
  while (isDigit(text.charCodeAt(amp))) amp--;
  const colon = text.lastIndexOf(':', amp);
  if (colon < gs) return false;
  // decided
  out.ts('ts', applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0));
  writeCanonicalSeverity(out, severity);
  out.str('thread', text.slice(gs, colon));
  out.str('component', text.slice(colon + 1, amp));
  if (me > ms) out.map('attributes', 'myid', text.slice(ms, me));
  out.map('attributes', 'line', text.slice(amp + 1, at));
  let msg = text.slice(at + 4);
  if (msg.charCodeAt(msg.length - 1) === 13) msg = msg.slice(0, -1);
  out.str('message', msg);
  return true;
}
