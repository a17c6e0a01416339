#!/usr/bin/env node
// score-fields.mjs — ingest a generated cluster with loglake and score the canonical fields
// against gen-cluster.mjs's ground truth.
// Usage: node score-fields.mjs [--cluster ./out/cluster] [--warehouse <dir>] [--json results/fields.json]
//                              [--no-ingest] [--keep]
// Matching: a row matches an event when source_path (made relative to <cluster>/logs, kubelet
// symlinks resolved) and source_offset equal the event's file and first-line byte offset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loglake, queryRows, parseArgs } from './lib.mjs';

const args = parseArgs(process.argv.slice(2), { cluster: './out/cluster', json: './results/fields.json' });
const CLUSTER = path.resolve(args.cluster);
const LOGS = path.join(CLUSTER, 'logs');
const WH = path.resolve(args.warehouse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'evalset-fields-')));
const truth = fs.readFileSync(path.join(CLUSTER, 'truth.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const meta = JSON.parse(fs.readFileSync(path.join(CLUSTER, 'meta.json'), 'utf8'));

let summary = null;
if (!args['no-ingest']) {
  fs.rmSync(WH, { recursive: true, force: true });
  const t = Date.now();
  const r = loglake(['ingest', LOGS, '--warehouse', WH, '--json', '--no-progress'], { allowFail: true });
  try { summary = JSON.parse(r.stdout); } catch { summary = { raw: r.stdout.slice(0, 2000) }; }
  summary.exit_status = r.status; summary.wall_ms = Date.now() - t;
  if (r.status !== 0) console.error(`ingest exited ${r.status}: ${r.stderr.slice(0, 500)}`);
}

const rows = queryRows(WH, 'SELECT * EXCLUDE (labels, attributes), epoch_us(ts) AS ts_us, CAST(attributes AS VARCHAR) AS attributes_text FROM logs');
const realLogs = fs.realpathSync(LOGS);
const relOf = (p) => {
  let rel = p;
  for (const base of [LOGS, realLogs]) if (rel.startsWith(base + '/')) { rel = rel.slice(base.length + 1); break; }
  return meta.aliases[rel] ?? rel;
};
const rowAt = new Map(); // "rel\0offset" -> row
const rowOffsetsByFile = new Map();
for (const r of rows) {
  const rel = relOf(String(r.source_path));
  const off = Number(r.source_offset);
  rowAt.set(rel + '\0' + off, r);
  if (!rowOffsetsByFile.has(rel)) rowOffsetsByFile.set(rel, new Set());
  rowOffsetsByFile.get(rel).add(off);
}
const eventStarts = new Set(truth.map((e) => e.file + '\0' + e.offset));

// ---- comparators ----------------------------------------------------------------------------
const isNull = (v) => v === null || v === undefined || v === '';
const segs = (s) => String(s).split(/[.:$/]+/).filter(Boolean);
const suffixMatch = (a, b) => { // one dotted name is a suffix of the other: ReplicaManager ~ kafka.server.ReplicaManager
  const x = segs(a); const y = segs(b); const n = Math.min(x.length, y.length);
  if (!n) return false;
  return x.slice(-n).join('.') === y.slice(-n).join('.');
};
const norm = {
  kafka_request_type: (v) => String(v).toLowerCase().replace(/[_\s-]/g, ''),
  trace_id: (v) => String(v).toLowerCase().replace(/-/g, ''),
  span_id: (v) => String(v).toLowerCase().replace(/-/g, ''),
  severity: (v) => String(v).toUpperCase(),
};
const INT_FIELDS = new Set(['broker_id', 'kafka_partition', 'kafka_correlation_id', 'pg_pid', 'spark_stage_id', 'spark_task_id', 'severity_number']);
function same(field, exp, got) {
  if (Array.isArray(exp)) return exp.some((e) => same(field, e, got));
  if (field === 'component' || field === 'error_class') return suffixMatch(exp, got);
  if (INT_FIELDS.has(field)) return Number(exp) === Number(got);
  if (field === 'pg_duration_ms') return Math.abs(Number(exp) - Number(got)) < 1e-3;
  if (norm[field]) return norm[field](exp) === norm[field](got);
  return String(exp) === String(got);
}
const SPECIAL = new Set(['ts_min', 'ts_max', 'ts_mmdd', 'msg']);
const firstLine = (s) => String(s ?? '').split('\n')[0].trim();
const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

// ---- scoring --------------------------------------------------------------------------------
const fieldStats = {}; // field -> {tp, fn, fp, checked}
const famField = {}; // family -> field -> stats
const fam = {}; // family -> counts
const mismatches = {}; // field -> samples
const bump = (o, k) => (o[k] ??= { checked: 0, tp: 0, fn: 0, fp: 0 });
function record(family, field, exp, got, ev) {
  for (const s of [bump(fieldStats, field), bump((famField[family] ??= {}), field)]) {
    s.checked++;
    const e = Array.isArray(exp) ? exp : isNull(exp) ? null : exp;
    const gNull = isNull(got);
    if (e === null) { if (!gNull) s.fp++; continue; }
    if (!gNull && same(field, e, got)) s.tp++;
    else { s.fn++; if (!gNull) s.fp++; }
  }
  const e = Array.isArray(exp) ? exp : isNull(exp) ? null : exp;
  const ok = e === null ? isNull(got) : !isNull(got) && same(field, e, got);
  if (!ok) {
    const m = ((mismatches[field] ??= {})[family] ??= []);
    if (m.length < 5) m.push({ file: ev.file, offset: ev.offset, family, expected: exp, found: got ?? null, line: ev.first_line.slice(0, 200) });
  }
}
for (const ev of truth) {
  const f = (fam[ev.family] ??= { events: 0, matched: 0, missing: 0, ml_expected: 0, ml_whole: 0, ml_rows_split: 0 });
  f.events++;
  const row = rowAt.get(ev.file + '\0' + ev.offset);
  if (row) f.matched++; else f.missing++;
  if (ev.multiline) {
    f.ml_expected++;
    const starts = rowOffsetsByFile.get(ev.file) ?? new Set();
    const split = ev.line_offsets.filter((o) => starts.has(o) && !eventStarts.has(ev.file + '\0' + o)).length;
    if (split) f.ml_rows_split++;
    // the event's last line must survive somewhere in the row: message, stack_trace or attributes
    const text = squash(`${row?.message ?? ''}\n${row?.stack_trace ?? ''}\n${row?.attributes_text ?? ''}`);
    const lastOk = ev.last_line === null || text.includes(squash(ev.last_line));
    if (row && !split && lastOk) f.ml_whole++;
  }
  const x = ev.expected;
  // timestamps
  if ('ts_min' in x) {
    const got = row ? Number(row.ts_us) / 1000 : null;
    const ok = got !== null && got >= x.ts_min && got <= x.ts_max;
    record(ev.family, 'ts', ok ? 'ok' : 'ok', row ? (ok ? 'ok' : new Date(got).toISOString()) : null, ev);
  }
  if ('ts_mmdd' in x) {
    const got = row ? new Date(Number(row.ts_us) / 1000).toISOString().slice(5, 19) : null;
    record(ev.family, 'ts', x.ts_mmdd, got, ev);
  }
  if ('msg' in x) {
    record(ev.family, 'message', Array.isArray(x.msg) ? x.msg.map(firstLine) : firstLine(x.msg), row ? firstLine(row.message) : null, ev);
  }
  for (const [k, v] of Object.entries(x)) {
    if (SPECIAL.has(k)) continue;
    record(ev.family, k, v, row ? row[k] : null, ev);
  }
}
// rows that start at no event: fragments of split events or spurious rows
const extraRows = {};
// an extra row belongs to the family of the event whose span it falls in (last event start before it)
const startsByFile = new Map();
for (const e of truth) (startsByFile.get(e.file) ?? startsByFile.set(e.file, []).get(e.file)).push(e);
for (const list of startsByFile.values()) list.sort((a, b) => a.offset - b.offset);
const lineOwner = new Map(); // "file\0offset" of a non-first physical line -> family of its event
for (const e of truth) for (const o of e.line_offsets) lineOwner.set(e.file + '\0' + o, e.family);
const familyAt = (rel, off) => {
  if (lineOwner.has(rel + '\0' + off)) return lineOwner.get(rel + '\0' + off);
  const list = startsByFile.get(rel); if (!list) return '(unknown file)';
  let lo = 0; let hi = list.length - 1; let best = list[0];
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (list[mid].offset <= off) { best = list[mid]; lo = mid + 1; } else hi = mid - 1; }
  return best.family;
};
for (const r of rows) {
  const rel = relOf(String(r.source_path));
  const off = Number(r.source_offset);
  if (!eventStarts.has(rel + '\0' + off)) { const fa = familyAt(rel, off); extraRows[fa] = (extraRows[fa] ?? 0) + 1; }
}
const pr = (s) => ({
  ...s,
  precision: s.tp + s.fp ? +(s.tp / (s.tp + s.fp)).toFixed(4) : null,
  recall: s.tp + s.fn ? +(s.tp / (s.tp + s.fn)).toFixed(4) : null,
});
const fields = Object.fromEntries(Object.entries(fieldStats).sort().map(([k, s]) => [k, pr(s)]));
const families = {};
for (const [k, f] of Object.entries(fam).sort()) {
  const ff = Object.fromEntries(Object.entries(famField[k] ?? {}).sort().map(([n, s]) => [n, pr(s)]));
  families[k] = { ...f, extra_rows: extraRows[k] ?? 0, fields: ff };
}
const totals = {
  events: truth.length, rows_in_lake: rows.length,
  matched: Object.values(fam).reduce((a, f) => a + f.matched, 0),
  extra_rows: Object.values(extraRows).reduce((a, b) => a + b, 0),
  ml_expected: Object.values(fam).reduce((a, f) => a + f.ml_expected, 0),
  ml_whole: Object.values(fam).reduce((a, f) => a + f.ml_whole, 0),
};
const result = { generated: meta, warehouse: WH, ingest: summary, totals, fields, families, mismatches };
fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
fs.writeFileSync(path.resolve(args.json), JSON.stringify(result, null, 2));

// ---- print ----------------------------------------------------------------------------------
const f3 = (v) => (v === null ? '   -  ' : v.toFixed(3).padStart(6));
console.log(`\nloglake field scoring — seed ${meta.seed}, ${truth.length} events, ${rows.length} rows in the lake`);
console.log(`matched ${totals.matched}/${totals.events} events by (source_path, source_offset); ${totals.extra_rows} rows start at no event; multi-line kept whole ${totals.ml_whole}/${totals.ml_expected}`);
if (summary?.totals) console.log(`ingest: lines ${summary.totals.lines}, rows ${summary.totals.rows}, merged ${summary.totals.merged}, quarantined ${summary.totals.quarantined}, balanced ${summary.balanced}, ${summary.wall_ms} ms`);
console.log('\nfield                  checked     TP     FN     FP  precision  recall');
for (const [k, s] of Object.entries(fields)) {
  console.log(`${k.padEnd(22)} ${String(s.checked).padStart(7)} ${String(s.tp).padStart(6)} ${String(s.fn).padStart(6)} ${String(s.fp).padStart(6)}     ${f3(s.precision)}  ${f3(s.recall)}`);
}
console.log('\nfamily             events matched missing extra  ml(whole/exp)  mean P  mean R');
for (const [k, f] of Object.entries(families)) {
  const ps = Object.values(f.fields).map((s) => s.precision).filter((v) => v !== null);
  const rs = Object.values(f.fields).map((s) => s.recall).filter((v) => v !== null);
  const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);
  console.log(`${k.padEnd(18)} ${String(f.events).padStart(6)} ${String(f.matched).padStart(7)} ${String(f.missing).padStart(7)} ${String(f.extra_rows).padStart(5)}  ${`${f.ml_whole}/${f.ml_expected}`.padStart(13)}  ${f3(mean(ps))}  ${f3(mean(rs))}`);
}
console.log('\nper family × field (recall/precision; only fields below 1.000 shown)');
for (const [k, f] of Object.entries(families)) {
  const weak = Object.entries(f.fields).filter(([, s]) => (s.recall ?? 1) < 1 || (s.precision ?? 1) < 1)
    .map(([n, s]) => `${n} ${s.recall === null ? '-' : s.recall.toFixed(2)}/${s.precision === null ? '-' : s.precision.toFixed(2)}`);
  console.log(`  ${k.padEnd(18)} ${weak.join(', ') || 'all fields 1.000'}`);
}
console.log(`\nJSON results: ${path.resolve(args.json)}  (warehouse ${WH})`);
if (!args.keep && !args.warehouse) fs.rmSync(WH, { recursive: true, force: true });
