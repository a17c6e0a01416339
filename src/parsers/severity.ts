/**
 * Severity normalization: any level word or number seen in the wild → canonical severity and
 * OpenTelemetry severity number.
 */
import type { FieldWriter } from '../core/fields.js';
import { SEVERITY_NUMBER } from '../schema/canonical.js';

const WORDS: Record<string, string> = {
  TRACE: 'TRACE', FINEST: 'TRACE', FINER: 'TRACE', VERBOSE: 'TRACE',
  DEBUG: 'DEBUG', FINE: 'DEBUG', DEBUG1: 'DEBUG', DEBUG2: 'DEBUG', DEBUG3: 'DEBUG', DEBUG4: 'DEBUG', DEBUG5: 'DEBUG', DBG: 'DEBUG', D: 'DEBUG',
  INFO: 'INFO', INFORMATION: 'INFO', INFORMATIONAL: 'INFO', NOTICE: 'INFO', LOG: 'INFO', CONFIG: 'INFO', I: 'INFO', STATEMENT: 'INFO', DETAIL: 'INFO', HINT: 'INFO', CONTEXT: 'INFO', LOCATION: 'INFO',
  WARN: 'WARN', WARNING: 'WARN', W: 'WARN',
  ERROR: 'ERROR', ERR: 'ERROR', SEVERE: 'ERROR', E: 'ERROR', ALERT: 'ERROR',
  FATAL: 'FATAL', CRITICAL: 'FATAL', CRIT: 'FATAL', PANIC: 'FATAL', EMERG: 'FATAL', EMERGENCY: 'FATAL', DPANIC: 'FATAL', F: 'FATAL',
};

/** Canonical severity for a level word (case-insensitive), or undefined when unknown. */
export function normalizeSeverity(raw: string): string | undefined {
  const w = WORDS[raw] ?? WORDS[raw.toUpperCase()];
  return w;
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

/** Writes severity + severity_number for a level word; returns false when the word is unknown. */
export function writeSeverity(out: FieldWriter, raw: string): boolean {
  const s = normalizeSeverity(raw);
  if (!s) return false;
  out.str('severity', s);
  out.int('severity_number', SEVERITY_NUMBER[s]!);
  return true;
}
