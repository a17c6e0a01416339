/**
 * Appendix D binary single-value serialization, used for lower/upper bounds in manifests and for
 * partition field summaries in manifest lists; plus string bound truncation as Java's
 * `truncate(16)` metrics mode does it.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import type { PrimitiveType } from './schema.js';

/** A decoded single value: number for int/date/float/double, bigint for long/time/timestamps, string, boolean, Buffer. */
export type BoundValue = number | bigint | string | boolean | Buffer;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function toBigInt(v: BoundValue, type: PrimitiveType): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new IcebergError('INVALID_ARGUMENT', `bound for ${type} must be an integer, got ${String(v)}`);
}

/**
 * Encodes one value of a primitive type (Appendix D).
 * @throws IcebergError INVALID_ARGUMENT for wrong JS types, out-of-range ints, NaN doubles.
 */
export function encodeBound(type: PrimitiveType, value: BoundValue): Buffer {
  switch (type) {
    case 'boolean':
      return Buffer.from([value ? 1 : 0]);
    case 'int':
    case 'date': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
        throw new IcebergError('INVALID_ARGUMENT', `bound for ${type} must be a 32-bit int, got ${String(value)}`);
      }
      const b = Buffer.alloc(4);
      b.writeInt32LE(value);
      return b;
    }
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(toBigInt(value, type));
      return b;
    }
    case 'float':
    case 'double': {
      if (typeof value !== 'number' || Number.isNaN(value)) {
        throw new IcebergError('INVALID_ARGUMENT', `bound for ${type} must be a non-NaN number, got ${String(value)}`);
      }
      const b = Buffer.alloc(type === 'float' ? 4 : 8);
      if (type === 'float') b.writeFloatLE(value);
      else b.writeDoubleLE(value);
      return b;
    }
    case 'string':
      if (typeof value !== 'string') throw new IcebergError('INVALID_ARGUMENT', `bound for string must be a string, got ${typeof value}`);
      return Buffer.from(value, 'utf8');
    case 'uuid': {
      const hex = typeof value === 'string' ? value.replace(/-/g, '') : '';
      if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new IcebergError('INVALID_ARGUMENT', `bound for uuid must be a uuid string, got ${String(value)}`);
      return Buffer.from(hex, 'hex');
    }
    case 'binary':
      if (!Buffer.isBuffer(value)) throw new IcebergError('INVALID_ARGUMENT', 'bound for binary must be a Buffer');
      return Buffer.from(value);
  }
}

/**
 * Decodes one value of a primitive type (Appendix D).
 * @throws IcebergError INVALID_ARGUMENT when the byte length does not fit the type.
 */
export function decodeBound(type: PrimitiveType, bytes: Uint8Array): BoundValue {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (n: number): void => {
    if (b.length !== n) throw new IcebergError('INVALID_ARGUMENT', `bound for ${type} must be ${n} bytes, got ${b.length}`);
  };
  switch (type) {
    case 'boolean':
      need(1);
      return b[0] !== 0;
    case 'int':
    case 'date':
      need(4);
      return b.readInt32LE(0);
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      need(8);
      return b.readBigInt64LE(0);
    case 'float':
      need(4);
      return b.readFloatLE(0);
    case 'double':
      need(8);
      return b.readDoubleLE(0);
    case 'string':
      return b.toString('utf8');
    case 'uuid': {
      need(16);
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'binary':
      return Buffer.from(b);
  }
}

/**
 * Compares two decoded values of the same type: negative, zero or positive. Strings compare by
 * UTF-8 bytes (Iceberg's order), doubles by IEEE 754 totalOrder for -0.0/+0.0.
 */
export function compareBounds(type: PrimitiveType, a: BoundValue, b: BoundValue): number {
  if (type === 'string' || type === 'binary' || type === 'uuid') {
    return Buffer.compare(
      Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8'),
      Buffer.isBuffer(b) ? b : Buffer.from(String(b), 'utf8'),
    );
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as bigint | number);
    const y = BigInt(b as bigint | number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === 0 && b === 0) return (Object.is(a, -0) ? 0 : 1) - (Object.is(b, -0) ? 0 : 1);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new IcebergError('INVALID_ARGUMENT', `cannot compare ${type} bounds of JS types ${typeof a} and ${typeof b}`);
}

/** A lower bound for strings: the first `length` code points (a prefix is always ≤ the value). */
export function truncateLowerBound(value: string, length: number): string {
  const cps = Array.from(value);
  return cps.length <= length ? value : cps.slice(0, length).join('');
}

/**
 * An upper bound for strings: the first `length` code points with the last one incremented (so the
 * result is > every string with that prefix). Returns undefined when no such bound exists (every
 * code point of the prefix is U+10FFFF).
 */
export function truncateUpperBound(value: string, length: number): string | undefined {
  const cps = Array.from(value);
  if (cps.length <= length) return value;
  const prefix = cps.slice(0, length);
  for (let i = prefix.length - 1; i >= 0; i--) {
    let cp = prefix[i]!.codePointAt(0)! + 1;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xe000; // skip surrogates
    if (cp <= 0x10ffff) return prefix.slice(0, i).join('') + String.fromCodePoint(cp);
  }
  return undefined;
}
