#!/usr/bin/env node
// Scores a loglake build against a generated data set: ingest into a temp warehouse, read the rows
// back with `loglake query`, compare per column with truth.jsonl.
// Usage: node score.mjs --data DIR --bin path/to/bin/loglake.js [--s3] [--no-pg-prefix] [--keep] [--out FILE]
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs, normSeverity, normApi } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
if (!args.data || !args.bin) { console.error('usage: score.mjs --data DIR --bin bin/loglake.js'); process.exit(2); }
const data = resolve(args.data);
const bin = resolve(args.bin);
const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8'));
const truth = readFileSync(join(data, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const wh = mkdtempSync(join(tmpdir(), 'blind2-wh-'));
const logsDir = join(data, 'logs');

// ------------------------------------------------------------------ run loglake
// --s3: the Fluent Bit objects are served by an S3-API server on 127.0.0.1 (s3rver, resolved from the
// loglake checkout's node_modules) and read as s3://logs/…, the seed's path; everything else from disk.
let s3 = null;
const S3_PREFIX = 's3/';
let inputs = [logsDir];
const childEnv = { ...process.env };
if (args.s3 === 'true') {
  const S3rver = createRequire(join(dirname(dirname(bin)), 'package.json'))('s3rver');
  const s3dir = mkdtempSync(join(tmpdir(), 'blind2-s3-'));
  s3 = { server: new S3rver({ port: 0, address: '127.0.0.1', directory: s3dir, silent: true, configureBuckets: [{ name: 'logs' }] }), dir: s3dir };
  const info = await s3.server.run();
  s3.port = info.port;
  for (const f of manifest.files.filter((x) => x.startsWith(S3_PREFIX))) {
    const res = await fetch(`http://127.0.0.1:${s3.port}/logs/${f.slice(S3_PREFIX.length)}`, { method: 'PUT', body: readFileSync(join(logsDir, f)) });
    if (!res.ok) throw new Error(`upload ${f}: ${res.status}`);
  }
  inputs = [...new Set(manifest.files.filter((x) => !x.startsWith(S3_PREFIX)).map((x) => join(logsDir, x.split('/')[0])))];
  inputs.push('s3://logs/spark-on-eks/spark-application-logs/spark-team-a');
  Object.assign(childEnv, { LOGLAKE_S3_ENDPOINT: `http://127.0.0.1:${s3.port}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
}
const ingestArgs = [bin, 'ingest', ...inputs, '--warehouse', wh, '--json', '--no-progress'];
// every PostgreSQL stderr source of the set uses this prefix; an operator passes it (README "Formats")
if (args['no-pg-prefix'] !== 'true') ingestArgs.push('--pg-log-line-prefix', '%m [%p] %q%u@%d ');
let summary;
try {
  // asynchronous: the S3 server of --s3 lives in this process and must keep answering
  const { stdout } = await promisify(execFile)('node', ingestArgs, { encoding: 'utf8', maxBuffer: 1 << 28, env: childEnv });
  summary = JSON.parse(stdout);
} catch (e) {
  console.error('ingest failed:', e.stderr || e.message);
  process.exitCode = 1;
} finally {
  if (s3) { await s3.server.close(); rmSync(s3.dir, { recursive: true, force: true }); }
}
if (!summary) process.exit(1);
const COLS = ['service', 'host', 'namespace', 'pod', 'container', 'container_id', 'image', 'stream', 'severity', 'severity_number',
  'component', 'thread', 'message', 'error_class', 'stack_trace', 'broker_id', 'kafka_topic', 'kafka_partition', 'kafka_consumer_group',
  'kafka_request_type', 'kafka_correlation_id', 'pg_pid', 'pg_database', 'pg_user', 'pg_sqlstate', 'pg_duration_ms', 'pg_statement_kind',
  'spark_app_id', 'spark_app_name', 'spark_role', 'spark_executor_id', 'spark_stage_id', 'spark_task_id', 'request_id', 'trace_id', 'span_id',
  'source_format'];
function query(sql) {
  const out = execFileSync('node', [bin, 'query', '--warehouse', wh, '--format', 'json', sql], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}
const rows = query(`SELECT source_path, source_offset, epoch_us(ts) AS ts_us, epoch_us(observed_ts) AS observed_ts_us, ${COLS.join(', ')} FROM logs`);
const quarantine = query('SELECT source_path, source_offset, reason FROM quarantine');
if (args.keep !== 'true') rmSync(wh, { recursive: true, force: true });

// ------------------------------------------------------------------ index
const rel = (p) => {
  if (p.startsWith('s3://logs/')) return S3_PREFIX + p.slice('s3://logs/'.length);
  const i = p.indexOf(logsDir + '/');
  return i >= 0 ? p.slice(i + logsDir.length + 1) : p;
};
const rowsBySource = new Map();
for (const row of rows) {
  const k = rel(row.source_path);
  if (!rowsBySource.has(k)) rowsBySource.set(k, []);
  rowsBySource.get(k).push(row);
}
for (const list of rowsBySource.values()) list.sort((a, b) => Number(a.source_offset) - Number(b.source_offset));
const bySource = new Map();
for (const t of truth) {
  if (!bySource.has(t.source)) bySource.set(t.source, []);
  bySource.get(t.source).push(t);
}

// ------------------------------------------------------------------ compare
const SEV_NUM = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };
const isNull = (v) => v === null || v === undefined || v === '';
function eqValue(col, actual, expected) {
  if (Array.isArray(expected)) return expected.some((e) => eqValue(col, actual, e));
  switch (col) {
    case 'severity': return normSeverity(actual) === normSeverity(expected);
    case 'kafka_request_type': return normApi(actual) === normApi(expected);
    case 'message': return String(actual).split('\n')[0].trim() === String(expected).split('\n')[0].trim();
    case 'pg_duration_ms': return Math.abs(Number(actual) - Number(expected)) < 1e-6;
    case 'stack_trace': return (!isNull(actual)) === expected;
    default:
      if (typeof expected === 'number') return Number(actual) === expected;
      return String(actual) === String(expected);
  }
}
const stats = {};
const famStats = {};
function bump(table, col, key) {
  table[col] ??= { expected: 0, hit: 0, expected_null: 0, filled: 0, wrong: 0 };
  table[col][key]++;
}
const examples = {};
function note(col, t, actual, expected) {
  examples[col] ??= [];
  if (examples[col].length < 4) examples[col].push({ source: t.source, offset: t.offset, family: t.family, expected, actual: typeof actual === 'string' && actual.length > 160 ? actual.slice(0, 160) + '…' : actual });
}
function score(col, t, actual, expected, tsPrec) {
  const fam = `${t.envelope}/${t.family}`;
  famStats[fam] ??= {};
  const both = (k) => { bump(stats, col, k); bump(famStats[fam], col, k); };
  let ok;
  if (col === 'ts' || col === 'observed_ts') {
    ok = !isNull(actual) && Number(actual) >= expected - 1 && Number(actual) < expected + Math.max(tsPrec, 2);
  } else ok = !isNull(actual) && eqValue(col, actual, expected);
  if (col === 'stack_trace') {
    if (expected) { both('expected'); if (ok) both('hit'); else note(col, t, actual, expected); }
    else { both('expected_null'); }
    if (!isNull(actual)) { both('filled'); if (!expected) { both('wrong'); note(col, t, actual, expected); } }
    return;
  }
  if (expected === null) {
    both('expected_null');
    if (!isNull(actual)) { both('filled'); both('wrong'); note(col, t, actual, null); }
    return;
  }
  both('expected');
  if (ok) both('hit');
  if (!isNull(actual)) { both('filled'); if (!ok) { both('wrong'); note(col, t, actual, expected); } }
  else note(col, t, null, expected);
}

const ev = { truth_events: 0, matched: 0, missing: 0, duplicated: 0, split: 0, multiline_events: 0, multiline_whole: 0, trace_tail_kept: 0, trace_tail_expected: 0 };
const evFam = {};
const q = { expected: 0, found: 0, unexpected: 0, expected_offsets_with_row: 0 };
const qSet = new Set(quarantine.map((x) => `${rel(x.source_path)}#${x.source_offset}`));
const truthStarts = new Set();
for (const [src, list] of bySource) {
  const byOffset = new Map();
  for (const r0 of rowsBySource.get(src) || []) {
    const k = Number(r0.source_offset);
    if (!byOffset.has(k)) byOffset.set(k, []);
    byOffset.get(k).push(r0);
  }
  for (const t of list) {
    truthStarts.add(`${src}#${t.offset}`);
    if (t.quarantine) {
      q.expected++;
      if (qSet.has(`${src}#${t.offset}`)) q.found++;
      if (byOffset.has(t.offset)) q.expected_offsets_with_row++;
      continue;
    }
    const fam = `${t.envelope}/${t.family}`;
    evFam[fam] ??= { events: 0, matched: 0, multiline: 0, multiline_whole: 0 };
    evFam[fam].events++;
    ev.truth_events++;
    const at = byOffset.get(t.offset) || [];
    // rows that start at a later physical line of this event: the event was split
    const inside = (t.line_offsets || []).slice(1).reduce((n, o) => n + (byOffset.get(o)?.length || 0), 0);
    const multi = t.lines > 1;
    if (multi) { ev.multiline_events++; evFam[fam].multiline++; }
    if (at.length === 0) { ev.missing++; }
    if (at.length > 1) ev.duplicated++;
    if (inside > 0) ev.split++;
    const whole = at.length === 1 && inside === 0;
    if (whole) { ev.matched++; evFam[fam].matched++; if (multi) { ev.multiline_whole++; evFam[fam].multiline_whole++; } }
    if (at.length === 0) {
      // a missing event counts as a miss for every expected field
      for (const [col, exp] of Object.entries(t.fields)) if (exp !== null && col !== 'observed_ts_us') score(col, t, null, exp, 1);
      if (t.ts_us !== undefined) score('ts', t, null, t.ts_us, t.ts_prec_us);
      continue;
    }
    const row = at[0];
    if (t.ts_us !== undefined) score('ts', t, row.ts_us, t.ts_us, t.ts_prec_us);
    for (const [k, exp] of Object.entries(t.fields)) {
      if (k === 'observed_ts_us') { score('observed_ts', t, row.observed_ts_us, exp, 1); continue; }
      score(k, t, row[k], exp);
      if (k === 'severity' && exp !== null && !Array.isArray(exp) && SEV_NUM[exp]) score('severity_number', t, row.severity_number, SEV_NUM[exp]);
    }
    if (t.stack_tail) {
      ev.trace_tail_expected++;
      evFam[fam].tail_expected = (evFam[fam].tail_expected || 0) + 1;
      const all = `${row.message ?? ''}\n${row.stack_trace ?? ''}`;
      if (whole && all.includes(t.stack_tail)) { ev.trace_tail_kept++; evFam[fam].tail_kept = (evFam[fam].tail_kept || 0) + 1; }
    }
  }
}
for (const x of quarantine) if (!truthStarts.has(`${rel(x.source_path)}#${x.source_offset}`)) q.unexpected++;
// rows that start at no event offset (fragments of a split event or invented rows)
let strayRows = 0;
for (const [src, srows] of rowsBySource) for (const r0 of srows) if (!truthStarts.has(`${src}#${Number(r0.source_offset)}`)) strayRows++;

// ------------------------------------------------------------------ report
const pct = (a, b) => (b ? Math.round((1000 * a) / b) / 10 : null);
const columns = Object.entries(stats).map(([col, s]) => ({
  column: col, expected: s.expected, recall: pct(s.hit, s.expected), expected_null: s.expected_null,
  filled: s.filled, wrong: s.wrong, precision: pct(s.filled - s.wrong, s.filled),
})).sort((a, b) => a.column.localeCompare(b.column));
const byFamily = {};
for (const [fam, cs] of Object.entries(famStats)) {
  byFamily[fam] = { events: evFam[fam], columns: {} };
  for (const [col, s] of Object.entries(cs)) byFamily[fam].columns[col] = { recall: pct(s.hit, s.expected), n: s.expected, precision: pct(s.filled - s.wrong, s.filled), filled: s.filled };
}
let head = null;
try { head = execFileSync('git', ['-C', dirname(dirname(bin)), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a git tree */ }
const result = {
  seed: manifest.seed, bin, commit: head, s3: !!s3, rows: rows.length, ingest_totals: summary.totals,
  events: { ...ev, matched_pct: pct(ev.matched, ev.truth_events), multiline_whole_pct: pct(ev.multiline_whole, ev.multiline_events), stray_rows: strayRows },
  quarantine: q, columns, by_family: byFamily, examples,
};
const outFile = args.out || join(here, 'results', `blind2-${manifest.seed}.json`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');

console.log(`blind2 seed ${manifest.seed} — ${bin}${head ? ` @ ${head}` : ''}${s3 ? ' (Fluent Bit objects through S3)' : ''}`);
console.log(`rows ${rows.length}; truth events ${ev.truth_events}: matched whole ${ev.matched} (${result.events.matched_pct} %), missing ${ev.missing}, duplicated ${ev.duplicated}, split ${ev.split}, stray rows ${strayRows}`);
console.log(`multi-line events ${ev.multiline_events}: kept whole ${ev.multiline_whole} (${result.events.multiline_whole_pct} %); stack-trace last line kept ${ev.trace_tail_kept}/${ev.trace_tail_expected}`);
console.log(`quarantine: expected ${q.expected}, found ${q.found}, unexpected ${q.unexpected}`);
console.log('');
console.log('column                 expected  recall%  exp-null  filled  wrong  precision%');
for (const c of columns) {
  console.log(`${c.column.padEnd(22)} ${String(c.expected).padStart(8)} ${String(c.recall ?? '-').padStart(8)} ${String(c.expected_null).padStart(9)} ${String(c.filled).padStart(7)} ${String(c.wrong).padStart(6)} ${String(c.precision ?? '-').padStart(11)}`);
}
console.log('\nper envelope/family: events, matched whole, multi-line whole, trace tails kept; columns below 100 % recall or precision');
for (const [fam, v] of Object.entries(byFamily).sort()) {
  const e = v.events;
  const weak = Object.entries(v.columns).filter(([, c]) => (c.recall !== null && c.recall < 100) || (c.precision !== null && c.precision < 100))
    .map(([col, c]) => `${col} ${c.recall ?? '-'}/${c.precision ?? '-'}`);
  console.log(`  ${fam.padEnd(24)} ${String(e.events).padStart(5)} ${String(e.matched).padStart(5)} ${e.multiline ? `${e.multiline_whole}/${e.multiline}` : '-'} ${e.tail_expected ? `${e.tail_kept || 0}/${e.tail_expected}` : '-'}  ${weak.join(', ')}`);
}
console.log(`\nwritten ${outFile}`);
