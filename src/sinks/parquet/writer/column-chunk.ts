/**
 * One column chunk = the values of one leaf column over the rows of one row group, written as
 * [dictionary page] data page v1 … — each page zstd-compressed, levels in the RLE/bit-packed
 * hybrid with a 4-byte length prefix, values PLAIN or RLE_DICTIONARY indices — plus what the footer
 * needs about it (sizes, offsets, encodings, statistics).
 */
import zstd from 'zstd-napi/binding.js';
import { ByteWriter } from './byte-writer.js';
import { CompactWriter } from './thrift-compact.js';
import { bitWidthOf, encodeHybrid, encodeRun } from './rle-hybrid.js';
import { StrDict, sameBytes, viewOf } from './str-dict.js';
import { ENC, type Leaf } from './schema.js';
import { COLUMNS } from '../../../schema/canonical.js';
import type { Segment, StrView, NumView, MapView, NullView, ColView } from '../segment.js';

/** Rows `[r0, r1)` of one segment. */
export interface Slice {
  seg: Segment;
  r0: number;
  r1: number;
}

/** What the footer records about a written column chunk. */
export interface ChunkMeta {
  leaf: Leaf;
  /** Level entries (rows for flat columns; rows + extra map entries for map leaves). */
  numValues: number;
  nullCount: number;
  /** Page headers + page bodies before / after compression. */
  uncompressed: number;
  compressed: number;
  dataPageOffset: number;
  /** -1 when the chunk has no dictionary page. */
  dictPageOffset: number;
  dataPages: number;
  min: Uint8Array | null;
  max: Uint8Array | null;
  minExact: boolean;
  maxExact: boolean;
}

// numbers are written through typed arrays, which use the platform's byte order
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the Parquet writer needs a little-endian platform');

const PAGE_DATA = 0;
const PAGE_DICT = 2;
/** Default target uncompressed size of a data page's values (pages end on row boundaries). */
export const PAGE_BYTES = 1 << 20;
/** Longest string statistic kept; longer min/max values are truncated (and marked inexact). */
const STAT_BYTES = 64;
const MAX_DICT_ENTRIES = 65536;
const MAX_DICT_BYTES = 1 << 20;

/** Unsigned byte-wise comparison of a[a0,a1) and b[b0,b1). */
function cmpBytes(a: Uint8Array, a0: number, a1: number, b: Uint8Array, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) {
    const d = a[a0 + i]! - b[b0 + i]!;
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}

/** Start of the UTF-8 character that contains byte `k` (k may equal `end`). */
function charStart(d: Uint8Array, a: number, k: number): number {
  while (k > a && (d[k]! & 0xc0) === 0x80) k--;
  return k;
}

function bad(leaf: Leaf, what: string): Error {
  return new Error(`encodeSegmentsParquet: column "${leaf.path.join('.')}": ${what}`);
}

/** Whether any row of `ids[r0, r1)` has a value in column view `v`. */
function anyValue(v: ColView, ids: Int32Array, r0: number, r1: number): boolean {
  switch (v.kind) {
    case 'z': return false;
    case 's': {
      const lens = v.lens;
      for (let k = r0; k < r1; k++) if (lens[ids[k]!]! >= 0) return true;
      return false;
    }
    case 'm': {
      const counts = v.counts;
      for (let k = r0; k < r1; k++) if (counts[ids[k]!]! >= 0) return true;
      return false;
    }
    case 'n': {
      const { values, valid } = v;
      for (let k = r0; k < r1; k++) {
        const i = ids[k]!;
        if (valid ? ((valid[i >> 3]! >> (i & 7)) & 1) === 1 : values[i] === values[i]) return true;
      }
      return false;
    }
  }
}

/**
 * Encodes column chunks into `out`. One instance holds the scratch buffers and the zstd context
 * and is reused for every chunk of every file (encoding is synchronous).
 */
export class ChunkEncoder {
  out: ByteWriter = new ByteWriter(16);
  level = 1;
  pageBytes = PAGE_BYTES;
  private t = new CompactWriter(this.out);
  private readonly vals = new ByteWriter(PAGE_BYTES + 65536);
  private readonly page = new ByteWriter(PAGE_BYTES + 65536);
  private defs = new Int32Array(1024);
  private reps = new Int32Array(1024);
  private idx = new Int32Array(1024);
  private zdst = new Uint8Array(1024);
  private readonly cctx = new zstd.CCtx();
  private readonly dict = new StrDict();
  /** Scratch for numeric statistics. */
  private readonly stat = new ByteWriter(16);
  /** The non-null numbers of the page being gathered, and the chunk's min/max so far. */
  private gath = new Float64Array(1024);
  private nmin = Infinity;
  private nmax = -Infinity;
  /** Where {@link gatherNums} resumes (slice, row) and what it gathered (levels, values). */
  private gs = 0;
  private gk = 0;
  private gnl = 0;
  private gnv = 0;
  // per chunk
  private leaf!: Leaf;
  private m!: ChunkMeta;
  private useDict = false;
  /** Values of a flat string chunk whose levels buildDict wrote in full (-1: not written). */
  private dictValues = -1;
  private bitWidth = 0;
  private dictCap = 0;
  private vStart = 0;
  private smin: Uint8Array | null = null;
  private smin0 = 0;
  private smin1 = 0;
  private smax: Uint8Array | null = null;
  private smax0 = 0;
  private smax1 = 0;

  /** Directs the following chunks into `out` (the file being written). */
  setOutput(out: ByteWriter, level: number, pageBytes = PAGE_BYTES): void {
    this.out = out;
    this.t = new CompactWriter(out);
    this.level = level;
    this.pageBytes = pageBytes;
  }

  /** Writes the chunk of `leaf` over `slices` (`rows` rows in all) at the end of `out`. */
  encode(leaf: Leaf, slices: Slice[], rows: number): ChunkMeta {
    this.leaf = leaf;
    const m: ChunkMeta = this.m = {
      leaf, numValues: 0, nullCount: 0, uncompressed: 0, compressed: 0, dataPageOffset: -1, dictPageOffset: -1,
      dataPages: 0, min: null, max: null, minExact: true, maxExact: true,
    };
    this.useDict = false;
    this.vStart = 0;
    this.smin = this.smax = null;
    this.vals.reset();

    let allNull = true;
    let entries = 0;
    for (const s of slices) {
      const v = s.seg.cols[leaf.col]!;
      if (allNull && anyValue(v, s.seg.rowIds, s.r0, s.r1)) allNull = false;
      if (v.kind === 'm') {
        const ids = s.seg.rowIds;
        const counts = v.counts;
        for (let k = s.r0; k < s.r1; k++) {
          const c = counts[ids[k]!]!;
          if (c > 0) entries += c;
        }
      }
    }
    if (allNull) {
      this.allNullPage(rows);
      return m;
    }
    const levels = rows + entries;
    if (this.defs.length < levels) {
      this.defs = new Int32Array(levels + (levels >> 2));
      this.reps = new Int32Array(this.defs.length);
    }
    if (leaf.kind === 'str' && leaf.dictCandidate && this.buildDict(slices, leaf.part === 0 ? rows : entries)) {
      this.useDict = true;
      this.writeDictPage();
    }
    if (leaf.part !== 0) this.emitMap(slices);
    else if (leaf.kind === 'str') this.emitFlatStr(slices);
    else this.emitFlatNum(slices);
    if (leaf.kind === 'str' && !this.useDict && this.smin) this.setStrStats(this.smin, this.smin0, this.smin1, this.smax!, this.smax0, this.smax1);
    return m;
  }

  private allNullPage(rows: number): void {
    const leaf = this.leaf;
    const p = this.page;
    p.reset();
    if (leaf.maxRep > 0) this.levelRun(0, rows, bitWidthOf(leaf.maxRep));
    this.levelRun(0, rows, bitWidthOf(leaf.maxDef));
    this.m.dataPageOffset = this.writePage(PAGE_DATA, p.view(), rows, ENC.PLAIN);
    this.m.dataPages = 1;
    this.m.numValues = rows;
    this.m.nullCount = rows;
  }

  private levelRun(value: number, count: number, bw: number): void {
    const p = this.page;
    const at = p.pos;
    p.u32(0);
    encodeRun(p, value, count, bw);
    p.dv.setUint32(at, p.pos - at - 4, true);
  }

  private levels(a: Int32Array, n: number, bw: number): void {
    const p = this.page;
    const at = p.pos;
    p.u32(0);
    encodeHybrid(p, a, 0, n, bw);
    p.dv.setUint32(at, p.pos - at - 4, true);
  }

  /** Writes one data page of `nl` level entries and `nv` values (the pending ones). */
  private flush(nl: number, nv: number): void {
    const leaf = this.leaf;
    const p = this.page;
    p.reset();
    if (leaf.maxRep > 0) this.levels(this.reps, nl, bitWidthOf(leaf.maxRep));
    // a flat page with no null (or no value) has one definition level: one RLE run, as
    // encodeHybrid would write it (it bit-packs fewer than 8 values)
    if (leaf.maxRep === 0 && nl >= 8 && (nv === nl || nv === 0)) this.levelRun(nv === 0 ? 0 : 1, nl, 1);
    else this.levels(this.defs, nl, bitWidthOf(leaf.maxDef));
    let enc: number;
    if (this.useDict) {
      p.u8(this.bitWidth);
      // a one-entry dictionary: every index is 0
      if (this.dict.count === 1 && nv >= 8) encodeRun(p, 0, nv, this.bitWidth);
      else encodeHybrid(p, this.idx, this.vStart, this.vStart + nv, this.bitWidth);
      this.vStart += nv;
      enc = ENC.RLE_DICTIONARY;
    } else {
      p.bytes(this.vals.buf, 0, this.vals.pos);
      this.vals.reset();
      enc = ENC.PLAIN;
    }
    const off = this.writePage(PAGE_DATA, p.view(), nl, enc);
    const m = this.m;
    if (m.dataPageOffset < 0) m.dataPageOffset = off;
    m.dataPages++;
    m.numValues += nl;
    m.nullCount += nl - nv;
  }

  /** Compresses `body` and appends header + compressed body to the file; returns the page offset. */
  private writePage(type: number, body: Uint8Array, numValues: number, enc: number): number {
    const bound = zstd.compressBound(body.length);
    if (this.zdst.length < bound) this.zdst = new Uint8Array(bound + (bound >> 2));
    const n = this.cctx.compress(this.zdst, body, this.level);
    const out = this.out;
    const t = this.t;
    const start = out.pos;
    t.i32(1, type);
    t.i32(2, body.length);
    t.i32(3, n);
    if (type === PAGE_DATA) {
      t.structBegin(5);
      t.i32(1, numValues);
      t.i32(2, enc);
      t.i32(3, ENC.RLE);
      t.i32(4, ENC.RLE);
      t.structEnd();
    } else {
      t.structBegin(7);
      t.i32(1, numValues);
      t.i32(2, ENC.PLAIN);
      t.structEnd();
    }
    t.structEnd();
    const hdr = out.pos - start;
    out.bytes(this.zdst, 0, n);
    this.m.uncompressed += hdr + body.length;
    this.m.compressed += hdr + n;
    return start;
  }

  /**
   * Dictionary attempt over the non-null string values of the chunk; true (with `idx` filled) when
   * distinct values are at most a quarter of the values and the dictionary is small.
   */
  private buildDict(slices: Slice[], slots: number): boolean {
    const leaf = this.leaf;
    const limit = Math.min(MAX_DICT_ENTRIES, Math.floor(slots / 4));
    if (limit < 1) return false;
    if (this.idx.length < slots) this.idx = new Int32Array(slots + (slots >> 2));
    const d = this.dict;
    d.reset();
    this.dictValues = -1;
    let nv = 0;
    let nd = 0;
    for (const s of slices) {
      const cv = s.seg.cols[leaf.col]!;
      if (cv.kind === 'm') nv = this.dictMap(cv, s, nv, limit);
      else if (cv.kind === 's') {
        nv = this.dictFlat(cv, s, nv, nd, limit);
        nd += s.r1 - s.r0;
      } else {
        this.defs.fill(0, nd, nd + s.r1 - s.r0);
        nd += s.r1 - s.r0;
      }
      if (nv < 0) return false;
    }
    // a flat column's definition levels are complete here too (see emitFlatStr)
    this.dictValues = leaf.part === 0 ? nv : -1;
    return nv > 0 && d.count * 4 <= nv;
  }

  /**
   * The dictionary pass over the map entries of one slice (entry by entry, row by row: only the
   * entries of non-null maps count), from value `nv` on; the new value count, -1 to give up.
   */
  private dictMap(cv: MapView, s: Slice, nv: number, limit: number): number {
    const leaf = this.leaf;
    const idx = this.idx;
    const d = this.dict;
    const ids = s.seg.rowIds;
    const sv = leaf.part === 1 ? cv.keys : cv.values;
    const mst = cv.starts;
    const mct = cv.counts;
    const st = sv.starts;
    const lens = sv.lens;
    const data = sv.data;
    const dv = viewOf(data);
    const dl = data.length;
    const ne = lens.length;
    // rows often carry the same map (a source's labels: the same entries) or one of the same
    // shape: entry j is first compared with entry j of the previous row when both rows have
    // the same number of entries, all non-null
    let pe0 = -1;
    let pn = -1;
    let pv0 = 0;
    for (let k = s.r0; k < s.r1; k++) {
      const i = ids[k]!;
      const cnt = mct[i]!;
      if (cnt <= 0) continue;
      const e0 = mst[i]!;
      const e1 = e0 + cnt;
      if (e0 < 0 || e1 > ne) throw bad(leaf, `map entries out of range at row ${i}`);
      const v0 = nv;
      if (e0 === pe0 && cnt === pn) {
        idx.copyWithin(nv, pv0, pv0 + pn);
        nv += pn;
        continue;
      }
      const sameShape = cnt === pn;
      for (let e = e0; e < e1; e++) {
        const len = lens[e]!;
        if (len < 0) continue;
        const a = st[e]!;
        if (a < 0 || a + len > dl) throw bad(leaf, `bad string offsets at entry ${e}`);
        if (sameShape) {
          const pe = pe0 + e - e0;
          if (lens[pe] === len && sameBytes(data, dv, a, data, dv, st[pe]!, len)) {
            idx[nv++] = idx[pv0 + e - e0]!;
            continue;
          }
        }
        idx[nv++] = d.add(data, dv, a, a + len);
        if (d.count > limit || d.data.pos > MAX_DICT_BYTES) return -1;
        if (nv >= 2048 && d.count * 2 > nv) return -1;
      }
      if (nv - v0 === cnt) {
        pe0 = e0;
        pn = cnt;
        pv0 = v0;
      } else pn = -1;
    }
    return nv;
  }

  /**
   * The dictionary pass over the strings of one slice of a flat column, from value `nv` and
   * level `nd` on (it writes the definition levels too); the new value count, -1 to give up.
   */
  private dictFlat(cv: StrView, s: Slice, nv: number, nd: number, limit: number): number {
    const leaf = this.leaf;
    const idx = this.idx;
    const defs = this.defs;
    const d = this.dict;
    const ids = s.seg.rowIds;
    const st = cv.starts;
    const lens = cv.lens;
    const data = cv.data;
    const dv = viewOf(data);
    const dl = data.length;
    // runs of one value are common (a segment holds one service): equal to the previous value
    // (the same bytes, often at the same place) before hashing
    // (and with the value before it: two values taking turns, as stdout / stderr)
    let pa = -1;
    let plen = -1;
    let pk = 0;
    let qa = -1;
    let qlen = -1;
    let qk = 0;
    const r1 = s.r1;
    for (let k = s.r0; k < r1; k++) {
      const i = ids[k]!;
      const len = lens[i]!;
      if (len < 0) {
        defs[nd++] = 0;
        continue;
      }
      defs[nd++] = 1;
      const a = st[i]!;
      if (a < 0 || a + len > dl) throw bad(leaf, `bad string offsets at row ${i}`);
      if (len === plen) {
        if (a === pa) {
          // the rows that follow with these same bytes (all of a constant column) are counted
          // in a tight loop and filled at once
          let k1 = k + 1;
          while (k1 < r1) {
            const j = ids[k1]!;
            if (st[j] !== a || lens[j] !== len) break;
            k1++;
          }
          const n = k1 - k;
          if (n > 16) {
            idx.fill(pk, nv, nv + n);
            defs.fill(1, nd, nd + n - 1);
            nv += n;
            nd += n - 1;
          } else {
            for (let j = 0; j < n; j++) idx[nv++] = pk;
            for (let j = 1; j < n; j++) defs[nd++] = 1;
          }
          k = k1 - 1;
          continue;
        }
        if (sameBytes(data, dv, a, data, dv, pa, len)) {
          idx[nv++] = pk;
          pa = a;
          continue;
        }
      }
      if (len === qlen && sameBytes(data, dv, a, data, dv, qa, len)) {
        qa = pa;
        qlen = plen;
        pa = a;
        plen = len;
        const t = qk;
        qk = pk;
        pk = t;
        idx[nv++] = pk;
        continue;
      }
      qa = pa;
      qlen = plen;
      qk = pk;
      pk = d.add(data, dv, a, a + len);
      pa = a;
      plen = len;
      idx[nv++] = pk;
      if (d.count > limit || d.data.pos > MAX_DICT_BYTES) return -1;
      if (nv >= 2048 && d.count * 2 > nv) return -1;
    }
    return nv;
  }

  private writeDictPage(): void {
    const d = this.dict;
    const n = d.count;
    const p = this.page;
    p.reset();
    const offs = d.offs;
    const buf = d.data.buf;
    let mn = 0;
    let mx = 0;
    for (let k = 0; k < n; k++) {
      const a = offs[k]!;
      const e = offs[k + 1]!;
      p.u32(e - a);
      p.bytes(buf, a, e);
      if (k > 0) {
        if (cmpBytes(buf, a, e, buf, offs[mn]!, offs[mn + 1]!) < 0) mn = k;
        else if (cmpBytes(buf, a, e, buf, offs[mx]!, offs[mx + 1]!) > 0) mx = k;
      }
    }
    this.m.dictPageOffset = this.writePage(PAGE_DICT, p.view(), n, ENC.PLAIN);
    this.bitWidth = bitWidthOf(n - 1);
    this.dictCap = Math.max(1, Math.floor((this.pageBytes * 8) / this.bitWidth));
    this.setStrStats(buf, offs[mn]!, offs[mn + 1]!, buf, offs[mx]!, offs[mx + 1]!);
  }

  /** Min/max statistics of a string chunk, truncated to STAT_BYTES at character boundaries. */
  private setStrStats(mn: Uint8Array, mn0: number, mn1: number, mx: Uint8Array, mx0: number, mx1: number): void {
    const m = this.m;
    if (mn1 - mn0 <= STAT_BYTES) m.min = mn.slice(mn0, mn1);
    else {
      m.min = mn.slice(mn0, charStart(mn, mn0, mn0 + STAT_BYTES));
      m.minExact = false;
    }
    if (mx1 - mx0 <= STAT_BYTES) m.max = mx.slice(mx0, mx1);
    else {
      // an upper bound: a prefix whose last ASCII byte (< 0x7f) is incremented, or nothing
      m.maxExact = false;
      m.max = null;
      for (let j = charStart(mx, mx0, mx0 + STAT_BYTES) - 1; j >= mx0; j--) {
        if (mx[j]! < 0x7f) {
          const r = mx.slice(mx0, j + 1);
          r[j - mx0]!++;
          m.max = r;
          break;
        }
      }
    }
  }

  /** Appends one PLAIN BYTE_ARRAY value and folds it into the min/max. */
  private putStr(data: Uint8Array, a: number, e: number): void {
    const len = e - a;
    if (len < 0 || e > data.length || a < 0) throw bad(this.leaf, 'string offsets out of order or out of range');
    const vals = this.vals;
    vals.ensure(len + 4);
    const vb = vals.buf;
    let p = vals.pos;
    vb[p] = len;
    vb[p + 1] = len >>> 8;
    vb[p + 2] = len >>> 16;
    vb[p + 3] = len >>> 24;
    p += 4;
    if (len <= 24) {
      for (let i = a; i < e; i++) vb[p++] = data[i]!;
    } else {
      vb.set(data.subarray(a, e), p);
      p += len;
    }
    vals.pos = p;
    if (this.smin === null) {
      this.smin = this.smax = data;
      this.smin0 = this.smax0 = a;
      this.smin1 = this.smax1 = e;
    } else if (cmpBytes(data, a, e, this.smin, this.smin0, this.smin1) < 0) {
      this.smin = data;
      this.smin0 = a;
      this.smin1 = e;
    } else if (cmpBytes(data, a, e, this.smax!, this.smax0, this.smax1) > 0) {
      this.smax = data;
      this.smax0 = a;
      this.smax1 = e;
    }
  }

  private emitFlatStr(slices: Slice[]): void {
    const col = this.leaf.col;
    const defs = this.defs;
    const vals = this.vals;
    const dict = this.useDict;
    const cap = this.dictCap;
    const pageBytes = this.pageBytes;
    if (dict && this.dictValues >= 0 && this.dictValues <= cap) {
      // one page, whose levels the dictionary pass wrote
      let rows = 0;
      for (const s of slices) rows += s.r1 - s.r0;
      this.flush(rows, this.dictValues);
      return;
    }
    let nl = 0;
    let nv = 0;
    for (const s of slices) {
      const b = s.seg.cols[col] as StrView | NullView;
      const ids = s.seg.rowIds;
      if (b.kind === 'z') {
        for (let k = s.r0; k < s.r1; k++) {
          if (dict ? nv >= cap : vals.pos >= pageBytes) {
            this.flush(nl, nv);
            nl = nv = 0;
          }
          defs[nl++] = 0;
        }
        continue;
      }
      const st = b.starts;
      const lens = b.lens;
      const data = b.data;
      for (let k = s.r0; k < s.r1; k++) {
        if (dict ? nv >= cap : vals.pos >= pageBytes) {
          this.flush(nl, nv);
          nl = nv = 0;
        }
        const i = ids[k]!;
        const len = lens[i]!;
        if (len >= 0) {
          defs[nl++] = 1;
          nv++;
          if (!dict) {
            const a = st[i]!;
            this.putStr(data, a, a + len);
          }
        } else defs[nl++] = 0;
      }
    }
    if (nl > 0) this.flush(nl, nv);
  }

  /**
   * Numbers: one pass gathers the non-null values of a page as doubles (the same loop for every
   * kind, so that it is optimized once), then {@link numPage} stores them in the page's type.
   */
  private emitFlatNum(slices: Slice[]): void {
    const pageValues = Math.max(1, Math.floor(this.pageBytes / (this.leaf.kind === 'i32' ? 4 : 8)));
    if (this.gath.length < pageValues) this.gath = new Float64Array(pageValues);
    this.nmin = Infinity;
    this.nmax = -Infinity;
    // the gathering loop is a function of its own, without the per-type page calls: inlined
    // into it, a type not seen yet when it was optimized made it deoptimize after every column
    this.gs = 0;
    this.gk = slices.length > 0 ? slices[0]!.r0 : 0;
    for (;;) {
      const more = this.gatherNums(slices, pageValues);
      if (this.gnl > 0) this.numPage(this.gnl, this.gnv);
      if (!more) break;
    }
    let mn = this.nmin;
    let mx = this.nmax;
    if (mn <= mx) {
      const kind = this.leaf.kind;
      // doubles: NaN takes no part in min/max; a zero bound is written as -0 (min) / +0 (max)
      if (kind === 'f64' && mn === 0) mn = -0;
      if (kind === 'f64' && mx === 0) mx = 0;
      const w = this.stat;
      w.reset();
      if (kind === 'i32') w.i32(mn);
      else if (kind === 'i64') w.i64(mn);
      else w.f64(mn);
      this.m.min = w.view().slice();
      w.reset();
      if (kind === 'i32') w.i32(mx);
      else if (kind === 'i64') w.i64(mx);
      else w.f64(mx);
      this.m.max = w.view().slice();
    }
  }

  /**
   * Gathers the levels and non-null numbers of one page, from slice `gs` row `gk` on, into `defs`
   * and `gath` (`gnl` levels, `gnv` values); true when rows remain (the next page starts at
   * `gs`/`gk`).
   */
  private gatherNums(slices: Slice[], pageValues: number): boolean {
    const col = this.leaf.col;
    const defs = this.defs;
    const g = this.gath;
    let nl = 0;
    let nv = 0;
    const s0 = this.gs;
    for (let si = s0; si < slices.length; si++) {
      const s = slices[si]!;
      const b = s.seg.cols[col] as NumView | NullView;
      const ids = s.seg.rowIds;
      const values = b.kind === 'n' ? b.values : null;
      const valid = b.kind === 'n' ? b.valid : null;
      const r1 = s.r1;
      for (let k = si === s0 ? this.gk : s.r0; k < r1; k++) {
        if (nv >= pageValues) {
          this.gs = si;
          this.gk = k;
          this.gnl = nl;
          this.gnv = nv;
          return true;
        }
        const i = ids[k]!;
        if (values === null || (valid ? ((valid[i >> 3]! >> (i & 7)) & 1) === 0 : values[i] !== values[i])) {
          defs[nl++] = 0;
          continue;
        }
        defs[nl++] = 1;
        g[nv++] = values[i]!;
      }
    }
    this.gnl = nl;
    this.gnv = nv;
    return false;
  }

  /** Stores the `nv` gathered numbers PLAIN in the page's type, folds them into min/max, flushes. */
  private numPage(nl: number, nv: number): void {
    const vals = this.vals;
    vals.reset();
    vals.ensure(nv * 8);
    const kind = this.leaf.kind;
    // one small function per type: each is optimized for its own type only
    if (kind === 'i32') this.i32Page(nv);
    else if (kind === 'i64') this.i64Page(nv);
    else this.f64Page(nv);
    this.flush(nl, nv);
    vals.reset();
  }

  private i32Page(nv: number): void {
    // ToInt32, as `v | 0`
    const i32 = new Int32Array(this.vals.buf.buffer, 0, nv);
    i32.set(this.gath.subarray(0, nv));
    this.fold(i32, nv);
    this.vals.pos = nv * 4;
  }

  private i64Page(nv: number): void {
    const g = this.gath;
    const i32 = new Int32Array(this.vals.buf.buffer, 0, 2 * nv);
    for (let j = 0; j < nv; j++) {
      const v = g[j]!;
      const hi = Math.floor(v / 4294967296);
      i32[2 * j] = v - hi * 4294967296;
      i32[2 * j + 1] = hi;
    }
    this.fold(g, nv);
    this.vals.pos = nv * 8;
  }

  private f64Page(nv: number): void {
    new Float64Array(this.vals.buf.buffer, 0, nv).set(this.gath.subarray(0, nv));
    this.fold(this.gath, nv);
    this.vals.pos = nv * 8;
  }

  /** Folds `a[0, nv)` into the chunk's min/max (NaN takes no part). */
  private fold(a: Float64Array | Int32Array, nv: number): void {
    let mn = this.nmin;
    let mx = this.nmax;
    for (let j = 0; j < nv; j++) {
      const v = a[j]!;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    this.nmin = mn;
    this.nmax = mx;
  }

  private emitMap(slices: Slice[]): void {
    const leaf = this.leaf;
    const col = leaf.col;
    const isKey = leaf.part === 1;
    const maxDef = leaf.maxDef;
    const defs = this.defs;
    const reps = this.reps;
    const vals = this.vals;
    const dict = this.useDict;
    const cap = this.dictCap;
    const pageBytes = this.pageBytes;
    let nl = 0;
    let nv = 0;
    for (const s of slices) {
      const mb = s.seg.cols[col] as MapView | NullView;
      const ids = s.seg.rowIds;
      if (mb.kind === 'z') {
        for (let k = s.r0; k < s.r1; k++) {
          if (dict ? nv >= cap : vals.pos >= pageBytes) {
            this.flush(nl, nv);
            nl = nv = 0;
          }
          reps[nl] = 0;
          defs[nl++] = 0;
        }
        continue;
      }
      const mst = mb.starts;
      const mct = mb.counts;
      const sv = isKey ? mb.keys : mb.values;
      const st = sv.starts;
      const lens = sv.lens;
      const data = sv.data;
      const slots = lens.length;
      for (let k = s.r0; k < s.r1; k++) {
        if (dict ? nv >= cap : vals.pos >= pageBytes) {
          this.flush(nl, nv);
          nl = nv = 0;
        }
        const i = ids[k]!;
        const cnt = mct[i]!;
        if (cnt < 0) {
          reps[nl] = 0;
          defs[nl++] = 0;
          continue;
        }
        if (cnt === 0) {
          reps[nl] = 0;
          defs[nl++] = 1;
          continue;
        }
        const e0 = mst[i]!;
        const e1 = e0 + cnt;
        if (e0 < 0 || e1 > slots) throw bad(leaf, `map entries out of range at row ${i}`);
        for (let e = e0; e < e1; e++) {
          reps[nl] = e === e0 ? 0 : 1;
          const len = lens[e]!;
          if (len >= 0) {
            defs[nl++] = maxDef;
            nv++;
            if (!dict) {
              const a = st[e]!;
              this.putStr(data, a, a + len);
            }
          } else {
            if (isKey) throw bad(leaf, `null map key at entry ${e}`);
            defs[nl++] = 2;
          }
        }
      }
    }
    if (nl > 0) this.flush(nl, nv);
  }
}

/** Expected segment buffer kind per column ('s' string, 'n' number, 'm' map). */
export const KINDS = COLUMNS.map((c) => (c.type === 'string' ? 's' : c.type === 'map' ? 'm' : 'n'));
