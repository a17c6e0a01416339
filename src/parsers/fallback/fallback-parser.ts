/**
 * Fallback parser: always succeeds. message = the whole text; severity only when an upper-case
 * level keyword stands as a word in the first 256 characters of the first line (TRACE, DEBUG,
 * INFO, NOTICE, WARN, WARNING, ERROR, SEVERE, FATAL, CRITICAL, CRIT, PANIC, EMERG, ALERT —
 * optionally in brackets, `[error]`/`[warn]` lower-case too, Apache httpd 2.4 `[module:level]`), or
 * first a level prefix starting the line (`error: …`, `fatal: …`, `warning: …` as OpenSSH and
 * daemons write to stderr, Go runtime `panic: …` / `fatal error: …` → FATAL; messageLevelPrefix); ts from a leading ISO-8601 /
 * RFC 3339 or `yyyy-MM-dd HH:mm:ss(,SSS)` timestamp (optionally inside `[...]`), zone-less ones
 * with ctx.defaultTzOffsetMinutes.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { messageLevelPrefix, writeCanonicalSeverity, writeSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';

const LEVEL_WORD =
  /(?:^|[^\w.-])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL|CRIT|PANIC|EMERG|ALERT)(?![\w.-])|\[(?:[\w-]+:)?(trace|debug|info|notice|warn|warning|error|fatal|crit|critical|alert|emerg)\d?\]/;

/** The fallback parser; name `fallback`. */
export const fallbackParser: AppParser = {
  name: 'fallback',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    let at = 0;
    const c0 = text.charCodeAt(0);
    if (c0 === 91 /* [ */) at = 1;
    if (isDigit(text.charCodeAt(at))) {
      const wall = scanDateTime(text, at);
      if (wall === wall) {
        const z = scanZone(text, scan.end, true);
        out.ts('ts', applyOffset(wall, z === z ? z : ctx.defaultTzOffsetMinutes ?? 0));
      }
    }
    let nl = text.indexOf('\n');
    if (nl < 0) nl = text.length;
    const head = nl > 256 ? text.slice(0, 256) : nl === text.length ? text : text.slice(0, nl);
    const pre = messageLevelPrefix(head);
    if (pre !== undefined) writeCanonicalSeverity(out, pre);
    else {
      const m = LEVEL_WORD.exec(head);
      if (m) writeSeverity(out, m[1] ?? m[2]!);
    }
    out.str('message', text);
    return true;
  },
};
