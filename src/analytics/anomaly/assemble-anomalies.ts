/**
 * Turns window flags into anomalies: adjacent flagged windows of the same entity and kind merge
 * into one anomaly; each gets an explanation sentence and a ranked list of other entities that
 * moved in the same or the preceding windows (lead/lag correlation). Pure.
 */
import { createHash } from 'node:crypto';
import type { Activity, AnomalyKind, WindowFlag } from './detectors.js';
import { windowStart, type EntitySeries, type WindowSeries } from './window-series.js';
import { humanSecs } from '../patterns/sql-text.js';

/** A template cited as evidence. */
export interface EvidenceTemplate {
  id: string;
  text: string;
  /** Rows of this template in the anomaly's windows. */
  count: number;
  /** Median rows per window of this template over the entity's history before the anomaly. */
  baseline: number;
}

/** A row cited as evidence. */
export interface SampleRow {
  ts: string;
  severity: string | null;
  message: string;
  source_path: string;
  source_offset: number;
}

/** Another entity that moved together with (or before) an anomaly. */
export interface Correlation {
  entity: string;
  service: string;
  /** Seconds from the anomaly's start to the other entity's movement (negative = it moved first). */
  lag_secs: number;
  /** Its activity: detector score / threshold (≥ 1 means it is itself anomalous). */
  score: number;
  /** Which detector moved. */
  signal: AnomalyKind;
  explanation: string;
}

/** One anomaly. */
export interface Anomaly {
  id: string;
  /** Lake service (`kafka` for every broker). */
  service: string;
  /** Detection unit: the service, or `kafka-<broker id>`. */
  entity: string;
  instance: string | null;
  window_start: string;
  window_end: string;
  kind: AnomalyKind;
  /** Largest detector score over the merged windows (robust z; SPE/Q for `sequence`; template points for `new_template`). */
  score: number;
  evidence: {
    templates: EvidenceTemplate[];
    sample_rows: SampleRow[];
    counts: {
      windows: number;
      /** Per window of the anomaly: rows, ERROR/FATAL rows, and the detector's observed value. */
      rows: number[];
      errors: number[];
      observed: number[];
      /** Typical value of `observed` per window (baseline median). */
      baseline: number;
    } & Record<string, number | number[]>;
  };
  explanation: string;
  correlated: Correlation[];
  /** Incident this anomaly belongs to (see `group-incidents.ts`); set by `detectAnomalies`. */
  incident_id?: string;
  /** Rank of this anomaly's entity as the incident's root cause (1 = most likely). */
  root_cause_rank?: number;
  /** Why the anomaly is benign (deploy, periodic, scheduled); only on anomalies in `benign`. */
  benign_reason?: string;
}

/** Human label of an entity: `kafka-2` → `kafka broker 2`. */
export function entityLabel(e: Pick<EntitySeries, 'key' | 'service' | 'instance'>): string {
  return e.instance === null ? e.service : `${e.service} broker ${e.instance}`;
}

function anomalyId(entity: string, kind: string, start: number): string {
  return 'an-' + createHash('sha1').update(`${entity}\0${kind}\0${start}`).digest('hex').slice(0, 12);
}

function quoteTemplate(text: string, n = 70): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `'${one.length > n ? one.slice(0, n - 1) + '…' : one}'`;
}

function round(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 10) return String(Math.round(x));
  return String(+x.toFixed(1));
}

const SIGNAL_WORDS: Record<AnomalyKind, string> = {
  volume_spike: 'volume rose',
  error_spike: 'errors rose',
  silence: 'went silent',
  new_template: 'new message templates',
  template_burst: 'a message template burst',
  sequence: 'unusual message mix',
};

/** Options of {@link assembleAnomalies}. */
export interface AssembleOptions {
  /** Windows before the anomaly searched for leading movements (default 3). */
  leadWindows?: number;
  /** Smallest activity (score / threshold) that counts as moving (default 0.5). */
  minActivity?: number;
  /** Correlations kept per anomaly (default 5). */
  maxCorrelated?: number;
}

/**
 * Merges flags into anomalies, explains them and correlates them across entities.
 * @param s the series the flags came from
 * @param flags detector flags
 * @param activity per-entity activity from the detectors
 */
export function assembleAnomalies(s: WindowSeries, flags: readonly WindowFlag[], activity: ReadonlyMap<string, Activity>, opts: AssembleOptions = {}): Anomaly[] {
  const lead = opts.leadWindows ?? 3;
  const minAct = opts.minActivity ?? 0.5;
  const maxCorr = opts.maxCorrelated ?? 5;
  const byEntity = new Map(s.entities.map((e) => [e.key, e]));
  const groups = new Map<string, WindowFlag[]>();
  for (const f of flags) {
    const k = `${f.entity}\0${f.kind}`;
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  const winSecs = s.windowSecs;
  const out: Anomaly[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.w - b.w);
    let run: WindowFlag[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const e = byEntity.get(run[0]!.entity) as EntitySeries;
      out.push(buildAnomaly(s, e, run, activity, byEntity, lead, minAct, maxCorr));
      run = [];
    };
    for (const f of g) {
      if (run.length > 0 && f.w > run[run.length - 1]!.w + 1) flush();
      run.push(f);
    }
    flush();
  }
  void winSecs;
  return out.sort((a, b) => a.window_start.localeCompare(b.window_start) || a.entity.localeCompare(b.entity) || a.kind.localeCompare(b.kind));
}

function buildAnomaly(
  s: WindowSeries, e: EntitySeries, run: WindowFlag[], activity: ReadonlyMap<string, Activity>,
  byEntity: ReadonlyMap<string, EntitySeries>, lead: number, minAct: number, maxCorr: number,
): Anomaly {
  const w0 = run[0]!.w;
  const w1 = run[run.length - 1]!.w;
  const kind = run[0]!.kind;
  const start = windowStart(s, w0);
  const end = windowStart(s, w1 + 1);
  const spanSecs = (w1 - w0 + 1) * s.windowSecs;
  const per = humanSecs(s.windowSecs).replace(' ', '');
  const label = entityLabel(e);
  const ids: string[] = [];
  for (const f of run) for (const t of f.templates) if (!ids.includes(t)) ids.push(t);
  const templates: EvidenceTemplate[] = ids.slice(0, 8).map((id) => {
    const t = e.templates.find((x) => x.id === id);
    let count = 0;
    const hist: number[] = [];
    if (t) {
      for (let w = w0; w <= w1; w++) count += t.counts[w] as number;
      for (let w = Math.max(0, w0 - 24); w < w0; w++) hist.push(t.counts[w] as number);
    }
    hist.sort((a, b) => a - b);
    return { id, text: t?.text ?? id, count, baseline: hist.length ? (hist[hist.length >> 1] as number) : 0 };
  });
  const rows: number[] = [];
  const errors: number[] = [];
  for (let w = w0; w <= w1; w++) {
    rows.push(e.total[w] as number);
    errors.push(e.errors[w] as number);
  }
  const observed = run.map((f) => f.observed);
  const baseline = run[0]!.baseline;
  const score = Math.max(...run.map((f) => f.score));
  const sumObs = observed.reduce((a, b) => a + b, 0);
  const sumRows = rows.reduce((a, b) => a + b, 0);
  const sumErr = errors.reduce((a, b) => a + b, 0);
  const extra: Record<string, number> = {};
  for (const f of run) for (const [k, v] of Object.entries(f.extra)) extra[k] = Math.max(extra[k] ?? -Infinity, v);
  let explanation: string;
  const top = templates[0];
  switch (kind) {
    case 'silence':
      explanation = `${label} wrote ${sumRows} line${sumRows === 1 ? '' : 's'} for ${humanSecs(spanSecs)} (usually ~${round(baseline)}/${per})`;
      break;
    case 'volume_spike':
      explanation = `${label} wrote ${sumRows} lines in ${humanSecs(spanSecs)} (usually ~${round(baseline)}/${per}, up to ${round(Math.max(...observed) / Math.max(baseline, 1))}×)` + (top ? `, mostly ${quoteTemplate(top.text)}` : '');
      break;
    case 'error_spike': {
      const rate = extra.error_rate ?? 0;
      explanation = `${label} logged ${sumErr} ERROR/FATAL line${sumErr === 1 ? '' : 's'} in ${humanSecs(spanSecs)} (usually ~${round(baseline)}/${per}; error rate up to ${round(rate * 100)}% vs ${round((extra.baseline_error_rate ?? 0) * 100)}%)` + (top ? `, mostly ${quoteTemplate(top.text)}` : '');
      break;
    }
    case 'new_template': {
      const n = ids.length;
      const problem = run.reduce((a, f) => a + (f.extra.problem_templates ?? 0), 0);
      explanation = `${label} wrote ${n} never-seen message template${n === 1 ? '' : 's'} in ${humanSecs(spanSecs)}` + (problem ? ` (${problem} with WARN/ERROR lines)` : '') + (top ? `, e.g. ${quoteTemplate(top.text)}` : '');
      break;
    }
    case 'template_burst':
      explanation = `${top ? quoteTemplate(top.text) : 'a template'} appeared ${top?.count ?? sumObs} times in ${humanSecs(spanSecs)} on ${label} (usually ~${round(top?.baseline ?? baseline)}/${per})`;
      break;
    case 'sequence':
      explanation = `${label}'s mix of messages in ${humanSecs(spanSecs)} is unusual (PCA residual ${round(score)}× the Q threshold)` + (top ? `, driven by ${quoteTemplate(top.text)}` : '');
      break;
  }
  // Correlation: other entities moving in [w0 - lead, w1].
  const correlated: Correlation[] = [];
  for (const [key, act] of activity) {
    if (key === e.key) continue;
    let best = -1;
    let bestW = -1;
    for (let w = Math.max(0, w0 - lead); w <= w1 && w < s.n; w++) {
      const v = act.score[w] as number;
      if (v >= minAct && v > best + 1e-9) {
        best = v;
        bestW = w;
      }
    }
    if (bestW < 0) continue;
    const other = byEntity.get(key) as EntitySeries;
    const signal = act.kind[bestW] as AnomalyKind;
    const lag = (bestW - w0) * s.windowSecs;
    const when = lag < 0 ? `${humanSecs(-lag)} before` : lag === 0 ? 'in the same window' : `${humanSecs(lag)} into it`;
    correlated.push({
      entity: key, service: other.service, lag_secs: lag, score: +best.toFixed(2), signal,
      explanation: `${entityLabel(other)}: ${SIGNAL_WORDS[signal]} ${when} (score ${round(best)})`,
    });
  }
  correlated.sort((a, b) => Math.min(b.score, 3) - Math.min(a.score, 3) || a.lag_secs - b.lag_secs || b.score - a.score);
  const keep = correlated.slice(0, maxCorr);
  if (keep.length > 0 && keep[0]!.score >= 1) {
    const c = keep[0]!;
    const other = byEntity.get(c.entity) as EntitySeries;
    explanation += `; ${entityLabel(other)} ${SIGNAL_WORDS[c.signal]} ${c.lag_secs < 0 ? humanSecs(-c.lag_secs) + ' before' : c.lag_secs === 0 ? 'in the same window' : humanSecs(c.lag_secs) + ' after it began'}`;
  }
  return {
    id: anomalyId(e.key, kind, start),
    service: e.service,
    entity: e.key,
    instance: e.instance,
    window_start: new Date(start).toISOString(),
    window_end: new Date(end).toISOString(),
    kind,
    score: +score.toFixed(3),
    evidence: {
      templates,
      sample_rows: [],
      counts: { windows: w1 - w0 + 1, rows, errors, observed, baseline, ...extra },
    },
    explanation,
    correlated: keep,
  };
}
