/**
 * SQLSTATE → PostgreSQL condition name (Appendix A of the PostgreSQL manual, "PostgreSQL Error
 * Codes": every code, errcodes.ts), every class name as a fallback, and which 5-character tokens
 * are SQLSTATEs at all (isKnownSqlstate: a prefix's `%e` is told from other 5-character tokens by
 * it). Codes of the server's fixed messages for lines that log none (sqlstateFromMessage).
 */
import { ERRCODES } from './errcodes.js';

const CLASSES: Readonly<Record<string, string>> = {
  '00': 'successful_completion', '01': 'warning', '02': 'no_data', '03': 'sql_statement_not_yet_complete',
  '08': 'connection_exception', '09': 'triggered_action_exception', '0A': 'feature_not_supported',
  '0B': 'invalid_transaction_initiation', '0F': 'locator_exception', '0L': 'invalid_grantor',
  '0P': 'invalid_role_specification', '0Z': 'diagnostics_exception', '20': 'case_not_found',
  '21': 'cardinality_violation', '22': 'data_exception', '23': 'integrity_constraint_violation',
  '24': 'invalid_cursor_state', '25': 'invalid_transaction_state', '26': 'invalid_sql_statement_name',
  '27': 'triggered_data_change_violation', '28': 'invalid_authorization_specification',
  '2B': 'dependent_privilege_descriptors_still_exist', '2D': 'invalid_transaction_termination',
  '2F': 'sql_routine_exception', '34': 'invalid_cursor_name', '38': 'external_routine_exception',
  '39': 'external_routine_invocation_exception', '3B': 'savepoint_exception',
  '3D': 'invalid_catalog_name', '3F': 'invalid_schema_name', '40': 'transaction_rollback',
  '42': 'syntax_error_or_access_rule_violation', '44': 'with_check_option_violation',
  '53': 'insufficient_resources', '54': 'program_limit_exceeded', '55': 'object_not_in_prerequisite_state',
  '57': 'operator_intervention', '58': 'system_error', '72': 'snapshot_too_old', 'F0': 'config_file_error',
  'HV': 'fdw_error', 'P0': 'plpgsql_error', 'XX': 'internal_error',
};

/** Condition name for a 5-character SQLSTATE (exact code, else its class), or undefined. */
export function sqlstateConditionName(code: string): string | undefined {
  return ERRCODES.get(code) ?? CLASSES[code.slice(0, 2)];
}

/** Whether `code` is one of the SQLSTATEs PostgreSQL defines (Appendix A). */
export function isKnownSqlstate(code: string): boolean {
  return code.length === 5 && ERRCODES.has(code);
}

/** Whether a SQLSTATE denotes an error (class other than 00 success, 01 warning, 02 no data). */
export function isErrorSqlstate(code: string): boolean {
  const c = code.slice(0, 2);
  return c !== '00' && c !== '01' && c !== '02';
}

/**
 * SQLSTATEs of the server's own fixed messages (errmsg texts of the PostgreSQL source, each raised
 * with one errcode), for stderr logs whose log_line_prefix has no `%e`: the message start (after
 * `ERROR:  ` / `FATAL:  ` / `WARNING:  ` / `LOG:  `) → code, and the levels the server raises it at
 * (default ERROR_LEVELS; the same text raised at two levels with two codes: `role "x" does not
 * exist` is 28000 at login (FATAL), 42704 in a statement (ERROR)). Checked against the source: tcop/postgres.c
 * ProcessInterrupts (57P01, 57014, 55P03, 25P03, 25P04, 57P05, 08006, 40001 recovery conflict),
 * SocketBackend (08006 EOF in a transaction, 08P01), libpq/auth.c auth_failed (28P01 password /
 * md5 / scram, 28000 every other method), utils/init (53300, 57P03, 28000, 3D000), access/transam/
 * xact.c (25P01 / 25001 warnings), storage/lmgr (40P01, 55P03), and the executor / parser / catalog
 * messages below.
 */
/** Levels a rule without its own applies at: the ERROR it is raised with, and ERROR promoted to FATAL / PANIC. */
const ERROR_LEVELS = 'ERROR FATAL PANIC';

const BY_MESSAGE: readonly (readonly [RegExp, string, string?])[] = [
  [/^duplicate key value violates unique constraint /, '23505'],
  [/^null value in column .* violates not-null constraint/, '23502'],
  [/^(?:insert or update|update or delete) on table .* violates foreign key constraint /, '23503'],
  [/^new row for relation .* violates check constraint /, '23514'],
  [/^conflicting key value violates exclusion constraint /, '23P01'],
  [/^deadlock detected/, '40P01'],
  [/^could not serialize access due to /, '40001'],
  [/^canceling statement due to conflict with recovery/, '40001'],
  [/^canceling statement due to (?:statement timeout|user request)/, '57014'],
  [/^canceling (?:autovacuum task|authentication due to timeout)/, '57014'],
  [/^canceling statement due to lock timeout/, '55P03'],
  [/^could not obtain lock on /, '55P03'],
  [/^relation ".*" does not exist/, '42P01'],
  [/^relation ".*" already exists/, '42P07'],
  [/^column .* does not exist/, '42703'],
  [/^column reference ".*" is ambiguous/, '42702'],
  [/^(?:function|operator) .* does not exist/, '42883'],
  [/^type ".*" does not exist/, '42704'],
  [/^schema ".*" does not exist/, '3F000'],
  [/^schema ".*" already exists/, '42P06'],
  [/^database ".*" already exists/, '42P04'],
  [/^syntax error at (?:or near|end of input)/, '42601'],
  [/^permission denied for /, '42501'],
  [/^must be owner of /, '42501'],
  [/^password authentication failed for user /, '28P01'],
  [/^(?:Ident|Peer|GSSAPI|SSPI|PAM|BSD|LDAP|certificate|RADIUS|"trust") authentication failed for user /, '28000'],
  [/^authentication failed for user ".*": host rejected/, '28000'],
  [/^no pg_hba\.conf entry for /, '28000'],
  [/^pg_hba\.conf rejects connection for /, '28000'],
  [/^role ".*" is not permitted to log in/, '28000'],
  [/^role ".*" does not exist/, '28000', 'FATAL'],
  [/^role ".*" does not exist/, '42704', 'ERROR'],
  [/^database ".*" does not exist/, '3D000'],
  [/^prepared statement ".*" does not exist/, '26000'],
  [/^cursor ".*" does not exist/, '34000'],
  [/^(?:sorry, too many clients already|remaining connection slots are reserved|too many connections for (?:role|database) )/, '53300'],
  [/^out of (?:shared )?memory/, '53200'],
  [/^could not extend file .*No space left on device/, '53100'],
  [/^division by zero/, '22012'],
  [/^invalid input syntax for /, '22P02'],
  [/^value too long for type /, '22001'],
  [/^(?:integer|smallint|bigint) out of range|^numeric field overflow/, '22003'],
  [/^more than one row returned by a subquery used as an expression/, '21000'],
  [/^current transaction is aborted, commands ignored until end of transaction block/, '25P02'],
  [/^cannot execute .* in a read-only transaction/, '25006'],
  [/^there is no transaction in progress/, '25P01', 'WARNING'],
  [/^there is already a transaction in progress/, '25001', 'WARNING'],
  [/^there is no unique or exclusion constraint matching the ON CONFLICT specification/, '42P10'],
  [/^terminating (?:connection|autovacuum process|logical replication worker|background worker ".*") due to administrator command/, '57P01'],
  [/^terminating connection due to idle-in-transaction timeout/, '25P03'],
  [/^terminating connection due to transaction timeout/, '25P04'],
  [/^terminating connection due to idle-session timeout/, '57P05'],
  [/^terminating connection because of crash of another server process/, '57P02', 'WARNING FATAL'],
  [/^the database system is (?:starting up|shutting down|in recovery mode|not yet accepting connections|not accepting connections)/, '57P03'],
  [/^connection to client lost/, '08006'],
  [/^unexpected EOF on client connection with an open transaction/, '08006', 'LOG ERROR'],
  [/^incomplete startup packet/, '08P01', 'LOG'],
];

/** BY_MESSAGE by level word: [pattern, code] pairs in table order. */
const RULES = new Map<string, (readonly [RegExp, string])[]>();
for (const [re, code, at] of BY_MESSAGE) {
  for (const level of (at ?? ERROR_LEVELS).split(' ')) {
    let list = RULES.get(level);
    if (list === undefined) RULES.set(level, (list = []));
    list.push([re, code]);
  }
}

/**
 * The SQLSTATE of one of the server's fixed messages (its first line) logged at `level` (the
 * level word as printed: ERROR, FATAL, WARNING, LOG …), or undefined. Each message maps only at
 * the levels the server raises it at (ERROR / FATAL / PANIC unless the rule names its own: the
 * WARNINGs of xact.c, the COMMERRORs printed as LOG): the same text at another level is some
 * other program's.
 */
export function sqlstateFromMessage(msg: string, level = 'ERROR'): string | undefined {
  const nl = msg.indexOf('\n');
  const first = nl < 0 ? msg : msg.slice(0, nl);
  const rules = RULES.get(level);
  if (rules === undefined) return undefined;
  for (const [re, code] of rules) if (re.test(first)) return code;
  return undefined;
}
