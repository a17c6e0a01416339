/**
 * PostgreSQL JSON forms, given an already parsed object:
 * - jsonlog (PG 15+, `log_destination = jsonlog`): `timestamp, user, dbname, pid, remote_host,
 *   remote_port, session_id, line_num, ps, session_start, vxid, txid, error_severity, state_code,
 *   message, detail, hint, internal_query, internal_position, context, statement, cursor_position,
 *   func_name, file_name, file_line_num, application_name, backend_type, leader_pid, query_id`;
 * - CloudNativePG: `{"level","ts","logger":"postgres","msg":"record","record":{csvlog column names}}`;
 * - Google Cloud SQL (Cloud Logging export): `{"textPayload":"[pid]: [n-1] db=…,user=… LOG:  …","timestamp":…}`.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { writeSeverity } from '../severity.js';
import { applyOffset, parseIsoTimestamp, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { interpretPgMessage, writeSecondary, writeSqlstateErrorClass } from './pg-message.js';
import { PG_CSV_COLUMNS, writePgColumns } from './postgres-csv.js';
import { parsePgStderr } from './postgres-parser.js';

type Obj = Record<string, unknown>;

function s(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

const JSONLOG_ATTR: Readonly<Record<string, string>> = {
  remote_host: 'client', remote_port: 'client_port', session_id: 'session_id', line_num: 'session_line',
  ps: 'command_tag', session_start: 'session_start', vxid: 'vxid', txid: 'xid', detail: 'detail', hint: 'hint',
  internal_query: 'internal_query', internal_position: 'internal_query_pos', context: 'context',
  cursor_position: 'query_pos', func_name: 'func_name', file_name: 'file_name', file_line_num: 'file_line_num',
  application_name: 'application_name', backend_type: 'backend_type', leader_pid: 'leader_pid', query_id: 'query_id',
};

/** Whether the object is one of the PostgreSQL JSON forms above. */
export function isPgJson(o: Obj): boolean {
  if (typeof o['error_severity'] === 'string' && typeof o['timestamp'] === 'string') return true;
  const r = o['record'];
  if (r && typeof r === 'object' && typeof (r as Obj)['error_severity'] === 'string') return true;
  if (typeof o['textPayload'] === 'string') {
    const res = o['resource'];
    const type = res && typeof res === 'object' ? (res as Obj)['type'] : undefined;
    return type === 'cloudsql_database' || (typeof o['logName'] === 'string' && (o['logName'] as string).includes('postgres'));
  }
  return false;
}

/** Writes a PostgreSQL JSON record; returns false (nothing written) when it is not one. */
export function parsePgJsonObject(o: Obj, out: FieldWriter, ctx: ParseContext): boolean {
  if (!isPgJson(o)) return false;
  const tz = ctx.defaultTzOffsetMinutes ?? 0;
  if (typeof o['error_severity'] === 'string') {
    const ts = o['timestamp'] as string;
    const wall = scanDateTime(ts, 0);
    if (wall !== wall) return false;
    const z = scanZone(ts, scan.end, true);
    out.ts('ts', applyOffset(wall, z === z ? z : tz));
    const sev = o['error_severity'] as string;
    writeSeverity(out, sev);
    out.map('attributes', 'pg_level', sev);
    const user = s(o['user']);
    if (user) out.str('pg_user', user);
    const db = s(o['dbname']);
    if (db) out.str('pg_database', db);
    if (typeof o['pid'] === 'number') out.int('pg_pid', o['pid']);
    const state = s(o['state_code']);
    if (state) out.str('pg_sqlstate', state);
    for (const k in JSONLOG_ATTR) {
      const v = s(o[k]);
      if (v !== undefined && v !== '') out.map('attributes', JSONLOG_ATTR[k]!, v);
    }
    out.str('message', interpretPgMessage(s(o['message']) ?? '', out));
    const stmt = s(o['statement']);
    if (stmt) writeSecondary('STATEMENT', stmt, out);
    const st = out.getStr('pg_sqlstate');
    if (st) writeSqlstateErrorClass(st, out);
    return true;
  }
  const r = o['record'];
  if (r && typeof r === 'object') {
    const rec = r as Obj;
    const get = (i: number): string | undefined => s(rec[PG_CSV_COLUMNS[i]!]);
    if (!writePgColumns(get, out, ctx)) return false;
    const pod = s(o['logging_pod']);
    if (pod) out.map('attributes', 'logging_pod', pod);
    return true;
  }
  // Cloud SQL
  const text = o['textPayload'] as string;
  const t = typeof o['timestamp'] === 'string' ? parseIsoTimestamp(o['timestamp'] as string) : NaN;
  if (parsePgStderr(text, out, ctx, t === t ? t : undefined)) return true;
  if (t === t) out.ts('ts', t);
  const sev = s(o['severity']);
  if (sev) writeSeverity(out, sev);
  out.str('message', text);
  return true;
}
