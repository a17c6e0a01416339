/**
 * Segments: the rows of one partition (service, hour) of a commit window, sorted by ts, as row ids
 * into column views shared by every segment of the window. Cutting copies each column of the row
 * batch once, with native copies (no per-row work for byte-backed strings and numbers), and never
 * per segment: the encoder reads the values through the row ids. Views are plain typed arrays, so
 * a window's segments can be transferred to a worker without copying (see {@link cutBuffers}).
 *
 * The Arrow buffer layout (validity bitmaps, Int32 offsets + UTF-8 bytes, Float64 values), used by
 * the Arrow-based encoder and by tests, is available through {@link toArrow} / {@link fromArrow}.
 */
import { COLUMNS, COL, type ColumnType } from '../../schema/canonical.js';
import { Utf8Column, type MapColumnData, type RowBatch } from './row-batch.js';

/** Strings by view row: bytes `data[starts[i], starts[i] + lens[i])`; `lens[i]` -1 = null. */
export interface StrView { kind: 's'; data: Uint8Array; starts: Int32Array; lens: Int32Array }
/** Numbers by view row; with `valid` null, NaN is null (else the bitmap decides). */
export interface NumView { kind: 'n'; values: Float64Array; valid: Uint8Array | null }
/**
 * Maps by view row: entries `[starts[i], starts[i] + counts[i])` of `keys` / `values` (which are
 * indexed by entry); `counts[i]` -1 = null map. Rows sharing a map object share its entries.
 */
export interface MapView { kind: 'm'; starts: Int32Array; counts: Int32Array; keys: StrView; values: StrView }
/** A column with no value in any row. */
export interface NullView { kind: 'z' }
export type ColView = StrView | NumView | MapView | NullView;

export interface Segment {
  service: string;
  /** hour(ts) = floor(µs / 3.6e9), the partition's hour number since the epoch. */
  hour: number;
  rows: number;
  tsMin: number;
  tsMax: number;
  /** Row k of the segment is row `rowIds[k]` of every column view. */
  rowIds: Int32Array;
  cols: ColView[];
  /** Approximate bytes of the segment's values (an output size hint). */
  bytes: number;
}

// Arrow layout
export interface StrBuf { kind: 's'; offsets: Int32Array; data: Uint8Array; valid: Uint8Array; nulls: number }
export interface NumBuf { kind: 'n'; values: Float64Array; valid: Uint8Array; nulls: number }
export interface MapBuf { kind: 'm'; offsets: Int32Array; keys: StrBuf; values: StrBuf; valid: Uint8Array; nulls: number }
export type ColBuf = StrBuf | NumBuf | MapBuf;
/** A segment in Arrow buffer layout, rows in segment order. */
export interface ArrowSegment { service: string; hour: number; rows: number; tsMin: number; tsMax: number; cols: ColBuf[] }

const TYPES: ColumnType[] = COLUMNS.map((c) => c.type);
const NCOL = COLUMNS.length;
export const HOUR_MICROS = 3_600_000_000;
/** A copy of `src[0, n)` in a buffer of its own (transferable, never Node's shared pool). */
function copyOf<T extends Int32Array | Float64Array | Uint8Array>(src: T, n: number): T {
  return src.slice(0, n) as T;
}

/** The bytes of a string column as a view (`n` rows, `data` copied unless `own`). */
function utf8View(u: Utf8Column, n: number, own: boolean): StrView {
  let data: Uint8Array;
  if (own) data = new Uint8Array(u.data.buffer, u.data.byteOffset, u.used);
  else {
    data = new Uint8Array(u.used);
    data.set(u.data.subarray(0, u.used));
  }
  return { kind: 's', data, starts: own ? u.starts.subarray(0, n) : copyOf(u.starts, n), lens: own ? u.lens.subarray(0, n) : copyOf(u.lens, n) };
}

/** JS string column → view; equal consecutive values share their bytes. */
function jsStringView(src: (string | undefined)[], n: number): StrView {
  const u = new Utf8Column(n);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v !== undefined) u.set(i, v);
  }
  return utf8View(u, n, true);
}

/** Map column → view (entries copied; rows that repeat a map share its entries). */
function mapView(m: MapColumnData, n: number): MapView {
  return { kind: 'm', starts: copyOf(m.starts, n), counts: copyOf(m.counts, n), keys: utf8View(m.keys, m.entries, false), values: utf8View(m.values, m.entries, false) };
}

/** Every column of the batch's rows as views (one copy of each touched column). */
function snapshot(batch: RowBatch): { cols: ColView[]; bytes: number } {
  const n = batch.length;
  const cols: ColView[] = [];
  let bytes = 0;
  for (let c = 0; c < NCOL; c++) {
    const t = TYPES[c];
    if (!batch.touched[c]) cols.push({ kind: 'z' });
    else if (t === 'string') {
      const u = batch.utf8[c];
      const v = u ? utf8View(u, n, false) : jsStringView(batch.strs[c]!, n);
      bytes += v.data.length + 4 * n;
      cols.push(v);
    } else if (t === 'map') {
      const v = mapView(batch.mapCols[c]!, n);
      bytes += v.keys.data.length + v.values.data.length + 8 * v.keys.lens.length;
      cols.push(v);
    } else {
      cols.push({ kind: 'n', values: copyOf(batch.nums[c]!, n), valid: null });
      bytes += 8 * n;
    }
  }
  return { cols, bytes };
}

/** Element moves per row {@link sortByTs} allows its insertion sort before it merges instead. */
const INSERTION_MOVES = 16;

/**
 * Stable sort of row ids by ts (ties in row id order). Rows of a window are mostly in time order:
 * a source's lines one after the other, or lines of a few writers with their own clocks taking
 * turns (the 1 M-line bench: runs of ≈ 3 rows, each row ≈ 5 places from its sorted place). First
 * an insertion sort over the ts values gathered in row order (sequential memory, no passes); when
 * it has moved more than {@link INSERTION_MOVES} elements per row, the rows are far from sorted and
 * a natural merge sort (O(n log runs)) sorts the ids instead. Both are stable: the same order.
 */
function sortByTs(ids: Int32Array, ts: Float64Array): Int32Array {
  const n = ids.length;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = ts[ids[k]!]!;
  let out: Int32Array | undefined;
  let budget = INSERTION_MOVES * n;
  for (let k = 1; k < n; k++) {
    const t = keys[k]!;
    if (!(t < keys[k - 1]!)) continue;
    if (out === undefined) out = ids.slice();
    const id = out[k]!;
    let j = k - 1;
    // strictly greater: an equal ts stays before (stable)
    while (j >= 0 && keys[j]! > t) {
      keys[j + 1] = keys[j]!;
      out[j + 1] = out[j]!;
      j--;
    }
    keys[j + 1] = t;
    out[j + 1] = id;
    budget -= k - 1 - j;
    if (budget < 0) return mergeSortByTs(ids, ts);
  }
  return out ?? ids;
}

/** {@link sortByTs} as a natural merge sort: sorted runs merged in O(n log runs). */
function mergeSortByTs(ids: Int32Array, ts: Float64Array): Int32Array {
  const n = ids.length;
  // run boundaries
  const bounds: number[] = [0];
  for (let k = 1; k < n; k++) if (ts[ids[k]!]! < ts[ids[k - 1]!]!) bounds.push(k);
  bounds.push(n);
  if (bounds.length === 2) return ids;
  let src: Int32Array = ids;
  let dst: Int32Array = new Int32Array(n);
  let b = bounds;
  while (b.length > 2) {
    const nb: number[] = [0];
    for (let r = 0; r + 1 < b.length; r += 2) {
      const lo = b[r]!;
      const mid = b[r + 1]!;
      const hi = r + 2 < b.length ? b[r + 2]! : mid;
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) {
        const x = src[i]!;
        const y = src[j]!;
        // left first on ties: stable (ids ascend within the bucket)
        if (ts[y]! < ts[x]!) {
          dst[o++] = y;
          j++;
        } else {
          dst[o++] = x;
          i++;
        }
      }
      while (i < mid) dst[o++] = src[i++]!;
      while (j < hi) dst[o++] = src[j++]!;
      nb.push(hi);
    }
    if (nb[nb.length - 1] !== n) nb.push(n);
    b = nb;
    const t = src;
    src = dst;
    dst = t === ids ? new Int32Array(n) : t;
  }
  return src;
}

/**
 * Cuts the batch into per-partition segments (service, hour of ts), each sorted by ts and at most
 * `maxRows` rows. Rows are bucketed by partition first, then each bucket is sorted on its own
 * (log rows are mostly in time order already, which the sort exploits). The segments share one
 * copy of the batch's columns; the batch can be reset right after.
 */
export function cutSegments(batch: RowBatch, maxRows = 1_000_000): Segment[] {
  const n = batch.length;
  if (n === 0) return [];
  const svc = batch.strs[COL.service]!;
  const ts = batch.nums[COL.ts]!;
  // partition of each row, then the row ids of each partition in one array
  const keyOf = new Map<string, number>();
  const keys: string[] = [];
  const sizes: number[] = [];
  const part = new Int32Array(n);
  let lastS: string | undefined;
  let lastH = NaN;
  let last = -1;
  let anyNaN = false;
  for (let i = 0; i < n; i++) {
    const s = svc[i] ?? '';
    const t = ts[i]!;
    const h = Math.floor(t / HOUR_MICROS);
    if (s !== lastS || h !== lastH || last < 0) {
      if (h !== h) anyNaN = true;
      const key = s + '\u0000' + h;
      let p = keyOf.get(key);
      if (p === undefined) {
        keyOf.set(key, (p = keys.length));
        keys.push(key);
        sizes.push(0);
      }
      last = p;
      lastS = s;
      lastH = h;
    }
    part[i] = last;
    sizes[last]!++;
  }
  const at = new Int32Array(keys.length + 1);
  for (let p = 0; p < keys.length; p++) at[p + 1] = at[p]! + sizes[p]!;
  const all = new Int32Array(n);
  const fill = at.slice(0, keys.length);
  for (let i = 0; i < n; i++) all[fill[part[i]!]!++] = i;
  const view = snapshot(batch);
  const tsv = (view.cols[COL.ts] as NumView | NullView).kind === 'n' ? (view.cols[COL.ts] as NumView).values : new Float64Array(n).fill(NaN);
  const order = keys.map((_, p) => p).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const segs: Segment[] = [];
  for (const p of order) {
    const key = keys[p]!;
    let ids: Int32Array = all.subarray(at[p]!, at[p + 1]!);
    if (anyNaN) {
      // the reference order (NaN compares by row id only): keep the exact former behaviour
      let sorted = true;
      for (let k = 1; k < ids.length; k++) if (tsv[ids[k]!]! < tsv[ids[k - 1]!]!) { sorted = false; break; }
      if (!sorted) ids = Int32Array.from(ids).sort((a, b) => tsv[a]! - tsv[b]! || a - b);
    } else ids = sortByTs(ids, tsv);
    const sep = key.indexOf('\u0000');
    const service = key.slice(0, sep);
    const hour = Number(key.slice(sep + 1));
    for (let start = 0; start < ids.length; start += maxRows) {
      const rowIds = ids.subarray(start, Math.min(ids.length, start + maxRows));
      const rows = rowIds.length;
      segs.push({
        service, hour, rows, tsMin: tsv[rowIds[0]!]!, tsMax: tsv[rowIds[rows - 1]!]!, rowIds, cols: view.cols,
        bytes: Math.ceil((view.bytes * rows) / n),
      });
    }
  }
  return segs;
}

/** Every transferable buffer of the segments, each once (for postMessage transfer lists). */
export function cutBuffers(segs: Segment[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const addStr = (b: StrView): void => {
    out.add(b.data.buffer as ArrayBuffer);
    out.add(b.starts.buffer as ArrayBuffer);
    out.add(b.lens.buffer as ArrayBuffer);
  };
  const seen = new Set<ColView[]>();
  for (const s of segs) {
    out.add(s.rowIds.buffer as ArrayBuffer);
    if (seen.has(s.cols)) continue;
    seen.add(s.cols);
    for (const c of s.cols) {
      if (c.kind === 's') addStr(c);
      else if (c.kind === 'n') {
        out.add(c.values.buffer as ArrayBuffer);
        if (c.valid) out.add(c.valid.buffer as ArrayBuffer);
      } else if (c.kind === 'm') {
        out.add(c.starts.buffer as ArrayBuffer);
        out.add(c.counts.buffer as ArrayBuffer);
        addStr(c.keys);
        addStr(c.values);
      }
    }
  }
  return [...out];
}

/** Arrow string column of rows `ids` of a string view. */
function strBuf(v: StrView, ids: ArrayLike<number>, rows: number): StrBuf {
  const offsets = new Int32Array(rows + 1);
  const valid = new Uint8Array((rows + 7) >> 3);
  let total = 0;
  for (let k = 0; k < rows; k++) total += Math.max(0, v.lens[ids[k]!]!);
  const data = new Uint8Array(total);
  let out = 0;
  let nulls = 0;
  for (let k = 0; k < rows; k++) {
    const i = ids[k]!;
    const len = v.lens[i]!;
    if (len < 0) nulls++;
    else {
      valid[k >> 3]! |= 1 << (k & 7);
      data.set(v.data.subarray(v.starts[i]!, v.starts[i]! + len), out);
      out += len;
    }
    offsets[k + 1] = out;
  }
  return { kind: 's', offsets, data, valid, nulls };
}

function emptyStr(rows: number): StrBuf {
  return { kind: 's', offsets: new Int32Array(rows + 1), data: new Uint8Array(0), valid: new Uint8Array((rows + 7) >> 3), nulls: rows };
}

/** A copy of the segment in Arrow buffer layout (for the Arrow-based encoder and for tests). */
export function toArrow(s: Segment): ArrowSegment {
  const rows = s.rows;
  const ids = s.rowIds;
  const cols = s.cols.map((v, c): ColBuf => {
    const t = TYPES[c]!;
    const valid = new Uint8Array((rows + 7) >> 3);
    if (v.kind === 'z') {
      if (t === 'string') return emptyStr(rows);
      if (t === 'map') return { kind: 'm', offsets: new Int32Array(rows + 1), keys: emptyStr(0), values: emptyStr(0), valid, nulls: rows };
      return { kind: 'n', values: new Float64Array(rows), valid, nulls: rows };
    }
    if (v.kind === 's') return strBuf(v, ids, rows);
    if (v.kind === 'n') {
      const values = new Float64Array(rows);
      let nulls = 0;
      for (let k = 0; k < rows; k++) {
        const i = ids[k]!;
        const x = v.values[i]!;
        const ok = v.valid ? ((v.valid[i >> 3]! >> (i & 7)) & 1) === 1 : !Number.isNaN(x);
        if (!ok) nulls++;
        else {
          values[k] = x;
          valid[k >> 3]! |= 1 << (k & 7);
        }
      }
      return { kind: 'n', values, valid, nulls };
    }
    const offsets = new Int32Array(rows + 1);
    const entries: number[] = [];
    let nulls = 0;
    for (let k = 0; k < rows; k++) {
      const i = ids[k]!;
      const cnt = v.counts[i]!;
      if (cnt < 0) nulls++;
      else {
        valid[k >> 3]! |= 1 << (k & 7);
        for (let e = v.starts[i]!; e < v.starts[i]! + cnt; e++) entries.push(e);
      }
      offsets[k + 1] = entries.length;
    }
    return { kind: 'm', offsets, keys: strBuf(v.keys, entries, entries.length), values: strBuf(v.values, entries, entries.length), valid, nulls };
  });
  return { service: s.service, hour: s.hour, rows, tsMin: s.tsMin, tsMax: s.tsMax, cols };
}

function strView(b: StrBuf, n: number): StrView {
  const starts = new Int32Array(n);
  const lens = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = b.offsets[i]!;
    lens[i] = ((b.valid[i >> 3]! >> (i & 7)) & 1) === 1 ? b.offsets[i + 1]! - b.offsets[i]! : -1;
  }
  return { kind: 's', data: b.data, starts, lens };
}

/** Views over an Arrow-layout segment (rows in their order), e.g. one built by a test. */
export function fromArrow(a: ArrowSegment): Segment {
  const rows = a.rows;
  const cols = a.cols.map((b): ColView => {
    if (b.kind === 's') return strView(b, rows);
    if (b.kind === 'n') return { kind: 'n', values: b.values, valid: b.valid };
    const n = b.offsets.length - 1;
    const starts = new Int32Array(n);
    const counts = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      starts[i] = b.offsets[i]!;
      counts[i] = ((b.valid[i >> 3]! >> (i & 7)) & 1) === 1 ? b.offsets[i + 1]! - b.offsets[i]! : -1;
    }
    return { kind: 'm', starts, counts, keys: strView(b.keys, b.keys.offsets.length - 1), values: strView(b.values, b.values.offsets.length - 1) };
  });
  const rowIds = new Int32Array(rows);
  for (let k = 0; k < rows; k++) rowIds[k] = k;
  let bytes = 0;
  for (const c of cols) if (c.kind === 's') bytes += c.data.length + 4 * rows;
  return { service: a.service, hour: a.hour, rows, tsMin: a.tsMin, tsMax: a.tsMax, rowIds, cols, bytes };
}
