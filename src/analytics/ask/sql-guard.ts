/**
 * Checks SQL before `ask` runs it: DuckDB itself parses it (`json_serialize_sql`, which serializes
 * SELECT statements only) and the AST is walked: exactly one statement; tables only the lake's views
 * or the query's own CTEs; no table functions (read_text, read_csv, glob, ...), no file, network,
 * settings or catalog functions; no join without a condition (CROSS or comma join). COPY, ATTACH,
 * INSTALL, LOAD, PRAGMA, SET and every other non-SELECT statement fail the parse step.
 * `EXPLAIN` then binds it, so unknown columns surface as DuckDB errors (for the repair round).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Views a question may read. */
export const ALLOWED_VIEWS: ReadonlySet<string> = new Set(['logs', 'spark_logs', 'quarantine']);

/** Functions never allowed in asked SQL (file, network, settings, catalog and dynamic-SQL access). */
const FORBIDDEN_FUNCTION = /^(read_|glob$|.*_scan$|parquet_|query$|query_table$|getenv$|current_setting$|duckdb_|pragma_|iceberg_|delta_|sniff_csv$|json_execute_serialized_sql$|json_serialize_sql$|json_deserialize_sql$|install|load|http|sqlite_|postgres_|mysql_|which_secret$|enable_|disable_|checkpoint$|force_checkpoint$|set_|sql_auto_complete$|ducklake_|test_|summary$|shell)/i;

/** Why a SQL text was refused; `parse` failures may be repaired, `forbidden` ones never. */
export interface GuardRejection { ok: false; kind: 'parse' | 'forbidden'; reason: string }

/** Result of {@link checkSql}. */
export type GuardResult = { ok: true } | GuardRejection;

/** Strips one trailing semicolon and surrounding blanks. */
export function trimSql(sql: string): string {
  return sql.trim().replace(/;\s*$/, '').trim();
}

function walk(node: unknown, visit: (o: Record<string, unknown>) => string | undefined): string | undefined {
  if (Array.isArray(node)) {
    for (const x of node) { const r = walk(x, visit); if (r) return r; }
    return undefined;
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const r = visit(o);
    if (r) return r;
    for (const v of Object.values(o)) { const x = walk(v, visit); if (x) return x; }
  }
  return undefined;
}

/** Parses and checks `sql` (see module comment); never runs it. */
export async function checkSql(con: DuckDBConnection, sql: string): Promise<GuardResult> {
  let ast: { error: boolean; error_message?: string; error_type?: string; statements?: unknown[] };
  try {
    const reader = await con.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
    ast = JSON.parse(String(reader.getRowsJS()[0]![0])) as typeof ast;
  } catch (e) {
    return { ok: false, kind: 'parse', reason: `DuckDB could not parse it: ${(e as Error).message.split('\n')[0]}` };
  }
  if (ast.error) {
    const msg = ast.error_message ?? 'parse error';
    if (/only select/i.test(msg)) return { ok: false, kind: 'forbidden', reason: 'only a single read-only SELECT (or WITH … SELECT) is allowed' };
    return { ok: false, kind: 'parse', reason: `DuckDB could not parse it: ${msg.split('\n')[0]}` };
  }
  const statements = ast.statements ?? [];
  if (statements.length !== 1) return { ok: false, kind: 'forbidden', reason: `exactly one statement is allowed, got ${statements.length}` };
  const ctes = new Set<string>();
  walk(statements, (o) => {
    const map = (o.cte_map as { map?: Array<{ key: string }> } | undefined)?.map;
    if (Array.isArray(map)) for (const m of map) ctes.add(String(m.key).toLowerCase());
    return undefined;
  });
  const problem = walk(statements, (o) => {
    if (o.type === 'TABLE_FUNCTION') {
      const fn = (o.function as { function_name?: string } | undefined)?.function_name ?? '?';
      return `table function ${fn}() is not allowed; read the views ${[...ALLOWED_VIEWS].join(', ')}`;
    }
    if (o.type === 'BASE_TABLE') {
      const name = String(o.table_name ?? '').toLowerCase();
      if ((o.schema_name && o.schema_name !== 'main') || o.catalog_name) return `table ${String(o.catalog_name || o.schema_name)}.${name} is not allowed`;
      if (!ALLOWED_VIEWS.has(name) && !ctes.has(name)) return `unknown table ${name}; only ${[...ALLOWED_VIEWS].join(', ')} may be read`;
    }
    if (typeof o.function_name === 'string' && FORBIDDEN_FUNCTION.test(o.function_name)) return `function ${o.function_name}() is not allowed`;
    if (o.type === 'JOIN') {
      const using = Array.isArray(o.using_columns) ? o.using_columns.length : 0;
      if (o.ref_type === 'CROSS' || (o.ref_type === 'REGULAR' && o.condition === null && using === 0)) return 'a join without a join condition (cross join) is not allowed';
    }
    return undefined;
  });
  if (problem) return { ok: false, kind: 'forbidden', reason: problem };
  return { ok: true };
}

/** Binds the SQL with EXPLAIN (catches unknown columns and type errors without running it). */
export async function bindSql(con: DuckDBConnection, sql: string): Promise<GuardResult> {
  try {
    await con.runAndReadAll(`EXPLAIN ${sql}`);
    return { ok: true };
  } catch (e) {
    return { ok: false, kind: 'parse', reason: `DuckDB rejected it: ${(e as Error).message.split('\n')[0]}` };
  }
}
