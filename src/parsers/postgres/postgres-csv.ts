/**
 * PostgreSQL csvlog records (`log_destination = csvlog`) and records with the same column names
 * (CloudNativePG's JSON `record` object). Column order (PostgreSQL manual, "Using CSV-Format Log
 * Output"): 23 columns up to PG 12, + backend_type (PG 13), + leader_pid, query_id (PG 14+).
 * Quoted fields may contain newlines and doubled quotes.
 *
 * Writes ts, severity (+ attributes.pg_level), pg_user, pg_database, pg_pid, pg_sqlstate, message
 * (+ duration/step via interpretPgMessage), error_class, and attributes for the other columns
 * (client, client_port, session_id, session_line, command_tag, session_start, vxid, xid, detail,
 * hint, internal_query, context, query, location, application_name, backend_type, query_id …).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { writeSeverity } from '../severity.js';
import { applyOffset, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { interpretPgMessage, writeSecondary, writeSqlstateErrorClass } from './pg-message.js';

/** csvlog column names in order (PG 14+ superset). */
export const PG_CSV_COLUMNS = [
  'log_time', 'user_name', 'database_name', 'process_id', 'connection_from', 'session_id',
  'session_line_num', 'command_tag', 'session_start_time', 'virtual_transaction_id', 'transaction_id',
  'error_severity', 'sql_state_code', 'message', 'detail', 'hint', 'internal_query', 'internal_query_pos',
  'context', 'query', 'query_pos', 'location', 'application_name', 'backend_type', 'leader_pid', 'query_id',
] as const;

const ATTR_NAME: Readonly<Record<string, string>> = {
  session_id: 'session_id', session_line_num: 'session_line', command_tag: 'command_tag',
  session_start_time: 'session_start', virtual_transaction_id: 'vxid', transaction_id: 'xid',
  internal_query: 'internal_query', internal_query_pos: 'internal_query_pos', context: 'context',
  query_pos: 'query_pos', location: 'location', application_name: 'application_name',
  backend_type: 'backend_type', leader_pid: 'leader_pid', query_id: 'query_id', hint: 'hint', detail: 'detail',
};

const fields: string[] = [];

/** Splits one CSV record (whole text, may contain newlines in quotes) into the shared `fields` array; returns the count. */
function splitCsv(text: string): number {
  fields.length = 0;
  let p = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(p) === 34) {
      let s = p + 1;
      let val = '';
      for (;;) {
        const q = text.indexOf('"', s);
        if (q < 0) {
          val += text.slice(s);
          p = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          val += text.slice(s, q + 1);
          s = q + 2;
          continue;
        }
        val += text.slice(s, q);
        p = q + 1;
        break;
      }
      fields.push(val);
    } else {
      let e = text.indexOf(',', p);
      if (e < 0) e = n;
      fields.push(text.slice(p, e).replace(/\r?\n$/, ''));
      p = e;
    }
    if (p >= n || text.charCodeAt(p) !== 44) break;
    p++;
  }
  return fields.length;
}

function parseTime(v: string, defaultOffset: number): number {
  const wall = scanDateTime(v, 0);
  if (wall !== wall) return NaN;
  const z = scanZone(v, scan.end, true);
  return applyOffset(wall, z === z ? z : defaultOffset);
}

/**
 * Writes a PG record given as values by csvlog column index (`get(i)` → value or undefined/'' when
 * empty). Returns false (nothing written) when log_time or error_severity is missing.
 */
export function writePgColumns(get: (i: number) => string | undefined, out: FieldWriter, ctx: ParseContext): boolean {
  const tz = ctx.defaultTzOffsetMinutes ?? 0;
  const t = parseTime(get(0) ?? '', tz);
  const sev = get(11);
  if (t !== t || !sev) return false;
  out.ts('ts', t);
  writeSeverity(out, sev);
  out.map('attributes', 'pg_level', sev);
  const user = get(1);
  if (user) out.str('pg_user', user);
  const db = get(2);
  if (db) out.str('pg_database', db);
  const pid = get(3);
  if (pid && /^\d+$/.test(pid)) out.int('pg_pid', Number(pid));
  const from = get(4);
  if (from) {
    const c = from.lastIndexOf(':');
    if (c > 0 && /^\d+$/.test(from.slice(c + 1))) {
      out.map('attributes', 'client', from.slice(0, c));
      out.map('attributes', 'client_port', from.slice(c + 1));
    } else out.map('attributes', 'client', from);
  }
  const state = get(12);
  if (state) out.str('pg_sqlstate', state);
  for (let i = 5; i < PG_CSV_COLUMNS.length; i++) {
    if (i === 11 || i === 12 || i === 13 || i === 19) continue;
    const v = get(i);
    if (v) out.map('attributes', ATTR_NAME[PG_CSV_COLUMNS[i]!] ?? PG_CSV_COLUMNS[i]!, v);
  }
  const q = get(19);
  out.str('message', interpretPgMessage(get(13) ?? '', out));
  if (q) writeSecondary('STATEMENT', q, out);
  const st = out.getStr('pg_sqlstate');
  if (st) writeSqlstateErrorClass(st, out);
  return true;
}

const getField = (i: number): string | undefined => fields[i];

/** Parses one csvlog record (call after looksLikePgCsv). */
export function parsePgCsv(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  if (splitCsv(text) < 14) return false;
  return writePgColumns(getField, out, ctx);
}
