/**
 * The Parquet RLE / bit-packing hybrid encoding (Encodings.md, "RLE = 3"), used for repetition and
 * definition levels and for dictionary indices. Runs of at least 8 equal values become RLE runs,
 * everything else is bit-packed in groups of 8 (LSB first); the last group is zero-padded.
 */
import type { ByteWriter } from './byte-writer.js';

/** Bits needed to store values 0..maxValue (at least 1). */
export function bitWidthOf(maxValue: number): number {
  let w = 1;
  while (w < 32 && maxValue >= 2 ** w) w++;
  return w;
}

function rleRun(w: ByteWriter, value: number, count: number, bitWidth: number): void {
  w.varint(count * 2);
  const nb = (bitWidth + 7) >> 3;
  w.ensure(nb);
  for (let i = 0; i < nb; i++) w.buf[w.pos++] = (value >>> (8 * i)) & 0xff;
}

function packedRun(w: ByteWriter, v: Uint8Array | Int32Array, start: number, end: number, bitWidth: number): void {
  const groups = (end - start + 7) >> 3;
  w.varint(groups * 2 + 1);
  w.ensure(groups * bitWidth);
  const b = w.buf;
  let p = w.pos;
  if (bitWidth === 1) {
    let i = start;
    for (let g = 0; g < groups; g++, i += 8) {
      if (i + 8 <= end) {
        b[p++] = v[i]! | (v[i + 1]! << 1) | (v[i + 2]! << 2) | (v[i + 3]! << 3) | (v[i + 4]! << 4) | (v[i + 5]! << 5) | (v[i + 6]! << 6) | (v[i + 7]! << 7);
      } else {
        let x = 0;
        for (let k = 0; i + k < end; k++) x |= v[i + k]! << k;
        b[p++] = x;
      }
    }
  } else {
    // bitWidth <= 24: the accumulator never holds more than 7 + 24 bits
    let acc = 0;
    let bits = 0;
    const n = groups * 8;
    for (let k = 0; k < n; k++) {
      const i = start + k;
      acc |= (i < end ? v[i]! : 0) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        b[p++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
  w.pos = p;
}

/**
 * Appends the hybrid encoding of `v[start, end)` (no length prefix). Values must fit `bitWidth`
 * (1..24 bits).
 */
export function encodeHybrid(w: ByteWriter, v: Uint8Array | Int32Array, start: number, end: number, bitWidth: number): void {
  let i = start;
  let bp = -1; // start of the pending bit-packed region
  while (i < end) {
    const x = v[i]!;
    let j = i + 1;
    while (j < end && v[j] === x) j++;
    const run = j - i;
    if (bp < 0) {
      if (run >= 8) rleRun(w, x, run, bitWidth);
      else bp = i;
    } else {
      // a bit-packed region must hold a multiple of 8 values: take the first values of the run
      const align = (8 - ((i - bp) & 7)) & 7;
      if (run - align >= 8) {
        packedRun(w, v, bp, i + align, bitWidth);
        rleRun(w, x, run - align, bitWidth);
        bp = -1;
      }
    }
    i = j;
  }
  if (bp >= 0) packedRun(w, v, bp, end, bitWidth);
}

/** Appends a single RLE run (e.g. the levels of an all-null page). */
export function encodeRun(w: ByteWriter, value: number, count: number, bitWidth: number): void {
  if (count > 0) rleRun(w, value, count, bitWidth);
}
