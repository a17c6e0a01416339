/**
 * A columnar batch of canonical rows, written field by field (it is the FieldWriter parsers fill).
 * Strings are kept as JS strings until the batch is cut into per-partition segments, where they
 * are UTF-8 encoded straight into Arrow-layout buffers in the segment's sorted order.
 */
import type { FieldWriter, StringColumn, IntColumn, LongColumn, DoubleColumn, TimestampColumn, MapColumn } from '../../core/fields.js';
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

export class RowBatch implements FieldWriter {
  /** Committed rows. The row being written has index `length`. */
  length = 0;
  readonly strs: (string | undefined)[][] = [];
  readonly nums: Float64Array[] = [];
  readonly maps: (Record<string, string> | undefined)[][] = [];
  /** Per committed row: bytes of text it holds (for memory accounting). */
  approxBytes = 0;

  constructor(readonly capacity: number) {
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      this.strs.push(t === 'string' ? new Array<string | undefined>(capacity) : []);
      this.nums.push(t === 'int' || t === 'long' || t === 'double' || t === 'timestamptz' ? new Float64Array(capacity).fill(NaN) : new Float64Array(0));
      this.maps.push(t === 'map' ? new Array<Record<string, string> | undefined>(capacity) : []);
    }
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  str(col: StringColumn, value: string): void {
    this.strs[COL[col]]![this.length] = value;
  }
  int(col: IntColumn, value: number): void {
    this.nums[COL[col]]![this.length] = value | 0;
  }
  long(col: LongColumn, value: number): void {
    this.nums[COL[col]]![this.length] = Math.trunc(value);
  }
  double(col: DoubleColumn, value: number): void {
    this.nums[COL[col]]![this.length] = value;
  }
  ts(col: TimestampColumn, micros: number): void {
    this.nums[COL[col]]![this.length] = Math.trunc(micros);
  }
  map(col: MapColumn, key: string, value: string): void {
    const arr = this.maps[COL[col]]!;
    let m = arr[this.length];
    if (m === undefined) m = arr[this.length] = {};
    else if (shared.has(m)) m = arr[this.length] = { ...m };
    m[key] = value;
  }
  /** Sets a whole map column to a (possibly shared) object without copying it. */
  setMap(col: MapColumn, m: Record<string, string>): void {
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
    this.approxBytes += textBytes + 64;
    this.length++;
  }

  /** Clears the current (uncommitted) row slot. */
  clearRow(): void {
    const r = this.length;
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      if (t === 'string') this.strs[c]![r] = undefined;
      else if (t === 'map') this.maps[c]![r] = undefined;
      else this.nums[c]![r] = NaN;
    }
  }

  /** Empties the batch for reuse. */
  reset(): void {
    for (let c = 0; c < NCOL; c++) {
      const t = TYPES[c];
      if (t === 'string') this.strs[c]!.fill(undefined, 0, this.length + 1);
      else if (t === 'map') this.maps[c]!.fill(undefined, 0, this.length + 1);
      else this.nums[c]!.fill(NaN, 0, this.length + 1);
    }
    this.length = 0;
    this.approxBytes = 0;
  }
}
