import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionMayMatch, rowFilter } from './row-filter.js';

const us = (iso: string): number => Date.parse(iso) * 1000;

test('Parquet partition pruning by service and hour window', () => {
  const f = 'logs/service=kafka/date=2026-03-02/hour=09/part-x.parquet';
  assert.equal(partitionMayMatch(f, {}), true);
  assert.equal(partitionMayMatch(f, { services: ['kafka'] }), true);
  assert.equal(partitionMayMatch(f, { services: ['postgres'] }), false);
  assert.equal(partitionMayMatch(f, { fromMicros: us('2026-03-02T09:59:59Z') }), true);
  assert.equal(partitionMayMatch(f, { fromMicros: us('2026-03-02T10:00:00Z') }), false);
  assert.equal(partitionMayMatch(f, { toMicros: us('2026-03-02T09:00:00.001Z') }), true);
  assert.equal(partitionMayMatch(f, { toMicros: us('2026-03-02T09:00:00Z') }), false);
  assert.equal(partitionMayMatch('/abs/elsewhere.parquet', { services: ['x'] }), true); // unknown layout: kept, rows filtered
  assert.equal(rowFilter({}), '');
  assert.match(rowFilter({ services: ["o'neil"], fromMicros: 1, toMicros: 2 }), /\(service IN \('o''neil'\)\) AND ts >= .* AND ts < /);
});
