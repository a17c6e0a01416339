/**
 * The invariants every v2 metadata file must satisfy (spec "Table Metadata" plus what Java's
 * TableMetadata constructor enforces). Used by the parser and by the builder before writing.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import { isUuid } from './ids.js';
import { bindPartitionSpec, maxPartitionFieldId } from './partition-spec.js';
import { maxFieldId, validateSchema } from './schema.js';
import type { TableMetadata } from './table-metadata.js';

const OPERATIONS = new Set(['append', 'replace', 'overwrite', 'delete']);
/** Allowed backwards clock skew between log entries (Java allows one minute). */
const SKEW_MS = 60_000;

function fail(msg: string): never {
  throw new IcebergError('INVALID_METADATA', `invalid table metadata: ${msg}`);
}

/**
 * Checks v2 invariants: required keys, uuid, location scheme, ids resolve, last-column-id and
 * last-partition-id cover the schemas/specs, snapshot ids unique, sequence numbers increase along
 * parents and stay ≤ last-sequence-number, summaries are string maps with a known operation,
 * refs point to snapshots and main == current-snapshot-id, logs are ordered (1 min skew allowed).
 * @throws IcebergError INVALID_METADATA naming the first broken rule.
 */
export function validateTableMetadata(m: TableMetadata): void {
  if (m['format-version'] !== 2) fail(`format-version ${String(m['format-version'])}`);
  if (typeof m['table-uuid'] !== 'string' || !isUuid(m['table-uuid'].toLowerCase())) fail(`table-uuid ${String(m['table-uuid'])}`);
  if (typeof m.location !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(m.location)) fail(`location must be a URI with a scheme: ${String(m.location)}`);
  if (!Array.isArray(m.schemas) || m.schemas.length === 0) fail('schemas is empty');
  const schemaIds = new Set<number>();
  for (const s of m.schemas) {
    if (schemaIds.has(s['schema-id'])) fail(`duplicate schema-id ${s['schema-id']}`);
    schemaIds.add(s['schema-id']);
    validateSchema(s);
    if (maxFieldId(s) > m['last-column-id']) fail(`last-column-id ${m['last-column-id']} < max field id ${maxFieldId(s)} of schema ${s['schema-id']}`);
  }
  const current = m.schemas.find((s) => s['schema-id'] === m['current-schema-id']);
  if (!current) fail(`current-schema-id ${m['current-schema-id']} not in schemas`);
  if (!Array.isArray(m['partition-specs']) || m['partition-specs'].length === 0) fail('partition-specs is empty');
  const specIds = new Set<number>();
  for (const spec of m['partition-specs']) {
    if (specIds.has(spec['spec-id'])) fail(`duplicate spec-id ${spec['spec-id']}`);
    specIds.add(spec['spec-id']);
    if (maxPartitionFieldId(spec) > m['last-partition-id']) fail(`last-partition-id ${m['last-partition-id']} < a field id of spec ${spec['spec-id']}`);
  }
  const defSpec = m['partition-specs'].find((s) => s['spec-id'] === m['default-spec-id']);
  if (!defSpec) fail(`default-spec-id ${m['default-spec-id']} not in partition-specs`);
  bindPartitionSpec(defSpec, current);
  if (!m['sort-orders'].some((o) => o['order-id'] === m['default-sort-order-id'])) fail(`default-sort-order-id ${m['default-sort-order-id']} not in sort-orders`);
  for (const [k, v] of Object.entries(m.properties)) if (typeof v !== 'string') fail(`property ${k} is not a string`);

  const byId = new Map<bigint, (typeof m.snapshots)[number]>();
  for (const s of m.snapshots) {
    if (byId.has(s['snapshot-id'])) fail(`duplicate snapshot id ${s['snapshot-id']}`);
    byId.set(s['snapshot-id'], s);
  }
  for (const s of m.snapshots) {
    const id = s['snapshot-id'];
    if (s['sequence-number'] > m['last-sequence-number']) fail(`snapshot ${id} sequence-number ${s['sequence-number']} > last-sequence-number`);
    if (typeof s['manifest-list'] !== 'string' || s['manifest-list'] === '') fail(`snapshot ${id} has no manifest-list`);
    if (!s.summary || !OPERATIONS.has(s.summary.operation)) fail(`snapshot ${id} has no valid summary operation`);
    for (const [k, v] of Object.entries(s.summary)) if (typeof v !== 'string') fail(`snapshot ${id} summary value ${k} is not a string`);
    const parentId = s['parent-snapshot-id'];
    const parent = parentId === undefined ? undefined : byId.get(parentId);
    if (parent && parent['sequence-number'] >= s['sequence-number']) fail(`snapshot ${id} sequence-number does not increase over its parent ${parentId}`);
  }
  for (const [name, ref] of Object.entries(m.refs)) {
    if (!byId.has(ref['snapshot-id'])) fail(`ref ${name} points to unknown snapshot ${ref['snapshot-id']}`);
  }
  const cur = m['current-snapshot-id'];
  if (cur !== undefined) {
    if (!byId.has(cur)) fail(`current-snapshot-id ${cur} is not a snapshot`);
    if (m.refs.main?.['snapshot-id'] !== cur) fail(`refs.main (${String(m.refs.main?.['snapshot-id'])}) != current-snapshot-id (${cur})`);
    if (m.refs.main.type !== 'branch') fail('refs.main must be a branch');
  } else if (m.refs.main !== undefined) fail('refs.main is set but current-snapshot-id is not');

  const checkLog = (entries: readonly { 'timestamp-ms': number }[], what: string): void => {
    for (let i = 1; i < entries.length; i++) {
      if (entries[i]!['timestamp-ms'] < entries[i - 1]!['timestamp-ms'] - SKEW_MS) fail(`${what} goes back in time at entry ${i}`);
    }
    const last = entries[entries.length - 1];
    if (last && m['last-updated-ms'] < last['timestamp-ms'] - SKEW_MS) fail(`last-updated-ms is older than the last ${what} entry`);
  };
  checkLog(m['snapshot-log'], 'snapshot-log');
  checkLog(m['metadata-log'], 'metadata-log');
}
