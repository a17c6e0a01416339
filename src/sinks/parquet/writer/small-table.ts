/**
 * A small table of flat columns (string, long, timestamptz) → Parquet bytes, directly: for the
 * few rows of a bookkeeping table (the processing metadata, one row per application folder), where
 * loading DuckDB or parquet-wasm to write them (≈ 0.2 s of CPU each, measured) would cost more
 * than the rest of a small run's bookkeeping. One row group, one PLAIN data page (v1) per column,
 * uncompressed; every column OPTIONAL with its Iceberg field id and the logical types of the
 * canonical writer (schema.ts): strings BYTE_ARRAY STRING, long INT64 INT(64), timestamps INT64
 * TIMESTAMP(MICROS, isAdjustedToUTC). Column chunks carry their null count.
 */
import { ByteWriter } from './byte-writer.js';
import { CompactWriter, CT } from './thrift-compact.js';
import { encodeHybrid } from './rle-hybrid.js';
import { ENC, PT, writeLogicalType } from './schema.js';

/** One column of a small table: its name, type and Iceberg field id. */
export interface SmallColumn {
  name: string;
  type: 'string' | 'long' | 'timestamptz';
  id: number;
}

/** A cell: a string (string columns), an integer (long: the value; timestamptz: µs since the epoch), or null. */
export type SmallValue = string | number | null;

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1
const UNCOMPRESSED = 0;
const PAGE_DATA = 0;
const OPTIONAL = 1;
/** ConvertedType values. */
const CV = { UTF8: 0, TIMESTAMP_MICROS: 10, INT_64: 18 } as const;
const utf8 = new TextEncoder();

interface ChunkMeta {
  offset: number;
  size: number;
  nulls: number;
}

function fail(msg: string): never {
  throw new Error(`encodeSmallTable: ${msg}`);
}

/** Appends the data page of column `c` (values `rows[·][ci]`) to `out`. */
function writeChunk(out: ByteWriter, c: SmallColumn, ci: number, rows: readonly (readonly SmallValue[])[]): ChunkMeta {
  const n = rows.length;
  const defs = new Uint8Array(n);
  const vals = new ByteWriter(256);
  let nulls = 0;
  for (let r = 0; r < n; r++) {
    const v = rows[r]![ci];
    if (v === null || v === undefined) {
      nulls++;
      continue;
    }
    defs[r] = 1;
    if (c.type === 'string') {
      if (typeof v !== 'string') fail(`column ${c.name} row ${r}: expected a string, got ${typeof v}`);
      const b = utf8.encode(v);
      vals.u32(b.length);
      vals.bytes(b);
    } else {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`column ${c.name} row ${r}: expected an integer, got ${String(v)}`);
      vals.i64(v);
    }
  }
  const levels = new ByteWriter(64);
  encodeHybrid(levels, defs, 0, n, 1);
  const body = new ByteWriter(8 + levels.pos + vals.pos);
  body.u32(levels.pos);
  body.bytes(levels.buf, 0, levels.pos);
  body.bytes(vals.buf, 0, vals.pos);
  const start = out.pos;
  const t = new CompactWriter(out);
  t.i32(1, PAGE_DATA);
  t.i32(2, body.pos);
  t.i32(3, body.pos);
  t.structBegin(5);
  t.i32(1, n);
  t.i32(2, ENC.PLAIN);
  t.i32(3, ENC.RLE);
  t.i32(4, ENC.RLE);
  t.structEnd();
  t.structEnd();
  out.bytes(body.buf, 0, body.pos);
  return { offset: start, size: out.pos - start, nulls };
}

function writeSchema(t: CompactWriter, columns: readonly SmallColumn[]): void {
  t.listBegin(2, CT.STRUCT, 1 + columns.length);
  t.elemStructBegin();
  t.string(4, 'schema');
  t.i32(5, columns.length);
  t.structEnd();
  for (const c of columns) {
    t.elemStructBegin();
    t.i32(1, c.type === 'string' ? PT.BYTE_ARRAY : PT.INT64);
    t.i32(3, OPTIONAL);
    t.string(4, c.name);
    t.i32(6, c.type === 'string' ? CV.UTF8 : c.type === 'long' ? CV.INT_64 : CV.TIMESTAMP_MICROS);
    t.i32(9, c.id);
    writeLogicalType(t, c.type);
    t.structEnd();
  }
}

/**
 * Encodes `rows` (each one value per column, in column order) as one Parquet file. Throws when a
 * value does not fit its column's type.
 *
 * @param createdBy the file's `created_by`
 */
export function encodeSmallTable(columns: readonly SmallColumn[], rows: readonly (readonly SmallValue[])[], createdBy: string): Uint8Array {
  for (const [r, row] of rows.entries()) if (row.length !== columns.length) fail(`row ${r} has ${row.length} values, expected ${columns.length}`);
  const out = new ByteWriter(4096);
  out.bytes(MAGIC);
  const rgStart = out.pos;
  const chunks = columns.map((c, ci) => writeChunk(out, c, ci, rows));
  const total = out.pos - rgStart;
  const footer = out.pos;
  const t = new CompactWriter(out);
  t.i32(1, 1);
  writeSchema(t, columns);
  t.i64(3, rows.length);
  t.listBegin(4, CT.STRUCT, 1);
  t.elemStructBegin();
  t.listBegin(1, CT.STRUCT, columns.length);
  columns.forEach((c, ci) => {
    const m = chunks[ci]!;
    t.elemStructBegin();
    t.i64(2, m.offset);
    t.structBegin(3);
    t.i32(1, c.type === 'string' ? PT.BYTE_ARRAY : PT.INT64);
    t.listBegin(2, CT.I32, 2);
    t.elemI32(ENC.PLAIN);
    t.elemI32(ENC.RLE);
    t.listBegin(3, CT.BINARY, 1);
    t.elemString(c.name);
    t.i32(4, UNCOMPRESSED);
    t.i64(5, rows.length);
    t.i64(6, m.size);
    t.i64(7, m.size);
    t.i64(9, m.offset);
    t.structBegin(12); // statistics
    t.i64(3, m.nulls);
    t.structEnd();
    t.structEnd();
    t.structEnd();
  });
  t.i64(2, total);
  t.i64(3, rows.length);
  t.i64(5, rgStart);
  t.i64(6, total);
  t.i16(7, 0);
  t.structEnd();
  t.string(6, createdBy);
  t.structEnd();
  out.u32(out.pos - footer);
  out.bytes(MAGIC);
  return out.buf.slice(0, out.pos);
}
