import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteWriter } from './byte-writer.js';
import { bitWidthOf, encodeHybrid } from './rle-hybrid.js';

/** Independent decoder of the RLE / bit-packing hybrid (Encodings.md), for `count` values. */
function decode(b: Uint8Array, bitWidth: number, count: number): number[] {
  const out: number[] = [];
  let p = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const x = b[p++]!;
      v += (x & 0x7f) * 2 ** shift;
      shift += 7;
      if (x < 0x80) return v;
    }
  };
  while (out.length < count) {
    assert.ok(p < b.length, 'ran out of encoded bytes');
    const h = varint();
    if (h % 2 === 0) {
      const n = h / 2;
      let v = 0;
      for (let i = 0; i < (bitWidth + 7) >> 3; i++) v |= b[p++]! << (8 * i);
      for (let i = 0; i < n; i++) out.push(v);
    } else {
      const n = ((h - 1) / 2) * 8;
      let bitPos = p * 8;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let k = 0; k < bitWidth; k++, bitPos++) v |= ((b[bitPos >> 3]! >> (bitPos & 7)) & 1) << k;
        out.push(v);
      }
      p += (n * bitWidth) / 8;
    }
  }
  assert.equal(p, b.length, 'no trailing bytes');
  return out.slice(0, count);
}

test('bitWidthOf', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 255, 256, 65535, 65536].map(bitWidthOf), [1, 1, 2, 2, 3, 8, 9, 16, 17]);
});

test('hybrid encoding round-trips runs, mixtures and every alignment', () => {
  let seed = 1;
  const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (const bw of [1, 2, 3, 5, 8, 12, 16]) {
    const max = 2 ** bw - 1;
    for (let trial = 0; trial < 60; trial++) {
      const n = Math.floor(rand() * 300);
      const v = new Int32Array(n);
      let i = 0;
      while (i < n) {
        // alternate long runs and noise of random lengths
        const len = Math.floor(rand() * (rand() < 0.5 ? 40 : 9)) + 1;
        const x = Math.floor(rand() * (max + 1));
        const noise = rand() < 0.5;
        for (let k = 0; k < len && i < n; k++) v[i++] = noise ? Math.floor(rand() * (max + 1)) : x;
      }
      const w = new ByteWriter(8);
      encodeHybrid(w, v, 0, n, bw);
      assert.deepEqual(decode(w.view(), bw, n), [...v], `bw ${bw} trial ${trial}`);
      if (bw === 1) {
        const u = Uint8Array.from(v);
        const w8 = new ByteWriter(8);
        encodeHybrid(w8, u, 0, n, 1);
        assert.deepEqual(w8.view(), w.view(), 'Uint8Array and Int32Array inputs encode alike');
      }
    }
  }
  const w = new ByteWriter(8);
  encodeHybrid(w, new Uint8Array(100000), 0, 100000, 1);
  assert.deepEqual([...w.view()], [0xc0, 0x9a, 0x0c, 0x00], 'one RLE run of 100000 zeros');
});
