/**
 * The read-only SQL console of `loglake serve`: the same views as `loglake query`, copied into a
 * temporary DuckDB file that is then opened READ_ONLY with external access disabled (only the
 * warehouse directory readable) and the configuration locked. A statement must be a single
 * SELECT that names no file-reading function; a query is interrupted after a time limit.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoglakeError, UsageError } from '../../core/errors.js';
import { openWarehouse, plain, type QueryResult } from '../sql/lake.js';

/** Functions that read files, list directories or reach outside the views, refused by name. */
const DENIED = /\b(read_\w+|glob|sniff_csv|parquet_\w+|iceberg_\w+|delta_scan|query_table|query|getenv|pragma_\w+|duckdb_\w+|which_secret|load_extension|current_setting|set_variable|getvariable|install|load|attach|detach|copy|export|import|checkpoint|pragma|call|set|reset)\s*\(/i;

/** Statement type number of a SELECT in DuckDB's C API. */
const SELECT_STATEMENT = 1;

/** An open console. */
export interface SqlConsole {
  /** Runs one read-only SELECT; at most `maxRows` rows come back. */
  run(sql: string): Promise<QueryResult & { truncated: boolean; elapsed_ms: number }>;
  close(): void;
}

/** Options of {@link openSqlConsole}. */
export interface SqlConsoleOptions { timeoutMs?: number; maxRows?: number }

/** Copies the lake's views into a temporary database file and opens it read-only and sandboxed. */
export async function openSqlConsole(warehouse: string, o: SqlConsoleOptions = {}): Promise<SqlConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-console-'));
  const file = join(dir, 'console.duckdb');
  const lake = await openWarehouse(warehouse);
  try {
    await lake.con.run(`ATTACH '${file.replace(/'/g, "''")}' AS console_db`);
    const tables = (await lake.con.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'memory' AND schema_name = 'main' AND NOT temporary`)).getRowsJS();
    for (const [t] of tables) await lake.con.run(`CREATE TABLE console_db.main."${String(t).replace(/"/g, '""')}" AS SELECT * FROM memory.main."${String(t).replace(/"/g, '""')}"`);
    let views = (await lake.con.runAndReadAll(`SELECT sql FROM duckdb_views() WHERE database_name = 'memory' AND schema_name = 'main' AND NOT internal AND NOT temporary`)).getRowsJS().map((r) => String(r[0]));
    await lake.con.run('USE console_db');
    for (let pass = 0; views.length > 0 && pass < 5; pass++) {
      const failed: string[] = [];
      for (const v of views) await lake.con.run(v).catch(() => failed.push(v));
      views = failed;
    }
    await lake.con.run('USE memory');
    await lake.con.run('DETACH console_db');
  } finally {
    lake.close();
  }
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const con = await db.connect();
  const root = warehouse.endsWith('/') ? warehouse : warehouse + '/';
  await con.run("SET TimeZone = 'UTC'");
  await con.run(`SET allowed_directories = ['${root.replace(/'/g, "''")}']`);
  await con.run('SET enable_external_access = false');
  await con.run('SET lock_configuration = true');
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxRows = o.maxRows ?? 1000;
  let busy: Promise<unknown> = Promise.resolve();
  return {
    async run(sql) {
      await checkStatement(con, sql);
      const run = busy.then(() => runLimited(con, sql, timeoutMs, maxRows));
      busy = run.catch(() => undefined);
      return run;
    },
    close() {
      con.closeSync();
      db.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Refuses anything but one SELECT without file-reading functions. */
async function checkStatement(con: DuckDBConnection, sql: string): Promise<void> {
  if (sql.length > 20_000) throw new UsageError('statement too long (20,000 characters at most)');
  if (!/^[\s(]*(select|with|from|values|table)\b/i.test(sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, ''))) throw new UsageError('refused: the console is read-only (SELECT only)');
  if (DENIED.test(sql)) throw new UsageError('refused: the console runs SELECTs over the lake views only (no file, extension or settings functions)');
  let count: number;
  try {
    count = (await con.extractStatements(sql)).count;
  } catch (e) {
    throw new UsageError(`SQL error: ${(e as Error).message.split('\n')[0]}`);
  }
  if (count !== 1) throw new UsageError('refused: exactly one statement, please');
  let type: number;
  try {
    const p = await con.prepare(sql);
    type = p.statementType as unknown as number;
    p.destroySync();
  } catch (e) {
    throw new UsageError(`SQL error: ${(e as Error).message.split('\n')[0]}`);
  }
  if (type !== SELECT_STATEMENT) throw new UsageError('refused: the console is read-only (SELECT only)');
}

async function runLimited(con: DuckDBConnection, sql: string, timeoutMs: number, maxRows: number): Promise<QueryResult & { truncated: boolean; elapsed_ms: number }> {
  const t0 = performance.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    con.interrupt();
  }, timeoutMs);
  try {
    const reader = await con.streamAndReadUntil(sql, maxRows + 1);
    const columns = reader.columnNames();
    const all = reader.getRowsJS();
    const rows = all.slice(0, maxRows).map((r) => r.map(plain));
    return { columns, rows, truncated: all.length > maxRows, elapsed_ms: Math.round(performance.now() - t0) };
  } catch (e) {
    if (timedOut) throw new LoglakeError('QUERY_FAILED', `query cancelled after ${timeoutMs / 1000} s (time limit)`, { timeout: true });
    throw new UsageError(`SQL error: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
  }
}
