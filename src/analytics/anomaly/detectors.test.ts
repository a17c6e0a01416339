import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntitySeries, type EntitySeries, type WindowSeries } from './window-series.js';
import { series as seriesAt, steady } from './testing/series-fixtures.js';
import { runDetectors, poissonTail } from './detectors.js';
import { detectInSeries } from './detect-anomalies.js';

const START = Date.UTC(2026, 2, 2, 8, 0, 0);

const series = (entities: EntitySeries[]): WindowSeries => seriesAt(entities, START);


test('poisson tail', () => {
  assert.equal(poissonTail(0, 3), 1);
  assert.ok(Math.abs(poissonTail(1, 2) - (1 - Math.exp(-2))) < 1e-12);
  assert.ok(poissonTail(20, 1) < 1e-15);
});

test('a flat series produces no anomaly', () => {
  const e = makeEntitySeries('svc', {
    a: { counts: steady(60, 100, 1) },
    b: { counts: steady(60, 40, 2), errors: steady(60, 2, 3).map((x) => Math.max(0, x)) },
  });
  const anomalies = detectInSeries(series([e]));
  assert.deepEqual(anomalies.map((a) => `${a.kind}@${a.window_start}`), []);
});

test('a volume spike is found at the right window, with its template as evidence', () => {
  const counts = steady(60, 100, 4);
  counts[40] = 900;
  const e = makeEntitySeries('svc', { a: { counts, text: 'request completed' }, b: { counts: steady(60, 30, 5) } });
  const anomalies = detectInSeries(series([e]));
  const spikes = anomalies.filter((a) => a.kind === 'volume_spike');
  assert.equal(spikes.length, 1);
  assert.equal(spikes[0]!.window_start, new Date(START + 40 * 300_000).toISOString());
  assert.equal(spikes[0]!.evidence.templates[0]!.text, 'request completed');
  assert.match(spikes[0]!.explanation, /svc wrote 9\d\d lines in 5 min \(usually ~1\d\d\/5min/);
});

test('a silence of a chatty service merges adjacent windows into one anomaly', () => {
  const counts = steady(60, 120, 6);
  for (let w = 30; w < 34; w++) counts[w] = 0;
  const e = makeEntitySeries('payments', { a: { counts } });
  const anomalies = detectInSeries(series([e]));
  const silences = anomalies.filter((a) => a.kind === 'silence');
  assert.equal(silences.length, 1);
  const s = silences[0]!;
  assert.equal(s.evidence.counts.windows, 4);
  assert.equal(Date.parse(s.window_end) - Date.parse(s.window_start), 20 * 60_000);
  assert.match(s.explanation, /^payments wrote 0 lines for 20 min \(usually ~1[12]\d\/5min\)/);
});

test('an intermittent batch job is not reported silent between runs', () => {
  const counts = new Array<number>(60).fill(0);
  for (const start of [2, 26, 50]) for (let w = start; w < start + 4; w++) counts[w] = 150;
  const e = makeEntitySeries('nyc-etl', { a: { counts } });
  const anomalies = detectInSeries(series([e]));
  assert.deepEqual(anomalies.filter((a) => a.kind === 'silence'), []);
});

test('several never-seen error templates late in a steady service are flagged; one stray line is not', () => {
  const tpl: Record<string, { counts: number[]; errors?: number[]; text?: string }> = {
    a: { counts: steady(60, 100, 7) },
    b: { counts: steady(60, 50, 8) },
  };
  // One stray new error line at window 20: expected background noise.
  tpl.stray = { counts: new Array<number>(60).fill(0), errors: new Array<number>(60).fill(0), text: 'stray' };
  tpl.stray.counts[20] = 1;
  tpl.stray.errors![20] = 1;
  // Four new error templates at window 45.
  for (const k of ['oom', 'lost', 'fetch', 'abort']) {
    const c = new Array<number>(60).fill(0);
    c[45] = 2;
    tpl[k] = { counts: c, errors: c.slice(), text: `${k} failure` };
  }
  const e = makeEntitySeries('svc', tpl);
  const { flags } = runDetectors(series([e]));
  const fresh = flags.filter((f) => f.kind === 'new_template');
  assert.deepEqual(fresh.map((f) => f.w), [45]);
  assert.deepEqual([...fresh[0]!.templates].sort(), ['abort', 'fetch', 'lost', 'oom']);
});

test('error spike and lead/lag correlation: the leader is named with a negative lag', () => {
  const n = 60;
  const kafkaErr = new Array<number>(n).fill(0);
  kafkaErr[30] = 40;
  const apiErr = new Array<number>(n).fill(0);
  apiErr[31] = 60;
  const kafka = makeEntitySeries('kafka-2', { ok: { counts: steady(n, 90, 9) }, bad: { counts: kafkaErr, errors: kafkaErr, text: 'connection lost' } }, 'kafka', '2');
  const api = makeEntitySeries('orders-api', { ok: { counts: steady(n, 120, 10) }, bad: { counts: apiErr, errors: apiErr, text: 'request errored' } });
  const other = makeEntitySeries('payments', { ok: { counts: steady(n, 100, 11) } });
  const anomalies = detectInSeries(series([kafka, api, other]));
  const apiSpike = anomalies.find((a) => a.entity === 'orders-api' && a.kind === 'error_spike');
  assert.ok(apiSpike, 'orders-api error spike found');
  assert.equal(apiSpike.window_start, new Date(START + 31 * 300_000).toISOString());
  const lead = apiSpike.correlated[0];
  assert.ok(lead, 'a correlated entity');
  assert.equal(lead.entity, 'kafka-2');
  assert.equal(lead.lag_secs, -300);
  assert.match(apiSpike.explanation, /kafka broker 2 .* 5 min before/);
  assert.ok(!apiSpike.correlated.some((c) => c.entity === 'payments'), 'a quiet service is not correlated');
  // The leader's own anomaly does not list the follower (only same or preceding windows count).
  const kafkaSpike = anomalies.find((a) => a.entity === 'kafka-2' && a.kind === 'error_spike');
  assert.ok(kafkaSpike);
  assert.ok(!kafkaSpike.correlated.some((c) => c.entity === 'orders-api'));
});

test('a template burst is found', () => {
  const burst = new Array<number>(60).fill(0);
  for (let w = 0; w < 60; w += 7) burst[w] = 1;
  burst[44] = 35;
  const e = makeEntitySeries('kafka-1', { a: { counts: steady(60, 90, 12) }, r: { counts: burst, text: 'Preparing to rebalance group <*>' } }, 'kafka', '1');
  const anomalies = detectInSeries(series([e]));
  const b = anomalies.filter((a) => a.kind === 'template_burst');
  assert.equal(b.length, 1);
  assert.match(b[0]!.explanation, /'Preparing to rebalance group <\*>' appeared 35 times in 5 min on kafka broker 1/);
});
