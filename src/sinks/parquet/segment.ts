/**
 * Encoded segments: the rows of one partition (service, hour) in Arrow buffer layout — validity
 * bitmaps, Int32 offsets + UTF-8 bytes for strings, Float64 values for numbers — sorted by ts.
 * Segments are plain typed arrays, so they can be transferred to a worker without copying.
 */
import { COLUMNS, COL, type ColumnType } from '../../schema/canonical.js';
import type { RowBatch, Utf8Column } from './row-batch.js';

export interface StrBuf { kind: 's'; offsets: Int32Array; data: Uint8Array; valid: Uint8Array; nulls: number }
export interface NumBuf { kind: 'n'; values: Float64Array; valid: Uint8Array; nulls: number }
export interface MapBuf { kind: 'm'; offsets: Int32Array; keys: StrBuf; values: StrBuf; valid: Uint8Array; nulls: number }
export type ColBuf = StrBuf | NumBuf | MapBuf;

export interface Segment {
  service: string;
  /** hour(ts) = floor(µs / 3.6e9), the partition's hour number since the epoch. */
  hour: number;
  rows: number;
  tsMin: number;
  tsMax: number;
  cols: ColBuf[];
  bytes: number;
}

const TYPES: ColumnType[] = COLUMNS.map((c) => c.type);
const NCOL = COLUMNS.length;
const enc = new TextEncoder();
export const HOUR_MICROS = 3_600_000_000;

class Utf8Builder {
  offsets: Int32Array;
  data: Uint8Array;
  valid: Uint8Array;
  len = 0;
  nulls = 0;
  n = 0;
  constructor(rows: number, bytesHint: number) {
    this.offsets = new Int32Array(rows + 1);
    this.data = new Uint8Array(Math.max(64, bytesHint));
    this.valid = new Uint8Array((rows + 7) >> 3);
  }
  push(v: string | undefined): void {
    const i = this.n++;
    if (v === undefined) {
      this.nulls++;
    } else {
      this.valid[i >> 3]! |= 1 << (i & 7);
      const need = this.len + v.length * 3;
      if (need > this.data.length) {
        const nb = new Uint8Array(Math.max(need, this.data.length * 2));
        nb.set(this.data.subarray(0, this.len));
        this.data = nb;
      }
      this.len += enc.encodeInto(v, this.data.subarray(this.len)).written;
    }
    this.offsets[i + 1] = this.len;
  }
  finish(): StrBuf {
    return { kind: 's', offsets: this.offsets.subarray(0, this.n + 1), data: this.data.slice(0, this.len), valid: this.valid, nulls: this.nulls };
  }
}

/**
 * Cuts the batch into per-partition segments (service, hour of ts), each sorted by ts and at most
 * `maxRows` rows. Rows are bucketed by partition first, then each bucket is sorted on its own
 * (log rows are mostly in time order already, which the sort exploits).
 */
export function cutSegments(batch: RowBatch, maxRows = 1_000_000): Segment[] {
  const n = batch.length;
  if (n === 0) return [];
  const svc = batch.strs[COL.service]!;
  const ts = batch.nums[COL.ts]!;
  const buckets = new Map<string, number[]>();
  let lastS: string | undefined;
  let lastH = NaN;
  let last: number[] | undefined;
  for (let i = 0; i < n; i++) {
    const s = svc[i] ?? '';
    const h = Math.floor(ts[i]! / HOUR_MICROS);
    if (s !== lastS || h !== lastH || !last) {
      const key = s + '\u0000' + h;
      last = buckets.get(key);
      if (!last) buckets.set(key, (last = []));
      lastS = s;
      lastH = h;
    }
    last.push(i);
  }
  const keys = [...buckets.keys()].sort();
  const segs: Segment[] = [];
  for (const key of keys) {
    const idx = buckets.get(key)!;
    let sorted = true;
    for (let k = 1; k < idx.length; k++) if (ts[idx[k]!]! < ts[idx[k - 1]!]!) { sorted = false; break; }
    const order = sorted ? idx : Uint32Array.from(idx).sort((a, b) => ts[a]! - ts[b]! || a - b);
    const sep = key.indexOf('\u0000');
    const service = key.slice(0, sep);
    const hour = Number(key.slice(sep + 1));
    for (let start = 0; start < order.length; start += maxRows) {
      segs.push(buildSegment(batch, order, start, Math.min(order.length, start + maxRows), service, hour));
    }
  }
  return segs;
}

function buildSegment(batch: RowBatch, order: ArrayLike<number>, start: number, end: number, service: string, hour: number): Segment {
  const rows = end - start;
  const cols: ColBuf[] = [];
  let bytes = 0;
  for (let c = 0; c < NCOL; c++) {
    const t = TYPES[c];
    if (!batch.touched[c]) {
      cols.push(allNull(t!, rows));
      continue;
    }
    if (t === 'string') {
      const u = batch.utf8[c];
      const buf = u ? bytesColumn(u, order, start, end) : stringColumn(batch.strs[c]!, order, start, end);
      bytes += buf.data.length + buf.offsets.byteLength;
      cols.push(buf);
    } else if (t === 'map') {
      const src = batch.maps[c]!;
      const offsets = new Int32Array(rows + 1);
      const valid = new Uint8Array((rows + 7) >> 3);
      const kb = new Utf8Builder(rows * 2, rows * 16);
      const vb = new Utf8Builder(rows * 2, rows * 16);
      let nulls = 0;
      let entries = 0;
      for (let k = start; k < end; k++) {
        const i = k - start;
        const m = src[order[k]!];
        if (m === undefined) {
          nulls++;
        } else {
          valid[i >> 3]! |= 1 << (i & 7);
          for (const key in m) {
            if (kb.n + 1 >= kb.offsets.length) grow(kb);
            if (vb.n + 1 >= vb.offsets.length) grow(vb);
            kb.push(key);
            vb.push(String(m[key]));
            entries++;
          }
        }
        offsets[i + 1] = entries;
      }
      const buf: MapBuf = { kind: 'm', offsets, keys: kb.finish(), values: vb.finish(), valid, nulls };
      bytes += buf.keys.data.length + buf.values.data.length + entries * 8;
      cols.push(buf);
    } else {
      const src = batch.nums[c]!;
      const values = new Float64Array(rows);
      const valid = new Uint8Array((rows + 7) >> 3);
      let nulls = 0;
      for (let k = start; k < end; k++) {
        const i = k - start;
        const v = src[order[k]!]!;
        if (Number.isNaN(v)) nulls++;
        else {
          values[i] = v;
          valid[i >> 3]! |= 1 << (i & 7);
        }
      }
      bytes += rows * 8;
      cols.push({ kind: 'n', values, valid, nulls });
    }
  }
  const tsv = (cols[COL.ts] as NumBuf).values;
  return { service, hour, rows, tsMin: tsv[0]!, tsMax: tsv[rows - 1]!, cols, bytes };
}

const scratch: string[] = [];

/**
 * One string column of a segment in Arrow layout. Fast path: the values are joined and UTF-8
 * encoded with a single call; when the byte length equals the character length every value was
 * ASCII and the offsets are the running string lengths. Otherwise each value is encoded on its own.
 */
function stringColumn(src: (string | undefined)[], order: ArrayLike<number>, start: number, end: number): StrBuf {
  const rows = end - start;
  const offsets = new Int32Array(rows + 1);
  const valid = new Uint8Array((rows + 7) >> 3);
  let nulls = 0;
  let chars = 0;
  scratch.length = rows;
  for (let k = start; k < end; k++) {
    const i = k - start;
    const v = src[order[k]!];
    if (v === undefined) {
      nulls++;
      scratch[i] = '';
    } else {
      valid[i >> 3]! |= 1 << (i & 7);
      scratch[i] = v;
      chars += v.length;
    }
    offsets[i + 1] = chars;
  }
  if (nulls === rows) {
    scratch.length = 0;
    return { kind: 's', offsets, data: new Uint8Array(0), valid, nulls };
  }
  const joined = scratch.join('');
  scratch.length = 0;
  // TextEncoder.encode allocates an exact, unshared buffer (Buffer.from may slice Node's shared
  // pool, whose ArrayBuffer must never be transferred to a worker)
  const data = enc.encode(joined);
  if (data.length === chars) return { kind: 's', offsets, data, valid, nulls };
  // some value is not ASCII: encode value by value
  const b = new Utf8Builder(rows, data.length);
  for (let k = start; k < end; k++) b.push(src[order[k]!]);
  return b.finish();
}

/**
 * One byte-backed string column of a segment: the rows' bytes copied in segment order; values that
 * lie back to back in the batch (rows in their written order) are copied as one run.
 */
function bytesColumn(col: Utf8Column, order: ArrayLike<number>, start: number, end: number): StrBuf {
  const rows = end - start;
  const offsets = new Int32Array(rows + 1);
  const valid = new Uint8Array((rows + 7) >> 3);
  const { starts, lens } = col;
  const src = col.data;
  let total = 0;
  for (let k = start; k < end; k++) {
    const len = lens[order[k]!]!;
    if (len > 0) total += len;
  }
  const data = new Uint8Array(total);
  let nulls = 0;
  let out = 0;
  let runFrom = 0;
  let runBytes = 0;
  let runTo = 0;
  for (let k = start; k < end; k++) {
    const i = k - start;
    const r = order[k]!;
    const len = lens[r]!;
    if (len < 0) {
      nulls++;
      offsets[i + 1] = out;
      continue;
    }
    valid[i >> 3]! |= 1 << (i & 7);
    const s = starts[r]!;
    if (runBytes > 0 && s === runFrom + runBytes) {
      runBytes += len;
    } else {
      if (runBytes > 0) copyRun(src, runFrom, runBytes, data, runTo);
      runFrom = s;
      runBytes = len;
      runTo = out;
    }
    out += len;
    offsets[i + 1] = out;
  }
  if (runBytes > 0) copyRun(src, runFrom, runBytes, data, runTo);
  return { kind: 's', offsets, data, valid, nulls };
}

function copyRun(src: Uint8Array, from: number, n: number, dst: Uint8Array, to: number): void {
  if (n <= 16) {
    for (let j = 0; j < n; j++) dst[to + j] = src[from + j]!;
  } else {
    dst.set(src.subarray(from, from + n), to);
  }
}

function emptyStr(rows: number): StrBuf {
  return { kind: 's', offsets: new Int32Array(rows + 1), data: new Uint8Array(0), valid: new Uint8Array((rows + 7) >> 3), nulls: rows };
}

/** A column with no value in any row. */
function allNull(t: ColumnType, rows: number): ColBuf {
  const valid = new Uint8Array((rows + 7) >> 3);
  if (t === 'string') return emptyStr(rows);
  if (t === 'map') return { kind: 'm', offsets: new Int32Array(rows + 1), keys: emptyStr(0), values: emptyStr(0), valid, nulls: rows };
  return { kind: 'n', values: new Float64Array(rows), valid, nulls: rows };
}

function grow(b: Utf8Builder): void {
  const no = new Int32Array(b.offsets.length * 2);
  no.set(b.offsets);
  b.offsets = no;
  const nv = new Uint8Array((no.length >> 3) + 1);
  nv.set(b.valid);
  b.valid = nv;
}

/** Every transferable buffer of a segment (for postMessage transfer lists). */
export function segmentBuffers(s: Segment): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const addStr = (b: StrBuf): void => {
    out.add(b.offsets.buffer as ArrayBuffer);
    out.add(b.data.buffer as ArrayBuffer);
    out.add(b.valid.buffer as ArrayBuffer);
  };
  for (const c of s.cols) {
    if (c.kind === 's') addStr(c);
    else if (c.kind === 'n') {
      out.add(c.values.buffer as ArrayBuffer);
      out.add(c.valid.buffer as ArrayBuffer);
    } else {
      out.add(c.offsets.buffer as ArrayBuffer);
      out.add(c.valid.buffer as ArrayBuffer);
      addStr(c.keys);
      addStr(c.values);
    }
  }
  return [...out];
}
