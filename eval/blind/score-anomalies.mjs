#!/usr/bin/env node
// score-anomalies.mjs — ingest gen-incidents.mjs output with loglake, run `loglake anomalies`,
// and score the alerts against the incident ground truth.
// Usage: node score-anomalies.mjs [--incidents ./out/incidents] [--warehouse <dir>] [--tolerance-min 10]
//                                 [--json results/anomalies.json] [--no-ingest] [--keep]
//                                 [--anomaly-args "--window 5m --season 1d"]
// Matching: an alert is a true positive when one of the names it carries (service, entity, instance)
// is an affected service of an incident (through the aliases in incidents.json) and its
// [window_start, window_end] overlaps [incident start − tolerance, incident end + tolerance].
// Every other alert is a false positive, labelled with the trap it fell for when there is one.
// Precision is per alert, recall per incident.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loglake, parseArgs } from './lib.mjs';

const args = parseArgs(process.argv.slice(2), { incidents: './out/incidents', 'tolerance-min': '10', json: './results/anomalies.json' });
const DIR = path.resolve(args.incidents);
const LOGS = path.join(DIR, 'logs');
const WH = path.resolve(args.warehouse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'evalset-anom-')));
const TOL = Number(args['tolerance-min']) * 60e3;
const gt = JSON.parse(fs.readFileSync(path.join(DIR, 'incidents.json'), 'utf8'));

let ingest = null;
if (!args['no-ingest']) {
  fs.rmSync(WH, { recursive: true, force: true });
  const t = Date.now();
  const r = loglake(['ingest', LOGS, '--warehouse', WH, '--json', '--no-progress'], { allowFail: true });
  try { ingest = JSON.parse(r.stdout); } catch { ingest = { raw: r.stdout.slice(0, 2000) }; }
  ingest = { totals: ingest.totals, balanced: ingest.balanced, exit_status: r.status, wall_ms: Date.now() - t };
  if (r.status !== 0) console.error(`ingest exited ${r.status}: ${r.stderr.slice(0, 500)}`);
}
const extra = typeof args['anomaly-args'] === 'string' ? args['anomaly-args'].split(/\s+/).filter(Boolean) : [];
const t1 = Date.now();
const ar = loglake(['anomalies', '--warehouse', WH, '--format', 'json', ...extra]);
const report = JSON.parse(ar.stdout);
const anomalyMs = Date.now() - t1;
const alerts = report.anomalies ?? [];

// ---- name resolution ------------------------------------------------------------------------
const canon = new Map();
for (const [svc, names] of Object.entries(gt.aliases)) for (const n of names) canon.set(n.toLowerCase(), svc);
const namesOf = (a) => {
  const out = new Set();
  for (const v of [a.service, a.entity, a.instance]) {
    if (v === null || v === undefined || v === '') continue;
    const s = String(v).toLowerCase();
    out.add(canon.get(s) ?? s);
  }
  return out;
};
const ms = (s) => Date.parse(s);
const overlaps = (a0, a1, b0, b1) => a0 < b1 && b0 < a1;
const incidents = gt.incidents.map((i) => ({ ...i, s: ms(i.start), e: ms(i.end) }));
const trapSvc = new Map();
for (const t of gt.traps) for (const s of t.services) if (s !== '*') (trapSvc.get(s) ?? trapSvc.set(s, []).get(s)).push(t);

// ---- classify alerts ------------------------------------------------------------------------
const scored = alerts.map((a) => {
  const a0 = ms(a.window_start); const a1 = ms(a.window_end);
  const names = namesOf(a);
  const matches = incidents.filter((i) => overlaps(a0, a1, i.s - TOL, i.e + TOL) && i.services.some((s) => names.has(s)));
  let label = 'tp'; let trap = null;
  if (!matches.length) {
    label = 'fp';
    for (const n of names) {
      for (const t of trapSvc.get(n) ?? []) {
        if (!t.windows.length || t.kind === 'bursty_debug' || t.kind === 'cron') { trap = t.id; break; }
        if (t.windows.some(([w0, w1]) => overlaps(a0, a1, ms(w0) - TOL, ms(w1) + TOL))) { trap = t.id; break; }
      }
      if (trap) break;
    }
    if (!trap) {
      const during = incidents.some((i) => overlaps(a0, a1, i.s - TOL, i.e + TOL));
      trap = during ? 'unaffected-service-during-incident' : 'other (no incident, no named trap; diurnal or noise)';
    }
  }
  return {
    id: a.id, kind: a.kind, names: [...names], window_start: a.window_start, window_end: a.window_end, score: a.score,
    label, incidents: matches.map((i) => i.id), trap, explanation: String(a.explanation ?? '').slice(0, 240),
  };
});

// ---- incident recall ------------------------------------------------------------------------
const perIncident = incidents.map((i) => {
  const hits = scored.filter((a) => a.incidents.includes(i.id));
  const svcHit = i.services.filter((s) => hits.some((a) => a.names.includes(s)));
  const first = hits.slice().sort((x, y) => ms(x.window_start) - ms(y.window_start))[0];
  const rootNamed = hits.some((a) => a.names.includes(i.root_cause));
  const firstNamesRoot = first ? first.names.includes(i.root_cause) : false;
  return {
    id: i.id, kind: i.kind, start: i.start, end: i.end, detected: hits.length > 0, alerts: hits.length,
    services_detected: svcHit, services_total: i.services.length, root_cause: i.root_cause, root_cause_named: rootNamed,
    earliest_alert_names_root_cause: firstNamesRoot,
    first_alert: first ? { window_start: first.window_start, kind: first.kind, names: first.names, latency_min: (ms(first.window_start) - i.s) / 60e3 } : null,
    kinds: [...new Set(hits.map((a) => a.kind))],
  };
});
const tp = scored.filter((a) => a.label === 'tp').length;
const fp = scored.length - tp;
const detected = perIncident.filter((p) => p.detected).length;
const P = scored.length ? tp / scored.length : 0;
const Rc = incidents.length ? detected / incidents.length : 0;
const F1 = P + Rc ? (2 * P * Rc) / (P + Rc) : 0;
const pairs = perIncident.reduce((a, p) => a + p.services_total, 0);
const pairsHit = perIncident.reduce((a, p) => a + p.services_detected.length, 0);
const fpByTrap = {}; for (const a of scored) if (a.label === 'fp') fpByTrap[a.trap] = (fpByTrap[a.trap] ?? 0) + 1;
const byKind = {}; for (const a of scored) { const k = (byKind[a.kind] ??= { tp: 0, fp: 0 }); k[a.label]++; }

const result = {
  ground_truth: { seed: gt.seed, start: gt.start, end: gt.end, incidents: incidents.length, traps: gt.traps.map((t) => t.id) },
  tolerance_min: TOL / 60e3, anomaly_args: extra, ingest, anomalies_wall_ms: anomalyMs, warehouse: WH,
  summary: {
    alerts: scored.length, tp, fp, precision: +P.toFixed(4), incidents_detected: detected, recall: +Rc.toFixed(4), f1: +F1.toFixed(4),
    affected_service_recall: +(pairsHit / pairs).toFixed(4),
    root_cause_named: perIncident.filter((p) => p.root_cause_named).length,
    earliest_alert_names_root_cause: perIncident.filter((p) => p.earliest_alert_names_root_cause).length,
  },
  fp_by_trap: fpByTrap, by_kind: byKind, incidents: perIncident, alerts: scored,
};
fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
fs.writeFileSync(path.resolve(args.json), JSON.stringify(result, null, 2));

// ---- print ----------------------------------------------------------------------------------
const s = result.summary;
console.log(`\nloglake anomaly scoring — seed ${gt.seed}, ${gt.start} … ${gt.end}, tolerance ±${TOL / 60e3} min`);
if (ingest?.totals) console.log(`ingest: ${ingest.totals.lines} lines → ${ingest.totals.rows} rows in ${ingest.wall_ms} ms; anomalies: ${anomalyMs} ms`);
console.log(`alerts ${s.alerts}: TP ${s.tp}, FP ${s.fp} → precision ${P.toFixed(3)}; incidents detected ${detected}/${incidents.length} → recall ${Rc.toFixed(3)}; F1 ${F1.toFixed(3)}`);
console.log(`affected services named ${pairsHit}/${pairs} (${(pairsHit / pairs).toFixed(3)}); root cause named in ${s.root_cause_named}/${incidents.length}; earliest alert names the root cause in ${s.earliest_alert_names_root_cause}/${incidents.length}`);
console.log('\nincident                   kind               detected alerts services  root  first alert (latency, kind, names)');
for (const p of perIncident) {
  const fa = p.first_alert ? `${p.first_alert.latency_min >= 0 ? '+' : ''}${p.first_alert.latency_min.toFixed(0)} min ${p.first_alert.kind} [${p.first_alert.names.join(',')}]` : '-';
  console.log(`${p.id.padEnd(26)} ${p.kind.padEnd(18)} ${String(p.detected).padEnd(8)} ${String(p.alerts).padStart(6)} ${`${p.services_detected.length}/${p.services_total}`.padStart(8)}  ${(p.root_cause_named ? 'yes' : 'no').padEnd(4)}  ${fa}`);
}
console.log('\nfalse positives by trap');
for (const [k, v] of Object.entries(fpByTrap).sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(4)}  ${k}`);
if (!fp) console.log('  (none)');
console.log('\nby detector kind (TP/FP): ' + Object.entries(byKind).map(([k, v]) => `${k} ${v.tp}/${v.fp}`).join(', '));
console.log(`\nJSON results: ${path.resolve(args.json)}  (warehouse ${WH})`);
if (!args.keep && !args.warehouse) fs.rmSync(WH, { recursive: true, force: true });
