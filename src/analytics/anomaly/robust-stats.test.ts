import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, mad, robustBaseline, robustZ, countScaleFloor, quantile, MAD_SCALE } from './robust-stats.js';

test('median and MAD of odd and even series', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  // median 4; |x - 4| = 3,1,1,0,6 → median 1
  assert.equal(mad([1, 5, 3, 4, 10]), 1);
  assert.equal(mad([7, 7, 7]), 0);
});

test('robust z-score: (x - median) / (1.4826 MAD), with a floor for flat series', () => {
  const b = robustBaseline([10, 12, 8, 11, 9]); // median 10, MAD 1
  assert.equal(b.median, 10);
  assert.ok(Math.abs(b.scale - MAD_SCALE) < 1e-12);
  assert.ok(Math.abs(robustZ(20, b) - 10 / MAD_SCALE) < 1e-9);
  // A single huge outlier in the baseline does not move the median or the scale.
  const withOutlier = robustBaseline([10, 12, 8, 11, 1000]);
  assert.equal(withOutlier.median, 11);
  // Flat series: MAD 0, the floor applies (Poisson √median for counts).
  const flat = robustBaseline([100, 100, 100, 100], countScaleFloor);
  assert.equal(flat.scale, 10);
  assert.equal(robustZ(130, flat), 3);
  const zeros = robustBaseline([0, 0, 0], countScaleFloor);
  assert.equal(zeros.scale, 1);
});

test('quantile interpolates', () => {
  assert.equal(quantile([1, 2, 3, 4, 5], 0.5), 3);
  assert.equal(quantile([0, 10], 0.99), 9.9);
});
