/**
 * A byte-string dictionary for one column chunk: open addressing over FNV-1a hashes of the UTF-8
 * bytes, entries copied into one byte buffer. No per-value objects.
 */
import { ByteWriter } from './byte-writer.js';

export class StrDict {
  /** Number of entries. */
  count = 0;
  /** Entry i is `data.buf[offs[i], offs[i+1])`. */
  offs = new Int32Array(1025);
  readonly data = new ByteWriter(1 << 16);
  private hashes = new Int32Array(1024);
  private table = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;

  reset(): void {
    if (this.count > 0) this.table.fill(0);
    this.count = 0;
    this.data.reset();
  }

  /** Index of `src[a, e)`, added if new. */
  add(src: Uint8Array, a: number, e: number): number {
    let h = 0x811c9dc5 ^ (e - a);
    let i = a;
    for (const e4 = e - 3; i < e4; i += 4) h = Math.imul(h ^ (src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24)), 0x01000193);
    for (; i < e; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    const table = this.table;
    const mask = this.mask;
    let s = h & mask;
    for (;;) {
      const t = table[s]!;
      if (t === 0) break;
      const k = t - 1;
      if (this.hashes[k] === h) {
        const o = this.offs[k]!;
        const len = this.offs[k + 1]! - o;
        if (len === e - a) {
          const d = this.data.buf;
          let i = 0;
          while (i < len && d[o + i] === src[a + i]) i++;
          if (i === len) return k;
        }
      }
      s = (s + 1) & mask;
    }
    const k = this.count++;
    if (k + 2 > this.offs.length) {
      const no = new Int32Array(this.offs.length * 2);
      no.set(this.offs);
      this.offs = no;
      const nh = new Int32Array(this.hashes.length * 2);
      nh.set(this.hashes);
      this.hashes = nh;
    }
    this.hashes[k] = h;
    this.data.bytes(src, a, e);
    this.offs[k + 1] = this.data.pos;
    table[s] = k + 1;
    if (this.count * 2 > mask) this.rehash();
    return k;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < this.count; k++) {
      let s = this.hashes[k]! & mask;
      while (table[s] !== 0) s = (s + 1) & mask;
      table[s] = k + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
