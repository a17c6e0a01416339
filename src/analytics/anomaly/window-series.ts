/**
 * Dense per-entity window series (total, error, warning and per-template counts), the input of
 * every detector. Built by DuckDB aggregation over `logs` ⋈ `template_assignments`; tests craft
 * them directly with {@link makeEntitySeries}.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';
import { sqlString, sqlTime } from '../patterns/sql-text.js';

/** Counts of one template in one entity. */
export interface TemplateSeries {
  id: string;
  text: string;
  /** Rows per window. */
  counts: Float64Array;
  /** Rows per window with severity ERROR/FATAL, WARN. */
  errors: Float64Array;
  warns: Float64Array;
  /** Rows per window with severity DEBUG/TRACE (optional; absent = 0). */
  debugs?: Float64Array;
  /** Time (epoch ms) of the template's first row in each window (NaN where it has none; optional). */
  onset?: Float64Array;
}

/** A deploy or restart of an entity seen in the envelope: a container id, pod or image not seen before. */
export interface DeployEvent {
  /** Window of the first row of the new instance. */
  w: number;
  /** Epoch ms of that row. */
  t: number;
  /** `image change a → b`, `new container`, or `new pod`. */
  what: string;
}

/** One detection unit: a service, or a Kafka broker of the `kafka` service. */
export interface EntitySeries {
  /** Unique key, e.g. `payments` or `kafka-2`. */
  key: string;
  service: string;
  /** Instance inside the service (Kafka broker id), or null. */
  instance: string | null;
  total: Float64Array;
  errors: Float64Array;
  warns: Float64Array;
  templates: TemplateSeries[];
  /** Deploys / restarts after the entity's first row (optional). */
  deploys?: DeployEvent[];
}

/** All entities over a common window grid. */
export interface WindowSeries {
  windowSecs: number;
  /** Start of window 0 (epoch ms, aligned to the window size). */
  start: number;
  /** Number of windows. */
  n: number;
  /** Fraction of window i covered by the data's time range (1 inside; less for a partial first/last window). */
  coverage: Float64Array;
  entities: EntitySeries[];
}

/** Start (epoch ms) of window i. */
export function windowStart(s: Pick<WindowSeries, 'start' | 'windowSecs'>, i: number): number {
  return s.start + i * s.windowSecs * 1000;
}

/**
 * Builds an entity from plain arrays (for tests and small inputs).
 * @param templates per template: id → counts (errors/warns optional, default 0)
 */
export function makeEntitySeries(
  key: string,
  templates: Record<string, { counts: number[]; errors?: number[]; warns?: number[]; debugs?: number[]; text?: string }>,
  service = key,
  instance: string | null = null,
): EntitySeries {
  const n = Math.max(0, ...Object.values(templates).map((t) => t.counts.length));
  const total = new Float64Array(n);
  const errors = new Float64Array(n);
  const warns = new Float64Array(n);
  const ts: TemplateSeries[] = [];
  for (const [id, t] of Object.entries(templates)) {
    const s: TemplateSeries = { id, text: t.text ?? id, counts: new Float64Array(n), errors: new Float64Array(n), warns: new Float64Array(n), debugs: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      s.debugs![i] = t.debugs?.[i] ?? 0;
      s.counts[i] = t.counts[i] ?? 0;
      s.errors[i] = t.errors?.[i] ?? 0;
      s.warns[i] = t.warns?.[i] ?? 0;
      total[i]! += s.counts[i] as number;
      errors[i]! += s.errors[i] as number;
      warns[i]! += s.warns[i] as number;
    }
    ts.push(s);
  }
  return { key, service, instance, total, errors, warns, templates: ts };
}

/** Options of {@link loadWindowSeries}. */
export interface LoadSeriesOptions {
  windowSecs: number;
  /** Only rows before this time (epoch ms). History before `since` is always loaded (baselines need it). */
  until?: number;
  /** Split the kafka service by broker id (default true). */
  splitBrokers?: boolean;
  /** Most windows kept (the latest ones); guards against a few rows with absurd timestamps. Default 50,000. */
  maxWindows?: number;
}

/**
 * Aggregates `logs` (joined to `template_assignments`, which must exist on `con`, and
 * `template_texts`) into dense window series.
 */
export async function loadWindowSeries(con: DuckDBConnection, opts: LoadSeriesOptions): Promise<WindowSeries> {
  const winMs = Math.round(opts.windowSecs * 1000);
  const entityExpr = opts.splitBrokers === false
    ? 'l.service'
    : `l.service || CASE WHEN l.broker_id IS NOT NULL THEN '-' || l.broker_id ELSE '' END`;
  const where = ['l.ts IS NOT NULL'];
  if (opts.until !== undefined) where.push(`l.ts < ${sqlTime(opts.until)}`);
  await con.run(`CREATE OR REPLACE TEMP TABLE _an_counts AS
    SELECT ${entityExpr} AS entity, l.service, CASE WHEN l.broker_id IS NOT NULL AND ${opts.splitBrokers === false ? 'false' : 'true'} THEN l.broker_id::VARCHAR END AS instance,
           epoch_ms(l.ts) // ${winMs} AS bucket, coalesce(a.template_id, '?') AS template_id,
           count(*) AS n,
           count(*) FILTER (WHERE l.severity IN ('ERROR', 'FATAL')) AS e,
           count(*) FILTER (WHERE l.severity = 'WARN') AS w,
           count(*) FILTER (WHERE l.severity IN ('DEBUG', 'TRACE')) AS d,
           min(epoch_ms(l.ts)) AS t0
    FROM logs l LEFT JOIN template_assignments a ON a.source_path = l.source_path AND a.source_offset = l.source_offset
    WHERE ${where.join(' AND ')}
    GROUP BY ALL`);
  const range = await query(con, `SELECT min(epoch_ms(ts)), max(epoch_ms(ts)) FROM logs l WHERE ${where.join(' AND ')}`);
  const [minTs, maxTs] = range.rows[0] as [number | null, number | null];
  if (minTs === null || maxTs === null) return { windowSecs: opts.windowSecs, start: 0, n: 0, coverage: new Float64Array(0), entities: [] };
  const b1 = Math.floor((opts.until !== undefined ? Math.max(maxTs, opts.until - 1) : maxTs) / winMs);
  const b0 = Math.max(Math.floor(minTs / winMs), b1 - (opts.maxWindows ?? 50_000) + 1);
  await con.run(`DELETE FROM _an_counts WHERE bucket < ${b0}`);
  const n = b1 - b0 + 1;
  const coverage = new Float64Array(n).fill(1);
  const end = opts.until ?? maxTs + 1;
  coverage[0] = Math.min(1, ((b0 + 1) * winMs - Math.max(minTs, b0 * winMs)) / winMs);
  coverage[n - 1] = Math.min(coverage[n - 1] as number, (end - b1 * winMs) / winMs);
  const res = await query(con, `SELECT c.entity, c.service, c.instance, c.template_id, coalesce(t.text, c.template_id), list(c.bucket - ${b0} ORDER BY c.bucket), list(c.n ORDER BY c.bucket), list(c.e ORDER BY c.bucket), list(c.w ORDER BY c.bucket), list(c.d ORDER BY c.bucket), list(c.t0 ORDER BY c.bucket)
    FROM _an_counts c LEFT JOIN template_texts t ON t.id = c.template_id GROUP BY ALL ORDER BY c.entity, c.template_id`);
  const entities = new Map<string, EntitySeries>();
  for (const row of res.rows) {
    const [entity, service, instance, tid, text, idx, ns, es, ws, ds, t0s] = row as [string, string, string | null, string, string, number[], number[], number[], number[], number[], number[]];
    let e = entities.get(entity);
    if (!e) {
      e = { key: entity, service, instance, total: new Float64Array(n), errors: new Float64Array(n), warns: new Float64Array(n), templates: [] };
      entities.set(entity, e);
    }
    const t: TemplateSeries = { id: tid, text, counts: new Float64Array(n), errors: new Float64Array(n), warns: new Float64Array(n), debugs: new Float64Array(n), onset: new Float64Array(n).fill(NaN) };
    idx.forEach((i, k) => {
      t.debugs![i] = Number(ds[k]);
      t.onset![i] = Number(t0s[k]);
      t.counts[i] = Number(ns[k]);
      t.errors[i] = Number(es[k]);
      t.warns[i] = Number(ws[k]);
      e.total[i]! += Number(ns[k]);
      e.errors[i]! += Number(es[k]);
      e.warns[i]! += Number(ws[k]);
    });
    e.templates.push(t);
  }
  await con.run('DROP TABLE IF EXISTS _an_counts');
  // Deploys and restarts: the first row of every (container id, pod, image) of an entity.
  const inst = await query(con, `SELECT ${entityExpr} AS entity, coalesce(l.container_id, '') AS cid, coalesce(l.pod, '') AS pod, coalesce(l.image, '') AS image, min(epoch_ms(l.ts)) AS t
    FROM logs l WHERE ${where.join(' AND ')} AND (l.container_id IS NOT NULL OR l.pod IS NOT NULL OR l.image IS NOT NULL)
    GROUP BY ALL ORDER BY entity, t`);
  const firstOf = new Map<string, { cid: string; pod: string; image: string; t: number }[]>();
  for (const row of inst.rows) {
    const [entity, cid, pod, image, t] = row as [string, string, string, string, number];
    const l = firstOf.get(entity) ?? [];
    l.push({ cid, pod, image, t: Number(t) });
    firstOf.set(entity, l);
  }
  for (const [key, list] of firstOf) {
    const e = entities.get(key);
    if (!e || list.length < 2) continue;
    e.deploys = deploysOf(list, b0 * winMs, winMs, n);
  }
  return { windowSecs: opts.windowSecs, start: b0 * winMs, n, coverage, entities: [...entities.values()] };
}

/**
 * Deploys of one entity from its instances in order of first row: every instance after the first
 * window of the entity (instances that start together with the entity are its initial replicas).
 */
export function deploysOf(list: readonly { cid: string; pod: string; image: string; t: number }[], start: number, winMs: number, n: number): DeployEvent[] {
  const out: DeployEvent[] = [];
  const t0 = list[0]!.t;
  const images = new Set<string>();
  let lastImage = list[0]!.image;
  for (const x of list) {
    const w = Math.floor((x.t - start) / winMs);
    const initial = x.t - t0 < winMs;
    if (!initial && w >= 0 && w < n) {
      const what = x.image && !images.has(x.image) && lastImage ? `image change ${lastImage} → ${x.image}` : x.pod && x.cid ? 'new pod' : x.cid ? 'new container' : 'new pod';
      out.push({ w, t: x.t, what });
    }
    if (x.image) {
      images.add(x.image);
      lastImage = x.image;
    }
  }
  return out;
}

/** SQL predicate selecting an entity's rows in `logs l`. */
export function entityPredicate(e: Pick<EntitySeries, 'service' | 'instance'>): string {
  return e.instance === null
    ? `l.service = ${sqlString(e.service)}`
    : `l.service = ${sqlString(e.service)} AND l.broker_id::VARCHAR = ${sqlString(e.instance)}`;
}
