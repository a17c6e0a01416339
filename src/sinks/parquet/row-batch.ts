/**
 * A columnar batch of canonical rows, written field by field (it is the FieldWriter parsers fill).
 * The current row's strings are JS strings (parsers and enrichment read them back); when the row
 * ends they are UTF-8 encoded into one growing byte buffer per column ({@link Utf8Column}), so a
 * commit window holds bytes, not tens of thousands of JS strings for the garbage collector to
 * copy and trace. `service` (the partition key, shared by a source's rows) and `template_id`
 * (filled after the rows, by the miner) stay JS strings for every row. Cutting into per-partition
 * segments copies bytes in the segment's sorted order (segment.ts).
 */
import { tsInRange, type FieldWriter, type StringColumn, type IntColumn, type LongColumn, type DoubleColumn, type TimestampColumn, type MapColumn } from '../../core/fields.js';
import { COLUMNS, COL, type ColumnName, type ColumnType } from '../../schema/canonical.js';

const NCOL = COLUMNS.length;
const TYPES: ColumnType[] = COLUMNS.map((c) => c.type);
/** String columns kept as JS strings for every row (see module comment). */
const JS_STRING = COLUMNS.map((c, i) => c.type === 'string' && (i === COL.service || i === COL.template_id));
/** Strings up to this length are encoded by a loop here when they are ASCII (no native call). */
const SHORT = 48;
/**
 * Column index by name. A Map: the writers are called with many different names from shared
 * code, and a keyed property load on COL there is megamorphic (about twice the cost of Map.get).
 */
const IDX = new Map<string, number>(COLUMNS.map((c, i) => [c.name, i]));
/** Storage of each column: JS string, bytes, map, number (see RowBatch). */
const K_JS = 0, K_UTF8 = 1, K_MAP = 2, K_NUM = 3;
const KIND = Uint8Array.from(COLUMNS, (c, i) => (JS_STRING[i] ? K_JS : c.type === 'string' ? K_UTF8 : c.type === 'map' ? K_MAP : K_NUM));
/** The map columns' indexes. */
const MAP_COLS = Int32Array.from(COLUMNS.flatMap((c, i) => (c.type === 'map' ? [i] : [])));
const N_MAP = MAP_COLS.length;

/** `a` copied into a larger array whose new slots hold `fill`. */
function grown(a: Int32Array, capacity: number, fill: number): Int32Array {
  const b = new Int32Array(capacity);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}

/**
 * The UTF-8 bytes of one string column, row by row: `starts`/`lens` (bytes; `lens` -1 = null) into
 * `data`. A value equal to the previous row's shares its bytes.
 */
export class Utf8Column {
  data: Buffer;
  starts: Int32Array;
  lens: Int32Array;
  /** Bytes of `data` in use. */
  used = 0;
  private last: string | undefined;
  private lastRow = -1;

  constructor(capacity: number) {
    this.data = Buffer.allocUnsafeSlow(4096);
    this.starts = new Int32Array(capacity);
    this.lens = new Int32Array(capacity).fill(-1);
  }

  set(row: number, v: string): void {
    if (this.lastRow === row - 1 && v === this.last) {
      this.starts[row] = this.starts[row - 1]!;
      this.lens[row] = this.lens[row - 1]!;
      this.lastRow = row;
      return;
    }
    const n = v.length;
    let at = this.used;
    if (at + n * 3 > this.data.length) {
      const nb = Buffer.allocUnsafeSlow(Math.max(at + n * 3, this.data.length * 2));
      this.data.copy(nb, 0, 0, at);
      this.data = nb;
    }
    const d = this.data;
    let written = -1;
    if (n <= SHORT) {
      let i = 0;
      for (; i < n; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0x80) break;
        d[at + i] = c;
      }
      if (i === n) written = n;
    }
    if (written < 0) written = (d as unknown as { utf8Write(s: string, o: number): number }).utf8Write(v, at);
    this.starts[row] = at;
    this.lens[row] = written;
    at += written;
    this.used = at;
    this.last = v;
    this.lastRow = row;
  }

  /** The value of row `row` (tests, slow paths), undefined when null. */
  text(row: number): string | undefined {
    const n = this.lens[row]!;
    return n < 0 ? undefined : this.data.toString('utf8', this.starts[row]!, this.starts[row]! + n);
  }

  grow(capacity: number): void {
    this.starts = grown(this.starts, capacity, 0);
    this.lens = grown(this.lens, capacity, -1);
  }

  reset(rows: number): void {
    this.lens.fill(-1, 0, rows);
    this.used = 0;
    this.last = undefined;
    this.lastRow = -1;
  }
}

/**
 * Kept for callers that mark a map shared by many rows: RowBatch never modifies a map given to
 * {@link RowBatch.setMap} (a row's own changes are made to a copy of its entries), so any map may be.
 */
export function shareMap<T extends object>(m: T): T {
  return m;
}

/** Whether `k` is an array index ('0' … '4294967294'): a JS object lists such keys first, ascending. */
function isArrayIndex(k: string): boolean {
  const n = k.length;
  if (n === 0 || n > 10) return false;
  const c0 = k.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = k.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n < 10 || Number(k) < 4294967295;
}

/**
 * A map column: its entries as UTF-8 bytes (`keys` / `values`, by entry) and, by row, the first
 * entry and the count (`counts` -1 = null), so that a commit window holds bytes, not one object per
 * row. The current row is built in `curKeys` / `curVals` with the semantics of a plain object
 * (a key set again keeps its place, array-index keys come first in ascending order, `__proto__`
 * is only kept when copied from an object that owns it), then encoded when the row ends. A map
 * set whole ({@link RowBatch.setMap}) and left unchanged is encoded once while it repeats.
 */
export class MapColumnData {
  readonly keys: Utf8Column;
  readonly values: Utf8Column;
  starts: Int32Array;
  counts: Int32Array;
  /** Entries in use. */
  entries = 0;
  private entryCap: number;
  /** The current row: a map was set (possibly empty). */
  curSet = false;
  /** The current row's whole map (setMap), not yet copied into curKeys / curVals. */
  curObj: Record<string, string> | undefined;
  curKeys: string[] = [];
  curVals: string[] = [];
  curN = 0;
  /** Index of curKeys for large maps (built past {@link MapColumnData.LINEAR} entries). */
  private curIdx: Map<string, number> | undefined;
  /** The last whole map encoded and its entries (reused while rows repeat it). */
  private lastObj: Record<string, string> | undefined;
  private lastStart = 0;
  private lastCount = 0;
  private static readonly LINEAR = 24;

  constructor(capacity: number) {
    this.entryCap = Math.max(16, capacity);
    this.keys = new Utf8Column(this.entryCap);
    this.values = new Utf8Column(this.entryCap);
    this.starts = new Int32Array(capacity);
    this.counts = new Int32Array(capacity).fill(-1);
  }

  /** Adds or replaces one entry of the current row's map. */
  put(key: string, value: string): void {
    if (this.curObj !== undefined) this.copyObj();
    this.curSet = true;
    const n = this.curN;
    const keys = this.curKeys;
    let i = -1;
    if (this.curIdx !== undefined) i = this.curIdx.get(key) ?? -1;
    else for (let j = 0; j < n; j++) if (keys[j] === key) { i = j; break; }
    if (i >= 0) {
      this.curVals[i] = value;
      return;
    }
    if (key === '__proto__') return; // an assignment to a plain object's __proto__ sets nothing
    keys[n] = key;
    this.curVals[n] = value;
    this.curN = n + 1;
    if (this.curIdx !== undefined) this.curIdx.set(key, n);
    else if (n + 1 > MapColumnData.LINEAR) {
      this.curIdx = new Map();
      for (let j = 0; j <= n; j++) this.curIdx.set(keys[j]!, j);
    }
  }

  /** Sets the current row's map to a whole object (not copied unless a `put` follows). */
  setObj(m: Record<string, string>): void {
    this.clearCur();
    this.curSet = true;
    this.curObj = m;
  }

  private copyObj(): void {
    const m = this.curObj!;
    this.curObj = undefined;
    const keys = this.curKeys;
    const vals = this.curVals;
    let n = 0;
    for (const k in m) {
            keys[n] = k;
      vals[n] = m[k]!;
      n++;
    }
    this.curN = n;
    if (n > MapColumnData.LINEAR) {
      this.curIdx = new Map();
      for (let j = 0; j < n; j++) this.curIdx.set(keys[j]!, j);
    }
  }

  /** The current row's map as an object (tests, slow paths), undefined when unset. */
  current(): Record<string, string> | undefined {
    if (!this.curSet) return undefined;
    if (this.curObj !== undefined) return this.curObj;
    const o: Record<string, string> = {};
    for (let j = 0; j < this.curN; j++) Object.defineProperty(o, this.curKeys[j]!, { value: this.curVals[j], enumerable: true, writable: true, configurable: true });
    return o;
  }

  private clearCur(): void {
    this.curSet = false;
    this.curObj = undefined;
    for (let j = 0; j < this.curN; j++) {
      this.curKeys[j] = '';
      this.curVals[j] = '';
    }
    this.curN = 0;
    this.curIdx = undefined;
  }

  private entry(k: string, v: string): void {
    const e = this.entries;
    if (e >= this.entryCap) {
      this.entryCap *= 2;
      this.keys.grow(this.entryCap);
      this.values.grow(this.entryCap);
    }
    this.keys.set(e, k);
    this.values.set(e, String(v));
    this.entries = e + 1;
  }

  /** Encodes the current row's map (or null) as row `row` and clears it. */
  endRow(row: number): void {
    if (!this.curSet) {
      this.starts[row] = 0;
      this.counts[row] = -1;
      return;
    }
    const m = this.curObj;
    if (m !== undefined) {
      if (m !== this.lastObj) {
        this.lastObj = m;
        this.lastStart = this.entries;
        for (const k in m) this.entry(k, m[k]!);
        this.lastCount = this.entries - this.lastStart;
      }
      this.starts[row] = this.lastStart;
      this.counts[row] = this.lastCount;
      this.clearCur();
      return;
    }
    const start = this.entries;
    const n = this.curN;
    const keys = this.curKeys;
    const vals = this.curVals;
    let indexKeys = 0;
    for (let j = 0; j < n; j++) {
      const c = keys[j]!.charCodeAt(0);
      if (c >= 48 && c <= 57 && isArrayIndex(keys[j]!)) indexKeys++;
    }
    if (indexKeys === 0) for (let j = 0; j < n; j++) this.entry(keys[j]!, vals[j]!);
    else {
      // a plain object's order: array indexes ascending, then the other keys as inserted
      const idx: number[] = [];
      for (let j = 0; j < n; j++) if (isArrayIndex(keys[j]!)) idx.push(j);
      idx.sort((a, b) => Number(keys[a]) - Number(keys[b]));
      for (const j of idx) this.entry(keys[j]!, vals[j]!);
      for (let j = 0; j < n; j++) if (!isArrayIndex(keys[j]!)) this.entry(keys[j]!, vals[j]!);
    }
    this.starts[row] = start;
    this.counts[row] = n;
    this.clearCur();
  }

  /** The map of committed row `row` as an object (tests), undefined when null. */
  rowObject(row: number): Record<string, string> | undefined {
    const c = this.counts[row]!;
    if (c < 0) return undefined;
    const o: Record<string, string> = {};
    const s = this.starts[row]!;
    for (let e = s; e < s + c; e++) {
      Object.defineProperty(o, this.keys.text(e)!, { value: this.values.text(e), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }

  grow(capacity: number): void {
    this.starts = grown(this.starts, capacity, 0);
    this.counts = grown(this.counts, capacity, -1);
  }

  /** Clears the current row (an abandoned row). */
  clearRow(): void {
    this.clearCur();
  }

  reset(): void {
    this.clearCur();
    this.keys.reset(this.entries + 1);
    this.values.reset(this.entries + 1);
    this.entries = 0;
    this.lastObj = undefined;
  }
}

/**
 * Grows as rows are added (it holds every row between two commits); numbers live in Float64Arrays
 * with NaN as null, strings and maps as UTF-8 bytes ({@link Utf8Column}, {@link MapColumnData}).
 */
export class RowBatch implements FieldWriter {
  /** Committed rows. The row being written has index `length`. */
  length = 0;
  /** JS string columns (`service`, `template_id`) by row; empty for the others. */
  readonly strs: (string | undefined)[][] = [];
  /** The other string columns: bytes of the committed rows (undefined for non-string columns). */
  readonly utf8: (Utf8Column | undefined)[] = [];
  /** The current row's values of the byte-backed string columns. */
  private readonly cur: (string | undefined)[] = new Array<string | undefined>(NCOL);
  /** Byte-backed columns set in the current row: the first `nRowCols` entries. */
  private readonly rowCols = new Int32Array(NCOL);
  private nRowCols = 0;
  nums: Float64Array[] = [];
  /** Map columns (undefined for the others). */
  readonly mapCols: (MapColumnData | undefined)[] = [];
  /** Approximate bytes held (text + per-row overhead), for memory accounting. */
  approxBytes = 0;
  /** Columns written at least once since the last reset (untouched ones are all-null, built for free). */
  readonly touched = new Uint8Array(NCOL);
  private capacity: number;

  constructor(initialCapacity = 65536) {
    this.capacity = initialCapacity;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      // pre-sized arrays stay in V8's fast (holey) element mode; sparse appends would not
      this.strs.push(JS_STRING[c] ? new Array<string | undefined>(initialCapacity) : []);
      this.utf8.push(t === 'string' && !JS_STRING[c] ? new Utf8Column(initialCapacity) : undefined);
      this.nums.push(t === 'int' || t === 'long' || t === 'double' || t === 'timestamptz' ? new Float64Array(initialCapacity).fill(NaN) : new Float64Array(0));
      this.mapCols.push(t === 'map' ? new MapColumnData(initialCapacity) : undefined);
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      if (JS_STRING[c]) this.strs[c]!.length = cap;
      else if (t === 'string') this.utf8[c]!.grow(cap);
      else if (t === 'map') this.mapCols[c]!.grow(cap);
    }
    this.nums = this.nums.map((a, c) => {
      const t = TYPES[c];
      if (!(t === 'int' || t === 'long' || t === 'double' || t === 'timestamptz')) return a;
      const b = new Float64Array(cap).fill(NaN);
      b.set(a);
      return b;
    });
    this.capacity = cap;
  }

  str(col: StringColumn, value: string): void {
    this.strAt(IDX.get(col)!, value);
  }
  /** `str` by column index (COL). */
  strAt(c: number, value: string): void {
    this.touched[c] = 1;
    if (KIND[c] === K_JS) {
      this.strs[c]![this.length] = value;
      return;
    }
    if (this.cur[c] === undefined) this.rowCols[this.nRowCols++] = c;
    this.cur[c] = value;
  }
  int(col: IntColumn, value: number): void {
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.nums[c]![this.length] = value | 0;
  }
  long(col: LongColumn, value: number): void {
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.nums[c]![this.length] = Math.trunc(value);
  }
  double(col: DoubleColumn, value: number): void {
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.nums[c]![this.length] = value;
  }
  ts(col: TimestampColumn, micros: number): void {
    if (!tsInRange(micros)) {
      // not representable exactly (year 9999 …): never store a wrong time; say it was there
      this.map('attributes', 'loglake.ts_out_of_range', col);
      return;
    }
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.nums[c]![this.length] = Math.trunc(micros);
  }
  map(col: MapColumn, key: string, value: string): void {
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.mapCols[c]!.put(key, value);
  }
  /** Sets a whole map column to an object without copying it (it may be shared: `map()` copies its entries first). */
  setMap(col: MapColumn, m: Record<string, string>): void {
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.mapCols[c]!.setObj(m);
  }
  /** The current row's map (tests, slow paths): an object, undefined when unset. */
  getMap(col: MapColumn): Record<string, string> | undefined {
    return this.mapCols[IDX.get(col)!]!.current();
  }
  /** The map of committed row `row` (tests), undefined when null. */
  mapAt(col: MapColumn, row: number): Record<string, string> | undefined {
    return this.mapCols[IDX.get(col)!]!.rowObject(row);
  }
  has(col: ColumnName): boolean {
    const c = IDX.get(col)!;
    const k = KIND[c];
    if (k === K_UTF8) return this.cur[c] !== undefined;
    if (k === K_NUM) return !Number.isNaN(this.nums[c]![this.length]!);
    return k === K_JS ? this.strs[c]![this.length] !== undefined : this.mapCols[c]!.curSet;
  }
  getStr(col: StringColumn): string | undefined {
    const c = IDX.get(col)!;
    return KIND[c] === K_JS ? this.strs[c]![this.length] : this.cur[c];
  }
  /** Numeric value of the current row, NaN when unset. */
  getNum(col: IntColumn | LongColumn | DoubleColumn | TimestampColumn): number {
    return this.nums[IDX.get(col)!]![this.length]!;
  }

  /** Commits the current row. */
  endRow(textBytes: number): void {
    const row = this.length;
    const cols = this.rowCols;
    const n = this.nRowCols;
    for (let k = 0; k < n; k++) {
      const c = cols[k]!;
      this.utf8[c]!.set(row, this.cur[c]!);
      this.cur[c] = undefined;
    }
    this.nRowCols = 0;
    for (let k = 0; k < N_MAP; k++) this.mapCols[MAP_COLS[k]!]!.endRow(row);
    this.approxBytes += textBytes * 2 + 160;
    this.length++;
    if (this.length >= this.capacity) this.grow();
  }

  /**
   * Clears the current (uncommitted) row slot. Not needed between rows (slots past `length` are
   * always empty); only after abandoning a partly written row.
   */
  clearRow(): void {
    const r = this.length;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      if (JS_STRING[c]) this.strs[c]![r] = undefined;
      else if (t === 'string') this.cur[c] = undefined;
      else if (t === 'map') this.mapCols[c]!.clearRow();
      else this.nums[c]![r] = NaN;
    }
    this.nRowCols = 0;
  }

  /** Empties the batch for reuse (drops references to the rows' strings). */
  reset(): void {
    for (let c = 0; c < NCOL; c++) {
      if (!this.touched[c]) continue;
      const t = TYPES[c];
      if (JS_STRING[c]) this.strs[c]!.fill(undefined, 0, this.length + 1);
      else if (t === 'string') this.utf8[c]!.reset(this.length + 1);
      else if (t === 'map') this.mapCols[c]!.reset();
      else this.nums[c]!.fill(NaN, 0, this.length + 1);
    }
    for (let k = 0; k < this.nRowCols; k++) this.cur[this.rowCols[k]!] = undefined;
    this.nRowCols = 0;
    this.length = 0;
    this.approxBytes = 0;
    this.touched.fill(0);
  }
}
