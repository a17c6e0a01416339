/**
 * Templates section through the patterns module's public `minePatterns`: top templates with a
 * sparkline and sample lines, templates new in the last window and templates that vanished.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { minePatterns } from '../patterns/index.js';
import { query } from '../sql/lake.js';
import { bucketExpr, bucketStarts, scopeWhere, type ReportScope } from './scope.js';

/** A row shown as a sample line. */
export interface SampleLine { ts: string; service: string; severity: string | null; message: string; source_path: string; source_offset: number }

/** One template in the report. */
export interface TemplateEntry {
  id: string; text: string; services: string[]; count: number; first_seen: string; last_seen: string; trend: string;
  /** Rows per chart bucket. */
  spark: number[];
  samples: SampleLine[];
}

/** Templates data. */
export interface TemplatesData {
  window_secs: number;
  total: number;
  top: TemplateEntry[];
  new: TemplateEntry[];
  vanished: TemplateEntry[];
}

const MAX_MESSAGE = 500;

/** Gathers the templates section (mines new rows first, as `loglake patterns` does). */
export async function gatherTemplates(con: DuckDBConnection, warehouse: string, s: ReportScope): Promise<TemplatesData> {
  const windowSecs = Math.max(300, Math.round((s.until - s.since) / 6000));
  const r = await minePatterns(con, { warehouse, ...(s.service ? { service: s.service } : {}), since: s.since, until: s.until, windowSecs, top: 25 });
  const w = scopeWhere(s, 'a');
  const lastStart = s.until - windowSecs * 1000;
  const vanished = await query(con, `SELECT a.template_id, any_value(t.text), list_distinct(list(a.service)), count(*) AS n, min(a.ts), max(a.ts) AS ls
      FROM template_assignments a JOIN template_texts t ON t.id = a.template_id WHERE ${w.sql}
      GROUP BY a.template_id HAVING max(a.ts) < to_timestamp($last_ms / 1000.0) AND count(*) >= 3 ORDER BY n DESC LIMIT 25`, { ...w.params, last_ms: lastStart });
  const entries = (rows: typeof r.top): TemplateEntry[] => rows.map((p) => ({
    id: p.id, text: p.text, services: p.services, count: p.count, first_seen: p.first_seen, last_seen: p.last_seen, trend: p.trend, spark: [], samples: [],
  }));
  const top = entries(r.top);
  const fresh = entries(r.new_in_window.slice(0, 25));
  const gone: TemplateEntry[] = vanished.rows.map(([id, text, svcs, n, fs, ls]) => ({
    id: String(id), text: String(text), services: (svcs as string[]).map(String), count: Number(n), first_seen: String(fs), last_seen: String(ls), trend: 'gone', spark: [], samples: [],
  }));
  const all = [...top, ...fresh, ...gone];
  const ids = [...new Set(all.map((e) => e.id))];
  if (ids.length > 0) {
    const buckets = bucketStarts(s);
    const index = new Map(buckets.map((b, i) => [b, i]));
    const idParams = Object.fromEntries(ids.map((id, i) => [`t${i}`, id]));
    const inList = ids.map((_, i) => `$t${i}`).join(', ');
    const sp = await query(con, `SELECT a.template_id, ${bucketExpr('a')}, count(*) FROM template_assignments a WHERE ${w.sql} AND a.template_id IN (${inList}) GROUP BY ALL`,
      { ...w.params, ...idParams, bucket_ms: s.bucketSecs * 1000 });
    const spark = new Map(ids.map((id) => [id, new Array<number>(buckets.length).fill(0)]));
    for (const [id, b, n] of sp.rows) {
      const i = index.get(Number(b));
      if (i !== undefined) spark.get(String(id))![i]! += Number(n);
    }
    // Pick 5 rows per template on the narrow assignments table first, then fetch only those from logs.
    const samples = await query(con, `WITH pick AS (
        SELECT a.template_id, a.source_path, a.source_offset FROM template_assignments a WHERE ${w.sql} AND a.template_id IN (${inList})
        QUALIFY row_number() OVER (PARTITION BY a.template_id ORDER BY a.ts DESC, a.source_offset) <= 5)
      SELECT p.template_id, l.ts, l.service, l.severity, left(l.message, ${MAX_MESSAGE}), l.source_path, l.source_offset
      FROM pick p JOIN logs l ON l.source_path = p.source_path AND l.source_offset = p.source_offset
      ORDER BY p.template_id, l.ts DESC, l.source_offset`, { ...w.params, ...idParams });
    const sm = new Map<string, SampleLine[]>();
    for (const [id, ts, svc, sev, msg, p, o] of samples.rows) {
      let l = sm.get(String(id));
      if (!l) sm.set(String(id), (l = []));
      l.push({ ts: String(ts), service: String(svc), severity: sev as string | null, message: String(msg), source_path: String(p), source_offset: Number(o) });
    }
    for (const e of all) {
      e.spark = spark.get(e.id) ?? [];
      e.samples = sm.get(e.id) ?? [];
    }
  }
  return { window_secs: windowSecs, total: r.templates, top, new: fresh, vanished: gone };
}
