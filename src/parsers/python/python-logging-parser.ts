/**
 * Python `logging` text formats (logging docs: LogRecord attributes; `BASIC_FORMAT`; logging
 * HOWTO / cookbook examples; Flask's default handler):
 *
 * | format | example |
 * |---|---|
 * | `%(levelname)s:%(name)s:%(message)s` (basicConfig default, `BASIC_FORMAT`) | `WARNING:root:disk almost full` |
 * | `%(asctime)s - %(name)s - %(levelname)s - %(message)s` (HOWTO / cookbook) | `2024-05-01 10:00:00,123 - app.db - ERROR - lost` |
 * | `[%(asctime)s] %(levelname)s in %(module)s: %(message)s` (Flask default) | `[2024-05-01 10:00:00,123] ERROR in app: boom` |
 *
 * Writes ts (zone-less → ctx.defaultTzOffsetMinutes), severity, component (name / module),
 * message (+ continuation lines, e.g. a traceback).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime } from '../shared/timestamp.js';

/** Python's level names (logging._levelToName) → canonical severity. */
function pyLevel(s: string, a: number, b: number): string | undefined {
  const n = b - a;
  if (n !== 4 && n !== 5 && n !== 7 && n !== 8) return undefined;
  if (s.charCodeAt(a) < 65 || s.charCodeAt(a) > 90) return undefined;
  return severityAt(s, a, b);
}

function finish(text: string, ms: number, me: number, nl: number, name: string, level: string, wall: number, out: FieldWriter, ctx: ParseContext): true {
  if (wall === wall) out.ts('ts', applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0));
  writeCanonicalSeverity(out, level);
  if (name) out.str('component', name);
  const msg = text.slice(ms, me);
  out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
  return true;
}

/** Parses one of the formats above; false (writing nothing) otherwise. */
export function parsePythonLogging(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const c = text.charCodeAt(0);
  if (c >= 65 && c <= 90) {
    // LEVEL:name:message
    const c1 = text.indexOf(':');
    if (c1 < 4 || c1 > 8) return false;
    const level = pyLevel(text, 0, c1);
    if (level === undefined) return false;
    const c2 = text.indexOf(':', c1 + 1);
    if (c2 < 0 || c2 > nl || c2 === c1 + 1) return false;
    for (let i = c1 + 1; i < c2; i++) if (text.charCodeAt(i) <= 32) return false;
    return finish(text, c2 + 1, nl, nl, text.slice(c1 + 1, c2), level, NaN, out, ctx);
  }
  const br = c === 91;
  const at = br ? 1 : 0;
  if (!isDigit(text.charCodeAt(at))) return false;
  const wall = scanDateTime(text, at);
  if (wall !== wall) return false;
  let p = scan.end;
  if (br) {
    // [asctime] LEVEL in module: message
    if (!text.startsWith('] ', p)) return false;
    p += 2;
    const sp = text.indexOf(' ', p);
    if (sp < 0 || sp > nl) return false;
    const level = pyLevel(text, p, sp);
    if (level === undefined || !text.startsWith(' in ', sp)) return false;
    const ms = sp + 4;
    const colon = text.indexOf(': ', ms);
    if (colon < 0 || colon > nl) return false;
    for (let i = ms; i < colon; i++) if (text.charCodeAt(i) <= 32) return false;
    return finish(text, colon + 2, nl, nl, text.slice(ms, colon), level, wall, out, ctx);
  }
  // asctime - name - LEVEL - message
  if (!text.startsWith(' - ', p)) return false;
  const ns = p + 3;
  const d2 = text.indexOf(' - ', ns);
  if (d2 < 0 || d2 > nl) return false;
  const ls = d2 + 3;
  const d3 = text.indexOf(' - ', ls);
  if (d3 < 0 || d3 > nl) return false;
  const level = pyLevel(text, ls, d3);
  if (level === undefined) return false;
  return finish(text, d3 + 3, nl, nl, text.slice(ns, d2), level, wall, out, ctx);
}
