/**
 * PostgreSQL server logs, text forms: stderr with any `log_line_prefix` (see pg-prefix.ts) and
 * csvlog (delegated to postgres-csv.ts when the timestamp is followed by a comma).
 *
 * A stderr event may span several physical lines (joined by the multi-line stage): TAB-indented
 * continuation lines belong to the message (or to the secondary line above them), and the
 * secondary report lines DETAIL/HINT/STATEMENT/CONTEXT/LOCATION/QUERY of the same backend go to
 * attributes (`detail`, `hint`, `statement`, `context`, `location`, `query`); STATEMENT/QUERY
 * text sets pg_statement_kind when the primary message has no statement of its own.
 *
 * Writes: ts (zone from the line, else ctx.defaultTzOffsetMinutes), severity (+ attributes.pg_level,
 * the word as printed), pg_pid, pg_user, pg_database, pg_sqlstate (verbose messages or `%e` anywhere in the prefix, validated against Appendix A; else, at any level, from the server's fixed messages: sqlstate.ts `sqlstateFromMessage`),
 * pg_duration_ms, pg_statement_kind, error_class (SQLSTATE condition name for error classes),
 * message, attributes.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { writeSeverity } from '../severity.js';
import { isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { findPgLevel, pgLevel, PG_SECONDARY } from './pg-level.js';
import { interpretPgMessage, writeSecondary, writeSqlstateErrorClass } from './pg-message.js';
import { sqlstateFromMessage } from './sqlstate.js';
import { isPgPrefix, readPgPrefix } from './pg-prefix.js';
import { readLogLinePrefix } from './log-line-prefix.js';
import { parsePgCsv } from './postgres-csv.js';

/** Whether `text` starts like a csvlog record: `[\"]yyyy-MM-dd HH:mm:ss[.fff] ZONE[\"],`. */
export function looksLikePgCsv(text: string): boolean {
  const c = text.charCodeAt(0);
  const at = c === 34 ? 1 : 0;
  if (!isDigit(text.charCodeAt(at))) return false;
  const wall = scanDateTime(text, at);
  if (wall !== wall) return false;
  let p = scan.end;
  const z = scanZone(text, p, true);
  if (z === z) p = scan.end;
  if (at === 1) {
    if (text.charCodeAt(p) !== 34) return false;
    p++;
  }
  return text.charCodeAt(p) === 44;
}

/**
 * Parses a stderr-format event (first line = prefix + `LEVEL:  message`). Returns false without
 * writing when the first line has no PostgreSQL level or an unrecognisable prefix. The configured
 * `log_line_prefix` (ctx.pgPrefix) is tried first; with `configuredOnly` nothing else is.
 */
export function parsePgStderr(text: string, out: FieldWriter, ctx: ParseContext, defaultTs?: number, configuredOnly = false): boolean {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const first = nl === text.length ? text : text.slice(0, nl);
  const lv = findPgLevel(first);
  if (lv < 0) return false;
  const word = pgLevel.word;
  const msgStart = pgLevel.msgStart;
  const configured = ctx.pgPrefix !== undefined && readLogLinePrefix(ctx.pgPrefix, first, lv, out, ctx.defaultTzOffsetMinutes ?? 0);
  if (!configured) {
    if (configuredOnly || !isPgPrefix(first, lv)) return false;
    // decided
    readPgPrefix(first, lv, out, ctx.defaultTzOffsetMinutes ?? 0);
  }
  if (!out.has('ts') && defaultTs !== undefined) out.ts('ts', defaultTs);
  writeSeverity(out, word);
  out.map('attributes', 'pg_level', word);
  let main = first.slice(msgStart);
  if (nl < text.length) {
    // continuation + secondary lines
    let secWord = '';
    let secText = '';
    let p = nl + 1;
    while (p <= text.length) {
      let e = text.indexOf('\n', p);
      if (e < 0) e = text.length;
      const line = text.slice(p, e);
      const c = line.charCodeAt(0);
      let sec = -1;
      if (c !== 9 && c !== 32 && line.length > 0) {
        sec = findPgLevel(line);
        if (sec >= 0 && !PG_SECONDARY.has(pgLevel.word)) sec = -1;
      }
      if (sec >= 0) {
        if (secWord) writeSecondary(secWord, secText.trimEnd(), out);
        secWord = pgLevel.word;
        secText = line.slice(pgLevel.msgStart);
      } else if (secWord) secText += '\n' + line;
      else main += '\n' + line;
      p = e + 1;
    }
    if (secWord) writeSecondary(secWord, secText.trimEnd(), out);
    main = main.trimEnd();
  }
  const message = interpretPgMessage(main, out);
  out.str('message', message);
  let st = out.getStr('pg_sqlstate');
  if (!st) {
    // no %e in the prefix: the server's own fixed messages name their SQLSTATE, at any level
    // (FATAL `terminating connection due to administrator command`, WARNING `there is no
    // transaction in progress`, LOG `incomplete startup packet`)
    st = sqlstateFromMessage(message, word);
    if (st) out.str('pg_sqlstate', st);
  }
  if (st) writeSqlstateErrorClass(st, out);
  return true;
}

/** Parser for PostgreSQL stderr and csvlog text; name `postgres`. */
export const postgresParser: AppParser = {
  name: 'postgres',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    const c = text.charCodeAt(0);
    if ((isDigit(c) || c === 34) && looksLikePgCsv(text)) return parsePgCsv(text, out, ctx);
    return parsePgStderr(text, out, ctx);
  },
};
