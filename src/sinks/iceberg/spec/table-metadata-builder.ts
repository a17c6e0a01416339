/**
 * Builds new table metadata versions as a pure function of a base version plus changes: create,
 * add snapshot, set a branch (main ⇒ current-snapshot-id + snapshot-log), add a column (new field
 * id, new schema version), set properties; every build appends the base file to metadata-log and
 * validates the result.
 * Pure: no IO.
 */
import { IcebergError } from './iceberg-error.js';
import { isUuid, newUuid } from './ids.js';
import { bindPartitionSpec, maxPartitionFieldId, UNPARTITIONED_SPEC } from './partition-spec.js';
import type { PartitionSpec } from './partition-spec.js';
import { maxFieldId, validateSchema } from './schema.js';
import type { IcebergType, NestedField, PrimitiveType, Schema } from './schema.js';
import { currentSchema, UNSORTED_ORDER } from './table-metadata.js';
import type { MetadataLogEntry, Snapshot, SnapshotLogEntry, SnapshotRef, SortOrder, TableMetadata } from './table-metadata.js';
import { validateTableMetadata } from './validate-table-metadata.js';

/** Table property capping metadata-log length (Java's name and default). */
export const PREVIOUS_VERSIONS_MAX = 'write.metadata.previous-versions-max';
const DEFAULT_PREVIOUS_VERSIONS_MAX = 100;

/** Options of {@link TableMetadataBuilder.newTable}. */
export interface NewTableMetadataOptions {
  /** Table base location, a URI with scheme (`file:///...`, `s3://...`). */
  readonly location: string;
  /** Schema; its field ids are kept, its schema-id is forced to 0. */
  readonly schema: Schema;
  /** Defaults to unpartitioned. */
  readonly partitionSpec?: PartitionSpec;
  readonly sortOrder?: SortOrder;
  readonly properties?: Readonly<Record<string, string>>;
  /** Defaults to a random v4 UUID. */
  readonly tableUuid?: string;
}

/** A column type for {@link TableMetadataBuilder.addColumn}: nested ids are assigned by the builder. */
export type NewColumnType =
  | PrimitiveType
  | { readonly type: 'map'; readonly key: PrimitiveType; readonly value: PrimitiveType }
  | { readonly type: 'list'; readonly element: PrimitiveType };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Accumulates changes on top of a base metadata version; `build()` returns the next version. */
export class TableMetadataBuilder {
  private readonly m: Mutable<TableMetadata>;
  private readonly base: TableMetadata | undefined;
  private readonly baseLocation: string | undefined;
  private lastUpdatedMs: number | undefined;

  private constructor(m: TableMetadata, base: TableMetadata | undefined, baseLocation: string | undefined) {
    this.m = { ...m };
    this.base = base;
    this.baseLocation = baseLocation;
  }

  /**
   * Starts a brand-new table (format v2, no snapshots, last-sequence-number 0).
   * @throws IcebergError INVALID_METADATA / INVALID_ARGUMENT for a bad schema, spec or location.
   */
  static newTable(opts: NewTableMetadataOptions): TableMetadataBuilder {
    const schema: Schema = { ...opts.schema, 'schema-id': 0 };
    validateSchema(schema);
    const spec = opts.partitionSpec ?? UNPARTITIONED_SPEC;
    bindPartitionSpec(spec, schema);
    const uuid = opts.tableUuid ?? newUuid();
    if (!isUuid(uuid)) throw new IcebergError('INVALID_ARGUMENT', `table uuid is not a lowercase uuid: ${uuid}`);
    const location = opts.location.replace(/\/+$/, '');
    const m: TableMetadata = {
      'format-version': 2,
      'table-uuid': uuid,
      location,
      'last-sequence-number': 0n,
      'last-updated-ms': 0,
      'last-column-id': maxFieldId(schema),
      schemas: [schema],
      'current-schema-id': 0,
      'partition-specs': [spec],
      'default-spec-id': spec['spec-id'],
      'last-partition-id': maxPartitionFieldId(spec),
      properties: { ...(opts.properties ?? {}) },
      snapshots: [],
      'snapshot-log': [],
      'metadata-log': [],
      'sort-orders': [opts.sortOrder ?? UNSORTED_ORDER],
      'default-sort-order-id': (opts.sortOrder ?? UNSORTED_ORDER)['order-id'],
      refs: {},
    };
    return new TableMetadataBuilder(m, undefined, undefined);
  }

  /**
   * Starts the next version of an existing table.
   * @param baseLocation where `base` is stored; it is appended to metadata-log on build.
   */
  static fromBase(base: TableMetadata, baseLocation?: string): TableMetadataBuilder {
    return new TableMetadataBuilder(base, base, baseLocation);
  }

  /** The sequence number the next snapshot must carry. */
  nextSequenceNumber(): bigint {
    return this.m['last-sequence-number'] + 1n;
  }

  /**
   * Adds a snapshot (not yet referenced by any branch).
   * @throws IcebergError INVALID_ARGUMENT when the id is taken, the parent is unknown, or the
   * sequence number is not greater than last-sequence-number.
   */
  addSnapshot(snapshot: Snapshot): this {
    const id = snapshot['snapshot-id'];
    if (this.m.snapshots.some((s) => s['snapshot-id'] === id)) throw new IcebergError('INVALID_ARGUMENT', `snapshot id already exists: ${id}`);
    const parent = snapshot['parent-snapshot-id'];
    if (parent !== undefined && !this.m.snapshots.some((s) => s['snapshot-id'] === parent)) {
      throw new IcebergError('INVALID_ARGUMENT', `parent snapshot ${parent} of ${id} does not exist`);
    }
    if (snapshot['sequence-number'] <= this.m['last-sequence-number']) {
      throw new IcebergError('INVALID_ARGUMENT', `snapshot ${id} sequence-number ${snapshot['sequence-number']} must be > last-sequence-number ${this.m['last-sequence-number']}`);
    }
    for (const [k, v] of Object.entries(snapshot.summary)) {
      if (typeof v !== 'string') throw new IcebergError('INVALID_ARGUMENT', `snapshot summary value ${k} must be a string`);
    }
    this.m.snapshots = [...this.m.snapshots, snapshot];
    this.m['last-sequence-number'] = snapshot['sequence-number'];
    this.lastUpdatedMs = Math.max(this.lastUpdatedMs ?? 0, snapshot['timestamp-ms']);
    return this;
  }

  /**
   * Points branch `name` at a snapshot. For `main` this also sets current-snapshot-id and appends
   * to snapshot-log.
   * @throws IcebergError INVALID_ARGUMENT for an unknown snapshot.
   */
  setBranchSnapshot(snapshotId: bigint, name = 'main'): this {
    const snap = this.m.snapshots.find((s) => s['snapshot-id'] === snapshotId);
    if (!snap) throw new IcebergError('INVALID_ARGUMENT', `cannot set ref ${name}: unknown snapshot ${snapshotId}`);
    const prev = this.m.refs[name];
    const ref: SnapshotRef = { ...(prev ?? {}), 'snapshot-id': snapshotId, type: 'branch' };
    this.m.refs = { ...this.m.refs, [name]: ref };
    if (name === 'main' && this.m['current-snapshot-id'] !== snapshotId) {
      this.m['current-snapshot-id'] = snapshotId;
      const entry: SnapshotLogEntry = { 'snapshot-id': snapshotId, 'timestamp-ms': snap['timestamp-ms'] };
      this.m['snapshot-log'] = [...this.m['snapshot-log'], entry];
      this.lastUpdatedMs = Math.max(this.lastUpdatedMs ?? 0, snap['timestamp-ms']);
    }
    return this;
  }

  /**
   * Adds an optional column at the end of the current schema, with fresh field ids above
   * last-column-id, as a new schema version that becomes current.
   * @throws IcebergError INVALID_ARGUMENT when the name exists.
   */
  addColumn(name: string, type: NewColumnType, doc?: string): this {
    const schema = currentSchema(this.m);
    if (schema.fields.some((f) => f.name === name)) throw new IcebergError('INVALID_ARGUMENT', `column already exists: ${name}`);
    let next = this.m['last-column-id'];
    const id = ++next;
    let t: IcebergType;
    if (typeof type === 'string') t = type;
    else if (type.type === 'map') {
      const k = ++next;
      const v = ++next;
      t = { type: 'map', 'key-id': k, key: type.key, 'value-id': v, 'value-required': false, value: type.value };
    } else {
      t = { type: 'list', 'element-id': ++next, 'element-required': false, element: type.element };
    }
    const field: NestedField = doc === undefined ? { id, name, required: false, type: t } : { id, name, required: false, type: t, doc };
    const schemaId = Math.max(...this.m.schemas.map((s) => s['schema-id'])) + 1;
    const newSchema: Schema = { type: 'struct', 'schema-id': schemaId, fields: [...schema.fields, field] };
    validateSchema(newSchema);
    this.m.schemas = [...this.m.schemas, newSchema];
    this.m['current-schema-id'] = schemaId;
    this.m['last-column-id'] = next;
    return this;
  }

  /** Sets (merges) table properties. */
  setProperties(props: Readonly<Record<string, string>>): this {
    for (const [k, v] of Object.entries(props)) {
      if (typeof v !== 'string') throw new IcebergError('INVALID_ARGUMENT', `property ${k} must be a string`);
    }
    this.m.properties = { ...this.m.properties, ...props };
    return this;
  }

  /**
   * Returns the new metadata version: stamps last-updated-ms (never before the base's), appends the
   * base location to metadata-log (capped by write.metadata.previous-versions-max) and validates.
   * @param nowMs clock for last-updated-ms when no snapshot was added.
   * @throws IcebergError INVALID_METADATA when the result breaks an invariant.
   */
  build(nowMs: number = Date.now()): TableMetadata {
    const baseUpdated = this.base?.['last-updated-ms'] ?? 0;
    const m: Mutable<TableMetadata> = { ...this.m, 'last-updated-ms': Math.max(this.lastUpdatedMs ?? nowMs, baseUpdated) };
    if (this.base && this.baseLocation) {
      const entry: MetadataLogEntry = { 'metadata-file': this.baseLocation, 'timestamp-ms': this.base['last-updated-ms'] };
      const max = Number(m.properties[PREVIOUS_VERSIONS_MAX] ?? DEFAULT_PREVIOUS_VERSIONS_MAX);
      const log = [...m['metadata-log'], entry];
      m['metadata-log'] = Number.isFinite(max) && max >= 1 ? log.slice(Math.max(0, log.length - max)) : log;
    }
    validateTableMetadata(m);
    return m;
  }
}
