/**
 * A byte-string dictionary for one column chunk: open addressing over FNV-style hashes of the
 * UTF-8 bytes, entries copied into one byte buffer. No per-value objects.
 *
 * Bytes are hashed and compared four at a time through DataViews (unaligned little-endian loads;
 * the last word of a value overlaps the one before it instead of a byte-by-byte tail), and each
 * table slot holds the entry's hash beside its index, so a probe reads one cache line.
 */
import { ByteWriter } from './byte-writer.js';

/** A DataView over exactly the bytes of `b` (offsets into `b` are offsets into the view). */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Hash of `src[a, e)` (`dv` views `src`); never 0 (0 marks an empty slot). */
export function hashBytes(src: Uint8Array, dv: DataView, a: number, e: number): number {
  const n = e - a;
  let h = 0x811c9dc5 ^ n;
  if (n >= 4) {
    const e4 = e - 4;
    for (let i = a; i < e4; i += 4) h = Math.imul(h ^ dv.getInt32(i, true), 0x01000193);
    h = Math.imul(h ^ dv.getInt32(e4, true), 0x01000193);
  } else {
    for (let i = a; i < e; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h === 0 ? 1 : h;
}

/** Whether `x[a, a + n)` equals `y[b, b + n)` (`xv`, `yv` view `x`, `y`). */
export function sameBytes(x: Uint8Array, xv: DataView, a: number, y: Uint8Array, yv: DataView, b: number, n: number): boolean {
  if (n >= 4) {
    const n4 = n - 4;
    for (let j = 0; j < n4; j += 4) if (xv.getInt32(a + j, true) !== yv.getInt32(b + j, true)) return false;
    return xv.getInt32(a + n4, true) === yv.getInt32(b + n4, true);
  }
  for (let j = 0; j < n; j++) if (x[a + j] !== y[b + j]) return false;
  return true;
}

export class StrDict {
  /** Number of entries. */
  count = 0;
  /** Entry i is `data.buf[offs[i], offs[i+1])`. */
  offs = new Int32Array(1025);
  readonly data = new ByteWriter(1 << 16);
  /** Slot s: hash at 2s (0 = empty), entry index at 2s + 1. */
  private table = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;

  reset(): void {
    if (this.count > 0) this.table.fill(0);
    this.count = 0;
    this.data.reset();
  }

  /** Index of `src[a, e)` (`sv` = `viewOf(src)`), added if new. */
  add(src: Uint8Array, sv: DataView, a: number, e: number): number {
    const n = e - a;
    const h = hashBytes(src, sv, a, e);
    const table = this.table;
    const mask = this.mask;
    let s = h & mask;
    for (;;) {
      const th = table[2 * s]!;
      if (th === 0) break;
      if (th === h) {
        const k = table[2 * s + 1]!;
        const o = this.offs[k]!;
        if (this.offs[k + 1]! - o === n && sameBytes(src, sv, a, this.data.buf, this.data.dv, o, n)) return k;
      }
      s = (s + 1) & mask;
    }
    const k = this.count++;
    if (k + 2 > this.offs.length) {
      const no = new Int32Array(this.offs.length * 2);
      no.set(this.offs);
      this.offs = no;
    }
    const d = this.data;
    d.bytes(src, a, e);
    this.offs[k + 1] = d.pos;
    table[2 * s] = h;
    table[2 * s + 1] = k;
    if (this.count * 2 > mask) this.rehash();
    return k;
  }

  private rehash(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(2 * size);
    const mask = size - 1;
    for (let o = 0; o < old.length; o += 2) {
      const h = old[o]!;
      if (h === 0) continue;
      let s = h & mask;
      while (table[2 * s] !== 0) s = (s + 1) & mask;
      table[2 * s] = h;
      table[2 * s + 1] = old[o + 1]!;
    }
    this.table = table;
    this.mask = mask;
  }
}
