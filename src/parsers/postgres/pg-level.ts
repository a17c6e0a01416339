/**
 * Locates the PostgreSQL severity word in a stderr-style line (`<prefix>LEVEL:  message`) and
 * derives the "session key" (pid, else the prefix without its timestamp) that the multi-line
 * stage uses to attach DETAIL/HINT/STATEMENT/CONTEXT/LOCATION/QUERY lines to their parent event.
 *
 * Results are left in `pgLevel` (no per-call allocation beyond the level word).
 */
import { scan, scanDateTime } from '../shared/timestamp.js';

/** Result of the last successful findPgLevel call. */
export const pgLevel = {
  /** Index of the level word in the line. */
  start: 0,
  /** The level word, e.g. LOG, ERROR, DETAIL. */
  word: '',
  /** Index where the message starts (after `:` and its spaces). */
  msgStart: 0,
};

/** Severity words PostgreSQL prints (error_severity). */
export const PG_LEVELS: ReadonlySet<string> = new Set([
  'LOG', 'ERROR', 'FATAL', 'PANIC', 'WARNING', 'NOTICE', 'INFO', 'DEBUG',
  'DEBUG1', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'DEBUG5',
  'DETAIL', 'HINT', 'STATEMENT', 'CONTEXT', 'LOCATION', 'QUERY',
]);

/** Secondary report lines that belong to the event printed just before them by the same backend. */
export const PG_SECONDARY: ReadonlySet<string> = new Set([
  'DETAIL', 'HINT', 'STATEMENT', 'CONTEXT', 'LOCATION', 'QUERY',
]);

const MAX_PREFIX = 600;

/**
 * The PG_LEVELS word spelled at `line[s, s + len)` (a constant string: no slice), or undefined.
 * The caller has checked that the characters are [A-Z0-9].
 */
function levelWordAt(line: string, s: number, len: number): string | undefined {
  switch (len) {
    case 3:
      return line.startsWith('LOG', s) ? 'LOG' : undefined;
    case 4:
      return line.startsWith('INFO', s) ? 'INFO' : line.startsWith('HINT', s) ? 'HINT' : undefined;
    case 5:
      switch (line.charCodeAt(s)) {
        case 69: return line.startsWith('ERROR', s) ? 'ERROR' : undefined;
        case 70: return line.startsWith('FATAL', s) ? 'FATAL' : undefined;
        case 80: return line.startsWith('PANIC', s) ? 'PANIC' : undefined;
        case 68: return line.startsWith('DEBUG', s) ? 'DEBUG' : undefined;
        case 81: return line.startsWith('QUERY', s) ? 'QUERY' : undefined;
      }
      return undefined;
    case 6:
      if (line.startsWith('NOTICE', s)) return 'NOTICE';
      if (line.startsWith('DETAIL', s)) return 'DETAIL';
      if (line.startsWith('DEBUG', s)) {
        switch (line.charCodeAt(s + 5)) {
          case 49: return 'DEBUG1';
          case 50: return 'DEBUG2';
          case 51: return 'DEBUG3';
          case 52: return 'DEBUG4';
          case 53: return 'DEBUG5';
        }
      }
      return undefined;
    case 7:
      return line.startsWith('WARNING', s) ? 'WARNING' : line.startsWith('CONTEXT', s) ? 'CONTEXT' : undefined;
    case 8:
      return line.startsWith('LOCATION', s) ? 'LOCATION' : undefined;
    case 9:
      return line.startsWith('STATEMENT', s) ? 'STATEMENT' : undefined;
  }
  return undefined;
}

/**
 * Finds `LEVEL:` (followed by a space or end of line) where LEVEL is a PostgreSQL severity word
 * preceded by start of line, space, `]`, `>`, `:`, `-` or `)`. Returns the index of the word or -1.
 */
export function findPgLevel(line: string): number {
  let p = line.indexOf(':');
  const limit = Math.min(line.length, MAX_PREFIX);
  while (p > 0 && p < limit) {
    const after = line.charCodeAt(p + 1);
    if (after === 32 || after !== after /* NaN: end */) {
      // walk back over [A-Z0-9]
      let s = p;
      while (s > 0) {
        const c = line.charCodeAt(s - 1);
        if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) s--;
        else break;
      }
      const len = p - s;
      if (len >= 3 && len <= 9) {
        const b = s === 0 ? 32 : line.charCodeAt(s - 1);
        if (b === 32 || b === 93 || b === 62 || b === 58 || b === 45 || b === 41 || b === 9) {
          const c0 = line.charCodeAt(s);
          if (c0 >= 65 && c0 <= 90) {
            const word = levelWordAt(line, s, len);
            if (word !== undefined) {
              let m = p + 1;
              while (line.charCodeAt(m) === 32) m++;
              pgLevel.start = s;
              pgLevel.word = word;
              pgLevel.msgStart = m;
              return s;
            }
          }
        }
      }
    }
    p = line.indexOf(':', p + 1);
  }
  return -1;
}

/**
 * Session key of a PG stderr line whose level starts at `levelStart`: `p<pid>` when the prefix
 * carries a pid (`[123]`, `[123-4]`, `[postgres.123]`, `pid=123`, `pid="123"`), else `x<prefix
 * without its leading timestamp>`.
 */
export function pgSessionKey(line: string, levelStart: number): string {
  let p = line.indexOf('[');
  while (p >= 0 && p < levelStart) {
    let q = p + 1;
    if (line.startsWith('postgres.', q)) q += 9;
    const d0 = q;
    while (q < levelStart) {
      const c = line.charCodeAt(q);
      if (c >= 48 && c <= 57) q++;
      else break;
    }
    if (q > d0) {
      const c = line.charCodeAt(q);
      if (c === 93 || c === 45) return 'p' + line.slice(d0, q);
    }
    p = line.indexOf('[', p + 1);
  }
  const k = line.indexOf('pid=');
  if (k >= 0 && k < levelStart) {
    let q = k + 4;
    if (line.charCodeAt(q) === 34) q++;
    const d0 = q;
    while (q < levelStart && line.charCodeAt(q) >= 48 && line.charCodeAt(q) <= 57) q++;
    if (q > d0) return 'p' + line.slice(d0, q);
  }
  const t = scanDateTime(line, 0);
  const from = t === t ? scan.end : 0;
  return 'x' + line.slice(from, levelStart);
}
