import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupIncidents } from './gather-anomalies.js';
import type { Anomaly } from '../anomaly/index.js';

const an = (id: string, entity: string, start: string, end: string, score: number): Anomaly => ({
  id, service: entity, entity, instance: null, window_start: start, window_end: end, kind: 'volume_spike', score,
  evidence: { templates: [], sample_rows: [], counts: { windows: 1, rows: [], errors: [], observed: [], baseline: 0 } }, explanation: `${entity} moved`, correlated: [],
});

test('groupIncidents joins anomalies that overlap or touch within one window', () => {
  const inc = groupIncidents([
    an('c', 'kafka-1', '2026-03-02T11:00:00Z', '2026-03-02T11:05:00Z', 3),
    an('a', 'postgres', '2026-03-02T10:00:00Z', '2026-03-02T10:10:00Z', 9),
    an('b', 'orders-api', '2026-03-02T10:15:00Z', '2026-03-02T10:20:00Z', 12),
  ], 300);
  assert.equal(inc.length, 2);
  assert.deepEqual(inc[0]!.anomalies, ['a', 'b']);
  assert.deepEqual(inc[0]!.services, ['orders-api', 'postgres']);
  assert.equal(inc[0]!.headline, 'orders-api moved');
  assert.equal(inc[0]!.end, '2026-03-02T10:20:00.000Z');
  assert.deepEqual(inc[1]!.anomalies, ['c']);
  assert.deepEqual(groupIncidents([], 300), []);
});
