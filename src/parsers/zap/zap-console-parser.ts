/**
 * Go zap console encoder (go.uber.org/zap `NewConsoleEncoder`, used by `NewDevelopmentConfig`
 * and many production configs): tab-separated `time \t LEVEL \t [logger \t] [caller \t] message
 * [\t {json context}]`, time ISO-8601 (or epoch seconds), level upper- or lower-case
 * (`DPANIC`, `PANIC`, `FATAL` → FATAL), caller `pkg/file.go:42`.
 *
 * Writes ts, severity, component (logger name, else the caller's package path), attributes.caller,
 * message, the JSON context's fields as attributes and correlation ids (shared/correlation.ts),
 * and a zap `stacktrace` (continuation lines) as stack_trace.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, epochToMicros, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { IdRole, idRole, writeId } from '../shared/correlation.js';
import { parseJsonObjectText } from '../shared/json-text.js';

const CALLER = /^[\w./@-]+\.go:\d+$/;

/** Parses a zap console line; false (writing nothing) when the text is not one. */
export function parseZapConsole(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const t1 = text.indexOf('\t');
  if (t1 < 0 || t1 > 40 || t1 > nl) return false;
  let micros = NaN;
  if (isDigit(text.charCodeAt(0))) {
    const wall = scanDateTime(text, 0);
    if (wall === wall) {
      let p = scan.end;
      const z = scanZone(text, p, false);
      if (z === z) p = scan.end;
      if (p !== t1) return false;
      micros = applyOffset(wall, z === z ? z : ctx.defaultTzOffsetMinutes ?? 0);
    } else {
      const n = Number(text.slice(0, t1));
      if (!Number.isFinite(n)) return false;
      micros = epochToMicros(n);
    }
  } else return false;
  const t2 = text.indexOf('\t', t1 + 1);
  if (t2 < 0 || t2 > nl) return false;
  const level = severityAt(text, t1 + 1, t2);
  if (level === undefined) return false;
  const fields = text.slice(t2 + 1, nl).split('\t');
  let logger = '';
  let caller = '';
  let i = 0;
  if (fields.length > 2 && !CALLER.test(fields[0]!) && CALLER.test(fields[1]!)) logger = fields[i++]!;
  if (fields.length > 1 && CALLER.test(fields[i]!)) caller = fields[i++]!;
  let ctxObj: Record<string, unknown> | undefined;
  const last = fields[fields.length - 1]!;
  if (fields.length - i >= 2 && last.charCodeAt(0) === 123) {
    ctxObj = parseJsonObjectText(last) as Record<string, unknown> | undefined;
    if (ctxObj) fields.pop();
  }
  const msg = fields.slice(i).join('\t');
  // decided
  out.ts('ts', micros);
  writeCanonicalSeverity(out, level);
  if (logger) out.str('component', logger);
  else if (caller) out.str('component', caller.slice(0, caller.lastIndexOf('/') > 0 ? caller.lastIndexOf('/') : caller.indexOf('.go:')));
  if (caller) out.map('attributes', 'caller', caller);
  if (ctxObj) {
    for (const k in ctxObj) {
      const v = ctxObj[k];
      if (v === null || v === undefined) continue;
      const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
      const r = idRole(k);
      if (r === IdRole.None || !writeId(r, s, out, false)) out.map('attributes', k, s);
    }
  }
  out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
  if (nl < text.length) out.str('stack_trace', text.slice(nl + 1));
  return true;
}
