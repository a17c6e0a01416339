/**
 * Incremental template mining over the lake: new rows (by ingest high-water mark) are mined in
 * `ts` order with the {@link TemplateMiner} whose state lives at `<warehouse>/_loglake/templates.json`
 * (so ids are stable across runs), and each row's template id is written to
 * `<warehouse>/analytics/template_assignments/part-*.parquet` keyed by (source_path, source_offset).
 *
 * Only distinct first lines travel to JS (the miner sees each distinct line once, in order of
 * first appearance); the row → template join is done by DuckDB.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TemplateMiner } from '../../enrich/templates/miner.js';
import { TemplateStateStore } from '../../enrich/templates/state-store.js';
import { LAKE_MINER_OPTIONS } from '../../enrich/templates/lake-miner-options.js';
import { isS3Uri } from '../../core/s3/uri.js';
import { query } from '../sql/lake.js';
import { LoglakeError } from '../../core/errors.js';
import { sqlList, sqlString } from './sql-text.js';

/** Version of the high-water-mark document. */
export const PATTERNS_STATE_VERSION = 1;

/**
 * How far before the mark a pass looks again for rows committed late (µs): longer than a commit's
 * retry budget (10 min) plus its window, and than clocks of a fleet are apart.
 */
export const MINING_GRACE_US = 3_600_000_000;

export { LAKE_MINER_OPTIONS };

/** Paths used by the pattern miner inside a warehouse. */
export interface PatternPaths {
  statePath: string;
  hwmPath: string;
  assignmentsDir: string;
  templatesFile: string;
}

/** Default locations of the miner state and the analytics tables for a warehouse. */
export function patternPaths(warehouse: string, statePath?: string): PatternPaths {
  const sp = statePath ?? join(warehouse, '_loglake', 'templates.json');
  // the high-water mark belongs to the local assignment files, also when the state is in S3
  const hwmBase = isS3Uri(sp) ? join(warehouse, '_loglake', 'templates.json') : sp;
  return {
    statePath: sp,
    hwmPath: hwmBase.replace(/\.json$/, '') + '.hwm.json',
    assignmentsDir: join(warehouse, 'analytics', 'template_assignments'),
    templatesFile: join(warehouse, 'analytics', 'templates.parquet'),
  };
}

interface HwmState {
  kind: 'loglake.patterns-hwm';
  version: number;
  /** Largest ingest_ts (µs since epoch) already mined. */
  ingest_hwm_us: number;
  /** Largest event ts (ms) already mined. */
  ts_hwm_ms: number;
  /** Number of miner aliases when the assignment files were last resolved. */
  aliases: number;
  parts: number;
}

/** What one incremental mining pass did. */
export interface MiningSummary {
  /** Rows mined in this pass (ingested since the last pass). */
  newRows: number;
  /** Distinct first lines fed to the miner in this pass. */
  distinctLines: number;
  /** Templates created in this pass. */
  createdTemplates: number;
  /** Live templates after the pass. */
  templates: number;
  /** True when earlier assignment files were rewritten because templates merged. */
  reresolved: boolean;
}

async function readHwm(path: string): Promise<HwmState | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    const s = JSON.parse(await readFile(path, 'utf8')) as HwmState;
    if (s.kind !== 'loglake.patterns-hwm' || s.version !== PATTERNS_STATE_VERSION) throw new Error('unknown kind/version');
    return s;
  } catch (err) {
    throw new LoglakeError('STATE_CORRUPT', `patterns: bad high-water-mark file ${path}`, { path }, false, { cause: err });
  }
}

function listParts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^part-.*\.parquet$/.test(f)).sort().map((f) => join(dir, f));
}

/**
 * Mines rows ingested since the last call, persists the miner state and the high-water mark,
 * writes a new assignment part, and defines on `con`:
 * - view `template_assignments(source_path, source_offset, ts, service, template_id)`,
 * - temp table `template_texts(id, text)` (live templates).
 * @param con a connection from `openLake`
 * @param warehouse warehouse directory (analytics tables are written below it)
 * @param statePath miner state file (default `<warehouse>/_loglake/templates.json`)
 * @returns the miner (for template texts) and a summary of this pass
 * @throws LoglakeError STATE_CORRUPT on unreadable state
 */
export async function updateTemplateAssignments(
  con: DuckDBConnection,
  warehouse: string,
  statePath?: string,
): Promise<{ miner: TemplateMiner; summary: MiningSummary }> {
  const paths = patternPaths(warehouse, statePath);
  let parts = listParts(paths.assignmentsDir);
  let hwm = await readHwm(paths.hwmPath);
  // the state is shared with ingest (and other machines): conditional, merging saves
  const store = TemplateStateStore.open(warehouse, paths.statePath);
  let miner: TemplateMiner;
  try {
    const loaded = await store.load();
    miner = loaded === undefined ? new TemplateMiner(LAKE_MINER_OPTIONS) : TemplateMiner.fromJSON(loaded);
  } catch (e) {
    await store.close();
    throw e;
  }
  // Assignment files gone (or never written): mine everything again with the kept state.
  if (hwm && parts.length === 0) hwm = undefined;
  if (!hwm) {
    for (const p of parts) rmSync(p);
    parts = [];
  }
  const aliasesBefore = hwm?.aliases ?? Object.keys(miner.toJSON().aliases).length;
  const since = hwm?.ingest_hwm_us ?? -1;

  // rows ingested with a template_id (schema v1.1) were mined at ingest with this same state
  const hasIdColumn = Number((await query(con, "SELECT count(*) FROM (DESCRIBE logs) WHERE column_name = 'template_id'")).rows[0]![0]) > 0;
  // A commit can land after a pass although its rows were read before that pass's newest row
  // (several writers, a retried commit, clocks apart): rows read up to MINING_GRACE_US before the
  // mark are looked at again and kept unless an assignment part already holds them. Only parts
  // whose mark (in their name) reaches into that window can hold them.
  const graceFrom = since < 0 ? since : since - MINING_GRACE_US;
  const recent = parts.filter((p) => {
    const m = /-(\d+)\.parquet$/.exec(p);
    return m === null || Number(m[1]) > graceFrom;
  });
  const notMined = since < 0 || recent.length === 0 ? '' : `
      AND (coalesce(epoch_us(l.ingest_ts), 0) > ${since} OR NOT EXISTS (
        SELECT 1 FROM read_parquet(${sqlList(recent)}) a WHERE a.source_path = l.source_path AND a.source_offset = l.source_offset))`;
  await con.run(`CREATE OR REPLACE TEMP TABLE _pat_new AS
    SELECT l.source_path, l.source_offset, l.ts, l.service, split_part(coalesce(l.message, ''), chr(10), 1) AS line,
           epoch_us(l.ingest_ts) AS ingest_us
    FROM logs l WHERE coalesce(epoch_us(l.ingest_ts), 0) > ${graceFrom}${hasIdColumn ? ' AND l.template_id IS NULL' : ''}${notMined}`);
  const stats = await query(con, `SELECT count(*), greatest(coalesce(max(ingest_us), ${since}), ${since}), coalesce(epoch_ms(max(ts)), ${hwm?.ts_hwm_ms ?? 0}) FROM _pat_new`);
  const [newRows, newHwm, tsHwm] = (stats.rows[0] as number[]).map(Number) as [number, number, number];
  let created = 0;
  let distinct = 0;
  if (newRows > 0) {
    const lines = await query(con, `SELECT line, epoch_ms(min(ts)) FROM _pat_new GROUP BY line ORDER BY min(ts) NULLS LAST, line`);
    distinct = lines.rows.length;
    const ids: string[] = new Array(distinct);
    for (let i = 0; i < distinct; i++) {
      const row = lines.rows[i] as [string, number | null];
      const r = miner.add(row[0], row[1] ?? undefined);
      if (r.change === 'created') created++;
      ids[i] = r.templateId;
    }
    await con.run('CREATE OR REPLACE TEMP TABLE _pat_line_map (line VARCHAR, template_id VARCHAR)');
    const app = await con.createAppender('_pat_line_map');
    for (let i = 0; i < distinct; i++) {
      app.appendVarchar((lines.rows[i] as [string])[0]);
      app.appendVarchar(miner.resolveId(ids[i] as string));
      app.endRow();
    }
    app.closeSync();
    mkdirSync(paths.assignmentsDir, { recursive: true });
    const seq = String((hwm?.parts ?? 0) + 1).padStart(6, '0');
    const part = join(paths.assignmentsDir, `part-${seq}-${newHwm}.parquet`);
    await con.run(`COPY (SELECT r.source_path, r.source_offset, r.ts, r.service, m.template_id
        FROM _pat_new r JOIN _pat_line_map m USING (line) ORDER BY r.ts)
      TO ${sqlString(part + '.tmp')} (FORMAT parquet)`);
    renameSync(part + '.tmp', part);
    parts.push(part);
  }
  await con.run('DROP TABLE IF EXISTS _pat_new');

  // Templates merged since the files were written: rewrite them with resolved ids.
  const state = miner.toJSON();
  const aliasCount = Object.keys(state.aliases).length;
  let reresolved = false;
  if (aliasCount !== aliasesBefore && parts.length > 0) {
    await con.run('CREATE OR REPLACE TEMP TABLE _pat_alias (alias VARCHAR, id VARCHAR)');
    const app = await con.createAppender('_pat_alias');
    for (const a of Object.keys(state.aliases)) {
      app.appendVarchar(a);
      app.appendVarchar(miner.resolveId(a));
      app.endRow();
    }
    app.closeSync();
    for (const p of parts) {
      await con.run(`COPY (SELECT a.source_path, a.source_offset, a.ts, a.service, coalesce(al.id, a.template_id) AS template_id
          FROM read_parquet(${sqlString(p)}) a LEFT JOIN _pat_alias al ON al.alias = a.template_id ORDER BY a.ts)
        TO ${sqlString(p + '.tmp')} (FORMAT parquet)`);
      renameSync(p + '.tmp', p);
    }
    reresolved = true;
  }

  try {
    await store.save(miner.toJSON());
  } finally {
    await store.close();
  }
  mkdirSync(dirname(paths.hwmPath), { recursive: true });
  const next: HwmState = {
    kind: 'loglake.patterns-hwm', version: PATTERNS_STATE_VERSION,
    ingest_hwm_us: newHwm, ts_hwm_ms: tsHwm, aliases: aliasCount, parts: (hwm?.parts ?? 0) + (newRows > 0 ? 1 : 0),
  };
  await writeFile(paths.hwmPath + '.tmp', JSON.stringify(next) + '\n');
  await rename(paths.hwmPath + '.tmp', paths.hwmPath);

  const mined = parts.length > 0
    ? `SELECT source_path, source_offset, ts, service, template_id FROM read_parquet(${sqlList(parts)})`
    : `SELECT NULL::VARCHAR AS source_path, NULL::BIGINT AS source_offset, NULL::TIMESTAMPTZ AS ts, NULL::VARCHAR AS service, NULL::VARCHAR AS template_id WHERE false`;
  let atIngest = '';
  if (hasIdColumn) {
    await con.run('CREATE OR REPLACE TEMP TABLE _pat_alias_all (alias VARCHAR, id VARCHAR)');
    const al = await con.createAppender('_pat_alias_all');
    for (const a of Object.keys(state.aliases)) {
      al.appendVarchar(a);
      al.appendVarchar(miner.resolveId(a));
      al.endRow();
    }
    al.closeSync();
    atIngest = ` UNION ALL SELECT l.source_path, l.source_offset, l.ts, l.service, coalesce(a.id, l.template_id) AS template_id
      FROM logs l LEFT JOIN _pat_alias_all a ON a.alias = l.template_id WHERE l.template_id IS NOT NULL`;
  }
  await con.run(`CREATE OR REPLACE VIEW template_assignments AS ${mined}${atIngest}`);
  await con.run('CREATE OR REPLACE TEMP TABLE template_texts (id VARCHAR, text VARCHAR)');
  const app = await con.createAppender('template_texts');
  for (const t of miner.templates()) {
    app.appendVarchar(t.id);
    app.appendVarchar(t.template);
    app.endRow();
  }
  app.closeSync();
  return {
    miner,
    summary: { newRows, distinctLines: distinct, createdTemplates: created, templates: miner.size, reresolved },
  };
}
