/**
 * Compares our multi-line stage + parsers with Filebeat's kafka/postgresql module expected output
 * (elastic/beats test files copied into test/fixtures/parsers). Events are aligned by the byte
 * offset of their first line (Filebeat `log.offset`). See docs/filebeat-comparison.md.
 */
import { repoRoot } from '../core/paths.js';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { RecordFieldWriter } from '../core/fields.js';
import { MultilineAggregator, parseEvent } from './index.js';

const ROOT = pathToFileURL(repoRoot() + '/');

const FIX = new URL('test/fixtures/parsers/', ROOT);

type Exp = Record<string, unknown>;
interface Ev { offset: number; text: string; w: RecordFieldWriter; family: string }

/** Per-field counters: compared / agreed, plus difference samples. */
const stats = new Map<string, { n: number; ok: number; diffs: string[] }>();
function cmp(field: string, file: string, ours: unknown, theirs: unknown, eq = (a: unknown, b: unknown) => a === b): void {
  let s = stats.get(field);
  if (!s) stats.set(field, (s = { n: 0, ok: 0, diffs: [] }));
  s.n++;
  if (eq(ours, theirs)) s.ok++;
  else if (s.diffs.length < 12) s.diffs.push(`${file}: ours=${JSON.stringify(ours)?.slice(0, 90)} filebeat=${JSON.stringify(theirs)?.slice(0, 90)}`);
}

function events(path: URL, tz: number): Ev[] {
  const raw = readFileSync(path, 'utf8');
  const agg = new MultilineAggregator();
  const out: Ev[] = [];
  let off = 0;
  const take = (e: { text: string; offset: number }): void => {
    const w = new RecordFieldWriter();
    const family = parseEvent(e.text, w, { defaultTzOffsetMinutes: tz });
    out.push({ offset: e.offset, text: e.text, w, family });
  };
  const lines = raw.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) {
    for (const e of agg.push(l, off)) take(e);
    off += Buffer.byteLength(l) + 1;
  }
  const last = agg.flush();
  if (last) take(last);
  return out;
}

function tzMinutes(z: unknown): number {
  if (typeof z !== 'string') return 0;
  const m = /^([+-])(\d\d):(\d\d)$/.exec(z);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const firstLine = (s: unknown): unknown => (typeof s === 'string' ? s.split('\n')[0] : s);
const attr = (w: RecordFieldWriter, k: string): string | undefined => (w.values.attributes as Record<string, string> | undefined)?.[k];
const SECONDARY = new Set(['DETAIL', 'HINT', 'STATEMENT', 'CONTEXT', 'LOCATION', 'QUERY']);

let folded = 0;
let foldedOk = 0;
let missing = 0;
let aligned = 0;

function compareFile(dir: string, name: string, family: 'kafka' | 'postgres'): void {
  const expected = JSON.parse(readFileSync(new URL(`${dir}/${name}-expected.json`, FIX), 'utf8')) as Exp[];
  const tz = tzMinutes(expected[0]?.['event.timezone']);
  const ours = events(new URL(`${dir}/${name}`, FIX), family === 'kafka' ? tz : 0);
  const byOffset = new Map(ours.map((e) => [e.offset, e]));
  for (const x of expected) {
    const off = (x['log.offset'] ?? x['offset']) as number;
    const e = byOffset.get(off);
    const level = (x['log.level'] ?? x['kafka.log.level']) as string | undefined;
    if (!e) {
      if (family === 'postgres' && level && SECONDARY.has(level)) {
        // we fold secondary lines into the previous event of the same backend
        folded++;
        const parent = ours.filter((o) => o.offset < off).at(-1);
        const msg = String(x['message']);
        if (parent && attr(parent.w, level.toLowerCase())?.startsWith(msg.split('\n')[0]!)) foldedOk++;
        continue;
      }
      missing++;
      continue;
    }
    aligned++;
    const w = e.w;
    cmp('family', name, e.family, family);
    const ts = Date.parse(x['@timestamp'] as string) * 1000;
    cmp('timestamp', name, w.values.ts, ts);
    if (family === 'kafka') {
      cmp('level', name, w.values.severity, level === 'WARNING' ? 'WARN' : level);
      cmp('class', name, w.values.component, x['kafka.log.class']);
      const comp = x['kafka.log.component'];
      cmp('component', name, attr(w, 'kafka_component') ?? 'unknown', comp);
      if (x['kafka.log.trace.class'] !== undefined) cmp('trace_class', name, w.values.error_class, x['kafka.log.trace.class']);
      const msg = (x['kafka.log.message'] ?? x['message']) as string;
      cmp('message', name, firstLine(w.values.message), msg);
    } else {
      cmp('level', name, attr(w, 'pg_level'), level);
      if (x['process.pid'] !== undefined) cmp('pid', name, w.values.pg_pid, Number(x['process.pid']));
      if (x['user.name'] !== undefined) cmp('user', name, w.values.pg_user, x['user.name']);
      if (x['postgresql.log.database'] !== undefined) cmp('database', name, w.values.pg_database, x['postgresql.log.database']);
      if (x['event.duration'] !== undefined) {
        cmp('duration', name, Math.round((w.values.pg_duration_ms as number) * 1e6), x['event.duration'],
          (a, b) => Math.abs((a as number) - (b as number)) <= 1000);
      }
      if (x['postgresql.log.query_step'] !== undefined) cmp('query_step', name, attr(w, 'query_step'), x['postgresql.log.query_step']);
      if (x['postgresql.log.query_name'] !== undefined) cmp('query_name', name, attr(w, 'query_name'), x['postgresql.log.query_name']);
      if (x['postgresql.log.sql_state_code'] !== undefined) cmp('sql_state_code', name, w.values.pg_sqlstate, x['postgresql.log.sql_state_code']);
      if (x['message'] !== undefined) {
        // Filebeat's message is the raw line for some schema versions, the query for csv duration
        // lines, else the text after the level. Ours: the text after the level (+ continuation).
        const theirs = String(x['message']).trimEnd();
        const mine = String(w.values.message ?? '');
        cmp('message', name, mine, theirs, (a, b) => {
          const m = a as string;
          const t = b as string;
          return m === t || t.endsWith(m.split('\n')[0]!) || m.endsWith(t) || attr(w, 'query') === t;
        });
      }
    }
  }
}

test('Filebeat kafka + postgresql module expected output: high agreement on shared fields', () => {
  for (const f of readdirSync(new URL('kafka/', FIX)).filter((f) => f.endsWith('-expected.json'))) {
    compareFile('kafka', f.replace(/-expected\.json$/, ''), 'kafka');
  }
  for (const f of readdirSync(new URL('postgres/filebeat/', FIX)).filter((f) => f.endsWith('-expected.json'))) {
    compareFile('postgres/filebeat', f.replace(/-expected\.json$/, ''), 'postgres');
  }
  const lines: string[] = [`aligned events: ${aligned}; PG secondary lines folded into parent: ${foldedOk}/${folded}; expected events not found: ${missing}`];
  for (const [k, s] of stats) {
    lines.push(`${k}: ${s.ok}/${s.n} (${((100 * s.ok) / s.n).toFixed(1)}%)`);
    for (const d of s.diffs) lines.push(`    ${d}`);
  }
  console.log(lines.join('\n'));
  assert.ok(aligned >= 140, `aligned ${aligned}`);
  assert.equal(missing, 0);
  assert.equal(foldedOk, folded);
  for (const k of ['family', 'level', 'class', 'trace_class', 'pid', 'user', 'database', 'duration', 'query_step', 'query_name', 'sql_state_code']) {
    const s = stats.get(k);
    if (s) assert.ok(s.ok / s.n >= 0.99, `${k}: ${s.ok}/${s.n}\n${s.diffs.join('\n')}`);
  }
  for (const k of ['timestamp', 'component', 'message']) {
    const s = stats.get(k)!;
    assert.ok(s.ok / s.n >= 0.9, `${k}: ${s.ok}/${s.n}\n${s.diffs.join('\n')}`);
  }
});
