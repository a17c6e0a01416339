/**
 * Table metadata JSON parse/serialize without precision loss: 64-bit ids are BigInt in memory and
 * bare JSON integers on disk (lossless-json). Snapshot ids around 2^62 (Java's) survive the round
 * trip. Parsing validates the v2 invariants.
 * Pure: no IO.
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import { IcebergError } from './iceberg-error.js';
import type { Snapshot, SnapshotRef, TableMetadata } from './table-metadata.js';
import { validateTableMetadata } from './validate-table-metadata.js';

function parseNumber(text: string): number | bigint {
  if (isInteger(text) && !isSafeNumber(text)) return BigInt(text);
  return Number(text);
}

/** Parses any JSON text; integers beyond 2^53 become BigInt, others numbers. */
export function parseJsonLossless(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** Serializes JSON with BigInt values written as bare integers. */
export function stringifyJsonLossless(value: unknown, space?: number): string {
  const s = stringify(value, null, space);
  if (s === undefined) throw new IcebergError('INVALID_ARGUMENT', 'value is not JSON-serializable');
  return s;
}

type Json = Record<string, unknown>;

function big(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new IcebergError('INVALID_METADATA', `metadata ${what} is not an integer: ${String(v)}`);
}

function num(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(v);
  throw new IcebergError('INVALID_METADATA', `metadata ${what} is not a safe number: ${String(v)}`);
}

function obj(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new IcebergError('INVALID_METADATA', `metadata ${what} is not an object`);
  return v as Json;
}

function arr(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new IcebergError('INVALID_METADATA', `metadata ${what} is not a list`);
  return v;
}

function normalizeSnapshot(raw: unknown): Snapshot {
  const s = obj(raw, 'snapshot');
  const summary = obj(s.summary ?? {}, 'snapshot summary');
  for (const [k, v] of Object.entries(summary)) {
    if (typeof v !== 'string') throw new IcebergError('INVALID_METADATA', `snapshot summary value of ${k} is not a string`);
  }
  const out: Record<string, unknown> = {
    ...s,
    'snapshot-id': big(s['snapshot-id'], 'snapshot-id'),
    'sequence-number': big(s['sequence-number'] ?? 0, 'sequence-number'),
    'timestamp-ms': num(s['timestamp-ms'], 'timestamp-ms'),
    summary,
  };
  if (s['parent-snapshot-id'] === undefined || s['parent-snapshot-id'] === null) delete out['parent-snapshot-id'];
  else out['parent-snapshot-id'] = big(s['parent-snapshot-id'], 'parent-snapshot-id');
  if (s['schema-id'] !== undefined && s['schema-id'] !== null) out['schema-id'] = num(s['schema-id'], 'schema-id');
  return out as unknown as Snapshot;
}

/**
 * Parses and validates v2 table metadata JSON.
 * @throws IcebergError INVALID_METADATA for malformed JSON, another format version, or broken invariants.
 */
export function parseTableMetadata(text: string): TableMetadata {
  let raw: unknown;
  try {
    raw = parseJsonLossless(text);
  } catch (cause) {
    throw new IcebergError('INVALID_METADATA', 'metadata is not valid JSON', { cause });
  }
  const m = obj(raw, 'root');
  if (m['format-version'] !== 2) throw new IcebergError('INVALID_METADATA', `unsupported format-version: ${String(m['format-version'])} (loglake reads v2)`);
  let current: bigint | undefined;
  if (m['current-snapshot-id'] !== undefined && m['current-snapshot-id'] !== null) {
    current = big(m['current-snapshot-id'], 'current-snapshot-id');
    if (current === -1n) current = undefined; // Java writes -1 for "none" in v1/v2
  }
  const refsRaw = m.refs === undefined || m.refs === null ? {} : obj(m.refs, 'refs');
  const refs: Record<string, SnapshotRef> = {};
  for (const [name, r] of Object.entries(refsRaw)) {
    const ro = obj(r, `ref ${name}`);
    refs[name] = { ...ro, 'snapshot-id': big(ro['snapshot-id'], `ref ${name} snapshot-id`) } as SnapshotRef;
  }
  if (current !== undefined && refs.main === undefined) refs.main = { 'snapshot-id': current, type: 'branch' };
  const out: Record<string, unknown> = {
    ...m,
    'last-sequence-number': big(m['last-sequence-number'], 'last-sequence-number'),
    'last-updated-ms': num(m['last-updated-ms'], 'last-updated-ms'),
    'last-column-id': num(m['last-column-id'], 'last-column-id'),
    'current-schema-id': num(m['current-schema-id'], 'current-schema-id'),
    'default-spec-id': num(m['default-spec-id'], 'default-spec-id'),
    'last-partition-id': num(m['last-partition-id'], 'last-partition-id'),
    'default-sort-order-id': num(m['default-sort-order-id'] ?? 0, 'default-sort-order-id'),
    properties: m.properties ?? {},
    snapshots: arr(m.snapshots, 'snapshots').map(normalizeSnapshot),
    'snapshot-log': arr(m['snapshot-log'], 'snapshot-log').map((e) => {
      const o = obj(e, 'snapshot-log entry');
      return { 'snapshot-id': big(o['snapshot-id'], 'snapshot-log snapshot-id'), 'timestamp-ms': num(o['timestamp-ms'], 'snapshot-log timestamp-ms') };
    }),
    'metadata-log': arr(m['metadata-log'], 'metadata-log').map((e) => {
      const o = obj(e, 'metadata-log entry');
      return { 'metadata-file': String(o['metadata-file']), 'timestamp-ms': num(o['timestamp-ms'], 'metadata-log timestamp-ms') };
    }),
    'sort-orders': arr(m['sort-orders'] ?? [{ 'order-id': 0, fields: [] }], 'sort-orders'),
    refs,
  };
  if (current === undefined) delete out['current-snapshot-id'];
  else out['current-snapshot-id'] = current;
  const md = out as unknown as TableMetadata;
  validateTableMetadata(md);
  return md;
}

/**
 * Serializes table metadata to JSON text (2-space indented). Keys follow the spec's order; an
 * absent current snapshot is written as -1, as Java does for v1/v2 (older Java readers require the
 * key; Java, PyIceberg and this parser read -1 as "none").
 */
export function serializeTableMetadata(m: TableMetadata): string {
  const ordered: Record<string, unknown> = {
    'format-version': m['format-version'],
    'table-uuid': m['table-uuid'],
    location: m.location,
    'last-sequence-number': m['last-sequence-number'],
    'last-updated-ms': m['last-updated-ms'],
    'last-column-id': m['last-column-id'],
    'current-schema-id': m['current-schema-id'],
    schemas: m.schemas,
    'default-spec-id': m['default-spec-id'],
    'partition-specs': m['partition-specs'],
    'last-partition-id': m['last-partition-id'],
    'default-sort-order-id': m['default-sort-order-id'],
    'sort-orders': m['sort-orders'],
    properties: m.properties,
  };
  ordered['current-snapshot-id'] = m['current-snapshot-id'] ?? -1; // Java's v1/v2 "none"; older Java requires the key
  ordered.refs = m.refs;
  ordered.snapshots = m.snapshots;
  ordered['snapshot-log'] = m['snapshot-log'];
  ordered['metadata-log'] = m['metadata-log'];
  for (const [k, v] of Object.entries(m)) if (!(k in ordered) && v !== undefined) ordered[k] = v;
  return stringifyJsonLossless(ordered, 2);
}
