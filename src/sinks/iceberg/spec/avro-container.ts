/**
 * Avro object container files (Avro 1.11 spec) encoded and decoded in memory, synchronously, with
 * avsc for the record codec. Avro `long` is BigInt end to end (avsc's default long refuses values
 * above 2^53). Codecs: null and deflate (raw RFC 1951, Java's default for manifests).
 * Pure: no IO.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import avsc from 'avsc';
import { IcebergError } from './iceberg-error.js';

const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

/** avsc `long` type whose JS values are BigInt (full 64-bit range, no precision loss). */
export const BIGINT_LONG_TYPE = avsc.types.LongType.__with({
  fromBuffer: (buf: Buffer): bigint => buf.readBigInt64LE(0),
  toBuffer: (n: bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(n);
    return b;
  },
  fromJSON: (v: unknown): bigint => BigInt(v as string | number),
  toJSON: (n: bigint): number => Number(n),
  isValid: (n: unknown): boolean => typeof n === 'bigint' && n >= MIN && n <= MAX,
  compare: (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0),
});

/** An avsc Type for an Avro schema object, with BigInt longs. */
export function avroType(schema: object): avsc.Type {
  return avsc.Type.forSchema(schema as avsc.Schema, { registry: { long: BIGINT_LONG_TYPE } });
}

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]); // "Obj\x01"
const META_TYPE = avsc.Type.forSchema({ type: 'map', values: 'bytes' });
const COUNT_TYPE = avsc.Type.forSchema('long');

/** Avro codec names supported here. */
export type AvroCodec = 'null' | 'deflate';

/** Options of {@link encodeAvroContainer}. */
export interface EncodeAvroOptions {
  /** Default `deflate`. */
  readonly codec?: AvroCodec;
  /** User key-value metadata (the `avro.*` keys are added). Values are strings. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Records per block. Default 1000. */
  readonly blockSize?: number;
  /** 16-byte sync marker; random by default. */
  readonly syncMarker?: Buffer;
}

/**
 * Encodes records as an Avro container file. The schema JSON is written exactly as given (custom
 * attributes such as `field-id`, `element-id`, `logicalType: map` are preserved).
 * @throws IcebergError INVALID_AVRO when a record does not match the schema.
 */
export function encodeAvroContainer(schema: object, records: readonly unknown[], opts: EncodeAvroOptions = {}): Buffer {
  const type = avroType(schema);
  const codec = opts.codec ?? 'deflate';
  const sync = opts.syncMarker ?? randomBytes(16);
  if (sync.length !== 16) throw new IcebergError('INVALID_ARGUMENT', 'avro sync marker must be 16 bytes');
  const meta: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(opts.metadata ?? {})) meta[k] = Buffer.from(v, 'utf8');
  meta['avro.schema'] = Buffer.from(JSON.stringify(schema), 'utf8');
  meta['avro.codec'] = Buffer.from(codec, 'utf8');
  const parts: Buffer[] = [MAGIC, META_TYPE.toBuffer(meta), sync];
  const blockSize = Math.max(1, opts.blockSize ?? 1000);
  for (let i = 0; i < records.length; i += blockSize) {
    const chunk = records.slice(i, i + blockSize);
    const encoded = chunk.map((r, j) => {
      const errors: string[] = [];
      if (!type.isValid(r, { errorHook: (path: string[]) => errors.push(path.join('.')) })) {
        throw new IcebergError('INVALID_AVRO', `record ${i + j} does not match the Avro schema at: ${errors.join(', ')}`);
      }
      return type.toBuffer(r);
    });
    const raw = Buffer.concat(encoded);
    const data = codec === 'deflate' ? deflateRawSync(raw) : raw;
    parts.push(COUNT_TYPE.toBuffer(chunk.length), COUNT_TYPE.toBuffer(data.length), data, sync);
  }
  return Buffer.concat(parts);
}

/** A decoded container file. */
export interface DecodedAvro {
  /** The writer schema JSON from the header. */
  readonly schema: Record<string, unknown>;
  /** User metadata (UTF-8 decoded), `avro.*` keys included. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly records: unknown[];
}

/**
 * Decodes an Avro container file with its own writer schema.
 * @throws IcebergError INVALID_AVRO for a bad magic, unknown codec, truncated data or sync mismatch.
 */
export function decodeAvroContainer(buf: Buffer): DecodedAvro {
  const bad = (what: string): never => {
    throw new IcebergError('INVALID_AVRO', `not a valid Avro container file: ${what}`);
  };
  if (buf.length < 4 || !buf.subarray(0, 4).equals(MAGIC)) bad('bad magic');
  let pos = 4;
  const metaRes = META_TYPE.decode(buf, pos);
  if (metaRes.offset < 0) bad('truncated header');
  pos = metaRes.offset;
  const metaRaw = metaRes.value as Record<string, Buffer>;
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(metaRaw)) metadata[k] = v.toString('utf8');
  const sync = buf.subarray(pos, pos + 16);
  if (sync.length !== 16) bad('truncated sync marker');
  pos += 16;
  const codec = metadata['avro.codec'] ?? 'null';
  if (codec !== 'null' && codec !== 'deflate') bad(`unsupported codec ${codec}`);
  const schemaText = metadata['avro.schema'];
  if (!schemaText) bad('no avro.schema');
  const schema = JSON.parse(schemaText!) as Record<string, unknown>;
  const type = avroType(schema);
  const records: unknown[] = [];
  while (pos < buf.length) {
    const c = COUNT_TYPE.decode(buf, pos);
    if (c.offset < 0) bad('truncated block count');
    const s = COUNT_TYPE.decode(buf, c.offset);
    if (s.offset < 0) bad('truncated block size');
    const count = c.value as number;
    const size = s.value as number;
    const start = s.offset;
    const end = start + size;
    if (end + 16 > buf.length) bad('truncated block');
    const raw = codec === 'deflate' ? inflateRawSync(buf.subarray(start, end)) : buf.subarray(start, end);
    let p = 0;
    for (let i = 0; i < count; i++) {
      const r = type.decode(raw, p);
      if (r.offset < 0) bad('truncated record');
      records.push(r.value);
      p = r.offset;
    }
    if (!buf.subarray(end, end + 16).equals(sync)) bad('sync marker mismatch');
    pos = end + 16;
  }
  return { schema, metadata, records };
}
