/**
 * The window detectors, pure functions over {@link WindowSeries}:
 * - `volume_spike` / `error_spike`: robust z-score (median / MAD with a Poisson floor) of the
 *   window's row / error count (and error rate) against the entity's own trailing baseline, or a
 *   seasonal baseline (same time of day in earlier periods) when there is enough history;
 * - `silence`: a normally chatty, continuously logging entity writes (almost) nothing;
 * - `new_template`: more never-seen templates in a window than Good–Turing lets one expect;
 *   `template_burst`: one template far above its baseline;
 * - `sequence`: PCA residual (SPE > Q_α) of the window's template-count vector.
 *
 * Each detector returns per-window flags; it also records, for every tested window, a normalized
 * "activity" (score / threshold) that the correlation step reads.
 */
import { robustBaseline, robustZ, countScaleFloor, median, MAD_SCALE, mad, quantile } from './robust-stats.js';
import { fitPca, spe } from './pca-model.js';
import type { EntitySeries, WindowSeries } from './window-series.js';

/** Kinds of anomaly. */
export type AnomalyKind = 'volume_spike' | 'error_spike' | 'silence' | 'new_template' | 'template_burst' | 'sequence';

/** Detector thresholds (window counts are in windows of the series). */
export interface DetectorConfig {
  /** Trailing windows in the baseline (default 24 = 2 h at 5 min). */
  baselineWindows: number;
  /** Baseline windows needed before a window is tested (the warm-up; default 6). */
  minBaselineWindows: number;
  /** Seasonal period in windows (e.g. 288 = 1 day at 5 min); used once 2 periods of history exist. 0 = off. */
  seasonPeriodWindows: number;
  volumeZ: number;
  /** A volume spike must also be this many times the baseline median. */
  volumeRatio: number;
  errorZ: number;
  /** Fewest ERROR/FATAL rows in a window for an error spike. */
  minErrors: number;
  /** Short history (fewer baseline windows than the warm-up): rows needed before errors are tested at all. */
  shortHistoryMinRows: number;
  /** Short history: largest Poisson tail probability of the window's error count that is flagged. */
  shortHistoryErrorAlpha: number;
  /** Silence: baseline median rows per window at least this. */
  silenceMinRows: number;
  /** Silence: window rows at most this fraction of the baseline median. */
  silenceFraction: number;
  /** Silence: fraction of baseline windows with rows (the entity logs continuously). */
  silenceActiveFraction: number;
  /** Windows after an entity's first row before new templates are tested at all. */
  newTemplateMinWindows: number;
  /** Largest Poisson tail probability of a window's count of new templates that is flagged. */
  newTemplateAlpha: number;
  /** Same for new templates carrying WARN/ERROR rows. */
  newProblemTemplateAlpha: number;
  /** Silence: baseline windows needed (longer than the general warm-up; a short batch run that ends is not a silence). */
  silenceMinHistory: number;
  burstZ: number;
  burstMinCount: number;
  /** A burst must be this many times (baseline median + 1). */
  burstRatio: number;
  /** PCA/SPE sequence model on or off. */
  sequence: boolean;
  pcaVariance: number;
  pcaAlpha: number;
  /** A sequence anomaly needs SPE at least this multiple of Q_α. */
  sequenceMinRatio: number;
  /** Active windows an entity needs for the PCA model. */
  pcaMinWindows: number;
  /** Fraction of active windows a template must appear in to be a PCA column. */
  pcaMinSupport: number;
  /** Long history (windows) for the recurrence and overdispersion checks (default 288 = 1 day at 5 min). */
  historyWindows: number;
  /** Long-history windows needed before the recurrence checks apply (shorter histories use the trailing tests only). */
  minHistoryWindows: number;
  /** Upper quantile of the long history a spike or burst must exceed `recurrenceRatio` times (a recurring wave is normal). */
  recurrenceQuantile: number;
  recurrenceRatio: number;
  /** Least z against the long history's mean and variance (negative-binomial-like: variance ≥ mean, so bursty series get a wide scale). */
  dispersionZ: number;
  /** Silence: the window must also be below this fraction of the long history's low quantile (`silenceQuantile`). */
  silenceQuantile: number;
}

/** Defaults (tuned on seed 42 only; see docs/analytics.md). */
export const DEFAULT_DETECTOR_CONFIG: Readonly<DetectorConfig> = Object.freeze({
  baselineWindows: 24,
  minBaselineWindows: 6,
  seasonPeriodWindows: 0,
  volumeZ: 6,
  volumeRatio: 2,
  errorZ: 5,
  minErrors: 3,
  shortHistoryMinRows: 200,
  shortHistoryErrorAlpha: 0.01,
  silenceMinRows: 10,
  silenceFraction: 0.1,
  silenceActiveFraction: 0.9,
  newTemplateMinWindows: 1,
  newTemplateAlpha: 1e-6,
  newProblemTemplateAlpha: 1e-4,
  silenceMinHistory: 12,
  burstZ: 8,
  burstMinCount: 10,
  burstRatio: 4,
  sequence: true,
  pcaVariance: 0.95,
  pcaAlpha: 0.001,
  sequenceMinRatio: 2,
  pcaMinWindows: 12,
  pcaMinSupport: 0.2,
  historyWindows: 288,
  minHistoryWindows: 12,
  recurrenceQuantile: 0.99,
  recurrenceRatio: 1.5,
  dispersionZ: 4,
  silenceQuantile: 0.05,
});

/** One flagged window. */
export interface WindowFlag {
  entity: string;
  w: number;
  kind: AnomalyKind;
  /** Detector score (robust z, or SPE / Q_α for `sequence`). */
  score: number;
  observed: number;
  /** Baseline median (or typical value) for `observed`. */
  baseline: number;
  /** Template ids behind the flag, most relevant first. */
  templates: string[];
  /** Extra figures for the evidence (error rate, SPE, ...). */
  extra: Record<string, number>;
}

/** Per window of one entity: the largest score / threshold of any detector, and which one. */
export interface Activity {
  score: Float64Array;
  kind: (AnomalyKind | undefined)[];
}

/** An empty activity record for n windows. */
export function newActivity(n: number): Activity {
  return { score: new Float64Array(n), kind: new Array<AnomalyKind | undefined>(n).fill(undefined) };
}

/** Flags plus the activity matrix used by correlation. */
export interface DetectionOutput {
  flags: WindowFlag[];
  /** entity key → activity (0 when untested). */
  activity: Map<string, Activity>;
}

function firstActive(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) > 0) return i;
  return -1;
}

/** Baseline window indices for window w: trailing, or seasonal when enough history. */
export function baselineIndices(w: number, first: number, cfg: Pick<DetectorConfig, 'baselineWindows' | 'seasonPeriodWindows'>): number[] {
  const P = cfg.seasonPeriodWindows;
  if (P > 0 && w - 2 * P - 1 >= first) {
    const idx: number[] = [];
    for (let k = 1; w - k * P - 1 >= first; k++) for (let j = -1; j <= 1; j++) idx.push(w - k * P + j);
    return idx;
  }
  const idx: number[] = [];
  for (let i = Math.max(first, w - cfg.baselineWindows); i < w; i++) idx.push(i);
  return idx;
}

/** Long-history window indices for window w: up to `historyWindows` windows before it. */
export function historyIndices(w: number, first: number, cfg: Pick<DetectorConfig, 'historyWindows'>): number[] {
  const idx: number[] = [];
  for (let i = Math.max(first, w - cfg.historyWindows); i < w; i++) idx.push(i);
  return idx;
}

/**
 * Recurrence and overdispersion check of a count against its long history: true when `x` is
 * beyond `recurrenceRatio` × the history's upper quantile (it has not happened like this before)
 * and at least `dispersionZ` standard deviations above the history's mean, where the variance is
 * at least the mean (Poisson) and otherwise the observed one (a negative-binomial-like scale: a
 * series that comes in waves has a large variance, so its waves are not news). Histories shorter
 * than `minHistoryWindows` pass (the trailing tests decide alone).
 */
export function beyondHistory(x: number, hist: Float64Array, cfg: Pick<DetectorConfig, 'minHistoryWindows' | 'recurrenceQuantile' | 'recurrenceRatio' | 'dispersionZ'>): { ok: boolean; upper: number; z: number } {
  if (hist.length < cfg.minHistoryWindows) return { ok: true, upper: NaN, z: NaN };
  const upper = quantile(hist, cfg.recurrenceQuantile);
  let mean = 0;
  for (const v of hist) mean += v;
  mean /= hist.length;
  let v2 = 0;
  for (const v of hist) v2 += (v - mean) ** 2;
  const variance = v2 / Math.max(1, hist.length - 1);
  const z = (x - mean) / Math.sqrt(Math.max(variance, mean, 1));
  return { ok: x > cfg.recurrenceRatio * upper && z >= cfg.dispersionZ, upper, z };
}

function pick(a: Float64Array, idx: number[]): Float64Array {
  const out = new Float64Array(idx.length);
  idx.forEach((i, k) => (out[k] = a[i] as number));
  return out;
}

function bump(act: Activity, w: number, v: number, kind: AnomalyKind): void {
  if (Number.isFinite(v) && v > (act.score[w] as number)) {
    act.score[w] = v;
    act.kind[w] = kind;
  }
}

function topTemplatesAt(e: EntitySeries, w: number, by: 'counts' | 'errors', k = 5): string[] {
  return e.templates
    .filter((t) => (t[by][w] as number) > 0)
    .sort((a, b) => (b[by][w] as number) - (a[by][w] as number))
    .slice(0, k)
    .map((t) => t.id);
}

/** Activity recorded for a signal that a detector explained away (below the correlation's 0.5). */
const NOT_MOVING = 0.49;

/** DEBUG/TRACE rows of an entity in window w (0 when the series has no severity detail). */
function debugAt(e: EntitySeries, w: number): number {
  let d = 0;
  for (const t of e.templates) d += t.debugs?.[w] ?? 0;
  return d;
}

/** Is the window's non-DEBUG volume a spike against the non-DEBUG baseline too? */
function nonDebugSpike(e: EntitySeries, w: number, idx: number[], cfg: DetectorConfig): boolean {
  const base = Float64Array.from(idx, (i) => (e.total[i] as number) - debugAt(e, i));
  const x = (e.total[w] as number) - debugAt(e, w);
  const b = robustBaseline(base, countScaleFloor);
  return robustZ(x, b) >= cfg.volumeZ && x >= cfg.volumeRatio * b.median;
}

/** Volume spikes, error spikes and silences of one entity. */
export function detectCounts(s: WindowSeries, e: EntitySeries, cfg: DetectorConfig, act: Activity): WindowFlag[] {
  const flags: WindowFlag[] = [];
  const first = firstActive(e.total);
  if (first < 0) return flags;
  let rowsSoFar = 0;
  let errorsSoFar = 0;
  let silentSince = -1;
  for (let w = first; w < s.n; w++) {
    const idx = baselineIndices(w, first, cfg);
    if (idx.length < cfg.minBaselineWindows) {
      // Too little history for a robust baseline: test the window's errors against the pooled
      // error rate so far (Poisson, +1 smoothed).
      if (rowsSoFar >= cfg.shortHistoryMinRows && (e.errors[w] as number) >= cfg.minErrors) {
        const err = e.errors[w] as number;
        const lambda = ((e.total[w] as number) * (errorsSoFar + 1)) / (rowsSoFar + 1);
        const p = poissonTail(err, lambda);
        bump(act, w, Math.log10(1 / Math.max(p, 1e-300)) / Math.log10(1 / cfg.shortHistoryErrorAlpha), 'error_spike');
        if (p <= cfg.shortHistoryErrorAlpha) {
          flags.push({
            entity: e.key, w, kind: 'error_spike', score: -Math.log10(Math.max(p, 1e-300)), observed: err, baseline: lambda,
            templates: topTemplatesAt(e, w, 'errors'), extra: { error_rate: err / (e.total[w] as number), baseline_error_rate: errorsSoFar / rowsSoFar, rows: e.total[w] as number, p_value: p },
          });
        }
      }
      rowsSoFar += e.total[w] as number;
      errorsSoFar += e.errors[w] as number;
      continue;
    }
    rowsSoFar += e.total[w] as number;
    errorsSoFar += e.errors[w] as number;
    const tot = pick(e.total, idx);
    const active = tot.filter((x) => x > 0);
    const activeFrac = active.length / tot.length;
    const x = e.total[w] as number;
    const cov = s.coverage[w] as number;
    // Volume: intermittent entities (batch jobs) are compared with their active windows only.
    // Intermittent entities (batch jobs) are compared with their active windows only, and a
    // window must exceed the busiest of them: volume within a run is not stationary.
    const intermittent = activeFrac < 0.8;
    const volBase = intermittent ? active : tot;
    // DEBUG/TRACE rows are verbose diagnostics: a spike must also show without them.
    const dbg = debugAt(e, w);
    if (x > 0 && volBase.length >= cfg.minBaselineWindows && (dbg === 0 || nonDebugSpike(e, w, idx, cfg))) {
      const b = robustBaseline(volBase, countScaleFloor);
      const z = robustZ(x, b);
      const ref = intermittent ? Math.max(...volBase) : b.median;
      const long = z >= cfg.volumeZ && x >= cfg.volumeRatio * ref ? beyondHistory(x, pick(e.total, historyIndices(w, first, cfg)), cfg) : undefined;
      // A wave the long history has seen before is not "moving" for the correlation either.
      bump(act, w, long && !long.ok ? Math.min(z / cfg.volumeZ, NOT_MOVING) : z / cfg.volumeZ, 'volume_spike');
      if (long?.ok) {
        flags.push({ entity: e.key, w, kind: 'volume_spike', score: z, observed: x, baseline: b.median, templates: topTemplatesAt(e, w, 'counts'), extra: Number.isNaN(long.upper) ? {} : { history_upper: long.upper, history_z: long.z } });
      }
    }
    // Errors: count and rate.
    const err = e.errors[w] as number;
    const eb = robustBaseline(pick(e.errors, idx), countScaleFloor);
    const zc = robustZ(err, eb);
    const rates: number[] = [];
    for (const i of idx) if ((e.total[i] as number) > 0) rates.push((e.errors[i] as number) / (e.total[i] as number));
    const rate = x > 0 ? err / x : 0;
    let zr = 0;
    let medRate = 0;
    if (rates.length >= cfg.minBaselineWindows && x > 0) {
      medRate = median(rates);
      const floor = Math.max(Math.sqrt(Math.max(medRate, 0.001) * (1 - medRate) / x), 0.02);
      zr = (rate - medRate) / Math.max(MAD_SCALE * mad(rates, medRate), floor);
    }
    if (err > 0) bump(act, w, Math.max(zc, zr) / cfg.errorZ, 'error_spike');
    // Sparse background errors (mostly-zero windows with occasional pairs) give MAD = 0; the
    // window must also stand out against the baseline's mean and variance.
    const ev = pick(e.errors, idx);
    const mean = ev.reduce((a, b) => a + b, 0) / ev.length;
    const variance = ev.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, ev.length - 1);
    const zm = (err - mean) / Math.sqrt(Math.max(variance, mean, 1));
    if (err >= cfg.minErrors && (zc >= cfg.errorZ || zr >= cfg.errorZ) && zm >= cfg.errorZ && err > 2 * eb.median) {
      flags.push({
        entity: e.key, w, kind: 'error_spike', score: Math.max(zc, zr), observed: err, baseline: eb.median,
        templates: topTemplatesAt(e, w, 'errors'), extra: { error_rate: rate, baseline_error_rate: medRate, rows: x },
      });
    }
    // Silence: a continuously logging entity goes (nearly) quiet in a fully covered window.
    // While a silence lasts, the baseline stays the one from before it began (otherwise the
    // silent windows themselves make the entity look intermittent after a few windows).
    const sIdx = silentSince >= 0 ? baselineIndices(silentSince, first, cfg) : idx;
    const sTot = silentSince >= 0 ? pick(e.total, sIdx) : tot;
    const sActive = silentSince >= 0 ? sTot.filter((v) => v > 0).length / sTot.length : activeFrac;
    let silent = false;
    if (cov >= 0.9 && sIdx.length >= cfg.silenceMinHistory && sActive >= cfg.silenceActiveFraction) {
      const b = robustBaseline(sTot, countScaleFloor);
      if (b.median >= cfg.silenceMinRows) {
        const drop = (b.median - x) / b.scale;
        // ... and below what the entity has written in its quiet windows before (a bursty entity
        // falling back to its normal level after a wave is not silent).
        const hist = pick(e.total, historyIndices(silentSince >= 0 ? silentSince : w, first, cfg));
        const low = hist.length >= cfg.minHistoryWindows ? quantile(hist, cfg.silenceQuantile) : b.median;
        if (x <= cfg.silenceFraction * b.median && x <= cfg.silenceFraction * Math.max(low, cfg.silenceMinRows) + 1e-9 && low >= cfg.silenceMinRows / 2) {
          silent = true;
          bump(act, w, Math.max(1, drop / cfg.volumeZ), 'silence');
          flags.push({ entity: e.key, w, kind: 'silence', score: drop, observed: x, baseline: b.median, templates: [], extra: {} });
        }
      }
    }
    silentSince = silent ? (silentSince >= 0 ? silentSince : w) : -1;
  }
  return flags;
}

/** Upper tail P(X ≥ k) of a Poisson(λ) variable. */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  let term = Math.exp(-lambda);
  let cdf = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    cdf += term;
  }
  // For large λ the subtraction loses precision; fall back to the summed upper tail.
  if (cdf < 0.999999) return Math.max(0, 1 - cdf);
  let tail = 0;
  term = Math.exp(-lambda);
  for (let i = 1; i <= k; i++) term *= lambda / i;
  for (let i = k; i < k + 1000 && term > 1e-320; i++) {
    tail += term;
    term *= lambda / (i + 1);
  }
  return tail;
}

/**
 * New templates and template bursts of one entity.
 *
 * New templates are judged by surprise rather than a fixed warm-up: by Good–Turing, the chance
 * that the next row carries a template never seen before is ≈ N₁/N (templates seen exactly once
 * over rows seen). A window with m rows is then expected to bring λ = m·(N₁+1)/(N+1) new
 * templates; the window is flagged when its new templates are improbable under Poisson(λ)
 * (p ≤ `newTemplateAlpha`). The same test runs on WARN/ERROR templates alone (N₁ over templates
 * that carried WARN/ERROR rows), so a fresh service that is still printing one-off startup lines
 * is not flagged, while one that suddenly prints several never-seen errors is.
 */
export function detectTemplates(s: WindowSeries, e: EntitySeries, cfg: DetectorConfig, act: Activity): WindowFlag[] {
  const flags: WindowFlag[] = [];
  const first = firstActive(e.total);
  if (first < 0) return flags;
  const firstOf = e.templates.map((t) => firstActive(t.counts));
  const seen = new Float64Array(e.templates.length);
  const problemEver = new Uint8Array(e.templates.length);
  let rows = 0;
  for (let w = first; w < s.n; w++) {
    const m = e.total[w] as number;
    if (m > 0 && w - first >= cfg.newTemplateMinWindows) {
      let n1 = 0;
      let n1p = 0;
      for (let j = 0; j < seen.length; j++) if (seen[j] === 1) {
        n1++;
        if (problemEver[j]) n1p++;
      }
      const fresh: number[] = [];
      let k = 0;
      let kp = 0;
      for (let j = 0; j < firstOf.length; j++) if (firstOf[j] === w) {
        fresh.push(j);
        k++;
        const t = e.templates[j]!;
        if ((t.errors[w] as number) + (t.warns[w] as number) > 0) kp++;
      }
      const lambda = (m * (n1 + 1)) / (rows + 1);
      const lambdaP = (m * (n1p + 1)) / (rows + 1);
      // Two tests, each with its own level: all new templates (INFO-only novelty such as a first
      // deploy or shutdown sequence is weak evidence: strict α), and WARN/ERROR ones.
      const pAll = poissonTail(k, lambda);
      const pProb = kp > 0 ? poissonTail(kp, lambdaP) : 1;
      const sAll = -Math.log10(Math.max(pAll, 1e-300)) / -Math.log10(cfg.newTemplateAlpha);
      const sProb = -Math.log10(Math.max(pProb, 1e-300)) / -Math.log10(cfg.newProblemTemplateAlpha);
      const p = sAll >= sProb ? pAll : pProb;
      const score = -Math.log10(Math.max(p, 1e-300));
      const rel = Math.max(sAll, sProb);
      if (k > 0) bump(act, w, rel, 'new_template');
      if (k > 0 && rel >= 1) {
        fresh.sort((a, b) => {
          const ta = e.templates[a]!;
          const tb = e.templates[b]!;
          return (tb.errors[w]! + tb.warns[w]!) - (ta.errors[w]! + ta.warns[w]!) || tb.counts[w]! - ta.counts[w]!;
        });
        flags.push({
          entity: e.key, w, kind: 'new_template', score, observed: k, baseline: lambda, templates: fresh.map((j) => e.templates[j]!.id),
          extra: { problem_templates: kp, expected_new: lambda, expected_new_problem: lambdaP, p_value: p },
        });
      }
    }
    for (let j = 0; j < seen.length; j++) {
      const t = e.templates[j]!;
      seen[j]! += t.counts[w] as number;
      if ((t.errors[w] as number) + (t.warns[w] as number) > 0) problemEver[j] = 1;
    }
    rows += m;
  }
  // Bursts of one template (intermittent entities compare with their active windows only).
  for (const t of e.templates) {
    const f = firstActive(t.counts);
    if (f < 0) continue;
    // Once a template has lived through a baseline's worth of windows, its baseline is its own
    // life: the windows before it first appeared say nothing about its normal rate (a line added
    // by a new version grows from zero without bursting). A template younger than that is
    // compared with the entity's windows before it (zeros): a brand-new line at a high rate is news.
    for (let w = f + 1; w < s.n; w++) {
      const c = t.counts[w] as number;
      if (c === 0) continue;
      const from = w - f >= cfg.minBaselineWindows ? f : first;
      let idx = baselineIndices(w, from, cfg);
      const activeIdx = idx.filter((i) => (e.total[i] as number) > 0);
      const intermittent = activeIdx.length < 0.8 * idx.length;
      if (intermittent) idx = activeIdx;
      if (idx.length < cfg.minBaselineWindows) continue;
      const base = pick(t.counts, idx);
      const b = robustBaseline(base, countScaleFloor);
      const z = robustZ(c, b);
      const ref = intermittent ? Math.max(...base) : b.median;
      const mostlyDebug = (t.debugs?.[w] ?? 0) >= 0.5 * c;
      const candidate = c >= cfg.burstMinCount && z >= cfg.burstZ && c >= cfg.burstRatio * (ref + 1) && !mostlyDebug;
      const long = candidate ? beyondHistory(c, pick(t.counts, historyIndices(w, from, cfg)), cfg) : undefined;
      // A burst explained away (DEBUG, or seen before in the long history) is not "moving" for the correlation.
      if (c >= cfg.burstMinCount) bump(act, w, mostlyDebug || (long && !long.ok) ? Math.min(z / cfg.burstZ, NOT_MOVING) : z / cfg.burstZ, 'template_burst');
      if (long?.ok) {
        flags.push({ entity: e.key, w, kind: 'template_burst', score: z, observed: c, baseline: b.median, templates: [t.id], extra: Number.isNaN(long.upper) ? {} : { history_upper: long.upper, history_z: long.z } });
      }
    }
  }
  return flags;
}

/** PCA residual (SPE) over the entity's active windows' template-count vectors. */
export function detectSequence(s: WindowSeries, e: EntitySeries, cfg: DetectorConfig, act: Activity): WindowFlag[] {
  const flags: WindowFlag[] = [];
  const windows: number[] = [];
  for (let w = 0; w < s.n; w++) if ((e.total[w] as number) > 0 && (s.coverage[w] as number) >= 0.5) windows.push(w);
  if (windows.length < cfg.pcaMinWindows) return flags;
  // Columns: templates common enough to have a "normal" co-occurrence structure. Rare and new
  // templates are the new_template detector's job; with them in, single stray lines dominate SPE.
  const cols = e.templates.filter((t) => windows.filter((w) => (t.counts[w] as number) > 0).length >= cfg.pcaMinSupport * windows.length);
  if (cols.length < 2) return flags;
  const rows = windows.map((w) => Float64Array.from(cols, (t) => Math.log1p(t.counts[w] as number)));
  const model = fitPca(rows, { variance: cfg.pcaVariance, alpha: cfg.pcaAlpha, idf: false });
  if (!Number.isFinite(model.threshold)) return flags;
  windows.forEach((w, k) => {
    const q = spe(model, rows[k] as Float64Array);
    const ratio = q / model.threshold;
    bump(act, w, ratio / cfg.sequenceMinRatio, 'sequence');
    if (ratio >= cfg.sequenceMinRatio) {
      // Templates contributing most: largest |weighted, centered| deviation.
      const row = rows[k] as Float64Array;
      const contrib = cols.map((t, j) => ({ id: t.id, d: Math.abs((row[j] as number) * (model.idf[j] as number) - (model.mean[j] as number)) }));
      contrib.sort((a, b) => b.d - a.d);
      flags.push({ entity: e.key, w, kind: 'sequence', score: ratio, observed: q, baseline: model.threshold, templates: contrib.slice(0, 5).map((c) => c.id), extra: { spe: q, q_alpha: model.threshold } });
    }
  });
  return flags;
}

/**
 * Runs every detector on every entity.
 * @param s the window series
 * @param config overrides of {@link DEFAULT_DETECTOR_CONFIG}
 */
export function runDetectors(s: WindowSeries, config: Partial<DetectorConfig> = {}): DetectionOutput {
  const cfg: DetectorConfig = { ...DEFAULT_DETECTOR_CONFIG, ...config };
  const flags: WindowFlag[] = [];
  const activity = new Map<string, Activity>();
  for (const e of s.entities) {
    const act = newActivity(s.n);
    activity.set(e.key, act);
    flags.push(...detectCounts(s, e, cfg, act), ...detectTemplates(s, e, cfg, act));
    if (cfg.sequence) flags.push(...detectSequence(s, e, cfg, act));
  }
  return { flags, activity };
}
