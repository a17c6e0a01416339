import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntitySeries, type EntitySeries, type WindowSeries } from './window-series.js';
import { series as seriesAt, steady } from './testing/series-fixtures.js';
import { detectInSeries } from './detect-anomalies.js';
import { classifyBenign, periodOf, episodeStart } from './classify-benign.js';
import { groupIncidents } from './group-incidents.js';

const START = Date.UTC(2026, 2, 2, 0, 0, 0);
const W = 300_000;

const series = (entities: EntitySeries[]): WindowSeries => seriesAt(entities, START);


/** Onset arrays: the first row of each window `secs` seconds into it. */
function onsets(n: number, secs: number): Float64Array {
  return Float64Array.from({ length: n }, (_, w) => START + w * W + secs * 1000);
}

test('a DEBUG line that comes in waves all day does not alarm after its first waves', () => {
  const n = 288;
  const wave = new Array<number>(n).fill(0);
  // waves of 4-6 windows every ~25 windows, with varying height
  for (let s = 10, k = 0; s < n; s += 22 + (k % 7), k++) for (let w = s; w < Math.min(n, s + 4 + (k % 3)); w++) wave[w] = 300 + ((k * 97) % 500);
  const e = makeEntitySeries('indexer', { a: { counts: steady(n, 20, 3) }, d: { counts: wave, debugs: wave, text: 'flushed <*> docs' } });
  const late = detectInSeries(series([e])).filter((a) => Date.parse(a.window_start) >= START + 60 * W);
  assert.deepEqual(late.map((a) => `${a.kind}@${a.window_start.slice(11, 16)}`), []);
});

test('the same waves at INFO level stop alarming once they have recurred (long-history quantile)', () => {
  const n = 288;
  const wave = new Array<number>(n).fill(0);
  for (let s = 10, k = 0; s < n; s += 22 + (k % 7), k++) for (let w = s; w < Math.min(n, s + 4); w++) wave[w] = 400 + ((k * 37) % 100);
  const e = makeEntitySeries('indexer', { a: { counts: steady(n, 20, 3) }, d: { counts: wave, text: 'flushed <*> docs' } });
  const late = detectInSeries(series([e])).filter((a) => Date.parse(a.window_start) >= START + 80 * W && a.kind !== 'sequence');
  assert.deepEqual(late.map((a) => `${a.kind}@${a.window_start.slice(11, 16)}`), []);
});

/** An entity whose new version logs six never-seen start-up lines at window 40 (one WARN), then errors from 45 if `errorsAt45`. */
function deployed(errorsAt45: boolean): EntitySeries {
  const n = 60;
  const tpl: Record<string, { counts: number[]; errors?: number[]; warns?: number[]; text?: string }> = { a: { counts: steady(n, 100, 2) } };
  for (let k = 0; k < 6; k++) {
    const c = new Array<number>(n).fill(0);
    c[40] = 2;
    tpl[`s${k}`] = { counts: c, text: `start-up step ${k}`, ...(k === 2 ? { warns: c } : {}) };
  }
  if (errorsAt45) {
    const errs = new Array<number>(n).fill(0);
    for (let w = 45; w < 48; w++) errs[w] = 40;
    tpl.x = { counts: errs, errors: errs, text: 'render failed' };
  }
  return makeEntitySeries('api', tpl);
}

test('new start-up lines after a deploy are benign; an error spike after it is not', () => {
  const e = deployed(true);
  e.deploys = [{ w: 40, t: START + 40 * W + 5000, what: 'image change api:1.2 → api:1.3' }];
  const s = series([e]);
  const { alerts, benign } = classifyBenign(s, detectInSeries(s));
  assert.ok(benign.some((b) => b.kind === 'new_template'), benign.map((b) => b.kind).join(' '));
  for (const b of benign) assert.match(b.benign_reason!, /^deploy: image change api:1\.2 → api:1\.3/);
  assert.ok(alerts.some((a) => a.kind === 'error_spike'), alerts.map((a) => a.kind).join(' '));
  assert.ok(!benign.some((a) => a.kind === 'error_spike'));
});

test('without the deploy the same start-up lines are an alert (the label needs the envelope evidence)', () => {
  const s = series([deployed(false)]);
  const { alerts, benign } = classifyBenign(s, detectInSeries(s));
  assert.equal(benign.length, 0);
  assert.ok(alerts.some((a) => a.kind === 'new_template'), alerts.map((a) => a.kind).join(' '));
});

test('a line added by a new version grows from zero without a template burst', () => {
  const n = 80;
  const feature = new Array<number>(n).fill(0);
  for (let w = 40; w < n; w++) feature[w] = Math.min(30, 2 * (w - 39));
  const e = makeEntitySeries('api', { a: { counts: steady(n, 100, 2) }, f: { counts: feature, text: 'feature flag evaluated' } });
  const bursts = detectInSeries(series([e])).filter((a) => a.kind === 'template_burst');
  assert.deepEqual(bursts.map((a) => a.window_start), []);
});

test('a never-seen job starting on the hour is scheduled; the same burst at :17 is not', () => {
  const n = 36;
  const job = new Array<number>(n).fill(0);
  job[24] = 50; // 02:00
  for (const [secs, expectBenign] of [[20, true], [17 * 60 + 20 - 15 * 60, false]] as const) {
    const e = makeEntitySeries('jobs', { a: { counts: steady(n, 10, 5) }, j: { counts: job, warns: job, text: 'partition <*> lagging' } });
    e.templates[1]!.onset = onsets(n, secs);
    if (!expectBenign) e.templates[1]!.onset = Float64Array.from(e.templates[1]!.onset, (t) => t + 2 * W - 100_000);
    const s = series([e]);
    const { alerts, benign } = classifyBenign(s, detectInSeries(s));
    if (expectBenign) {
      assert.ok(benign.length > 0 && alerts.length === 0, `benign ${benign.length} alerts ${alerts.map((a) => a.kind)}`);
      assert.match(benign[0]!.benign_reason!, /^scheduled: 'partition <\*> lagging' started at 02:00:20 UTC, on the hour/);
    } else {
      assert.equal(benign.length, 0);
    }
  }
});

test('periodOf and episodeStart find a rhythm from the third run', () => {
  const c = new Float64Array(60);
  for (const s of [5, 17, 29, 41]) { c[s] = 40; c[s + 1] = 30; }
  c[37] = 40;
  const t = { id: 'j', text: 'j', counts: c, errors: new Float64Array(60), warns: new Float64Array(60) };
  assert.equal(periodOf(t, 29), 12);
  assert.equal(periodOf(t, 17), 0); // one earlier run is no rhythm
  assert.equal(periodOf(t, 37), 0); // off the beat
  assert.equal(episodeStart(t, 30), 29);
});

test('related alerts across services within minutes are one incident; the earliest error is rank 1', () => {
  const n = 60;
  const mk = (key: string, at: number, secs: number): EntitySeries => {
    const errs = new Array<number>(n).fill(0);
    for (let w = at; w < at + 3; w++) errs[w] = 40;
    const e = makeEntitySeries(key, { a: { counts: steady(n, 100, key.length) }, x: { counts: errs, errors: errs, text: `${key} failed` } });
    e.templates[1]!.onset = onsets(n, secs);
    return e;
  };
  const s = series([mk('db', 40, 10), mk('api', 40, 200), mk('web', 41, 30), mk('other', 55, 0)]);
  const anomalies = detectInSeries(s);
  const incidents = groupIncidents(s, anomalies);
  assert.equal(incidents.length, 2);
  assert.deepEqual(incidents[0]!.entities, ['db', 'api', 'web']);
  assert.equal(incidents[0]!.root_cause, 'db');
  assert.match(incidents[0]!.explanation, /^3 services\/brokers within \d+ min; likely root cause db/);
  for (const a of anomalies.filter((x) => x.entity !== 'other')) assert.equal(a.incident_id, incidents[0]!.incident_id);
  assert.equal(anomalies.find((a) => a.entity === 'db')!.root_cause_rank, 1);
  assert.deepEqual(incidents[1]!.entities, ['other']);
});

