/**
 * Test helper for the loopback REST catalog: the server side of a commit — check the spec's
 * TableRequirements against the current metadata, then apply the TableUpdates in order — and the
 * create route's fresh field-id assignment (Java's `TypeUtil.assignFreshIds`: a struct's fields
 * first, then their nested types), so clients must read the assigned ids back.
 */
import { IcebergError } from '../../src/sinks/iceberg/spec/iceberg-error.js';
import { TableMetadataBuilder } from '../../src/sinks/iceberg/spec/table-metadata-builder.js';
import type { IcebergType, NestedField, Schema } from '../../src/sinks/iceberg/spec/schema.js';
import type { PartitionSpec } from '../../src/sinks/iceberg/spec/partition-spec.js';
import type { Snapshot, SnapshotRef, SortOrder, TableMetadata } from '../../src/sinks/iceberg/spec/table-metadata.js';
import { validateTableMetadata } from '../../src/sinks/iceberg/spec/validate-table-metadata.js';

type Json = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A failed requirement (→ 409 CommitFailedException). */
export class RequirementFailed extends Error {}
/** A malformed or unknown update (→ 400 BadRequestException). */
export class BadUpdate extends Error {}

function big(v: unknown): bigint | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

/** Checks every requirement; `current` undefined means the table does not exist. */
export function checkRequirements(requirements: readonly Json[], current: TableMetadata | undefined): void {
  for (const r of requirements) {
    const t = String(r.type);
    if (t === 'assert-create') {
      if (current) throw new RequirementFailed('Requirement failed: table already exists');
      continue;
    }
    if (!current) throw new RequirementFailed(`Requirement failed: table does not exist (${t})`);
    switch (t) {
      case 'assert-table-uuid':
        if (r.uuid !== current['table-uuid']) throw new RequirementFailed(`Requirement failed: UUID does not match: expected ${current['table-uuid']} != ${String(r.uuid)}`);
        break;
      case 'assert-ref-snapshot-id': {
        const ref = current.refs[String(r.ref)];
        const want = big(r['snapshot-id']);
        if (want === null ? ref !== undefined : ref?.['snapshot-id'] !== want) {
          throw new RequirementFailed(`Requirement failed: branch or tag ${String(r.ref)} has changed: expected id ${String(want)} != ${String(ref?.['snapshot-id'])}`);
        }
        break;
      }
      case 'assert-last-assigned-field-id':
        if (Number(r['last-assigned-field-id']) !== current['last-column-id']) throw new RequirementFailed('Requirement failed: last assigned field id changed');
        break;
      case 'assert-current-schema-id':
        if (Number(r['current-schema-id']) !== current['current-schema-id']) throw new RequirementFailed('Requirement failed: current schema changed');
        break;
      case 'assert-last-assigned-partition-id':
        if (Number(r['last-assigned-partition-id']) !== current['last-partition-id']) throw new RequirementFailed('Requirement failed: last assigned partition id changed');
        break;
      case 'assert-default-spec-id':
        if (Number(r['default-spec-id']) !== current['default-spec-id']) throw new RequirementFailed('Requirement failed: default partition spec changed');
        break;
      case 'assert-default-sort-order-id':
        if (Number(r['default-sort-order-id']) !== current['default-sort-order-id']) throw new RequirementFailed('Requirement failed: default sort order changed');
        break;
      default:
        throw new BadUpdate(`unknown requirement type: ${t}`);
    }
  }
}

function toSnapshot(raw: Json): Snapshot {
  const s: Json = { ...raw, 'snapshot-id': big(raw['snapshot-id']), 'sequence-number': big(raw['sequence-number'] ?? 0), 'timestamp-ms': Number(raw['timestamp-ms']) };
  if (raw['parent-snapshot-id'] === undefined || raw['parent-snapshot-id'] === null) delete s['parent-snapshot-id'];
  else s['parent-snapshot-id'] = big(raw['parent-snapshot-id']);
  if (raw['schema-id'] !== undefined) s['schema-id'] = Number(raw['schema-id']);
  return s as unknown as Snapshot;
}

/**
 * Applies updates in order to the metadata at `baseLocation` and returns the next version (with
 * the base appended to metadata-log).
 * @throws BadUpdate for unknown actions or invalid results.
 */
export function applyUpdates(base: TableMetadata, baseLocation: string, updates: readonly Json[], nowMs = Date.now()): TableMetadata {
  // metadata-level edits the builder has no method for are done on a copy, then re-based
  let m: Mutable<TableMetadata> = { ...base };
  let lastSchema: number | undefined;
  let lastSpec: number | undefined;
  let lastOrder: number | undefined;
  const snapshotsAdded: Snapshot[] = [];
  const refsSet: Array<[string, SnapshotRef]> = [];
  const props: Record<string, string> = {};
  for (const u of updates) {
    const action = String(u.action);
    switch (action) {
      case 'add-schema': {
        const s = u.schema as Schema;
        const id = m.schemas.some((x) => x['schema-id'] === s['schema-id']) || s['schema-id'] === undefined
          ? Math.max(...m.schemas.map((x) => x['schema-id'])) + 1 : s['schema-id'];
        m.schemas = [...m.schemas, { ...s, 'schema-id': id }];
        m['last-column-id'] = Math.max(m['last-column-id'], Number(u['last-column-id'] ?? 0), ...collectIds(s));
        lastSchema = id;
        break;
      }
      case 'set-current-schema': {
        const id = Number(u['schema-id']) === -1 ? lastSchema : Number(u['schema-id']);
        if (id === undefined || !m.schemas.some((s) => s['schema-id'] === id)) throw new BadUpdate(`set-current-schema: unknown schema ${String(u['schema-id'])}`);
        m['current-schema-id'] = id;
        break;
      }
      case 'add-spec': {
        const s = u.spec as PartitionSpec;
        const id = m['partition-specs'].some((x) => x['spec-id'] === s['spec-id']) || s['spec-id'] === undefined
          ? Math.max(...m['partition-specs'].map((x) => x['spec-id'])) + 1 : s['spec-id'];
        m['partition-specs'] = [...m['partition-specs'], { ...s, 'spec-id': id }];
        m['last-partition-id'] = Math.max(m['last-partition-id'], ...s.fields.map((f) => f['field-id']));
        lastSpec = id;
        break;
      }
      case 'set-default-spec': {
        const id = Number(u['spec-id']) === -1 ? lastSpec : Number(u['spec-id']);
        if (id === undefined || !m['partition-specs'].some((s) => s['spec-id'] === id)) throw new BadUpdate('set-default-spec: unknown spec');
        m['default-spec-id'] = id;
        break;
      }
      case 'add-sort-order': {
        const o = u['sort-order'] as SortOrder;
        const id = m['sort-orders'].some((x) => x['order-id'] === o['order-id']) ? Math.max(...m['sort-orders'].map((x) => x['order-id'])) + 1 : o['order-id'];
        m['sort-orders'] = [...m['sort-orders'], { ...o, 'order-id': id }];
        lastOrder = id;
        break;
      }
      case 'set-default-sort-order': {
        const id = Number(u['sort-order-id']) === -1 ? lastOrder : Number(u['sort-order-id']);
        if (id === undefined || !m['sort-orders'].some((s) => s['order-id'] === id)) throw new BadUpdate('set-default-sort-order: unknown order');
        m['default-sort-order-id'] = id;
        break;
      }
      case 'add-snapshot':
        snapshotsAdded.push(toSnapshot(u.snapshot as Json));
        break;
      case 'set-snapshot-ref': {
        const ref: Json = { type: u.type, 'snapshot-id': big(u['snapshot-id']) };
        for (const k of ['min-snapshots-to-keep', 'max-snapshot-age-ms', 'max-ref-age-ms']) if (u[k] !== undefined) ref[k] = Number(u[k]);
        refsSet.push([String(u['ref-name']), ref as unknown as SnapshotRef]);
        break;
      }
      case 'remove-snapshot-ref': {
        const refs = { ...m.refs };
        delete refs[String(u['ref-name'])];
        m.refs = refs;
        break;
      }
      case 'remove-snapshots': {
        const gone = new Set((u['snapshot-ids'] as unknown[]).map((x) => big(x)));
        m.snapshots = m.snapshots.filter((s) => !gone.has(s['snapshot-id']));
        m['snapshot-log'] = m['snapshot-log'].filter((e) => !gone.has(e['snapshot-id']));
        break;
      }
      case 'set-properties':
        Object.assign(props, u.updates as Record<string, string>);
        break;
      case 'remove-properties': {
        const p = { ...m.properties };
        for (const k of u.removals as string[]) delete p[k];
        m.properties = p;
        break;
      }
      case 'set-location':
        m.location = String(u.location);
        break;
      case 'assign-uuid':
        if (u.uuid !== m['table-uuid']) throw new BadUpdate('assign-uuid: cannot change the uuid of an existing table');
        break;
      case 'upgrade-format-version':
        if (Number(u['format-version']) !== 2) throw new BadUpdate('this catalog keeps format-version 2');
        break;
      default:
        throw new BadUpdate(`unsupported update action: ${action}`);
    }
  }
  try {
    const builder = TableMetadataBuilder.fromBase(m, baseLocation);
    for (const s of snapshotsAdded) builder.addSnapshot(s);
    for (const [name, ref] of refsSet) {
      if (ref.type === 'branch') builder.setBranchSnapshot(ref['snapshot-id'], name);
      else throw new BadUpdate('tags are not supported by this test catalog');
    }
    if (Object.keys(props).length > 0) builder.setProperties(props);
    const out = builder.build(nowMs);
    // metadata-log: the builder appended baseLocation to m's log, which started as base's log
    validateTableMetadata(out);
    return out;
  } catch (e) {
    if (e instanceof BadUpdate) throw e;
    if (e instanceof IcebergError) throw new BadUpdate(e.message);
    throw e;
  }
}

function collectIds(t: IcebergType | Schema): number[] {
  if (typeof t === 'string') return [];
  if (t.type === 'struct') return t.fields.flatMap((f) => [f.id, ...collectIds(f.type)]);
  if (t.type === 'list') return [t['element-id'], ...collectIds(t.element)];
  return [t['key-id'], t['value-id'], ...collectIds(t.key), ...collectIds(t.value)];
}

/**
 * Fresh ids as Java's create route assigns them: a struct's fields get consecutive ids first, then
 * their nested types are numbered. Returns the new schema and the old→new id map.
 */
export function assignFreshIds(schema: Schema): { schema: Schema; ids: Map<number, number> } {
  let next = 0;
  const ids = new Map<number, number>();
  const visitType = (t: IcebergType): IcebergType => {
    if (typeof t === 'string') return t;
    if (t.type === 'struct') return { type: 'struct', fields: visitStruct(t.fields) };
    if (t.type === 'list') {
      const e = ++next;
      ids.set(t['element-id'], e);
      return { ...t, 'element-id': e, element: visitType(t.element) };
    }
    const k = ++next;
    const v = ++next;
    ids.set(t['key-id'], k);
    ids.set(t['value-id'], v);
    return { ...t, 'key-id': k, 'value-id': v, key: visitType(t.key), value: visitType(t.value) };
  };
  const visitStruct = (fields: readonly NestedField[]): NestedField[] => {
    const fresh = fields.map((f) => {
      const id = ++next;
      ids.set(f.id, id);
      return { ...f, id };
    });
    return fresh.map((f) => ({ ...f, type: visitType(f.type) }));
  };
  const out: Schema = { type: 'struct', 'schema-id': 0, fields: visitStruct(schema.fields) };
  return { schema: out, ids };
}
