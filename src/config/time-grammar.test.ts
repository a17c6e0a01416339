import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseTime } from './time-grammar.js';
import { UsageError } from '../core/errors.js';

test('durations: a number and a unit, nothing else', () => {
  assert.equal(parseDuration('window', '30s'), 30_000);
  assert.equal(parseDuration('window', '5m'), 300_000);
  assert.equal(parseDuration('window', '2h'), 7_200_000);
  assert.equal(parseDuration('window', '7d'), 604_800_000);
  assert.equal(parseDuration('window', '1.5h'), 5_400_000);
  assert.equal(parseDuration('window', '250ms'), 250);
  for (const bad of ['1', '5 minutes', 'soon', '', '-5m', '5M', 'PT5M']) {
    assert.throws(() => parseDuration('window', bad), (e: unknown) => e instanceof UsageError && /--window must be a duration/.test(e.message), bad);
  }
  assert.throws(() => parseDuration('window', '0s', 1), /at least/);
});

test('times: ISO-8601 (UTC without zone) or a duration ago; "1" is refused', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  assert.equal(parseTime('since', '2026-03-02T10:00:00Z', now), Date.parse('2026-03-02T10:00:00Z'));
  assert.equal(parseTime('since', '2026-03-02T10:00:00', now), Date.parse('2026-03-02T10:00:00Z'));
  assert.equal(parseTime('since', '2026-03-02T10:00+01:00', now), Date.parse('2026-03-02T09:00:00Z'));
  assert.equal(parseTime('since', '2026-03-02', now), Date.parse('2026-03-02T00:00:00Z'));
  assert.equal(parseTime('since', '2028-02-29', now), Date.parse('2028-02-29T00:00:00Z'));
  assert.equal(parseTime('since', '2h', now), now - 7_200_000);
  assert.equal(parseTime('since', '-30m', now), now - 1_800_000);
  for (const bad of ['1', '2001', 'yesterday', 'Mar 2 2026', '2026-13-45', '2026-03-02T25:00Z', '2026-02-30', '2025-02-29', '2026-04-31T10:00Z']) {
    assert.throws(() => parseTime('since', bad, now), (e: unknown) => e instanceof UsageError && /--since must be an ISO-8601 time/.test(e.message), bad);
  }
});
