import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketStarts, chooseBucketSecs, denseSeries, scopeWhere } from './scope.js';

test('chooseBucketSecs keeps charts at 150 buckets or fewer', () => {
  assert.equal(chooseBucketSecs(3600_000), 60);
  assert.equal(chooseBucketSecs(6 * 3600_000), 300);
  assert.equal(chooseBucketSecs(24 * 3600_000), 600);
  for (const span of [1, 5e6, 3e7, 9e9]) assert.ok(span / (chooseBucketSecs(span) * 1000) <= 150 || chooseBucketSecs(span) === 604800);
});

test('denseSeries fills every bucket and sums rows of the same name', () => {
  const s = { service: null, since: 0, until: 300_000, bucketSecs: 60 };
  assert.deepEqual(bucketStarts(s), [0, 60_000, 120_000, 180_000, 240_000]);
  const d = denseSeries(s, [['a', 60_000, 2], ['b', 0, 1], ['a', 60_000, 3], [null, 240_000, 7], ['a', 999_000, 1]], ['b']);
  assert.deepEqual(d.series, [{ name: 'b', data: [1, 0, 0, 0, 0] }, { name: 'a', data: [0, 5, 0, 0, 0] }, { name: '(none)', data: [0, 0, 0, 0, 7] }]);
});

test('scopeWhere binds values, never inlines them', () => {
  const w = scopeWhere({ service: "x' OR '1'='1", since: 1, until: 2, bucketSecs: 60 }, 'l');
  assert.doesNotMatch(w.sql, /OR '1'/);
  assert.equal(w.params.service, "x' OR '1'='1");
  assert.match(w.sql, /l\.service = \$service/);
});
