/**
 * A columnar batch of canonical rows, written field by field (it is the FieldWriter parsers fill).
 * Strings are kept as JS strings until the batch is cut into per-partition segments, where they
 * are UTF-8 encoded straight into Arrow-layout buffers in the segment's sorted order.
 */
import { tsInRange, type FieldWriter, type StringColumn, type IntColumn, type LongColumn, type DoubleColumn, type TimestampColumn, type MapColumn } from '../../core/fields.js';
import { COLUMNS, COL, type ColumnName, type ColumnType } from '../../schema/canonical.js';

const NCOL = COLUMNS.length;
const TYPES: ColumnType[] = COLUMNS.map((c) => c.type);

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
  readonly strs: (string | undefined)[][] = [];
  nums: Float64Array[] = [];
  readonly maps: (Record<string, string> | undefined)[][] = [];
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
      this.strs.push(t === 'string' ? new Array<string | undefined>(initialCapacity) : []);
      this.nums.push(t === 'int' || t === 'long' || t === 'double' || t === 'timestamptz' ? new Float64Array(initialCapacity).fill(NaN) : new Float64Array(0));
      this.maps.push(t === 'map' ? new Array<Record<string, string> | undefined>(initialCapacity) : []);
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      if (t === 'string') this.strs[c]!.length = cap;
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
    const c = COL[col];
    this.touched[c] = 1;
    this.strs[c]![this.length] = value;
  }
  int(col: IntColumn, value: number): void {
    const c = COL[col];
    this.touched[c] = 1;
    this.nums[c]![this.length] = value | 0;
  }
  long(col: LongColumn, value: number): void {
    const c = COL[col];
    this.touched[c] = 1;
    this.nums[c]![this.length] = Math.trunc(value);
  }
  double(col: DoubleColumn, value: number): void {
    const c = COL[col];
    this.touched[c] = 1;
    this.nums[c]![this.length] = value;
  }
  ts(col: TimestampColumn, micros: number): void {
    if (!tsInRange(micros)) {
      // not representable exactly (year 9999 …): never store a wrong time; say it was there
      this.map('attributes', 'loglake.ts_out_of_range', col);
      return;
    }
    const c = COL[col];
    this.touched[c] = 1;
    this.nums[c]![this.length] = Math.trunc(micros);
  }
  map(col: MapColumn, key: string, value: string): void {
    this.touched[COL[col]] = 1;
    const arr = this.maps[COL[col]]!;
    let m = arr[this.length];
    if (m === undefined) m = arr[this.length] = {};
    else if (shared.has(m)) m = arr[this.length] = { ...m };
    m[key] = value;
  }
  /** Sets a whole map column to a (possibly shared) object without copying it. */
  setMap(col: MapColumn, m: Record<string, string>): void {
    this.touched[COL[col]] = 1;
    this.maps[COL[col]]![this.length] = m;
  }
  has(col: ColumnName): boolean {
    const c = COL[col];
    const t = TYPES[c];
    if (t === 'string') return this.strs[c]![this.length] !== undefined;
    if (t === 'map') return this.maps[c]![this.length] !== undefined;
    return !Number.isNaN(this.nums[c]![this.length]!);
  }
  getStr(col: StringColumn): string | undefined {
    return this.strs[COL[col]]![this.length];
  }
  /** Numeric value of the current row, NaN when unset. */
  getNum(col: IntColumn | LongColumn | DoubleColumn | TimestampColumn): number {
    return this.nums[COL[col]]![this.length]!;
  }

  /** Commits the current row. */
  endRow(textBytes: number): void {
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
      if (t === 'string') this.strs[c]![r] = undefined;
      else if (t === 'map') this.maps[c]![r] = undefined;
      else this.nums[c]![r] = NaN;
    }
  }

  /** Empties the batch for reuse (drops references to the rows' strings). */
  reset(): void {
    for (let c = 0; c < NCOL; c++) {
      if (!this.touched[c]) continue;
      const t = TYPES[c];
      if (t === 'string') this.strs[c]!.fill(undefined, 0, this.length + 1);
      else if (t === 'map') this.maps[c]!.fill(undefined, 0, this.length + 1);
      else this.nums[c]!.fill(NaN, 0, this.length + 1);
    }
    this.length = 0;
    this.approxBytes = 0;
    this.touched.fill(0);
  }
}
