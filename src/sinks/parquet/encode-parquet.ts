/**
 * Segments → one Parquet file (bytes), through Apache Arrow (buffers handed over as they are, no
 * per-value conversion) and parquet-wasm (the Rust arrow-rs Parquet writer compiled to wasm).
 * Every column carries its Iceberg field id as Parquet field_id; timestamps are
 * INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true); zstd; dictionary encoding off for free text.
 */
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm/node';
import { COLUMNS, MAP_FIELD_IDS, SCHEMA_VERSION } from '../../schema/canonical.js';
import { toArrow, type Segment, type ArrowSegment, type StrBuf, type NumBuf, type MapBuf } from './segment.js';

const TS_TYPE = new arrow.TimestampMicrosecond('UTC');
const HIGH_CARDINALITY = ['message', 'stack_trace', 'source_offset', 'ts', 'observed_ts', 'attributes'];

function fieldMeta(id: number): Map<string, string> {
  return new Map([['PARQUET:field_id', String(id)]]);
}

function mapType(name: string): arrow.Map_ {
  const [kid, vid] = MAP_FIELD_IDS[name]!;
  const entries = new arrow.Struct([
    new arrow.Field('key', new arrow.Utf8(), false, fieldMeta(kid)),
    new arrow.Field('value', new arrow.Utf8(), true, fieldMeta(vid)),
  ]);
  return new arrow.Map_(new arrow.Field('entries', entries, false), false);
}

function arrowType(i: number): arrow.DataType {
  const c = COLUMNS[i]!;
  switch (c.type) {
    case 'timestamptz': return TS_TYPE;
    case 'string': return new arrow.Utf8();
    case 'int': return new arrow.Int32();
    case 'long': return new arrow.Int64();
    case 'double': return new arrow.Float64();
    case 'map': return mapType(c.name);
  }
}

/** The Arrow schema of the canonical table, with Parquet field ids. */
export const ARROW_SCHEMA = new arrow.Schema(
  COLUMNS.map((c, i) => new arrow.Field(c.name, arrowType(i), true, fieldMeta(c.id))),
  new Map([['loglake.schema_version', SCHEMA_VERSION]]),
);

function strData(b: StrBuf, n: number): arrow.Data<arrow.Utf8> {
  return arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount: b.nulls, nullBitmap: b.nulls ? b.valid : null, valueOffsets: b.offsets, data: b.data });
}

/** Float64 values → little-endian int64 words (exact for |v| < 2^53). */
function toInt64(values: Float64Array): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const hi = Math.floor(v / 4294967296);
    w[2 * i] = (v - hi * 4294967296) | 0;
    w[2 * i + 1] = hi | 0;
  }
  return out;
}

function numData(i: number, b: NumBuf, n: number): arrow.Data {
  const c = COLUMNS[i]!;
  const nullBitmap = b.nulls ? b.valid : null;
  switch (c.type) {
    case 'timestamptz':
      return arrow.makeData({ type: TS_TYPE, length: n, nullCount: b.nulls, nullBitmap, data: toInt64(b.values) });
    case 'long':
      return arrow.makeData({ type: new arrow.Int64(), length: n, nullCount: b.nulls, nullBitmap, data: toInt64(b.values) });
    case 'int':
      return arrow.makeData({ type: new arrow.Int32(), length: n, nullCount: b.nulls, nullBitmap, data: Int32Array.from(b.values) });
    default:
      return arrow.makeData({ type: new arrow.Float64(), length: n, nullCount: b.nulls, nullBitmap, data: b.values });
  }
}

function mapData(i: number, b: MapBuf, n: number): arrow.Data {
  const type = arrowType(i) as arrow.Map_;
  const entriesType = type.children[0]!.type as arrow.Struct;
  const ne = b.offsets[n]!;
  const entries = arrow.makeData({
    type: entriesType, length: ne, nullCount: 0,
    children: [strData(b.keys, ne), strData(b.values, ne)],
  });
  return arrow.makeData({ type, length: n, nullCount: b.nulls, nullBitmap: b.nulls ? b.valid : null, valueOffsets: b.offsets, child: entries });
}

/** Arrow record batch of one segment (in Arrow buffer layout). */
export function segmentToBatch(s: ArrowSegment): arrow.RecordBatch {
  const children = s.cols.map((c, i) =>
    c.kind === 's' ? strData(c, s.rows) : c.kind === 'n' ? numData(i, c, s.rows) : mapData(i, c, s.rows),
  );
  const data = arrow.makeData({ type: new arrow.Struct(ARROW_SCHEMA.fields), length: s.rows, nullCount: 0, children });
  return new arrow.RecordBatch(ARROW_SCHEMA, data);
}

export interface EncodeOptions {
  rowGroupRows?: number;
}

/** Encodes segments (already in ts order) into Parquet bytes. */
export function encodeParquet(segs: Segment[], opts: EncodeOptions = {}): Uint8Array {
  const table = new arrow.Table(ARROW_SCHEMA, segs.map((s) => segmentToBatch(toArrow(s))));
  const ipc = arrow.tableToIPC(table, 'stream');
  const wt = pw.Table.fromIPCStream(ipc);
  // a WriterProperties object is consumed by each write: build a new one every time
  let b = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    .setMaxRowGroupSize(opts.rowGroupRows ?? 131072)
    .setCreatedBy('loglake ' + SCHEMA_VERSION);
  for (const c of HIGH_CARDINALITY) b = b.setColumnDictionaryEnabled(c, false);
  return pw.writeParquet(wt, b.build());
}
