import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount } from './format-count.js';

test('formatCount prints what toLocaleString("en-US") prints', () => {
  const values = [0, -0, 1, 12, 123, 999, 1000, 1001, 9999, 12345, 123456, 999999, 1000000, 1234567, 98765432, Number.MAX_SAFE_INTEGER, -1, -999, -1000, -1234567, 0.5, 1234.5678, NaN, Infinity, -Infinity, 2 ** 60];
  let r = 0x2545f491;
  for (let i = 0; i < 2000; i++) {
    r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
    values.push((r >>> 0) % 10 ** (1 + (i % 12)), -((r >>> 0) % 10 ** (1 + (i % 9))));
  }
  for (const v of values) assert.equal(formatCount(v), v.toLocaleString('en-US'), String(v));
});
