/**
 * `minePatterns`: incremental template mining over the lake plus a report of the top templates
 * (with their trend: count in the last window vs the window before) and the templates first
 * seen in the last window. Writes `<warehouse>/analytics/templates.parquet`
 * (id, text, service, first_seen, last_seen, count, example).
 */
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';
import { patternPaths, updateTemplateAssignments, type MiningSummary } from './template-assignments.js';
import { sqlString, sqlTime } from './sql-text.js';

/** Options of {@link minePatterns}. */
export interface PatternOptions {
  /** Warehouse directory (state and analytics tables live below it). */
  warehouse: string;
  /** Report only this service (mining always covers every new row). */
  service?: string;
  /** Report window start / end (epoch ms). Default: the whole lake; `until` = latest row. */
  since?: number;
  until?: number;
  /** Miner state file (default `<warehouse>/_loglake/templates.json`). */
  statePath?: string;
  /** Trend window in seconds (default 3600). */
  windowSecs?: number;
  /** Number of top templates to return (default 20). */
  top?: number;
}

/** One template in the report. */
export interface PatternRow {
  id: string;
  text: string;
  /** Services that wrote it, most frequent first. */
  services: string[];
  count: number;
  first_seen: string;
  last_seen: string;
  /** Count in [until - window, until). */
  last_window: number;
  /** Count in [until - 2 window, until - window). */
  previous_window: number;
  /** `new` (first seen in the last window), `up`, `down`, `flat`, `gone` (none in the last window). */
  trend: 'new' | 'up' | 'down' | 'flat' | 'gone';
  example: string;
}

/** Result of {@link minePatterns}. */
export interface PatternsResult {
  warehouse: string;
  service: string | null;
  since: string | null;
  until: string | null;
  window_secs: number;
  rows: number;
  templates: number;
  top: PatternRow[];
  /** Templates whose first row (in scope) falls in the last window. */
  new_in_window: PatternRow[];
  mining: MiningSummary;
  templates_file: string;
}

/**
 * Mines new rows, rewrites the templates table and reports top / new templates.
 * @param con connection from `openLake(warehouse)`
 * @param opts see {@link PatternOptions}
 */
export async function minePatterns(con: DuckDBConnection, opts: PatternOptions): Promise<PatternsResult> {
  const paths = patternPaths(opts.warehouse, opts.statePath);
  const { summary } = await updateTemplateAssignments(con, opts.warehouse, opts.statePath);
  const windowSecs = opts.windowSecs ?? 3600;
  const top = opts.top ?? 20;

  // The templates table (all services, all time).
  mkdirSync(dirname(paths.templatesFile), { recursive: true });
  await con.run(`COPY (
      SELECT a.template_id AS id, t.text, a.service, min(a.ts) AS first_seen, max(a.ts) AS last_seen, count(*) AS count,
             arg_min(split_part(l.message, chr(10), 1), a.ts) AS example
      FROM template_assignments a
      JOIN template_texts t ON t.id = a.template_id
      LEFT JOIN logs l ON l.source_path = a.source_path AND l.source_offset = a.source_offset
      GROUP BY ALL ORDER BY count DESC, id, service)
    TO ${sqlString(paths.templatesFile + '.tmp')} (FORMAT parquet)`);
  renameSync(paths.templatesFile + '.tmp', paths.templatesFile);

  const where: string[] = ['true'];
  if (opts.service) where.push(`a.service = ${sqlString(opts.service)}`);
  if (opts.since !== undefined) where.push(`a.ts >= ${sqlTime(opts.since)}`);
  if (opts.until !== undefined) where.push(`a.ts < ${sqlTime(opts.until)}`);
  await con.run(`CREATE OR REPLACE TEMP TABLE _pat_scope AS SELECT a.* FROM template_assignments a WHERE ${where.join(' AND ')}`);
  const bounds = await query(con, 'SELECT epoch_ms(max(ts)), count(*), count(DISTINCT template_id) FROM _pat_scope');
  const [maxTs, rows, ntemplates] = bounds.rows[0] as [number | null, number, number];
  const until = opts.until ?? (maxTs === null ? undefined : maxTs + 1);
  const result: PatternsResult = {
    warehouse: opts.warehouse,
    service: opts.service ?? null,
    since: opts.since === undefined ? null : new Date(opts.since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    window_secs: windowSecs,
    rows: Number(rows),
    templates: Number(ntemplates),
    top: [],
    new_in_window: [],
    mining: summary,
    templates_file: paths.templatesFile,
  };
  if (until === undefined) return result;
  const w1 = sqlTime(until - windowSecs * 1000);
  const w0 = sqlTime(until - 2 * windowSecs * 1000);
  const u = sqlTime(until);
  await con.run(`CREATE OR REPLACE TEMP TABLE _pat_report AS
    WITH per AS (
      SELECT template_id, service, count(*) AS n, min(ts) AS fs, max(ts) AS ls,
             count(*) FILTER (WHERE ts >= ${w1} AND ts < ${u}) AS last_w,
             count(*) FILTER (WHERE ts >= ${w0} AND ts < ${w1}) AS prev_w
      FROM _pat_scope GROUP BY ALL)
    SELECT p.template_id AS id, t.text, list(p.service ORDER BY p.n DESC) AS services, sum(p.n)::BIGINT AS count,
           min(p.fs) AS first_seen, max(p.ls) AS last_seen, sum(p.last_w)::BIGINT AS last_window, sum(p.prev_w)::BIGINT AS previous_window
    FROM per p JOIN template_texts t ON t.id = p.template_id GROUP BY ALL`);
  const cols = `r.id, r.text, r.services, r.count, r.first_seen, r.last_seen, r.last_window, r.previous_window,
    (SELECT split_part(l.message, chr(10), 1) FROM _pat_scope s JOIN logs l ON l.source_path = s.source_path AND l.source_offset = s.source_offset
      WHERE s.template_id = r.id ORDER BY s.ts DESC LIMIT 1) AS example`;
  const toRow = (row: unknown[]): PatternRow => {
    const [id, text, services, count, fs, ls, lw, pw, example] = row as [string, string, string[], number, string, string, number, number, string | null];
    const firstMs = Date.parse(fs);
    let trend: PatternRow['trend'];
    if (firstMs >= until - windowSecs * 1000) trend = 'new';
    else if (lw === 0 && pw > 0) trend = 'gone';
    else if (lw > 1.5 * pw + 2) trend = 'up';
    else if (pw > 1.5 * lw + 2) trend = 'down';
    else trend = 'flat';
    return { id, text, services, count: Number(count), first_seen: fs, last_seen: ls, last_window: Number(lw), previous_window: Number(pw), trend, example: example ?? '' };
  };
  result.top = (await query(con, `SELECT ${cols} FROM _pat_report r ORDER BY r.count DESC, r.id LIMIT ${top}`)).rows.map(toRow);
  result.new_in_window = (await query(con, `SELECT ${cols} FROM _pat_report r WHERE r.first_seen >= ${w1} ORDER BY r.first_seen, r.id LIMIT ${Math.max(top, 50)}`)).rows.map(toRow);
  await con.run('DROP TABLE IF EXISTS _pat_scope; DROP TABLE IF EXISTS _pat_report');
  return result;
}
