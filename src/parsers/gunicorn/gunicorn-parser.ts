/**
 * gunicorn's error log (gunicorn `glogging.py`: `error_fmt = r"%(asctime)s [%(process)d]
 * [%(levelname)s] %(message)s"`, `datefmt = r"[%Y-%m-%d %H:%M:%S %z]"`), e.g.
 * `[2023-10-04 10:15:30 +0000] [12] [INFO] Starting gunicorn 21.2.0` (also with an unbracketed
 * time, when a logconfig sets a plain datefmt). The records come from the `gunicorn.error` logger.
 *
 * Writes ts (with its offset), severity, component (`gunicorn.error`), attributes.pid, message
 * (first line without the header + continuation lines, e.g. a worker's traceback).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';

/** Parses a gunicorn error-log line; false (writing nothing) when the text is not one. */
export function parseGunicorn(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  // the default datefmt is bracketed; a logconfig may give a plain one (`asctime [pid] [LEVEL] …`)
  const br = text.charCodeAt(0) === 91 ? 1 : 0;
  if (!isDigit(text.charCodeAt(br))) return false;
  const wall = scanDateTime(text, br);
  if (wall !== wall) return false;
  let p = scan.end;
  const z = scanZone(text, p, true);
  if (z === z) p = scan.end;
  if (br === 1 && text.charCodeAt(p++) !== 93) return false;
  if (!text.startsWith(' [', p)) return false;
  p += 2;
  const ps = p;
  while (isDigit(text.charCodeAt(p))) p++;
  if (p === ps || !text.startsWith('] [', p)) return false;
  const pid = text.slice(ps, p);
  p += 3;
  const ls = p;
  const le = text.indexOf(']', ls);
  if (le < 0 || le - ls > 10) return false;
  const severity = severityAt(text, ls, le);
  if (severity === undefined) return false;
  p = le + 1;
  if (text.charCodeAt(p) === 32) p++;
  // decided
  out.ts('ts', applyOffset(wall, z === z ? z : ctx.defaultTzOffsetMinutes ?? 0));
  writeCanonicalSeverity(out, severity);
  out.str('component', 'gunicorn.error');
  out.map('attributes', 'pid', pid);
  let msg = text.slice(p);
  if (msg.charCodeAt(msg.length - 1) === 13) msg = msg.slice(0, -1);
  out.str('message', msg);
  return true;
}
