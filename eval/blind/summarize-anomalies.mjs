#!/usr/bin/env node
// summarize-anomalies.mjs — micro-average several score-anomalies.mjs JSON results.
// Usage: node summarize-anomalies.mjs results/anomalies-seed23.json results/anomalies-seed31.json ...
import fs from 'node:fs';

const files = process.argv.slice(2);
if (!files.length) { console.error('usage: node summarize-anomalies.mjs <result.json>...'); process.exit(2); }
let alerts = 0; let tp = 0; let inc = 0; let det = 0; const fpByTrap = {}; const missed = {};
for (const f of files) {
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  alerts += r.summary.alerts; tp += r.summary.tp; inc += r.ground_truth.incidents; det += r.summary.incidents_detected;
  for (const [k, v] of Object.entries(r.fp_by_trap)) fpByTrap[k] = (fpByTrap[k] ?? 0) + v;
  for (const p of r.incidents) if (!p.detected) missed[p.id] = (missed[p.id] ?? 0) + 1;
  console.log(`${f}: P ${r.summary.precision.toFixed(3)} R ${r.summary.recall.toFixed(3)} F1 ${r.summary.f1.toFixed(3)} (alerts ${r.summary.alerts}, TP ${r.summary.tp}, FP ${r.summary.fp}, incidents ${r.summary.incidents_detected}/${r.ground_truth.incidents})`);
}
const P = alerts ? tp / alerts : 0; const R = inc ? det / inc : 0; const F1 = P + R ? (2 * P * R) / (P + R) : 0;
console.log(`micro over ${files.length} seeds: P ${P.toFixed(3)} R ${R.toFixed(3)} F1 ${F1.toFixed(3)} (alerts ${alerts}, TP ${tp}, FP ${alerts - tp}, incidents ${det}/${inc})`);
console.log('FP by trap: ' + Object.entries(fpByTrap).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '));
console.log('missed incidents: ' + (Object.entries(missed).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'));
