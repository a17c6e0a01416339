/**
 * klog / glog text headers (github.com/kubernetes/klog `klog.go`, the format of every Kubernetes
 * component's log: kubelet, kube-apiserver, controllers, CSI sidecars):
 * `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`, L one of `IWEF` (klog's `severityChar`),
 * threadid right-aligned in 7 columns (`%7d`), `file` the source file's base name (or its path
 * with `-add_dir_header`).
 *
 * Writes ts (no year in the header: the year of ctx.observedMicros, else the current one, as for
 * RFC 3164 syslog; a time more than a day after the observed one is of the year before; zone-less
 * → ctx.defaultTzOffsetMinutes), severity (I → INFO, W → WARN, E → ERROR, F → FATAL), thread (the
 * thread id), component (the source file without `:line`), attributes.caller (`file:line`) and
 * message (the text after `] `, continuation lines kept).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { writeCanonicalSeverity } from '../severity.js';
import { applyOffset, d2, isDigit, scan, scanTime } from '../shared/timestamp.js';

const DAY_US = 86_400_000_000;

/** The canonical severity of a klog severity character, or undefined. */
function klogSeverity(c: number): string | undefined {
  switch (c) {
    case 73: return 'INFO'; // I
    case 87: return 'WARN'; // W
    case 69: return 'ERROR'; // E
    case 70: return 'FATAL'; // F
    default: return undefined;
  }
}

/** Cheap gate for the dispatcher: `[IWEF]` then a digit. */
export function mayBeKlog(text: string): boolean {
  return klogSeverity(text.charCodeAt(0)) !== undefined && isDigit(text.charCodeAt(1));
}

/** Parses a klog header line; false (writing nothing) when the text is not one. */
export function parseKlog(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  const severity = klogSeverity(text.charCodeAt(0));
  if (severity === undefined) return false;
  // Lmmdd hh:mm:ss.uuuuuu
  const mo = d2(text, 1), d = d2(text, 3);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || text.charCodeAt(5) !== 32) return false;
  const tod = scanTime(text, 6);
  if (tod !== tod) return false;
  let p = scan.end;
  if (text.charCodeAt(p) !== 32) return false;
  while (text.charCodeAt(p) === 32) p++;
  const ts0 = p;
  while (isDigit(text.charCodeAt(p))) p++;
  if (p === ts0 || text.charCodeAt(p) !== 32) return false;
  const thread = text.slice(ts0, p);
  p++;
  // file:line]
  const fs = p;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 58 /* : */ || c <= 32 || c === 93 /* ] */) break;
    p++;
  }
  if (p === fs || text.charCodeAt(p) !== 58) return false;
  const fe = p;
  p++;
  const ls = p;
  while (isDigit(text.charCodeAt(p))) p++;
  if (p === ls || text.charCodeAt(p) !== 93) return false;
  const caller = text.slice(fs, p);
  p++;
  if (text.charCodeAt(p) === 32) p++;
  // decided
  const ref = ctx.observedMicros;
  const year = new Date(ref !== undefined ? ref / 1000 : Date.now()).getUTCFullYear();
  let wall = Date.UTC(year, mo - 1, d) * 1000 + tod;
  let t = applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0);
  if (ref !== undefined && t > ref + DAY_US) {
    // written on Dec 31, read on Jan 1
    wall = Date.UTC(year - 1, mo - 1, d) * 1000 + tod;
    t = applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0);
  }
  out.ts('ts', t);
  writeCanonicalSeverity(out, severity);
  out.str('thread', thread);
  out.str('component', text.slice(fs, fe));
  out.map('attributes', 'caller', caller);
  let msg = text.slice(p);
  if (msg.charCodeAt(msg.length - 1) === 13) msg = msg.slice(0, -1);
  out.str('message', msg);
  return true;
}
