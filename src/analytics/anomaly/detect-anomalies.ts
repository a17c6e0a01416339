/**
 * `detectAnomalies`: the whole unsupervised pass over a lake. Mines templates incrementally
 * (patterns module), aggregates counts per (entity, window, severity, template) in DuckDB, runs
 * the detectors, merges and correlates, fetches a few sample rows per anomaly, and writes
 * `<warehouse>/analytics/anomalies.parquet`.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';
import { updateTemplateAssignments } from '../patterns/template-assignments.js';
import { humanSecs, sqlList, sqlString, sqlTime } from '../patterns/sql-text.js';
import { loadWindowSeries, entityPredicate, type WindowSeries } from './window-series.js';
import { runDetectors, type AnomalyKind, type DetectorConfig } from './detectors.js';
import { groupIncidents, type Incident } from './group-incidents.js';
import { classifyBenign } from './classify-benign.js';
import { assembleAnomalies, type Anomaly, type AssembleOptions, type SampleRow } from './assemble-anomalies.js';

/** Options of {@link detectAnomalies}. */
export interface AnomalyOptions extends AssembleOptions {
  warehouse: string;
  /** Window size in seconds (default 300). */
  windowSecs?: number;
  /** Report only anomalies of this service (all services are still analysed for baselines and correlation). */
  service?: string;
  /** Report anomalies overlapping [since, until) (epoch ms); history before `since` is used as baseline. */
  since?: number;
  until?: number;
  /** Only these kinds (default all). */
  kinds?: readonly AnomalyKind[];
  /** Detector overrides. */
  config?: Partial<DetectorConfig>;
  /** Detect per Kafka broker (default true). */
  splitBrokers?: boolean;
  /** Miner state file (default `<warehouse>/_loglake/templates.json`). */
  statePath?: string;
  /** Sample rows per anomaly (default 3). */
  samples?: number;
  /** Write `analytics/anomalies.parquet` (default true). */
  write?: boolean;
  /** Keep benign anomalies (deploy, periodic, scheduled) in `anomalies` and the table, labelled (default false: they go to `benign`). */
  includeBenign?: boolean;
}

/** Result of {@link detectAnomalies}. */
export interface AnomaliesResult {
  warehouse: string;
  window_secs: number;
  /** Time range analysed (ISO) and number of entities / windows. */
  start: string | null;
  end: string | null;
  entities: string[];
  windows: number;
  anomalies: Anomaly[];
  /** Related anomalies grouped across entities, with a ranked root cause. */
  incidents?: Incident[];
  /** Anomalies recognized as benign (deploy, schedule, ...); not in `anomalies`. */
  benign?: Anomaly[];
  table_file: string | null;
}

/**
 * Detects anomalies in a lake.
 * @param con connection from `openLake(opts.warehouse)`
 */
export async function detectAnomalies(con: DuckDBConnection, opts: AnomalyOptions): Promise<AnomaliesResult> {
  const windowSecs = opts.windowSecs ?? 300;
  await updateTemplateAssignments(con, opts.warehouse, opts.statePath);
  const series = await loadWindowSeries(con, {
    windowSecs, ...(opts.until !== undefined ? { until: opts.until } : {}), ...(opts.splitBrokers !== undefined ? { splitBrokers: opts.splitBrokers } : {}),
  });
  // Seasonality: a daily period by default (used by the baselines once two days of history exist).
  const config = { ...opts.config };
  if (config.seasonPeriodWindows === undefined && 86_400 % windowSecs === 0) config.seasonPeriodWindows = 86_400 / windowSecs;
  const all = detectInSeries(series, { ...opts, config });
  const { alerts, benign } = classifyBenign(series, all);
  const incidents = groupIncidents(series, alerts);
  let anomalies = opts.includeBenign ? [...alerts, ...benign].sort(byStart) : alerts;
  if (opts.service) anomalies = anomalies.filter((a) => a.service === opts.service || a.entity === opts.service);
  if (opts.since !== undefined) anomalies = anomalies.filter((a) => Date.parse(a.window_end) > (opts.since as number));
  if (opts.kinds) anomalies = anomalies.filter((a) => opts.kinds!.includes(a.kind));
  const samples = opts.samples ?? 3;
  if (samples > 0) for (const a of anomalies) {
    a.evidence.sample_rows = await sampleRows(con, series, a, samples);
    refineSilence(a, series.windowSecs);
  }
  let tableFile: string | null = null;
  if (opts.write ?? true) tableFile = await writeAnomalies(con, opts.warehouse, anomalies);
  return {
    warehouse: opts.warehouse,
    window_secs: windowSecs,
    start: series.n ? new Date(series.start).toISOString() : null,
    end: series.n ? new Date(series.start + series.n * windowSecs * 1000).toISOString() : null,
    entities: series.entities.map((e) => e.key).sort(),
    windows: series.n,
    anomalies,
    incidents: filterIncidents(incidents, anomalies),
    benign: opts.includeBenign ? [] : filterLike(benign, opts),
    table_file: tableFile,
  };
}

function byStart(a: Anomaly, b: Anomaly): number {
  return a.window_start.localeCompare(b.window_start) || a.entity.localeCompare(b.entity) || a.kind.localeCompare(b.kind);
}

/** Incidents that still have a reported anomaly after the report filters. */
function filterIncidents(incidents: Incident[], reported: readonly Anomaly[]): Incident[] {
  const ids = new Set(reported.map((a) => a.incident_id));
  return incidents.filter((i) => ids.has(i.incident_id));
}

function filterLike(list: Anomaly[], opts: AnomalyOptions): Anomaly[] {
  return list.filter((a) => (!opts.service || a.service === opts.service || a.entity === opts.service)
    && (opts.since === undefined || Date.parse(a.window_end) > opts.since)
    && (!opts.kinds || opts.kinds.includes(a.kind)));
}

/** Detectors + merge + correlation on a prepared series (no IO). */
export function detectInSeries(series: WindowSeries, opts: Pick<AnomalyOptions, 'config' | 'leadWindows' | 'minActivity' | 'maxCorrelated'> = {}): Anomaly[] {
  const { flags, activity } = runDetectors(series, opts.config);
  return assembleAnomalies(series, flags, activity, opts);
}

/** A silence's real gap: from the last row before it to the first row after it (when both exist). */
function refineSilence(a: Anomaly, windowSecs: number): void {
  if (a.kind !== 'silence' || a.evidence.sample_rows.length !== 2) return;
  const [before, after] = a.evidence.sample_rows as [SampleRow, SampleRow];
  const gap = (Date.parse(after.ts) - Date.parse(before.ts)) / 1000;
  if (!(gap > windowSecs)) return;
  a.evidence.counts.gap_secs = gap;
  const m = /^(.*?) wrote (\d+) lines? for [^(]+\((.*)$/.exec(a.explanation);
  if (m && m[2] === '0') a.explanation = `${m[1]} wrote 0 lines for ${humanSecs(gap)} (${before.ts.slice(11, 16)}–${after.ts.slice(11, 16)} UTC; ${m[3]}`;
}

async function sampleRows(con: DuckDBConnection, s: WindowSeries, a: Anomaly, limit: number): Promise<SampleRow[]> {
  const e = s.entities.find((x) => x.key === a.entity);
  if (!e) return [];
  const ws = sqlTime(Date.parse(a.window_start));
  const we = sqlTime(Date.parse(a.window_end));
  const cols = `strftime(l.ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts, l.severity, split_part(l.message, chr(10), 1) AS message, l.source_path, l.source_offset`;
  let sql: string;
  if (a.kind === 'silence') {
    // The last row before and the first row after the quiet period.
    sql = `(SELECT ${cols} FROM logs l WHERE ${entityPredicate(e)} AND l.ts < ${ws} ORDER BY l.ts DESC LIMIT 1)
      UNION ALL (SELECT ${cols} FROM logs l WHERE ${entityPredicate(e)} AND l.ts >= ${we} ORDER BY l.ts LIMIT 1)`;
  } else {
    const ids = a.evidence.templates.map((t) => t.id);
    const prefer = ids.length ? `CASE WHEN a.template_id IN (SELECT unnest(${sqlList(ids)})) THEN 0 ELSE 1 END` : '0';
    const sev = a.kind === 'error_spike' ? `CASE WHEN l.severity IN ('ERROR','FATAL') THEN 0 ELSE 1 END,` : '';
    sql = `SELECT ${cols} FROM logs l LEFT JOIN template_assignments a ON a.source_path = l.source_path AND a.source_offset = l.source_offset
      WHERE ${entityPredicate(e)} AND l.ts >= ${ws} AND l.ts < ${we}
      ORDER BY ${sev} ${prefer}, coalesce(l.severity_number, 0) DESC, l.ts LIMIT ${limit}`;
  }
  const r = await query(con, sql);
  return r.rows.map((row) => {
    const [ts, severity, message, path, offset] = row as [string, string | null, string | null, string, number];
    return { ts, severity, message: message ?? '', source_path: path, source_offset: Number(offset) };
  });
}

/** Writes anomalies as `<warehouse>/analytics/anomalies.parquet` (evidence and correlations as JSON text). */
export async function writeAnomalies(con: DuckDBConnection, warehouse: string, anomalies: readonly Anomaly[]): Promise<string> {
  const dir = join(warehouse, 'analytics');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'anomalies.parquet');
  await con.run(`CREATE OR REPLACE TEMP TABLE _an_out (id VARCHAR, service VARCHAR, entity VARCHAR, instance VARCHAR, window_start VARCHAR,
    window_end VARCHAR, kind VARCHAR, score DOUBLE, explanation VARCHAR, evidence VARCHAR, correlated VARCHAR,
    incident_id VARCHAR, root_cause_rank INTEGER, benign_reason VARCHAR)`);
  const app = await con.createAppender('_an_out');
  for (const a of anomalies) {
    app.appendVarchar(a.id);
    app.appendVarchar(a.service);
    app.appendVarchar(a.entity);
    if (a.instance === null) app.appendNull();
    else app.appendVarchar(a.instance);
    app.appendVarchar(a.window_start);
    app.appendVarchar(a.window_end);
    app.appendVarchar(a.kind);
    app.appendDouble(a.score);
    app.appendVarchar(a.explanation);
    app.appendVarchar(JSON.stringify(a.evidence));
    app.appendVarchar(JSON.stringify(a.correlated));
    if (a.incident_id === undefined) app.appendNull();
    else app.appendVarchar(a.incident_id);
    if (a.root_cause_rank === undefined) app.appendNull();
    else app.appendInteger(a.root_cause_rank);
    if (a.benign_reason === undefined) app.appendNull();
    else app.appendVarchar(a.benign_reason);
    app.endRow();
  }
  app.closeSync();
  await con.run(`COPY (SELECT id, service, entity, instance, window_start::TIMESTAMPTZ AS window_start, window_end::TIMESTAMPTZ AS window_end,
      kind, score, explanation, evidence::JSON AS evidence, correlated::JSON AS correlated,
      incident_id, root_cause_rank, benign_reason FROM _an_out ORDER BY window_start, entity, kind)
    TO ${sqlString(file + '.tmp')} (FORMAT parquet)`);
  renameSync(file + '.tmp', file);
  await con.run('DROP TABLE _an_out');
  return file;
}
