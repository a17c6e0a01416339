import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrDict, hashBytes, sameBytes, viewOf } from './str-dict.js';

/** `strs` as one UTF-8 buffer (at byte offset 3 of a larger buffer, to test unaligned views) and their ranges. */
function pack(strs: string[]): { data: Uint8Array; ranges: [number, number][] } {
  const parts = strs.map((s) => Buffer.from(s, 'utf8'));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const outer = new Uint8Array(total + 8);
  const data = outer.subarray(3, 3 + total);
  const ranges: [number, number][] = [];
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    ranges.push([at, at + p.length]);
    at += p.length;
  }
  return { data, ranges };
}

test('every distinct value gets one entry, across table growth, with the same index when seen again', () => {
  const strs: string[] = [];
  for (let i = 0; i < 9000; i++) strs.push(i % 7 === 0 ? `${i}` : `value-${i}-é`.slice(0, 1 + (i % 23)) + i);
  const unique = [...new Set(strs)];
  const { data, ranges } = pack([...strs, ...strs.slice().reverse(), '', '']);
  const dv = viewOf(data);
  const d = new StrDict();
  const first = new Map<string, number>();
  for (let r = 0; r < ranges.length; r++) {
    const [a, e] = ranges[r]!;
    const s = Buffer.from(data.subarray(a, e)).toString('utf8');
    const k = d.add(data, dv, a, e);
    if (!first.has(s)) first.set(s, k);
    assert.equal(k, first.get(s), `index of ${JSON.stringify(s)}`);
    assert.equal(Buffer.from(d.data.buf.subarray(d.offs[k]!, d.offs[k + 1]!)).toString('utf8'), s);
  }
  assert.equal(d.count, unique.length + 1); // + the empty string
  d.reset();
  assert.equal(d.count, 0);
  const [a, e] = ranges[5]!;
  assert.equal(d.add(data, dv, a, e), 0);
});

test('values that differ in one byte (any position, any length) are different entries', () => {
  const strs: string[] = [];
  for (let n = 1; n <= 13; n++) {
    const base = 'abcdefghijklm'.slice(0, n);
    strs.push(base);
    for (let j = 0; j < n; j++) strs.push(base.slice(0, j) + 'Z' + base.slice(j + 1));
  }
  const { data, ranges } = pack(strs);
  const dv = viewOf(data);
  const d = new StrDict();
  const ks = ranges.map(([a, e]) => d.add(data, dv, a, e));
  assert.equal(new Set(ks).size, strs.length);
  for (let i = 0; i < strs.length; i++) {
    for (let j = 0; j < strs.length; j++) {
      const [a, e] = ranges[i]!;
      const [b, f] = ranges[j]!;
      if (e - a !== f - b) continue;
      assert.equal(sameBytes(data, dv, a, data, dv, b, e - a), i === j);
      if (i === j) assert.equal(hashBytes(data, dv, a, e), hashBytes(data, dv, b, f));
    }
  }
});
