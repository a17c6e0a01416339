/**
 * Severity normalization: any level word or number seen in the wild → canonical severity and
 * OpenTelemetry severity number.
 *
 * Level words are recognised by a switch on length and character codes (ASCII case-insensitive,
 * no slicing, no upper-casing); words with non-ASCII characters go through `toUpperCase` (which
 * maps e.g. `ı` to `I`) and a table lookup.
 */
import type { FieldWriter } from '../core/fields.js';
import { SEVERITY_NUMBER } from '../schema/canonical.js';

/** Level word (upper case) → canonical severity. A Map: no inherited keys such as `toString`. */
const WORDS: ReadonlyMap<string, string> = new Map(Object.entries({
  TRACE: 'TRACE', FINEST: 'TRACE', FINER: 'TRACE', VERBOSE: 'TRACE',
  DEBUG: 'DEBUG', FINE: 'DEBUG', DEBUG1: 'DEBUG', DEBUG2: 'DEBUG', DEBUG3: 'DEBUG', DEBUG4: 'DEBUG', DEBUG5: 'DEBUG', DBG: 'DEBUG', D: 'DEBUG',
  INFO: 'INFO', INFORMATION: 'INFO', INFORMATIONAL: 'INFO', NOTICE: 'INFO', LOG: 'INFO', CONFIG: 'INFO', I: 'INFO', STATEMENT: 'INFO', DETAIL: 'INFO', HINT: 'INFO', CONTEXT: 'INFO', LOCATION: 'INFO',
  WARN: 'WARN', WARNING: 'WARN', W: 'WARN',
  ERROR: 'ERROR', ERR: 'ERROR', SEVERE: 'ERROR', E: 'ERROR', ALERT: 'ERROR',
  FATAL: 'FATAL', CRITICAL: 'FATAL', CRIT: 'FATAL', PANIC: 'FATAL', EMERG: 'FATAL', EMERGENCY: 'FATAL', DPANIC: 'FATAL', F: 'FATAL',
}));

/**
 * Whether `s[at, at + w.length)` equals the lower-case ASCII word `w` ignoring ASCII case
 * (`c | 32` folds exactly the upper-case letter onto its lower-case one; digits must match).
 */
function is(s: string, at: number, w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = s.charCodeAt(at + i);
    const x = w.charCodeAt(i);
    if (c !== x && (c | 32) !== x) return false;
  }
  return true;
}

/** ASCII-only fast path of severityAt (undefined when not a known word in ASCII). */
function asciiSeverity(s: string, a: number, n: number): string | undefined {
  const c0 = s.charCodeAt(a) | 32;
  switch (n) {
    case 1:
      return c0 === 100 ? 'DEBUG' : c0 === 105 ? 'INFO' : c0 === 119 ? 'WARN' : c0 === 101 ? 'ERROR' : c0 === 102 ? 'FATAL' : undefined;
    case 3:
      if (is(s, a, 'log')) return 'INFO';
      if (is(s, a, 'err')) return 'ERROR';
      if (is(s, a, 'dbg')) return 'DEBUG';
      return undefined;
    case 4:
      switch (c0) {
        case 105: return is(s, a, 'info') ? 'INFO' : undefined;
        case 119: return is(s, a, 'warn') ? 'WARN' : undefined;
        case 102: return is(s, a, 'fine') ? 'DEBUG' : undefined;
        case 104: return is(s, a, 'hint') ? 'INFO' : undefined;
        case 99: return is(s, a, 'crit') ? 'FATAL' : undefined;
      }
      return undefined;
    case 5:
      switch (c0) {
        case 101: return is(s, a, 'error') ? 'ERROR' : is(s, a, 'emerg') ? 'FATAL' : undefined;
        case 100: return is(s, a, 'debug') ? 'DEBUG' : undefined;
        case 116: return is(s, a, 'trace') ? 'TRACE' : undefined;
        case 102: return is(s, a, 'fatal') ? 'FATAL' : is(s, a, 'finer') ? 'TRACE' : undefined;
        case 97: return is(s, a, 'alert') ? 'ERROR' : undefined;
        case 112: return is(s, a, 'panic') ? 'FATAL' : undefined;
      }
      return undefined;
    case 6:
      switch (c0) {
        case 100: {
          if (is(s, a, 'debug')) {
            const d = s.charCodeAt(a + 5);
            return d >= 49 && d <= 53 ? 'DEBUG' : undefined;
          }
          if (is(s, a, 'detail')) return 'INFO';
          return is(s, a, 'dpanic') ? 'FATAL' : undefined;
        }
        case 110: return is(s, a, 'notice') ? 'INFO' : undefined;
        case 115: return is(s, a, 'severe') ? 'ERROR' : undefined;
        case 99: return is(s, a, 'config') ? 'INFO' : undefined;
        case 102: return is(s, a, 'finest') ? 'TRACE' : undefined;
      }
      return undefined;
    case 7:
      switch (c0) {
        case 119: return is(s, a, 'warning') ? 'WARN' : undefined;
        case 99: return is(s, a, 'context') ? 'INFO' : undefined;
        case 118: return is(s, a, 'verbose') ? 'TRACE' : undefined;
      }
      return undefined;
    case 8:
      if (c0 === 99) return is(s, a, 'critical') ? 'FATAL' : undefined;
      if (c0 === 108) return is(s, a, 'location') ? 'INFO' : undefined;
      return undefined;
    case 9:
      if (c0 === 115) return is(s, a, 'statement') ? 'INFO' : undefined;
      if (c0 === 101) return is(s, a, 'emergency') ? 'FATAL' : undefined;
      return undefined;
    case 11:
      return is(s, a, 'information') ? 'INFO' : undefined;
    case 13:
      return is(s, a, 'informational') ? 'INFO' : undefined;
  }
  return undefined;
}

/**
 * Canonical severity for the level word `s[start, end)` (case-insensitive), or undefined when
 * unknown; allocates nothing for ASCII words.
 */
export function severityAt(s: string, start: number, end: number): string | undefined {
  const n = end - start;
  if (n <= 0) return undefined;
  if (n <= 13) {
    const w = asciiSeverity(s, start, n);
    if (w !== undefined) return w;
  }
  // Non-ASCII words: upper-case like String#toUpperCase (`ı` → `I`, `ﬁ` → `FI`) and look up.
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) > 127) return WORDS.get(s.slice(start, end).toUpperCase());
  }
  return undefined;
}

/** Canonical severity for a level word (case-insensitive), or undefined when unknown. */
export function normalizeSeverity(raw: string): string | undefined {
  return severityAt(raw, 0, raw.length);
}

/**
 * Canonical severity for numeric levels: bunyan/pino (10 trace … 60 fatal), syslog (0 emerg … 7 debug
 * when `syslog` is true), OpenTelemetry (1–24 when `otel` is true).
 */
export function severityFromNumber(n: number, scheme: 'pino' | 'syslog' | 'otel' = 'pino'): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (scheme === 'syslog') return ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'][n];
  if (scheme === 'otel') return n >= 21 ? 'FATAL' : n >= 17 ? 'ERROR' : n >= 13 ? 'WARN' : n >= 9 ? 'INFO' : n >= 5 ? 'DEBUG' : n >= 1 ? 'TRACE' : undefined;
  return n >= 60 ? 'FATAL' : n >= 50 ? 'ERROR' : n >= 40 ? 'WARN' : n >= 30 ? 'INFO' : n >= 20 ? 'DEBUG' : n >= 10 ? 'TRACE' : undefined;
}

/** Writes severity + severity_number for a canonical severity (as returned by normalizeSeverity). */
export function writeCanonicalSeverity(out: FieldWriter, s: string): void {
  out.str('severity', s);
  out.int('severity_number', SEVERITY_NUMBER[s]!);
}

/** Writes severity + severity_number for a level word; returns false when the word is unknown. */
export function writeSeverity(out: FieldWriter, raw: string): boolean {
  const s = severityAt(raw, 0, raw.length);
  if (!s) return false;
  out.str('severity', s);
  out.int('severity_number', SEVERITY_NUMBER[s]!);
  return true;
}

/**
 * Canonical severity of a level prefix at the start of `msg` (`error: x` → ERROR), or undefined.
 * Words (case-insensitive, followed by `:` and a space or the end): emerg/panic/fatal/crit/critical
 * → FATAL, alert/err/error → ERROR, warn/warning → WARN, notice/info → INFO, debug/debug1-3 →
 * DEBUG, as OpenSSH's `log.c` (`fatal: `, `error: `, `debug1: `), glibc `error(3)`-style daemons and
 * the Go runtime (`panic: `, `fatal error: `) write them.
 */
export function messageLevelPrefix(msg: string, at = 0): string | undefined {
  let colon = -1;
  for (let i = at, end = Math.min(msg.length, at + 12); i < end; i++) {
    const c = msg.charCodeAt(i);
    if (c === 58) {
      colon = i;
      break;
    }
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 49 && c <= 51) || c === 32)) return undefined;
  }
  const n = colon - at;
  if (n < 3 || n > 11) return undefined;
  const after = msg.charCodeAt(colon + 1);
  if (after === after && after !== 32 && after !== 9) return undefined;
  const w = msg.slice(at, colon).toLowerCase();
  switch (w) {
    case 'emerg': case 'panic': case 'fatal': case 'crit': case 'critical': case 'fatal error':
      return 'FATAL';
    case 'alert': case 'err': case 'error':
      return 'ERROR';
    case 'warn': case 'warning':
      return 'WARN';
    case 'notice': case 'info':
      return 'INFO';
    case 'debug': case 'debug1': case 'debug2': case 'debug3':
      return 'DEBUG';
  }
  return undefined;
}
