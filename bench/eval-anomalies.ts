/**
 * Evaluates the unsupervised anomaly detector.
 *
 * 1. Synthetic clusters: for seeds the detector was NOT developed on (default 101 202 303 404 505;
 *    development used seed 42 only), generate a small cluster (6 h, 6 injected incidents), ingest
 *    it, run `detectAnomalies`, and score against `ground-truth.json`:
 *    - an incident is detected when an anomaly of its service (Kafka: of its broker) overlaps
 *      [start − 1 window, end + 1 window];
 *    - an anomaly is a true positive when it overlaps (same tolerance) an incident whose service
 *      or expected signals name its entity; otherwise a false positive. False positives that
 *      overlap some other incident in time are counted separately ("near"), because a broker
 *      restart or lock storm plausibly disturbs neighbours.
 *    Precision = TP anomalies / anomalies; recall = detected incidents / incidents.
 * 2. Loghub BGL 2k (read from ../shared/corpus, never copied): template-count vectors over fixed
 *    windows of lines, scored at window level against the alert labels (first column ≠ "-"):
 *    the PCA/SPE model alone (fit on all windows, and fit on the first half → test on the second),
 *    and our template detectors (Good–Turing new templates + bursts + SPE).
 *
 * Run: `node --import tsx bench/eval-anomalies.ts [--seeds 101,202] [--keep] [--verbose]`
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/paths.js';
import { generateCluster } from '../src/generate/index.js';
import type { GroundTruth } from '../src/generate/index.js';
import { runIngest } from '../src/pipeline/ingest.js';
import { openLake } from '../src/analytics/sql/lake.js';
import { detectAnomalies } from '../src/analytics/anomaly/detect-anomalies.js';
import type { Anomaly } from '../src/analytics/anomaly/assemble-anomalies.js';
import { TemplateMiner } from '../src/enrich/templates/miner.js';
import { fitPca, spe } from '../src/analytics/anomaly/pca-model.js';
import { runDetectors } from '../src/analytics/anomaly/detectors.js';
import type { EntitySeries, WindowSeries } from '../src/analytics/anomaly/window-series.js';

const WINDOW_SECS = 300;

interface Prf { p: number; r: number; f1: number }
function prf(tp: number, fp: number, fn: number): Prf {
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  const r = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}
const f3 = (x: number): string => x.toFixed(3);

interface SeedScore {
  seed: number;
  incidents: number;
  detected: number;
  anomalies: number;
  tp: number;
  fp: number;
  fpNear: number;
  missed: string[];
  falsePositives: Anomaly[];
  prf: Prf;
}

/** Scores anomalies against a ground truth (see the file comment for the rules). */
export function scoreAgainstTruth(gt: GroundTruth, anomalies: readonly Anomaly[], windowSecs = WINDOW_SECS): Omit<SeedScore, 'seed'> {
  const tol = windowSecs * 1000;
  const inc = gt.incidents.map((i) => ({
    id: i.id, service: i.service, start: Date.parse(i.start) - tol, end: Date.parse(i.end) + tol,
    entities: new Set([i.service, ...i.expected_signals.map((s) => s.service)]),
  }));
  const overlaps = (a: Anomaly, i: { start: number; end: number }): boolean => Date.parse(a.window_start) < i.end && Date.parse(a.window_end) > i.start;
  let detected = 0;
  const missed: string[] = [];
  for (const i of inc) {
    if (anomalies.some((a) => a.entity === i.service && overlaps(a, i))) detected++;
    else missed.push(i.id);
  }
  let tp = 0;
  let fp = 0;
  let fpNear = 0;
  const falsePositives: Anomaly[] = [];
  for (const a of anomalies) {
    if (inc.some((i) => i.entities.has(a.entity) && overlaps(a, i))) tp++;
    else {
      fp++;
      falsePositives.push(a);
      if (inc.some((i) => overlaps(a, i))) fpNear++;
    }
  }
  const p = anomalies.length === 0 ? 1 : tp / anomalies.length;
  const r = detected / inc.length;
  return { incidents: inc.length, detected, anomalies: anomalies.length, tp, fp, fpNear, missed, falsePositives, prf: { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) } };
}

async function evalSeed(seed: number, keep: boolean, verbose = false): Promise<SeedScore> {
  const dir = mkdtempSync(join(tmpdir(), `loglake-eval-${seed}-`));
  try {
    const out = join(dir, 'gen');
    const warehouse = join(dir, 'wh');
    await generateCluster({ out, seed, scale: 'small' });
    await runIngest({ inputs: [join(out, 'docker'), join(out, 'k8s'), join(out, 's3')], warehouse });
    const gt = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
    const { con, close } = await openLake(warehouse);
    try {
      const r = await detectAnomalies(con, { warehouse, windowSecs: WINDOW_SECS, samples: 0 });
      if (verbose) for (const b of r.benign ?? []) console.error(`  seed ${seed} benign ${b.window_start.slice(11, 16)}-${b.window_end.slice(11, 16)} ${b.entity} ${b.kind}: ${b.benign_reason}`);
      return { seed, ...scoreAgainstTruth(gt, r.anomalies) };
    } finally {
      close();
    }
  } finally {
    if (keep) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- BGL

interface BglLine { alert: boolean; content: string }

function readBgl(file: string): BglLine[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => {
    const f = l.split(' ');
    return { alert: f[0] !== '-', content: f.slice(9).join(' ') };
  });
}

interface BglResult { window: number; windows: number; anomalous: number; pcaAll: Prf; pcaChrono: Prf; detectors: Prf }

function windowLabels(lines: BglLine[], size: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size).some((l) => l.alert));
  return out;
}

function score(pred: boolean[], truth: boolean[]): Prf {
  let tp = 0, fp = 0, fn = 0;
  pred.forEach((p, i) => {
    if (p && truth[i]) tp++;
    else if (p) fp++;
    else if (truth[i]) fn++;
  });
  return prf(tp, fp, fn);
}

function evalBgl(lines: BglLine[], size: number): BglResult {
  const miner = new TemplateMiner();
  const raw = lines.map((l) => miner.add(l.content).templateId);
  const ids = raw.map((id) => miner.resolveId(id));
  const vocab = [...new Set(ids)];
  const col = new Map(vocab.map((v, j) => [v, j]));
  const n = Math.ceil(lines.length / size);
  const counts = Array.from({ length: n }, () => new Float64Array(vocab.length));
  ids.forEach((id, i) => counts[Math.floor(i / size)]![col.get(id)!]! += 1);
  const truth = windowLabels(lines, size);
  // PCA (loglizer style: tf-idf weighting, zero mean, 95 % variance, Q_0.001), fit on all windows.
  const all = fitPca(counts, { variance: 0.95, alpha: 0.001, idf: true });
  const pcaAll = score(counts.map((r) => spe(all, r) > all.threshold), truth);
  // Chronological: fit on the first half, test on the second.
  const half = Math.floor(n / 2);
  const first = fitPca(counts.slice(0, half), { variance: 0.95, alpha: 0.001, idf: true });
  const pcaChrono = score(counts.slice(half).map((r) => spe(first, r) > first.threshold), truth.slice(half));
  // Our detectors on the same windows as one entity (no severities: errors/warns = 0).
  const templates = vocab.map((id, j) => ({ id, text: id, counts: Float64Array.from(counts, (r) => r[j]!), errors: new Float64Array(n), warns: new Float64Array(n) }));
  const total = Float64Array.from(counts, (r) => r.reduce((a, b) => a + b, 0));
  const entity: EntitySeries = { key: 'bgl', service: 'bgl', instance: null, total, errors: new Float64Array(n), warns: new Float64Array(n), templates };
  const series: WindowSeries = { windowSecs: 1, start: 0, n, coverage: new Float64Array(n).fill(1), entities: [entity] };
  const { flags } = runDetectors(series);
  const flagged = new Array<boolean>(n).fill(false);
  for (const f of flags) flagged[f.w] = true;
  return { window: size, windows: n, anomalous: truth.filter(Boolean).length, pcaAll, pcaChrono, detectors: score(flagged, truth) };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: 'string' }, keep: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false }, 'no-bgl': { type: 'boolean', default: false } },
    strict: true,
  });
  const seeds = (values.seeds ?? '101,202,303,404,505').split(',').map(Number);
  const rows: SeedScore[] = [];
  for (const seed of seeds) {
    const s = await evalSeed(seed, values.keep ?? false, values.verbose ?? false);
    rows.push(s);
    if (values.verbose) {
      for (const m of s.missed) console.error(`  seed ${seed} missed ${m}`);
      for (const a of s.falsePositives) console.error(`  seed ${seed} FP ${a.window_start.slice(11, 16)}-${a.window_end.slice(11, 16)} ${a.entity} ${a.kind} ${a.score}: ${a.explanation}`);
    }
  }
  console.log(`Synthetic clusters (small, 6 h, ${WINDOW_SECS / 60}-min windows; tolerance ±1 window)`);
  console.log('seed | incidents | detected | anomalies | TP | FP (near an incident) | P     | R     | F1');
  console.log('-----|-----------|----------|-----------|----|-----------------------|-------|-------|------');
  let tp = 0, fp = 0, det = 0, inc = 0;
  for (const s of rows) {
    tp += s.tp; fp += s.fp; det += s.detected; inc += s.incidents;
    console.log(`${String(s.seed).padEnd(4)} | ${String(s.incidents).padEnd(9)} | ${String(s.detected).padEnd(8)} | ${String(s.anomalies).padEnd(9)} | ${String(s.tp).padEnd(2)} | ${`${s.fp} (${s.fpNear})`.padEnd(21)} | ${f3(s.prf.p)} | ${f3(s.prf.r)} | ${f3(s.prf.f1)}${s.missed.length ? '  missed: ' + s.missed.join(', ') : ''}`);
  }
  const P = tp + fp === 0 ? 1 : tp / (tp + fp);
  const R = det / inc;
  console.log(`all  | ${String(inc).padEnd(9)} | ${String(det).padEnd(8)} | ${String(tp + fp).padEnd(9)} | ${String(tp).padEnd(2)} | ${String(fp).padEnd(21)} | ${f3(P)} | ${f3(R)} | ${f3((2 * P * R) / (P + R))}  (micro)`);

  const bgl = join(repoRoot(), '..', 'shared', 'corpus', 'loghub', 'BGL', 'BGL_2k.log');
  if (values['no-bgl']) return;
  if (!existsSync(bgl)) {
    console.log(`\nBGL: ${bgl} not found, skipped`);
    return;
  }
  const lines = readBgl(bgl);
  console.log(`\nLoghub BGL_2k (${lines.length} lines, ${lines.filter((l) => l.alert).length} alert lines), window-level P/R/F1`);
  console.log('lines/window | windows | anomalous | PCA fit-all P/R/F1    | PCA chrono (test half) | our detectors P/R/F1');
  console.log('-------------|---------|-----------|-----------------------|------------------------|---------------------');
  const fmt = (x: Prf): string => `${f3(x.p)}/${f3(x.r)}/${f3(x.f1)}`;
  for (const size of [10, 20, 50]) {
    const r = evalBgl(lines, size);
    console.log(`${String(size).padEnd(12)} | ${String(r.windows).padEnd(7)} | ${String(r.anomalous).padEnd(9)} | ${fmt(r.pcaAll).padEnd(21)} | ${fmt(r.pcaChrono).padEnd(22)} | ${fmt(r.detectors)}`);
  }
}

await main();
