#!/usr/bin/env node
// Score a loglake build against a gen.mjs data set. Usage: score.mjs --data DIR --bin path/to/bin/loglake.js
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const args = process.argv.slice(2);
const arg = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const DATA = path.resolve(arg('--data', '')); const BIN = path.resolve(arg('--bin', ''));
if (!arg('--data') || !arg('--bin')) { console.error('usage: score.mjs --data DIR --bin bin/loglake.js'); process.exit(2); }
const HERE = path.dirname(fileURLToPath(import.meta.url));
const truth = fs.readFileSync(path.join(DATA, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const extra = JSON.parse(fs.readFileSync(path.join(DATA, 'ingest-args.json'), 'utf8'));
const WH = fs.mkdtempSync(path.join(os.tmpdir(), 'blind3-wh-'));
const inputs = fs.readdirSync(DATA).filter((n) => fs.statSync(path.join(DATA, n)).isDirectory()).map((n) => path.join(DATA, n));
const run = (a) => execFileSync(process.execPath, [BIN, ...a], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
let summary = null;
try { summary = JSON.parse(run(['ingest', ...inputs, '--warehouse', WH, '--pg-log-line-prefix', extra.pg_log_line_prefix, '--no-progress', '--json'])); }
catch (e) { console.error('ingest failed:', e.status, String(e.stderr).slice(0, 2000)); try { summary = JSON.parse(e.stdout); } catch { /* */ } }
const COLS = ['service', 'host', 'namespace', 'pod', 'container', 'container_id', 'image', 'stream', 'severity', 'severity_number', 'component', 'thread', 'message', 'error_class', 'stack_trace', 'kafka_topic', 'kafka_partition', 'kafka_consumer_group', 'pg_pid', 'pg_database', 'pg_user', 'pg_sqlstate', 'pg_duration_ms', 'pg_statement_kind', 'spark_app_id', 'spark_app_name', 'spark_role', 'spark_executor_id', 'spark_stage_id', 'spark_task_id', 'request_id', 'trace_id', 'span_id', 'source_path', 'source_offset', 'source_format'];
const sql = `SELECT ${COLS.join(', ')}, epoch_us(ts) AS ts_us, epoch_us(observed_ts) AS observed_us FROM logs`;
const rows = run(['query', '--warehouse', WH, '--format', 'json', sql]).split('\n').filter(Boolean).map((l) => JSON.parse(l));
let quarantined = 0; try { quarantined = Number(JSON.parse(run(['query', '--warehouse', WH, '--format', 'json', 'SELECT count(*) AS n FROM quarantine']).trim().split('\n')[0]).n); } catch { quarantined = summary?.totals?.quarantined ?? 0; }

// index rows by relative path + offset
const rel = (p) => path.relative(DATA, p).split(path.sep).join('/');
const byKey = new Map(); const byFile = new Map();
for (const r of rows) { const f = rel(r.source_path); const k = f + '#' + r.source_offset; if (!byKey.has(k)) byKey.set(k, []); byKey.get(k).push(r); if (!byFile.has(f)) byFile.set(f, []); byFile.get(f).push(Number(r.source_offset)); }
// fragments: rows starting at an offset that is no truth event's start are attributed to the preceding event of the file
const starts = new Map(); for (const t of truth) { if (!starts.has(t.file)) starts.set(t.file, []); starts.get(t.file).push(t.offset); }
for (const a of starts.values()) a.sort((x, y) => x - y);
const frag = new Map(); let orphanRows = 0;
for (const [f, offs] of byFile) { const st = starts.get(f) || []; const set = new Set(st);
  for (const o of offs) { if (set.has(o)) continue; let lo = 0, hi = st.length - 1, best = -1; while (lo <= hi) { const m = (lo + hi) >> 1; if (st[m] < o) { best = m; lo = m + 1; } else hi = m - 1; }
    if (best < 0) { orphanRows++; continue; } const k = f + '#' + st[best]; frag.set(k, (frag.get(k) || 0) + 1); } }

const usOf = (iso) => { const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/.exec(iso); const base = Date.parse(m[1] + m[3]) * 1000; return base + Number(((m[2] || '') + '000000').slice(0, 6)); };
const trunc = (us, prec) => { const q = 10 ** (6 - prec); return Math.floor(us / q); };
const firstLine = (s) => (s == null ? null : String(s).split('\n')[0]);
// returns [column, verdict] verdict: 'ok' | 'wrong' | 'missing'
function check(key, exp, r, prec) {
  const eq = (a, b) => a != null && b != null && String(a) === String(b);
  const v = (col, ok) => [col, r == null || r[col] == null || r[col] === '' ? 'missing' : ok ? 'ok' : 'wrong'];
  switch (key) {
    case 'ts': return ['ts', !r || r.ts_us == null ? 'missing' : trunc(Number(r.ts_us), prec) === trunc(usOf(exp), prec) ? 'ok' : 'wrong'];
    case 'observed_ts': return ['observed_ts', !r || r.observed_us == null ? 'missing' : trunc(Number(r.observed_us), 6) === trunc(usOf(exp), 6) ? 'ok' : 'wrong'];
    case 'severity': return v('severity', r && String(r.severity).toUpperCase() === exp);
    case 'message_first': return v('message', r && firstLine(r.message) === exp);
    case 'stack_first': return v('stack_trace', r && firstLine(r.stack_trace) === exp);
    case 'stack_last': return v('stack_trace', r && r.stack_trace != null && String(r.stack_trace).includes(exp));
    case 'pg_duration_ms': return v(key, r && Math.abs(Number(r[key]) - exp) < 1e-6);
    default: {
      if (exp === null) return [key, !r ? 'missing' : r[key] == null || r[key] === '' ? 'ok' : 'wrong']; // must stay null
      if (exp && typeof exp === 'object' && exp.any) return v(key, r && exp.any.some((x) => eq(r[key], x)));
      return v(key, r && eq(r[key], exp));
    }
  }
}
const colStats = {}; const famStats = {}; const fam2 = {};
const bump = (o, k, f) => { o[k] ??= { expected: 0, ok: 0, wrong: 0, missing: 0 }; o[k].expected++; o[k][f]++; };
let whole = 0, unmatched = 0, dup = 0, split = 0; const examples = {};
for (const t of truth) {
  const k = t.file + '#' + t.offset; const rs = byKey.get(k) || []; const r = rs[0] || null; const fr = frag.get(k) || 0;
  famStats[t.family] ??= { events: 0, whole: 0, unmatched: 0, split: 0, fields: 0, ok: 0, wrong: 0 }; const F = famStats[t.family]; F.events++;
  if (!r) { unmatched++; F.unmatched++; } if (rs.length > 1) dup++; if (fr) { split++; F.split++; }
  if (rs.length === 1 && fr === 0) { whole++; F.whole++; }
  const seen = {};
  for (const [key, exp] of Object.entries(t.expect)) {
    if (key.startsWith('_') || key.startsWith('x_') || exp === undefined) continue; // null = must be null // x_: recorded, not scored (DOCS.md)
    const [col, verdict] = check(key, exp, r, t.expect._prec ?? 6);
    // a column checked twice (stack_first + stack_last) counts once: worst verdict
    const rank = { ok: 0, missing: 1, wrong: 2 }; if (seen[col] && rank[seen[col].v] >= rank[verdict]) continue;
    seen[col] = { v: verdict, exp, key };
  }
  for (const [col, { v, exp, key }] of Object.entries(seen)) {
    bump(colStats, col, v); F.fields++; if (v === 'ok') F.ok++; if (v === 'wrong') F.wrong++;
    fam2[t.family + '|' + col] ??= { expected: 0, ok: 0, wrong: 0, missing: 0 }; fam2[t.family + '|' + col].expected++; fam2[t.family + '|' + col][v]++;
    if (v !== 'ok') { const ek = t.family + '|' + col + '|' + v; if (!examples[ek]) examples[ek] = { file: t.file, offset: t.offset, key, expected: exp, got: r ? (col === 'ts' ? r.ts_us : col === 'observed_ts' ? r.observed_us : r[col]) : null }; }
  }
}
const pct = (a, b) => (b ? (100 * a / b).toFixed(1) : '  -  ');
const lines = [];
lines.push(`data ${DATA}  bin ${BIN}`);
lines.push(`truth events ${truth.length}  rows ${rows.length}  whole ${whole} (${pct(whole, truth.length)}%)  unmatched ${unmatched}  split ${split}  duplicate-start ${dup}  rows-before-first-event ${orphanRows}  quarantined ${quarantined}`);
lines.push('', 'column                 expected   recall%  precision%  wrong  missing');
for (const [c, s] of Object.entries(colStats).sort()) lines.push(`${c.padEnd(22)} ${String(s.expected).padStart(8)}  ${pct(s.ok, s.expected).padStart(7)}  ${pct(s.ok, s.ok + s.wrong).padStart(10)}  ${String(s.wrong).padStart(5)}  ${String(s.missing).padStart(7)}`);
lines.push('', 'family                      events  whole%  split  unmatched  field-recall%  field-precision%');
for (const [f, s] of Object.entries(famStats).sort()) lines.push(`${f.padEnd(27)} ${String(s.events).padStart(6)}  ${pct(s.whole, s.events).padStart(6)}  ${String(s.split).padStart(5)}  ${String(s.unmatched).padStart(9)}  ${pct(s.ok, s.fields).padStart(13)}  ${pct(s.ok, s.ok + s.wrong).padStart(16)}`);
const weak = Object.entries(fam2).filter(([, s]) => s.ok / s.expected < 0.95).sort();
if (weak.length) { lines.push('', 'family|column below 95% recall (expected ok wrong missing)'); for (const [k, s] of weak) lines.push(`  ${k.padEnd(45)} ${s.expected} ${s.ok} ${s.wrong} ${s.missing}`); }
console.log(lines.join('\n'));
const seed = (/seed[-_]?(\d+)/.exec(DATA) || [])[1] ?? path.basename(DATA);
fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
fs.writeFileSync(path.join(HERE, 'results', `${seed}.json`), JSON.stringify({ data: DATA, bin: BIN, events: truth.length, rows: rows.length, whole, unmatched, split, duplicate: dup, orphanRows, quarantined, columns: colStats, families: famStats, familyColumns: fam2, examples, summary: summary?.totals }, null, 2));
fs.rmSync(WH, { recursive: true, force: true });
