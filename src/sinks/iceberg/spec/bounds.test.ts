import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBounds, decodeBound, encodeBound, truncateLowerBound, truncateUpperBound } from './bounds.js';

test('Appendix D: ints are 4-byte little-endian, longs and timestamps 8-byte little-endian', () => {
  assert.deepEqual([...encodeBound('int', 1)], [1, 0, 0, 0]);
  assert.deepEqual([...encodeBound('int', -1)], [0xff, 0xff, 0xff, 0xff]);
  assert.deepEqual([...encodeBound('long', 258n)], [2, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...encodeBound('timestamptz', -1_800_000_000n)], [...Buffer.from('002eb694ffffffff', 'hex')]);
  assert.equal(decodeBound('timestamptz', encodeBound('timestamptz', -1_800_000_000n)), -1_800_000_000n);
  assert.equal(decodeBound('long', encodeBound('long', (1n << 62n) + 7n)), (1n << 62n) + 7n);
  assert.throws(() => encodeBound('int', 2 ** 31), /32-bit/);
});

test('Appendix D: doubles are 8-byte little-endian IEEE 754, NaN is refused', () => {
  const b = encodeBound('double', 1.5);
  assert.equal(b.length, 8);
  assert.equal(b.readDoubleLE(0), 1.5);
  assert.ok(Object.is(decodeBound('double', encodeBound('double', -0)), -0));
  assert.throws(() => encodeBound('double', Number.NaN), /NaN/);
});

test('Appendix D: strings are UTF-8 without a length prefix', () => {
  assert.deepEqual(encodeBound('string', 'é1'), Buffer.from([0xc3, 0xa9, 0x31]));
  assert.equal(decodeBound('string', Buffer.from('api')), 'api');
  assert.deepEqual(encodeBound('string', ''), Buffer.alloc(0));
});

test('decoding checks the byte length', () => {
  assert.throws(() => decodeBound('int', Buffer.alloc(8)), /4 bytes/);
  assert.throws(() => decodeBound('long', Buffer.alloc(4)), /8 bytes/);
});

test('compareBounds orders -0.0 before +0.0 and strings by UTF-8 bytes', () => {
  assert.ok(compareBounds('double', -0, 0) < 0);
  assert.ok(compareBounds('string', 'Z', 'a') < 0);
  assert.ok(compareBounds('string', '\uffff', '\u{10000}') < 0);
  assert.ok(compareBounds('long', 2n, 10n) < 0);
});

test('string truncation gives valid lower and upper bounds', () => {
  const v = 'abcdefghijklmnopqrstuvwxyz';
  const lo = truncateLowerBound(v, 16);
  const hi = truncateUpperBound(v, 16)!;
  assert.equal(lo, 'abcdefghijklmnop');
  assert.equal(hi, 'abcdefghijklmnoq');
  assert.ok(compareBounds('string', lo, v) <= 0 && compareBounds('string', v, hi) <= 0);
  assert.equal(truncateUpperBound('short', 16), 'short');
  assert.equal(truncateUpperBound('\u{10FFFF}\u{10FFFF}x', 2), undefined);
  assert.equal(truncateUpperBound('a\u{10FFFF}x', 2), 'b');
});
