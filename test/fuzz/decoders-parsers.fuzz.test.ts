/**
 * Fuzz test (issue 13) of the envelope decoders, the multi-line aggregator and the application
 * parsers: 120,000 cases under a fixed seed — corpus lines from test/fixtures as they are, mutated
 * (byte flips, cuts, splices, inserted JSON/escape/zone/control characters, repeats) and random —
 * through every envelope format. Nothing may throw; every decode is either a line or a quarantine
 * reason; every stored time is within range; every line pushed into multi-line aggregation comes
 * out in exactly one event. Then a 30,000-line mutated file goes through the real ingest and the
 * summary must balance: lines read = rows + merged + quarantined + blank, with lines read = lines in the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/generate/prng.js';
import { decodeLine, newDecodedLine, sniffFormat, type EnvelopeFormat } from '../../src/decoders/envelope.js';
import { parseEvent } from '../../src/parsers/index.js';
import { MultilineAggregator } from '../../src/parsers/multiline/multiline-aggregator.js';
import { RecordFieldWriter, tsInRange } from '../../src/core/fields.js';
import { fixturePath } from '../../src/core/paths.js';
import { runIngest } from '../../src/pipeline/ingest.js';

const SEED = 20261130;
const CASES = 120_000;
const FORMATS: EnvelopeFormat[] = ['docker-json', 'cri', 'fluentbit', 'docker-ts', 'plain'];
const FAMILIES = new Set(['spark', 'kafka', 'log4j', 'postgres', 'json', 'logfmt', 'fallback']);

function corpus(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(log|jsonl|json|txt|csv|out)$/.test(n)) for (const l of readFileSync(p, 'utf8').split('\n')) if (l.length > 0) out.push(l);
    }
  };
  walk(fixturePath('container-formats'));
  walk(fixturePath('parsers'));
  return out;
}

const INSERTS = ['"', '\\', '\\u0000', '\\ud800', '{', '}', '[', ']', ':', ',', '\t', '\r', '\u0000', '\u2028', '\ufffd', '😀', 'Z', '+99:99', '-00:00',
  ' stdout F ', ' stderr P ', '9999-12-31T23:59:59.999999999Z', '0000-00-00T00:00:00Z', '2026-02-30T25:61:61Z', '\n\tat x.Y(Z.java:1)', 'Caused by: ', 'ERROR',
  'LOG:  ', 'DETAIL:  ', 'level=', '{"log":', '"time":', 'null', '1e309', '-0', 'NaN', '%s%n', '..', '/../../etc/passwd', 'x'.repeat(300)];

function mutate(rng: Rng, s: string, pool: string[]): string {
  let t = s;
  const n = rng.int(1, 4);
  for (let k = 0; k < n; k++) {
    const at = t.length === 0 ? 0 : rng.int(0, t.length);
    switch (rng.int(0, 7)) {
      case 0: t = t.slice(0, at) + String.fromCharCode(rng.int(0, 0xffff)) + t.slice(at + 1); break; // flip a char
      case 1: t = t.slice(0, at); break; // cut
      case 2: t = t.slice(0, at) + INSERTS[rng.int(0, INSERTS.length - 1)]! + t.slice(at); break; // insert a token
      case 3: t = t.slice(0, at) + pool[rng.int(0, pool.length - 1)]!.slice(rng.int(0, 40)); break; // splice another line
      case 4: t = t.slice(at) + t.slice(0, at); break; // rotate
      case 5: t = t.slice(0, at) + t.slice(at, at + rng.int(1, 20)).repeat(rng.int(2, 50)) + t.slice(at); break; // repeat
      case 6: t = t.replace(/\d/g, () => String(rng.int(0, 9))); break; // new digits (dates, offsets, ids)
      default: t = t.toUpperCase(); break;
    }
  }
  return t;
}

function randomLine(rng: Rng): string {
  const len = rng.int(0, 200);
  let s = '';
  for (let i = 0; i < len; i++) s += rng.chance(0.8) ? String.fromCharCode(rng.int(32, 126)) : String.fromCharCode(rng.int(0, 0xffff));
  return s;
}

test(`fuzz: ${CASES} random and mutated lines through every decoder, multi-line and the parsers`, () => {
  const pool = corpus();
  assert.ok(pool.length > 1000, `corpus has ${pool.length} lines`);
  const rng = new Rng(SEED);
  const d = newDecodedLine();
  const aggs = new Map<EnvelopeFormat, MultilineAggregator>(FORMATS.map((f) => [f, new MultilineAggregator({ mode: 'auto', max_bytes: 1 << 20, max_lines: 2000 })]));
  const pushed = new Map<EnvelopeFormat, number>(FORMATS.map((f) => [f, 0]));
  const emitted = new Map<EnvelopeFormat, number>(FORMATS.map((f) => [f, 0]));
  const outcomes = { decoded: 0, quarantined: 0 };
  const checkEvent = (text: string, where: string): void => {
    const w = new RecordFieldWriter();
    const family = parseEvent(text, w, { observedMicros: 1_772_445_600_000_000, defaultTzOffsetMinutes: 0 });
    assert.ok(FAMILIES.has(family), `${where}: family ${family}`);
    for (const col of ['ts', 'observed_ts'] as const) {
      const v = w.values[col];
      if (v !== undefined) assert.ok(typeof v === 'number' && Number.isFinite(v), `${where}: ${col} = ${String(v)}`);
    }
  };
  for (let i = 0; i < CASES; i++) {
    const r = rng.next();
    const base = pool[rng.int(0, pool.length - 1)]!;
    const line = r < 0.4 ? base : r < 0.9 ? mutate(rng, base, pool) : randomLine(rng);
    const format = rng.chance(0.2) ? sniffFormat(line) : FORMATS[i % FORMATS.length]!;
    const where = `case ${i} (${format}): ${JSON.stringify(line.slice(0, 200))}`;
    let res;
    try {
      res = decodeLine(format, line, d);
    } catch (e) {
      assert.fail(`${where}: decoder threw ${(e as Error).message}`);
    }
    if (!res.ok) {
      assert.ok(res.reason.length > 0, `${where}: quarantined without a reason`);
      outcomes.quarantined++;
      continue;
    }
    outcomes.decoded++;
    assert.equal(typeof res.text, 'string', where);
    if (!Number.isNaN(res.observed)) assert.ok(tsInRange(res.observed), `${where}: observed ${res.observed}`);
    if (!Number.isNaN(res.presetTs)) assert.ok(Number.isFinite(res.presetTs), `${where}: presetTs ${res.presetTs}`);
    const agg = aggs.get(format)!;
    pushed.set(format, pushed.get(format)! + 1);
    let events;
    try {
      events = agg.push(res.text, i);
    } catch (e) {
      assert.fail(`${where}: multi-line threw ${(e as Error).message}`);
    }
    for (const ev of events) {
      emitted.set(format, emitted.get(format)! + ev.lines);
      try {
        checkEvent(ev.text, where);
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.fail(`${where}: parser threw ${(e as Error).message}`);
      }
    }
  }
  for (const f of FORMATS) {
    const last = aggs.get(f)!.flush();
    if (last) {
      emitted.set(f, emitted.get(f)! + last.lines);
      checkEvent(last.text, `flush ${f}`);
    }
    assert.equal(emitted.get(f), pushed.get(f), `${f}: every line pushed into multi-line comes out in one event`);
  }
  assert.equal(outcomes.decoded + outcomes.quarantined, CASES);
  assert.ok(outcomes.quarantined > 1000 && outcomes.decoded > 50_000, JSON.stringify(outcomes));
});

test('fuzz: 30,000 mutated lines through the real ingest balance exactly', async () => {
  const pool = corpus();
  const rng = new Rng(SEED + 1);
  const dir = mkdtempSync(join(tmpdir(), 'loglake-fuzz-'));
  const files: Array<[string, number]> = [];
  // one file per envelope, each led by a valid line of its kind so that sniffing picks it
  const leads: Record<string, string> = {
    'x-json.log': JSON.stringify({ log: 'start\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000001Z' }),
    'cri.log': '2026-03-02T10:00:00.000000001Z stdout F start',
    'fb.log': JSON.stringify({ log: 'start', kubernetes: { pod_name: 'p', namespace_name: 'n', container_name: 'c' }, timestamp: '2026-03-02T10:00:00Z' }),
    'plain.log': 'start',
  };
  for (const [name, lead] of Object.entries(leads)) {
    const lines = [lead];
    for (let i = 0; i < 7_500; i++) {
      const base = pool[rng.int(0, pool.length - 1)]!;
      lines.push((rng.chance(0.7) ? mutate(rng, base, pool) : base).replace(/\n/g, ' '));
    }
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    files.push([path, lines.length]);
  }
  const s = await runIngest({ inputs: files.map((f) => f[0]), warehouse: join(dir, 'wh'), workers: 0, templates: false, idleSecs: 0, commitBytes: 1 << 20 });
  const lines = files.reduce((n, f) => n + f[1], 0);
  assert.equal(s.totals.lines, lines);
  assert.equal(s.balanced, true, JSON.stringify(s.totals));
  assert.equal(s.totals.rows + s.totals.merged + s.totals.quarantined + s.totals.blank, lines);
  assert.ok(s.totals.quarantined > 1000 && s.totals.rows > 1000 && s.totals.merged > 0, JSON.stringify(s.totals));
});
