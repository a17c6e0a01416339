/**
 * A columnar batch of canonical rows, written field by field (it is the FieldWriter parsers fill).
 * The current row's strings are JS strings (parsers and enrichment read them back); when the row
 * ends they are UTF-8 encoded into one growing byte buffer per column ({@link Utf8Column}), so a
 * commit window holds bytes, not tens of thousands of JS strings for the garbage collector to
 * copy and trace. `service` (the partition key, shared by a source's rows) stays a JS string for
 * every row; `template_id` is not kept here (the cut takes it from the miner's answers). Cutting
 * into per-partition segments copies or takes the columns' arrays (segment.ts).
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

  grow(capacity: number): void {
    const s = new Int32Array(capacity);
    s.set(this.starts);
    this.starts = s;
    const l = new Int32Array(capacity).fill(-1);
    l.set(this.lens);
    this.lens = l;
  }

  /**
   * Hands over the arrays holding the rows so far (no copy: a cut transfers them to another thread)
   * and starts over, empty, with new arrays of the same capacity.
   */
  take(): { data: Buffer; starts: Int32Array; lens: Int32Array; used: number } {
    const out = { data: this.data, starts: this.starts, lens: this.lens, used: this.used };
    this.data = Buffer.allocUnsafeSlow(this.data.length);
    this.starts = new Int32Array(this.starts.length);
    this.lens = new Int32Array(this.lens.length).fill(-1);
    this.used = 0;
    this.last = undefined;
    this.lastRow = -1;
    return out;
  }

  reset(rows: number): void {
    this.lens.fill(-1, 0, rows);
    this.used = 0;
    this.last = undefined;
    this.lastRow = -1;
  }
}

/** Objects shared by many rows (e.g. a source's labels); copied before the first per-row change. */
const shared = new WeakSet<object>();

/** Marks a map as shared between rows, so that `map()` copies it before writing. */
export function shareMap<T extends object>(m: T): T {
  shared.add(m);
  return m;
}

/**
 * Grows as rows are added (it holds every row between two commits); numbers live in Float64Arrays
 * with NaN as null, strings and maps in plain arrays.
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
  readonly maps: (Record<string, string> | undefined)[][] = [];
  /** Approximate bytes held (text + per-row overhead), for memory accounting. */
  approxBytes = 0;
  /** Columns written at least once since the last reset (untouched ones are all-null, built for free). */
  readonly touched = new Uint8Array(NCOL);
  /** Per map column, the row whose map `map()` made or already copied (no shared check needed). */
  private readonly ownMapRow = new Int32Array(NCOL).fill(-1);
  /** Columns whose arrays a cut took since the last reset (they are new and empty already). */
  private readonly taken = new Uint8Array(NCOL);
  private capacity: number;

  constructor(initialCapacity = 65536) {
    this.capacity = initialCapacity;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      // pre-sized arrays stay in V8's fast (holey) element mode; sparse appends would not
      this.strs.push(JS_STRING[c] ? new Array<string | undefined>(initialCapacity) : []);
      this.utf8.push(t === 'string' && !JS_STRING[c] ? new Utf8Column(initialCapacity) : undefined);
      this.nums.push(t === 'int' || t === 'long' || t === 'double' || t === 'timestamptz' ? new Float64Array(initialCapacity).fill(NaN) : new Float64Array(0));
      this.maps.push(t === 'map' ? new Array<Record<string, string> | undefined>(initialCapacity) : []);
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      if (JS_STRING[c]) this.strs[c]!.length = cap;
      else if (t === 'string') this.utf8[c]!.grow(cap);
      else if (t === 'map') this.maps[c]!.length = cap;
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
    const c = IDX.get(col)!;
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
    const arr = this.maps[c]!;
    let m = arr[this.length];
    if (m === undefined) {
      m = arr[this.length] = {};
      this.ownMapRow[c] = this.length;
    } else if (this.ownMapRow[c] !== this.length) {
      // set by setMap: maybe shared with other rows
      if (shared.has(m)) m = arr[this.length] = { ...m };
      this.ownMapRow[c] = this.length;
    }
    m[key] = value;
  }
  /** Sets a whole map column to an object without copying it (it may be shared: `map()` copies it first). */
  setMap(col: MapColumn, m: Record<string, string>): void {
    shared.add(m);
    const c = IDX.get(col)!;
    this.touched[c] = 1;
    this.ownMapRow[c] = -1;
    this.maps[c]![this.length] = m;
  }
  has(col: ColumnName): boolean {
    const c = IDX.get(col)!;
    const k = KIND[c];
    if (k === K_UTF8) return this.cur[c] !== undefined;
    if (k === K_NUM) return !Number.isNaN(this.nums[c]![this.length]!);
    return (k === K_JS ? this.strs[c]![this.length] : this.maps[c]![this.length]) !== undefined;
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
      else if (t === 'map') this.maps[c]![r] = undefined;
      else this.nums[c]![r] = NaN;
    }
    this.nRowCols = 0;
  }

  /**
   * Hands over numeric column `c`'s values (the array itself, no copy) and gives the column a new,
   * empty one of the same capacity; {@link reset} (next) has nothing left to clear in it.
   */
  takeNums(c: number): Float64Array {
    const a = this.nums[c]!;
    this.nums[c] = new Float64Array(a.length).fill(NaN);
    this.taken[c] = 1;
    return a;
  }

  /** The same for byte-backed string column `c` ({@link Utf8Column.take}). */
  takeUtf8(c: number): ReturnType<Utf8Column['take']> {
    this.taken[c] = 1;
    return this.utf8[c]!.take();
  }

  /** Empties the batch for reuse (drops references to the rows' strings). */
  reset(): void {
    for (let c = 0; c < NCOL; c++) {
      if (!this.touched[c] || this.taken[c]) continue;
      const t = TYPES[c];
      if (JS_STRING[c]) this.strs[c]!.fill(undefined, 0, this.length + 1);
      else if (t === 'string') this.utf8[c]!.reset(this.length + 1);
      else if (t === 'map') this.maps[c]!.fill(undefined, 0, this.length + 1);
      else this.nums[c]!.fill(NaN, 0, this.length + 1);
    }
    for (let k = 0; k < this.nRowCols; k++) this.cur[this.rowCols[k]!] = undefined;
    this.nRowCols = 0;
    this.length = 0;
    this.approxBytes = 0;
    this.touched.fill(0);
    this.taken.fill(0);
    this.ownMapRow.fill(-1);
  }
}
