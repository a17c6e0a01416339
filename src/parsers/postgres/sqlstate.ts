/**
 * SQLSTATE → PostgreSQL condition name (Appendix A of the PostgreSQL manual, "PostgreSQL Error
 * Codes"): the codes seen most in server logs, plus every class name as a fallback.
 */

const CODES: Readonly<Record<string, string>> = {
  '00000': 'successful_completion',
  '01000': 'warning',
  '02000': 'no_data',
  '08000': 'connection_exception',
  '08003': 'connection_does_not_exist',
  '08006': 'connection_failure',
  '08001': 'sqlclient_unable_to_establish_sqlconnection',
  '08004': 'sqlserver_rejected_establishment_of_sqlconnection',
  '08P01': 'protocol_violation',
  '0A000': 'feature_not_supported',
  '21000': 'cardinality_violation',
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22012': 'division_by_zero',
  '22023': 'invalid_parameter_value',
  '22P02': 'invalid_text_representation',
  '23000': 'integrity_constraint_violation',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '23P01': 'exclusion_violation',
  '25001': 'active_sql_transaction',
  '25P01': 'no_active_sql_transaction',
  '25P02': 'in_failed_sql_transaction',
  '25P03': 'idle_in_transaction_session_timeout',
  '25006': 'read_only_sql_transaction',
  '28000': 'invalid_authorization_specification',
  '28P01': 'invalid_password',
  '34000': 'invalid_cursor_name',
  '3D000': 'invalid_catalog_name',
  '3F000': 'invalid_schema_name',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42501': 'insufficient_privilege',
  '42601': 'syntax_error',
  '42602': 'invalid_name',
  '42703': 'undefined_column',
  '42704': 'undefined_object',
  '42710': 'duplicate_object',
  '42712': 'duplicate_alias',
  '42723': 'duplicate_function',
  '42725': 'ambiguous_function',
  '42804': 'datatype_mismatch',
  '42830': 'invalid_foreign_key',
  '42883': 'undefined_function',
  '42P01': 'undefined_table',
  '42P02': 'undefined_parameter',
  '42P04': 'duplicate_database',
  '42P05': 'duplicate_prepared_statement',
  '42P06': 'duplicate_schema',
  '42P07': 'duplicate_table',
  '42702': 'ambiguous_column',
  '53000': 'insufficient_resources',
  '53100': 'disk_full',
  '53200': 'out_of_memory',
  '53300': 'too_many_connections',
  '54000': 'program_limit_exceeded',
  '55000': 'object_not_in_prerequisite_state',
  '55006': 'object_in_use',
  '55P03': 'lock_not_available',
  '57000': 'operator_intervention',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  '57P04': 'database_dropped',
  '57P05': 'idle_session_timeout',
  '58000': 'system_error',
  '58030': 'io_error',
  'XX000': 'internal_error',
  'XX001': 'data_corrupted',
  'XX002': 'index_corrupted',
  'P0001': 'raise_exception',
  'P0002': 'no_data_found',
  'P0003': 'too_many_rows',
  'F0000': 'config_file_error',
  'HV000': 'fdw_error',
};

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
  return CODES[code] ?? CLASSES[code.slice(0, 2)];
}

/** Whether a SQLSTATE denotes an error (class other than 00 success, 01 warning, 02 no data). */
export function isErrorSqlstate(code: string): boolean {
  const c = code.slice(0, 2);
  return c !== '00' && c !== '01' && c !== '02';
}

/**
 * SQLSTATEs of the server's own fixed error messages (errmsg texts of the PostgreSQL source, each
 * raised with one errcode), for stderr logs whose log_line_prefix has no `%e`: the message start
 * (after `ERROR:  ` / `FATAL:  `) → code. Only messages raised with a single code are listed.
 */
const BY_MESSAGE: readonly (readonly [RegExp, string])[] = [
  [/^duplicate key value violates unique constraint /, '23505'],
  [/^null value in column .* violates not-null constraint/, '23502'],
  [/^(?:insert or update|update or delete) on table .* violates foreign key constraint /, '23503'],
  [/^new row for relation .* violates check constraint /, '23514'],
  [/^conflicting key value violates exclusion constraint /, '23P01'],
  [/^deadlock detected/, '40P01'],
  [/^could not serialize access due to /, '40001'],
  [/^canceling statement due to (?:statement timeout|user request)/, '57014'],
  [/^canceling statement due to lock timeout/, '55P03'],
  [/^could not obtain lock on /, '55P03'],
  [/^relation ".*" does not exist/, '42P01'],
  [/^relation ".*" already exists/, '42P07'],
  [/^column .* does not exist/, '42703'],
  [/^column reference ".*" is ambiguous/, '42702'],
  [/^(?:function|operator) .* does not exist/, '42883'],
  [/^syntax error at (?:or near|end of input)/, '42601'],
  [/^permission denied for /, '42501'],
  [/^password authentication failed for user /, '28P01'],
  [/^no pg_hba\.conf entry for /, '28000'],
  [/^database ".*" does not exist/, '3D000'],
  [/^prepared statement ".*" does not exist/, '26000'],
  [/^cursor ".*" does not exist/, '34000'],
  [/^(?:sorry, too many clients already|remaining connection slots are reserved)/, '53300'],
  [/^out of memory/, '53200'],
  [/^could not extend file .*No space left on device/, '53100'],
  [/^division by zero/, '22012'],
  [/^invalid input syntax for /, '22P02'],
  [/^value too long for type /, '22001'],
  [/^(?:integer|smallint|bigint) out of range|^numeric field overflow/, '22003'],
  [/^more than one row returned by a subquery used as an expression/, '21000'],
  [/^current transaction is aborted, commands ignored until end of transaction block/, '25P02'],
  [/^cannot execute .* in a read-only transaction/, '25006'],
  [/^there is no unique or exclusion constraint matching the ON CONFLICT specification/, '42P10'],
  [/^terminating connection due to administrator command/, '57P01'],
  [/^terminating connection due to idle-in-transaction timeout/, '25P03'],
  [/^terminating connection because of crash of another server process/, '57P02'],
  [/^the database system is (?:starting up|shutting down|in recovery mode)/, '57P03'],
  [/^connection to client lost/, '08006'],
];

/** The SQLSTATE of one of the server's fixed error messages (its first line), or undefined. */
export function sqlstateFromMessage(msg: string): string | undefined {
  const nl = msg.indexOf('\n');
  const first = nl < 0 ? msg : msg.slice(0, nl);
  for (const [re, code] of BY_MESSAGE) if (re.test(first)) return code;
  return undefined;
}
