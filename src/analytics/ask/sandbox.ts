/**
 * Read-only execution for `ask`: after the lake's views exist, file access is limited to the
 * warehouse directory, external access is switched off and the configuration is locked (so no
 * later statement can re-enable it); each query runs with a row limit and a time limit.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { LoglakeError } from '../../core/errors.js';
import { query, type QueryResult } from '../sql/lake.js';
import { sqlString } from './plan-to-sql.js';

/** Locks a connection down to reading the warehouse. Call once, after the views are defined. */
export async function lockDown(con: DuckDBConnection, warehouse: string): Promise<void> {
  const dir = resolve(warehouse).replace(/\/?$/, '/');
  await con.run(`SET allowed_directories = [${sqlString(dir)}]`);
  await con.run('SET enable_external_access = false');
  await con.run('SET autoinstall_known_extensions = false');
  await con.run('SET autoload_known_extensions = false');
  await con.run('SET lock_configuration = true');
}

/** Limits for one query. */
export interface RunLimits { maxRows: number; timeoutMs: number }

/**
 * Runs one checked SELECT with at most `maxRows` rows (the SQL is wrapped, so its own LIMIT cannot
 * raise it) and interrupts it after `timeoutMs`.
 * @throws LoglakeError QUERY_FAILED (DuckDB error or time limit)
 */
export async function runLimited(con: DuckDBConnection, sql: string, limits: RunLimits): Promise<QueryResult & { truncated: boolean }> {
  const wrapped = `SELECT * FROM (\n${sql}\n) AS ask_result LIMIT ${limits.maxRows + 1}`;
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; con.interrupt(); }, limits.timeoutMs);
  try {
    const r = await query(con, wrapped);
    const truncated = r.rows.length > limits.maxRows;
    return { columns: r.columns, rows: truncated ? r.rows.slice(0, limits.maxRows) : r.rows, truncated };
  } catch (e) {
    if (timedOut) throw new LoglakeError('QUERY_FAILED', `query stopped after the time limit of ${limits.timeoutMs} ms`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

