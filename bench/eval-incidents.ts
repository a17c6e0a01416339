/**
 * Evaluates the anomaly detector on the second incident generator (`src/generate/incident-set.ts`):
 * 24 h of nine services with benign traps (bursty DEBUG waves, hourly and nightly jobs, deploys,
 * a diurnal cycle) and six incidents with a root cause.
 *
 * Scoring (same rules as bench/eval-anomalies.ts, tolerance ±1 window):
 * - an anomaly is a TP when it overlaps an incident that names its entity, otherwise an FP
 *   (precision per anomaly; benign-labelled anomalies are reported apart and not counted);
 * - an incident is detected when an anomaly of one of its services overlaps it (recall);
 * - incident groups: a group is correct when it overlaps a true incident and its top-ranked root
 *   cause is a service of it; root-cause accuracy = groups whose rank-1 entity is the truth's root.
 *
 * Run: `node dist/bench/eval-incidents.js [--seeds 1,2,3] [--hours 24] [--season off] [--bursty-level info] [--keep] [--verbose]`
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateIncidentSet, type IncidentTruth } from '../src/generate/incident-set.js';
import { runIngest } from '../src/pipeline/ingest.js';
import { openLake } from '../src/analytics/sql/lake.js';
import { detectAnomalies, type AnomaliesResult } from '../src/analytics/anomaly/detect-anomalies.js';
import type { Anomaly } from '../src/analytics/anomaly/assemble-anomalies.js';
import type { Incident } from '../src/analytics/anomaly/group-incidents.js';

const WINDOW_SECS = 300;
const f3 = (x: number): string => x.toFixed(3);

interface Score {
  seed: number;
  incidents: number;
  detected: number;
  anomalies: number;
  tp: number;
  fp: number;
  benign: number;
  groups: number;
  groupsTrue: number;
  rootOk: number;
  missed: string[];
  fps: Anomaly[];
  groupList: Incident[];
}

/** Scores one run against the truth. */
export function scoreIncidents(truth: IncidentTruth, r: AnomaliesResult, windowSecs = WINDOW_SECS): Omit<Score, 'seed'> {
  const tol = windowSecs * 1000;
  const inc = truth.incidents.map((i) => ({ ...i, a: Date.parse(i.start) - tol, b: Date.parse(i.end) + tol }));
  const overlaps = (s: string, e: string, i: { a: number; b: number }): boolean => Date.parse(s) < i.b && Date.parse(e) > i.a;
  const anomalies = r.anomalies;
  let detected = 0;
  const missed: string[] = [];
  for (const i of inc) {
    if (anomalies.some((a) => i.services.includes(a.entity) && overlaps(a.window_start, a.window_end, i))) detected++;
    else missed.push(i.id);
  }
  let tp = 0;
  const fps: Anomaly[] = [];
  for (const a of anomalies) {
    if (inc.some((i) => i.services.includes(a.entity) && overlaps(a.window_start, a.window_end, i))) tp++;
    else fps.push(a);
  }
  const groups = r.incidents ?? [];
  let groupsTrue = 0;
  let rootOk = 0;
  for (const g of groups) {
    const hit = inc.find((i) => g.entities.some((e) => i.services.includes(e)) && overlaps(g.start, g.end, i));
    if (!hit) continue;
    groupsTrue++;
    if (g.root_cause === hit.root_cause) rootOk++;
  }
  return {
    incidents: inc.length, detected, anomalies: anomalies.length, tp, fp: fps.length, benign: (r.benign ?? []).length,
    groups: groups.length, groupsTrue, rootOk, missed, fps, groupList: groups,
  };
}

async function evalSeed(seed: number, keep: boolean, hours = 24, season?: string, burstyLevel?: string): Promise<Score> {
  const dir = mkdtempSync(join(tmpdir(), `loglake-incidents-${seed}-`));
  try {
    const out = join(dir, 'gen');
    const warehouse = join(dir, 'wh');
    generateIncidentSet({ out, seed, hours, ...(burstyLevel ? { burstyLevel } : {}) });
    await runIngest({ inputs: [join(out, 'docker')], warehouse });
    const truth = JSON.parse(readFileSync(join(out, 'incident-truth.json'), 'utf8')) as IncidentTruth;
    const { con, close } = await openLake(warehouse);
    try {
      const r = await detectAnomalies(con, { warehouse, windowSecs: WINDOW_SECS, samples: 0, ...(season === 'off' ? { config: { seasonPeriodWindows: 0 } } : {}) });
      return { seed, ...scoreIncidents(truth, r) };
    } finally {
      close();
    }
  } finally {
    if (keep) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: 'string' }, keep: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false }, hours: { type: 'string' }, season: { type: 'string' }, 'bursty-level': { type: 'string' } },
    strict: true,
  });
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const rows: Score[] = [];
  for (const seed of seeds) {
    const s = await evalSeed(seed, values.keep ?? false, Number(values.hours ?? 24), values.season, values['bursty-level']);
    rows.push(s);
    if (values.verbose) {
      for (const m of s.missed) console.error(`  seed ${seed} missed ${m}`);
      for (const g of s.groupList) console.error(`  seed ${seed} incident ${g.start.slice(11, 16)}-${g.end.slice(11, 16)} root ${g.root_cause} [${g.ranking.map((r) => `${r.entity}@${r.onset.slice(11, 19)}/s${r.severity}/l${r.lead_score}`).join(' ')}]`);
      for (const a of s.fps) console.error(`  seed ${seed} FP ${a.window_start.slice(11, 16)}-${a.window_end.slice(11, 16)} ${a.entity} ${a.kind} ${a.score}: ${a.explanation}`);
    }
  }
  console.log(`Incident set (${values.hours ?? 24} h, 9 services, traps; ${WINDOW_SECS / 60}-min windows; tolerance ±1 window)`);
  console.log('seed | incidents | detected | anomalies | TP | FP | benign | P     | R     | F1    | groups (true) | root cause ok');
  let tp = 0, fp = 0, det = 0, inc = 0, g = 0, gt = 0, ro = 0;
  for (const s of rows) {
    tp += s.tp; fp += s.fp; det += s.detected; inc += s.incidents; g += s.groups; gt += s.groupsTrue; ro += s.rootOk;
    const p = s.anomalies ? s.tp / s.anomalies : 1;
    const r = s.detected / s.incidents;
    console.log(`${String(s.seed).padEnd(4)} | ${String(s.incidents).padEnd(9)} | ${String(s.detected).padEnd(8)} | ${String(s.anomalies).padEnd(9)} | ${String(s.tp).padEnd(2)} | ${String(s.fp).padEnd(2)} | ${String(s.benign).padEnd(6)} | ${f3(p)} | ${f3(r)} | ${f3(p + r ? (2 * p * r) / (p + r) : 0)} | ${`${s.groups} (${s.groupsTrue})`.padEnd(13)} | ${s.rootOk}/${s.groupsTrue}${s.missed.length ? '  missed: ' + s.missed.join(', ') : ''}`);
  }
  const P = tp + fp ? tp / (tp + fp) : 1;
  const R = det / inc;
  console.log(`all  | ${String(inc).padEnd(9)} | ${String(det).padEnd(8)} | ${String(tp + fp).padEnd(9)} | ${String(tp).padEnd(2)} | ${String(fp).padEnd(2)} | ${''.padEnd(6)} | ${f3(P)} | ${f3(R)} | ${f3(P + R ? (2 * P * R) / (P + R) : 0)} | ${`${g} (${gt})`.padEnd(13)} | ${ro}/${gt}  (micro)`);
}

await main();
