/**
 * Anomalies section through the anomaly module's public `detectAnomalies`, grouped into
 * incidents: anomalies whose time ranges overlap or touch (within one window) form one incident.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { detectAnomalies, type Anomaly } from '../anomaly/index.js';
import type { ReportScope } from './scope.js';

/** One incident: a connected run of anomalies across services. */
export interface Incident {
  id: number; start: string; end: string; services: string[]; anomalies: string[]; headline: string;
  /** Entity ranked first as the likely root cause (from the anomaly module's incidents). */
  root_cause?: string;
}

/** Anomalies data. */
export interface AnomaliesData { window_secs: number; anomalies: Anomaly[]; incidents: Incident[] }

/** Groups anomalies into incidents (sorted by start; gap tolerance one window). */
export function groupIncidents(anomalies: readonly Anomaly[], windowSecs: number): Incident[] {
  const sorted = [...anomalies].sort((a, b) => Date.parse(a.window_start) - Date.parse(b.window_start) || a.id.localeCompare(b.id));
  const out: Incident[] = [];
  let cur: { start: number; end: number; members: Anomaly[] } | null = null;
  const flush = (): void => {
    if (!cur) return;
    const top = [...cur.members].sort((a, b) => b.score - a.score)[0]!;
    out.push({
      id: out.length + 1, start: new Date(cur.start).toISOString(), end: new Date(cur.end).toISOString(),
      services: [...new Set(cur.members.map((m) => m.entity))].sort(), anomalies: cur.members.map((m) => m.id), headline: top.explanation,
    });
  };
  for (const a of sorted) {
    const s = Date.parse(a.window_start);
    const e = Date.parse(a.window_end);
    if (cur && s <= cur.end + windowSecs * 1000) {
      cur.end = Math.max(cur.end, e);
      cur.members.push(a);
    } else {
      flush();
      cur = { start: s, end: e, members: [a] };
    }
  }
  flush();
  return out;
}

/** Gathers the anomalies in scope (history before `since` is the baseline); caps at 300 anomalies. */
export async function gatherAnomalies(con: DuckDBConnection, warehouse: string, s: ReportScope): Promise<AnomaliesData> {
  const windowSecs = 300;
  const r = await detectAnomalies(con, { warehouse, windowSecs, since: s.since, until: s.until, write: false, samples: 3, ...(s.service ? { service: s.service } : {}) });
  const anomalies = r.anomalies.slice(0, 300);
  for (const a of anomalies) for (const row of a.evidence.sample_rows) row.message = row.message.slice(0, 500);
  const shown = new Set(anomalies.map((a) => a.id));
  // The anomaly module's incidents (with a ranked root cause) when it gives them; else our time grouping.
  const incidents: Incident[] | undefined = r.incidents?.map((i, k) => ({
    id: k + 1, start: i.start, end: i.end, services: i.entities, anomalies: i.anomaly_ids.filter((id) => shown.has(id)),
    headline: i.explanation, root_cause: i.root_cause,
  })).filter((i) => i.anomalies.length > 0);
  return { window_secs: windowSecs, anomalies, incidents: incidents ?? groupIncidents(anomalies, windowSecs) };
}
