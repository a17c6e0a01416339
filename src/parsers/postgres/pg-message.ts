/**
 * Interpretation of a PostgreSQL message body, shared by the stderr, csvlog and jsonlog parsers:
 *
 * - verbose SQLSTATE prefix `42601: syntax error …` → pg_sqlstate (removed from the message);
 * - `duration: 12.345 ms` → pg_duration_ms, then the query step
 *   `statement|execute <name>|parse <name>|bind <name>|execute fetch from <name>|plan: <sql>` →
 *   attributes.query_step / query_name (not for `<unnamed>`) / query, and pg_statement_kind;
 * - `statement: <sql>` (log_statement) and `execute <name>: <sql>` lines the same way;
 * - pg_sqlstate → error_class (condition name) when it is an error class.
 */
import type { FieldWriter } from '../../core/fields.js';
import { isErrorSqlstate, isKnownSqlstate, sqlstateConditionName } from './sqlstate.js';
import { statementKind } from './statement-kind.js';

const STEP = /^(statement|execute fetch from|execute|parse|bind|plan|fastpath function call)(?: ([^:\n]*?))?: ?/;

function isSqlstateChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/**
 * Writes fields derived from the primary message `msg`; returns the message to store (the input
 * without a verbose SQLSTATE prefix).
 */
export function interpretPgMessage(msg: string, out: FieldWriter): string {
  // verbose: "42601: syntax error ..."
  if (msg.length > 7 && msg.charCodeAt(5) === 58 && msg.charCodeAt(6) === 32) {
    let ok = true;
    for (let i = 0; i < 5; i++) if (!isSqlstateChar(msg.charCodeAt(i))) ok = false;
    if (ok && isKnownSqlstate(msg.slice(0, 5))) {
      out.str('pg_sqlstate', msg.slice(0, 5));
      msg = msg.slice(7);
    }
  }
  let p = 0;
  if (msg.startsWith('duration: ')) {
    let e = 10;
    while (e < msg.length) {
      const c = msg.charCodeAt(e);
      if ((c >= 48 && c <= 57) || c === 46) e++;
      else break;
    }
    const ms = Number(msg.slice(10, e));
    if (e > 10 && Number.isFinite(ms) && msg.startsWith(' ms', e)) {
      out.double('pg_duration_ms', ms);
      p = e + 3;
      while (msg.charCodeAt(p) === 32) p++;
    } else return msg;
  }
  const c = msg.charCodeAt(p);
  // s(tatement) e(xecute) p(arse|lan) b(ind) f(astpath)
  if (c === 115 || c === 101 || c === 112 || c === 98 || c === 102) {
    const rest = p === 0 ? msg : msg.slice(p);
    const m = STEP.exec(rest);
    if (m) {
      out.map('attributes', 'query_step', m[1]!);
      const name = m[2];
      if (name && name !== '<unnamed>') out.map('attributes', 'query_name', name);
      const sql = rest.slice(m[0].length);
      if (sql.length > 0 && m[1] !== 'plan') {
        out.map('attributes', 'query', sql);
        const k = statementKind(sql);
        if (k) out.str('pg_statement_kind', k);
      }
    }
  }
  return msg;
}

/** Writes error_class from pg_sqlstate (condition name) for error classes. */
export function writeSqlstateErrorClass(code: string, out: FieldWriter): void {
  if (!isErrorSqlstate(code)) return;
  const name = sqlstateConditionName(code);
  out.str('error_class', name ?? code);
}

/**
 * Stores a secondary report line (DETAIL/HINT/STATEMENT/CONTEXT/LOCATION/QUERY) of a folded
 * stderr event into attributes (lower-case key), and uses STATEMENT/QUERY for pg_statement_kind
 * when the primary message had no statement.
 */
export function writeSecondary(word: string, text: string, out: FieldWriter): void {
  const key = word.toLowerCase();
  out.map('attributes', key, text);
  if ((word === 'STATEMENT' || word === 'QUERY') && !out.has('pg_statement_kind')) {
    const k = statementKind(text);
    if (k) out.str('pg_statement_kind', k);
  }
}
