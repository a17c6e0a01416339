/**
 * Groups related anomalies across entities into incidents with a ranked root cause. Pure.
 *
 * Anomalies (benign ones excluded) are taken in order of start; one joins the open incident when
 * it starts no later than `gapWindows` after the incident's latest end, otherwise it opens a new
 * one. Candidates (the incident's entities) are ranked by a key in minutes: the entity's onset
 * (its first row of the template that drove its first anomaly when that template started in the
 * window, else the middle of the window), minus its severity (error spike or silence 3, new
 * templates with WARN/ERROR rows 2, other kinds 1, each as "minutes earlier"), minus one minute per
 * other member whose anomaly lists this entity as moving before it (lead/lag correlation).
 */
import { createHash } from 'node:crypto';
import type { Anomaly } from './assemble-anomalies.js';
import type { EntitySeries, WindowSeries } from './window-series.js';

/** One ranked root-cause candidate. */
export interface RootCauseCandidate {
  entity: string;
  rank: number;
  /** First sign of the entity in the incident (ISO). */
  onset: string;
  /** 1 (volume, bursts, mix) … 3 (error spike, silence). */
  severity: number;
  /** Other members whose anomaly names this entity as moving before them. */
  lead_score: number;
}

/** One incident: anomalies of one or more entities that started within minutes of each other. */
export interface Incident {
  incident_id: string;
  start: string;
  end: string;
  /** Entities involved, in rank order (the likely root cause first). */
  entities: string[];
  /** Entity ranked first as the likely root cause. */
  root_cause: string;
  ranking: RootCauseCandidate[];
  anomaly_ids: string[];
  explanation: string;
}

/** Options of {@link groupIncidents}. */
export interface GroupOptions {
  /** Windows between one anomaly's end and the next one's start that still join them (default 2). */
  gapWindows?: number;
}

function severityOf(a: Anomaly): number {
  if (a.kind === 'error_spike' || a.kind === 'silence') return 3;
  if (a.kind === 'new_template' && Number(a.evidence.counts.problem_templates ?? 0) > 0) return 2;
  return 1;
}

/** Onset (epoch ms) of an anomaly: the first row of its leading template if that template started in the first window. */
function onsetOf(s: WindowSeries, e: EntitySeries | undefined, a: Anomaly): number {
  const start = Date.parse(a.window_start);
  const mid = start + (s.windowSecs * 1000) / 2;
  if (!e || a.kind === 'silence') return a.kind === 'silence' ? start : mid;
  const w = Math.round((start - s.start) / (s.windowSecs * 1000));
  let best = Infinity;
  for (const x of a.evidence.templates) {
    const t = e.templates.find((y) => y.id === x.id);
    const on = t?.onset?.[w];
    if (!t || on === undefined || !Number.isFinite(on)) continue;
    if (w > 0 && (t.counts[w - 1] as number) > 0.1 * (t.counts[w] as number)) continue; // it was already there
    best = Math.min(best, on);
  }
  return Number.isFinite(best) ? best : mid;
}

/**
 * Groups anomalies into incidents, sets `incident_id` and `root_cause_rank` on each anomaly (in
 * place) and returns the incidents in order of start.
 */
export function groupIncidents(s: WindowSeries, anomalies: Anomaly[], opts: GroupOptions = {}): Incident[] {
  const gapMs = (opts.gapWindows ?? 2) * s.windowSecs * 1000;
  const byKey = new Map(s.entities.map((e) => [e.key, e]));
  const sorted = [...anomalies].sort((a, b) => a.window_start.localeCompare(b.window_start));
  const groups: Anomaly[][] = [];
  let end = -Infinity;
  for (const a of sorted) {
    const st = Date.parse(a.window_start);
    if (groups.length === 0 || st > end + gapMs) {
      groups.push([a]);
      end = Date.parse(a.window_end);
    } else {
      groups[groups.length - 1]!.push(a);
      end = Math.max(end, Date.parse(a.window_end));
    }
  }
  return groups.map((g) => {
    const entities = [...new Set(g.map((a) => a.entity))];
    const cands = entities.map((ent) => {
      const mine = g.filter((a) => a.entity === ent);
      const onset = Math.min(...mine.map((a) => onsetOf(s, byKey.get(ent), a)));
      const severity = Math.max(...mine.map(severityOf));
      const lead = g.filter((a) => a.entity !== ent && a.correlated.some((c) => c.entity === ent && c.lag_secs < 0)).map((a) => a.entity);
      const leadScore = new Set(lead).size;
      const score = Math.max(...mine.map((a) => a.score));
      return { entity: ent, onset, severity, lead_score: leadScore, key: onset / 60_000 - severity - leadScore, score };
    });
    cands.sort((a, b) => a.key - b.key || b.score - a.score || a.entity.localeCompare(b.entity));
    const ranking: RootCauseCandidate[] = cands.map((c, i) => ({ entity: c.entity, rank: i + 1, onset: new Date(c.onset).toISOString(), severity: c.severity, lead_score: c.lead_score }));
    const start = g.reduce((m, a) => (a.window_start < m ? a.window_start : m), g[0]!.window_start);
    const stop = g.reduce((m, a) => (a.window_end > m ? a.window_end : m), g[0]!.window_end);
    const id = 'inc-' + createHash('sha1').update(`${start}\0${ranking.map((r) => r.entity).join('\0')}`).digest('hex').slice(0, 12);
    const rankOf = new Map(ranking.map((r) => [r.entity, r.rank]));
    for (const a of g) {
      a.incident_id = id;
      a.root_cause_rank = rankOf.get(a.entity) as number;
    }
    const root = ranking[0]!;
    const first = g.filter((a) => a.entity === root.entity).sort((a, b) => severityOf(b) - severityOf(a))[0]!;
    const explanation = entities.length === 1
      ? first.explanation
      : `${entities.length} services/brokers within ${Math.round((Date.parse(stop) - Date.parse(start)) / 60_000)} min; likely root cause ${root.entity} (first sign ${root.onset.slice(11, 19)} UTC): ${first.explanation}`;
    return { incident_id: id, start, end: stop, entities: ranking.map((r) => r.entity), root_cause: root.entity, ranking, anomaly_ids: g.map((a) => a.id), explanation };
  });
}
