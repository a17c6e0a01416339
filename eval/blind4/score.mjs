#!/usr/bin/env node
// Scorer: ingests DIR with the tool (black box) into a temp warehouse, reads the rows back through
// `loglake query --format json`, matches them to DIR/truth.jsonl by (file, byte offset of the event's
// first line) and prints per-field precision / recall / accuracy, events whole, per-family breakdowns.
// Usage: node eval/blind4/score.mjs --data DIR --bin /path/to/loglake.js [--json] [--examples K] [--keep]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { data: { type: 'string' }, bin: { type: 'string' }, json: { type: 'boolean', default: false }, examples: { type: 'string', default: '0' }, keep: { type: 'boolean', default: false } } });
if (!values.data || !values.bin) { console.error('usage: score.mjs --data DIR --bin loglake.js [--json] [--examples K] [--keep]'); process.exit(2); }
const data = path.resolve(values.data), bin = path.resolve(values.bin), nEx = Number(values.examples);

const FIELDS = ['ts', 'severity', 'component', 'thread', 'message', 'message_first_line', 'stack_trace', 'error_class', 'kafka_topic', 'kafka_partition', 'kafka_consumer_group', 'pg_sqlstate', 'pg_pid', 'pg_user', 'pg_database', 'pg_duration_ms'];
const COLS = ['source_path', 'source_offset', 'epoch_us(ts) AS ts_us', 'severity', 'component', 'thread', 'message', 'stack_trace', 'error_class', 'kafka_topic', 'kafka_partition', 'kafka_consumer_group', 'pg_sqlstate', 'pg_pid', 'pg_user', 'pg_database', 'pg_duration_ms', 'stream', 'source_format'];

// ---- run the tool ----------------------------------------------------------------------------
const wh = fs.mkdtempSync(path.join(os.tmpdir(), 'blind4-wh-'));
const run = (args) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
const summary = JSON.parse(run(['ingest', path.join(data, 'var/lib/docker/containers'), '--warehouse', wh, '--json', '--no-progress', '--no-templates']));
const query = (sql) => run(['query', '--warehouse', wh, '--format', 'json', sql]).split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rows = query(`SELECT ${COLS.join(', ')} FROM logs`);
const quarantined = Number(Object.values(query('SELECT count(*) AS n FROM quarantine')[0])[0]);
if (!values.keep) fs.rmSync(wh, { recursive: true, force: true });

// ---- match --------------------------------------------------------------------------------------
const truth = fs.readFileSync(path.join(data, 'truth.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const key = (file, off) => `${path.basename(file)}:${off}`;
const rowAt = new Map();
for (const r of rows) rowAt.set(key(r.source_path, r.source_offset), r);
const startKeys = new Set(truth.map((t) => key(t.file, t.offset)));
const extraRows = rows.filter((r) => !startKeys.has(key(r.source_path, r.source_offset))).length;

// next event of the same file and stream (line order) → merge check
const byStream = new Map();
for (const t of truth) { const k = `${t.file}|${t.stream}`; if (!byStream.has(k)) byStream.set(k, []); byStream.get(k).push(t); }
for (const list of byStream.values()) { list.sort((a, b) => a.first_line - b.first_line); list.forEach((t, i) => { t._next = list[i + 1] ?? null; }); }

function isWhole(t) {
  if (!rowAt.has(key(t.file, t.offset))) return false;
  for (const off of t.line_offsets.slice(1)) if (rowAt.has(key(t.file, off))) return false; // split
  if (t._next && !rowAt.has(key(t.file, t._next.offset))) return false; // merged with the next event
  return true;
}

const normLines = (s, pg) => s.split('\n').map((l) => (pg && l.startsWith('\t') ? l.slice(1) : l).trimEnd()).join('\n').replace(/\n+$/, '');
function equal(f, tv, rv, t) {
  const pg = t.family.startsWith('postgres/');
  switch (f) {
    case 'ts': { const t0 = Date.parse(tv) * 1000; return rv >= t0 && rv < t0 + t.fields.ts_res_ms * 1000 + 10000; }
    case 'kafka_partition': case 'pg_pid': return Number(rv) === Number(tv);
    case 'pg_duration_ms': return Math.abs(Number(rv) - Number(tv)) < 0.0005;
    case 'message': case 'stack_trace': return normLines(String(rv), pg) === normLines(String(tv), pg);
    case 'message_first_line': return normLines(String(rv), pg).split('\n')[0] === normLines(String(tv), pg).split('\n')[0];
    default: return String(rv) === String(tv);
  }
}

const newStat = () => ({ tp: 0, fp: 0, fn: 0, tn: 0, n: 0, miss: 0 });
const overall = Object.fromEntries(FIELDS.map((f) => [f, newStat()]));
const fam = new Map();
const examples = Object.fromEntries(FIELDS.map((f) => [f, []]));
let whole = 0;
const multi = { n: 0, rowNull: 0 };
const shapes = new Map(); // tag → {events, whole}
for (const t of truth) {
  if (!fam.has(t.family)) fam.set(t.family, { events: 0, whole: 0, fields: Object.fromEntries(FIELDS.map((f) => [f, newStat()])) });
  const F = fam.get(t.family);
  F.events++;
  const w = isWhole(t);
  if (w) { whole++; F.whole++; }
  const row = rowAt.get(key(t.file, t.offset));
  const fields = { ...t.fields };
  if ('message' in fields && fields.message != null) fields.message_first_line = fields.message;
  const shapeTags = Object.entries(t.tags ?? {}).filter(([k, v]) => v === true && k !== 'prefix_has_e').map(([k]) => k);
  if ((t.tags?.lines ?? 1) > 1 || t.last_line > t.first_line) shapeTags.push('multi_line_event');
  for (const k of shapeTags) { const S = shapes.get(k) ?? { events: 0, whole: 0 }; S.events++; if (w) S.whole++; shapes.set(k, S); }
  if (t.tags?.multi_partition) { multi.n++; if (row && row.kafka_partition == null) multi.rowNull++; }
  for (const f of FIELDS) {
    if (!(f in fields)) continue;
    const tv = fields[f];
    const rv = row ? row[f === 'ts' ? 'ts_us' : f === 'message_first_line' ? 'message' : f] : undefined;
    for (const S of [overall[f], F.fields[f]]) {
      S.n++;
      if (!row) { if (tv != null) S.fn++; S.miss++; continue; }
      if (tv == null) { if (rv == null) S.tn++; else S.fp++; }
      else if (rv == null) S.fn++;
      else if (equal(f, tv, rv, t)) S.tp++;
      else { S.fp++; S.fn++; }
    }
    const ok = row && (tv == null ? rv == null : rv != null && equal(f, tv, rv, t));
    if (!ok && examples[f].length < nEx) examples[f].push({ family: t.family, file: path.basename(t.file).slice(0, 12), line: t.first_line, expected: tv, got: row ? (f === 'ts' ? new Date(rv / 1000).toISOString() : rv) : '(no row at this offset)' });
  }
}

const pct = (a, b) => (b ? (100 * a / b).toFixed(1) : '—');
const prf = (S) => ({ precision: pct(S.tp, S.tp + S.fp), recall: pct(S.tp, S.tp + S.fn), accuracy: pct(S.tp + S.tn, S.n), n: S.n, tp: S.tp, fp: S.fp, fn: S.fn, tn: S.tn });
const result = {
  data, events: truth.length, rows: rows.length, quarantined, extra_rows: extraRows, events_whole: whole, events_whole_pct: pct(whole, truth.length),
  ingest: { lines: summary.totals?.lines, rows: summary.totals?.rows },
  fields: Object.fromEntries(FIELDS.map((f) => [f, prf(overall[f])])),
  families: Object.fromEntries([...fam].sort().map(([k, F]) => [k, { events: F.events, whole_pct: pct(F.whole, F.events), accuracy: Object.fromEntries(FIELDS.filter((f) => F.fields[f].n).map((f) => [f, pct(F.fields[f].tp + F.fields[f].tn, F.fields[f].n)])) }])),
  shapes: Object.fromEntries([...shapes].sort().map(([k, S]) => [k, { events: S.events, whole_pct: pct(S.whole, S.events) }])),
  kafka_multi_partition_lines: { n: multi.n, row_partition_null: multi.rowNull },
  examples: nEx ? examples : undefined,
};

if (values.json) { console.log(JSON.stringify(result, null, 2)); process.exit(0); }
console.log(`events ${result.events}, rows ${result.rows}, quarantined ${quarantined}, rows not starting an expected event ${extraRows}`);
console.log(`events whole (neither split nor merged): ${whole}/${truth.length} = ${result.events_whole_pct} %\n`);
console.log('| field | precision % | recall % | accuracy % | scored | TP | FP | FN |');
console.log('|---|---|---|---|---|---|---|---|');
for (const f of FIELDS) { const s = result.fields[f]; console.log(`| ${f} | ${s.precision} | ${s.recall} | ${s.accuracy} | ${s.n} | ${s.tp} | ${s.fp} | ${s.fn} |`); }
const SHOW = ['ts', 'severity', 'component', 'thread', 'message', 'stack_trace', 'error_class', 'kafka_topic', 'kafka_partition', 'kafka_consumer_group', 'pg_sqlstate', 'pg_user', 'pg_database'];
const ab = { ts: 'ts', severity: 'sev', component: 'comp', thread: 'thr', message: 'msg', stack_trace: 'stack', error_class: 'err', kafka_topic: 'topic', kafka_partition: 'part', kafka_consumer_group: 'group', pg_sqlstate: 'sqlst', pg_user: 'user', pg_database: 'db' };
console.log('\nper family: events, % whole, accuracy % per field (— = not scored)\n');
console.log(`| family | events | whole | ${SHOW.map((f) => ab[f]).join(' | ')} |`);
console.log(`|---|---|---|${SHOW.map(() => '---').join('|')}|`);
for (const [k, F] of Object.entries(result.families)) console.log(`| ${k} | ${F.events} | ${F.whole_pct} | ${SHOW.map((f) => F.accuracy[f] ?? '—').join(' | ')} |`);
console.log('\nevents whole by shape: ' + Object.entries(result.shapes).map(([k, S]) => `${k} ${S.whole_pct} % of ${S.events}`).join('; '));
console.log(`\nKafka lines naming several partitions: ${multi.n} (row kafka_partition null on ${multi.rowNull})`);
if (nEx) for (const f of FIELDS) for (const e of examples[f]) console.log(`[${f}] ${e.family} ${e.file}…:${e.line} expected ${JSON.stringify(e.expected)?.slice(0, 300)} got ${JSON.stringify(e.got)?.slice(0, 300)}`);
