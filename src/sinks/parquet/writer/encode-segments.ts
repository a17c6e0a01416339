/**
 * Segments → Parquet bytes, directly: no Arrow, no IPC, no wasm. Writes the same logical file as
 * `encodeParquet` (../encode-parquet.ts): same columns, types, nullability and Parquet field ids,
 * zstd pages, `loglake.schema_version` key-value metadata; rows in segment order.
 *
 * Layout: `PAR1`, row groups of at most `rowGroupRows` rows (one column chunk per leaf column:
 * optional dictionary page, then data pages v1), Thrift compact FileMetaData, its length, `PAR1`.
 */
import { COLUMNS, SCHEMA_VERSION } from '../../../schema/canonical.js';
import type { Segment, StrView } from '../segment.js';
import { ByteWriter } from './byte-writer.js';
import { CompactWriter, CT } from './thrift-compact.js';
import { ENC, LEAVES, SCHEMA_ELEMENTS, writeSchemaElements, type Leaf } from './schema.js';
import { ChunkEncoder, KINDS, PAGE_BYTES, type ChunkMeta, type Slice } from './column-chunk.js';

/** Options of {@link encodeSegmentsParquet}. */
export interface SegmentsParquetOptions {
  /** Maximum rows per row group (default 131072). */
  rowGroupRows?: number;
  /** zstd level of every page (default 1). */
  compressionLevel?: number;
  /** Target uncompressed bytes of values per data page (default 1 MiB; small values are for tests). */
  pageBytes?: number;
}

/** `created_by` of the files written here. */
export const CREATED_BY = `loglake version ${SCHEMA_VERSION} (direct writer)`;

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1
const ZSTD = 6;
const PAGE_DATA = 0;
const PAGE_DICT = 2;

interface RowGroupMeta {
  rows: number;
  fileOffset: number;
  chunks: ChunkMeta[];
}

let shared: ChunkEncoder | undefined;
let sharedOut: ByteWriter | undefined;
/** Largest output buffer kept for the next call. */
const REUSE_MAX = 64 << 20;

function fail(msg: string): never {
  throw new Error(`encodeSegmentsParquet: ${msg}`);
}

function checkStr(b: StrView, minRows: number, where: string): void {
  if (!(b.data instanceof Uint8Array) || !(b.starts instanceof Int32Array) || !(b.lens instanceof Int32Array)) fail(`${where}: data, starts and lens must be Uint8Array, Int32Array, Int32Array`);
  if (b.starts.length !== b.lens.length) fail(`${where}: starts has ${b.starts.length} entries, lens ${b.lens.length}`);
  if (b.lens.length < minRows) fail(`${where}: lens has ${b.lens.length} entries, expected at least ${minRows} (row ids up to ${minRows - 1})`);
}

/**
 * Shape checks: column count and kinds, row ids, and every view's length against the largest row
 * id. Byte offsets and map entry ranges are checked where they are read.
 */
function validate(segs: Segment[]): void {
  segs.forEach((s, si) => {
    const rows = s.rows;
    if (!Number.isInteger(rows) || rows < 0) fail(`segment ${si}: bad row count ${rows}`);
    if (!(s.rowIds instanceof Int32Array) || s.rowIds.length !== rows) fail(`segment ${si}: ${s.rowIds?.length} row ids, expected ${rows} (rows)`);
    if (!Array.isArray(s.cols) || s.cols.length !== COLUMNS.length) fail(`segment ${si}: ${s.cols?.length} columns, expected ${COLUMNS.length}`);
    let maxId = -1;
    const ids = s.rowIds;
    for (let k = 0; k < rows; k++) {
      const i = ids[k]!;
      if (i < 0) fail(`segment ${si}: negative row id at row ${k}`);
      if (i > maxId) maxId = i;
    }
    const need = maxId + 1;
    COLUMNS.forEach((c, i) => {
      const b = s.cols[i];
      const where = `segment ${si} column "${c.name}"`;
      if (!b || (b.kind !== KINDS[i] && b.kind !== 'z')) fail(`${where}: view kind ${b?.kind}, expected ${KINDS[i]} (or z) for type ${c.type}`);
      if (b.kind === 's') checkStr(b, need, where);
      else if (b.kind === 'n') {
        if (b.values.length < need) fail(`${where}: values has ${b.values.length} entries, expected at least ${need} (row ids up to ${maxId})`);
        if (b.valid && b.valid.length < (need + 7) >> 3) fail(`${where}: validity bitmap has ${b.valid.length} bytes, expected at least ${(need + 7) >> 3}`);
      } else if (b.kind === 'm') {
        if (b.starts.length < need || b.counts.length < need) fail(`${where}: map starts/counts have ${b.starts.length}/${b.counts.length} entries, expected at least ${need}`);
        checkStr(b.keys, 0, `${where} keys`);
        checkStr(b.values, 0, `${where} values`);
        if (b.keys.lens.length !== b.values.lens.length) fail(`${where}: ${b.keys.lens.length} map keys but ${b.values.lens.length} values`);
      }
    });
  });
}

/** The schema elements never change: encoded once (list elements are self-contained structs). */
let schemaBytes: Uint8Array | undefined;

function encodeSchemaElements(): Uint8Array {
  const w = new ByteWriter(4096);
  writeSchemaElements(new CompactWriter(w));
  return w.view().slice();
}

/** The elements of each leaf's path_in_schema list, encoded once. */
const paths = new Map<Leaf, Uint8Array>();

function pathBytes(leaf: Leaf): Uint8Array {
  let b = paths.get(leaf);
  if (!b) {
    const w = new ByteWriter(64);
    const t = new CompactWriter(w);
    for (const p of leaf.path) t.elemString(p);
    paths.set(leaf, (b = w.view().slice()));
  }
  return b;
}

function writeColumnMeta(t: CompactWriter, c: ChunkMeta): void {
  const leaf = c.leaf;
  const dict = c.dictPageOffset >= 0;
  t.i32(1, leaf.phys);
  const encs = dict ? [ENC.PLAIN, ENC.RLE, ENC.RLE_DICTIONARY] : [ENC.PLAIN, ENC.RLE];
  t.listBegin(2, CT.I32, encs.length);
  for (const e of encs) t.elemI32(e);
  t.listBegin(3, CT.BINARY, leaf.path.length);
  t.w.bytes(pathBytes(leaf));
  t.i32(4, ZSTD);
  t.i64(5, c.numValues);
  t.i64(6, c.uncompressed);
  t.i64(7, c.compressed);
  t.i64(9, c.dataPageOffset);
  if (dict) t.i64(11, c.dictPageOffset);
  t.structBegin(12);
  t.i64(3, c.nullCount);
  if (c.max) t.binary(5, c.max);
  if (c.min) t.binary(6, c.min);
  if (c.max) t.bool(7, c.maxExact);
  if (c.min) t.bool(8, c.minExact);
  t.structEnd();
  t.listBegin(13, CT.STRUCT, dict ? 2 : 1);
  if (dict) {
    t.elemStructBegin();
    t.i32(1, PAGE_DICT);
    t.i32(2, ENC.PLAIN);
    t.i32(3, 1);
    t.structEnd();
  }
  t.elemStructBegin();
  t.i32(1, PAGE_DATA);
  t.i32(2, dict ? ENC.RLE_DICTIONARY : ENC.PLAIN);
  t.i32(3, c.dataPages);
  t.structEnd();
}

function writeFooter(out: ByteWriter, rowGroups: RowGroupMeta[], totalRows: number): void {
  const start = out.pos;
  const t = new CompactWriter(out);
  t.i32(1, 1);
  t.listBegin(2, CT.STRUCT, SCHEMA_ELEMENTS);
  out.bytes(schemaBytes ??= encodeSchemaElements());
  t.i64(3, totalRows);
  t.listBegin(4, CT.STRUCT, rowGroups.length);
  rowGroups.forEach((rg, ordinal) => {
    t.elemStructBegin();
    t.listBegin(1, CT.STRUCT, rg.chunks.length);
    let uncompressed = 0;
    let compressed = 0;
    for (const c of rg.chunks) {
      t.elemStructBegin();
      t.i64(2, 0);
      t.structBegin(3);
      writeColumnMeta(t, c);
      t.structEnd();
      t.structEnd();
      uncompressed += c.uncompressed;
      compressed += c.compressed;
    }
    t.i64(2, uncompressed);
    t.i64(3, rg.rows);
    t.i64(5, rg.fileOffset);
    t.i64(6, compressed);
    t.i16(7, ordinal);
    t.structEnd();
  });
  t.listBegin(5, CT.STRUCT, 1);
  t.elemStructBegin();
  t.string(1, 'loglake.schema_version');
  t.string(2, SCHEMA_VERSION);
  t.structEnd();
  t.string(6, CREATED_BY);
  t.listBegin(7, CT.STRUCT, LEAVES.length);
  for (let i = 0; i < LEAVES.length; i++) {
    t.elemStructBegin();
    t.emptyStruct(1); // TYPE_ORDER
    t.structEnd();
  }
  t.structEnd();
  out.u32(out.pos - start);
  out.bytes(MAGIC);
}

/**
 * Encodes segments (rows in the given order, normally already sorted by ts) into one Parquet
 * file. Logically interchangeable with `encodeParquet` (same schema, field ids, nullability,
 * zstd); string columns with few distinct values per row group are dictionary-encoded, every
 * column chunk carries null_count and min/max statistics. Throws on malformed segments
 * (wrong column count or kinds, buffer lengths that do not match the row count).
 */
export function encodeSegmentsParquet(segs: Segment[], opts: SegmentsParquetOptions = {}): Uint8Array {
  validate(segs);
  const rgRows = Math.max(1, Math.floor(opts.rowGroupRows ?? 131072));
  const level = opts.compressionLevel ?? 1;
  let totalRows = 0;
  let bytesHint = 0;
  for (const s of segs) {
    totalRows += s.rows;
    bytesHint += s.bytes > 0 ? s.bytes : s.rows * 64;
  }
  // the output buffer is kept between calls (up to REUSE_MAX) and the file copied out at the end
  let out = sharedOut;
  sharedOut = undefined; // (re-entrancy safety: a nested call would allocate its own)
  if (!out) out = new ByteWriter(Math.min(REUSE_MAX, (bytesHint >> 3) + 65536));
  out.reset();
  const enc = (shared ??= new ChunkEncoder());
  enc.setOutput(out, level, Math.max(1, opts.pageBytes ?? PAGE_BYTES));
  out.bytes(MAGIC);
  const rowGroups: RowGroupMeta[] = [];
  let si = 0;
  let r = 0;
  while (si < segs.length) {
    const slices: Slice[] = [];
    let rows = 0;
    while (rows < rgRows && si < segs.length) {
      const seg = segs[si]!;
      const take = Math.min(rgRows - rows, seg.rows - r);
      if (take > 0) slices.push({ seg, r0: r, r1: r + take });
      rows += take;
      r += take;
      if (r >= seg.rows) {
        si++;
        r = 0;
      }
    }
    if (rows === 0) break;
    const rg: RowGroupMeta = { rows, fileOffset: out.pos, chunks: [] };
    for (const leaf of LEAVES) rg.chunks.push(enc.encode(leaf, slices, rows));
    rowGroups.push(rg);
  }
  writeFooter(out, rowGroups, totalRows);
  enc.setOutput(new ByteWriter(16), level); // drop the reference to the file buffer
  if (out.buf.length > REUSE_MAX) return out.buf.length - out.pos > out.pos >> 3 ? out.buf.slice(0, out.pos) : out.buf.subarray(0, out.pos);
  sharedOut = out;
  return out.buf.slice(0, out.pos);
}
