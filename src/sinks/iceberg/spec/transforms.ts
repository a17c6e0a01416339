/**
 * Partition transforms (spec "Partition Transforms"): identity and the time transforms. All time
 * transforms FLOOR toward negative infinity: 1969-12-31T23:30Z is hour -1, not 0.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import type { IcebergType, PrimitiveType } from './schema.js';

/** Transform names supported by loglake. */
export type TransformName = 'identity' | 'hour' | 'day' | 'month' | 'year' | 'void';

const MICROS_PER_HOUR = 3_600_000_000n;
const MICROS_PER_DAY = 86_400_000_000n;

/** floor(a / b) for BigInt (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Hours since 1970-01-01T00:00Z, floored. */
export function hourTransform(micros: bigint): number {
  return Number(floorDiv(micros, MICROS_PER_HOUR));
}

/** Days since 1970-01-01, floored. */
export function dayTransform(micros: bigint): number {
  return Number(floorDiv(micros, MICROS_PER_DAY));
}

/** Months since 1970-01, floored (uses the UTC calendar). */
export function monthTransform(micros: bigint): number {
  const d = new Date(Number(floorDiv(micros, 1000n)));
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** Years since 1970, floored (uses the UTC calendar). */
export function yearTransform(micros: bigint): number {
  return new Date(Number(floorDiv(micros, 1000n))).getUTCFullYear() - 1970;
}

/**
 * Parses a transform string from partition-spec JSON.
 * @throws IcebergError INVALID_METADATA for transforms loglake does not implement (bucket, truncate).
 */
export function parseTransform(s: string): TransformName {
  switch (s) {
    case 'identity':
    case 'hour':
    case 'day':
    case 'month':
    case 'year':
    case 'void':
      return s;
    default:
      throw new IcebergError('INVALID_METADATA', `unsupported partition transform: ${s}`);
  }
}

/**
 * Result type of a transform applied to a source type, or undefined when the transform cannot be
 * applied to it (e.g. hour(string)).
 */
export function transformResultType(transform: TransformName, source: IcebergType): IcebergType | undefined {
  const isTs = source === 'timestamp' || source === 'timestamptz';
  switch (transform) {
    case 'identity':
      return typeof source === 'string' ? source : undefined;
    case 'hour':
      return isTs ? 'int' : undefined;
    case 'day':
      return isTs || source === 'date' ? 'date' : undefined;
    case 'month':
    case 'year':
      return isTs || source === 'date' ? 'int' : undefined;
    case 'void':
      return source;
  }
}

/** A partition value: the transform result (string for identity(string), number for int/date, bigint for long). */
export type PartitionValue = string | number | bigint | boolean | null;

/**
 * Applies a transform to one source value. Timestamps are BigInt micros since the epoch; dates are
 * day numbers. Null maps to null.
 * @throws IcebergError INVALID_ARGUMENT when the value does not fit the transform.
 */
export function applyTransform(transform: TransformName, sourceType: PrimitiveType, value: PartitionValue): PartitionValue {
  if (value === null) return null;
  switch (transform) {
    case 'identity':
      return value;
    case 'void':
      return null;
    case 'hour':
    case 'day':
    case 'month':
    case 'year': {
      let micros: bigint;
      if (sourceType === 'date') micros = BigInt(Number(value)) * MICROS_PER_DAY;
      else if (typeof value === 'bigint') micros = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) micros = BigInt(value);
      else throw new IcebergError('INVALID_ARGUMENT', `${transform} transform needs integer micros, got ${String(value)}`);
      if (transform === 'hour') return hourTransform(micros);
      if (transform === 'day') return dayTransform(micros);
      if (transform === 'month') return monthTransform(micros);
      return yearTransform(micros);
    }
  }
}

/**
 * Human-readable partition value, as Java writes it into data paths: hour → `YYYY-MM-DD-HH`,
 * day → `YYYY-MM-DD`, month → `YYYY-MM`, year → `YYYY`, null → `null`.
 */
export function partitionToHumanString(transform: TransformName, value: PartitionValue): string {
  if (value === null) return 'null';
  const iso = (ms: number): string => new Date(ms).toISOString();
  switch (transform) {
    case 'hour':
      return iso(Number(value) * 3_600_000).slice(0, 13).replace('T', '-');
    case 'day':
      return iso(Number(value) * 86_400_000).slice(0, 10);
    case 'month': {
      const m = Number(value);
      const y = 1970 + Math.floor(m / 12);
      return `${String(y).padStart(4, '0')}-${String(m - (y - 1970) * 12 + 1).padStart(2, '0')}`;
    }
    case 'year':
      return String(1970 + Number(value)).padStart(4, '0');
    default:
      return String(value);
  }
}
