/**
 * Turns "base metadata → next metadata" (what the writers build) into the REST commit body
 * `{requirements, updates}` of the spec's CommitTableRequest, and recognises afterwards whether such
 * a commit is visible in a reloaded table (needed when a 5xx or a timeout left its outcome unknown).
 *
 * Requirements: always `assert-table-uuid` and `assert-ref-snapshot-id` for `main` (null when the
 * base has no main branch) — what Java's UpdateRequirements sends for an append — plus the
 * field-id / schema / partition assertions when the schema or spec change. Updates that add a schema,
 * spec or sort order and make it the default use `-1` ("the one added in this commit"), because a
 * server may renumber what it adds.
 * Pure: no IO.
 */
import { stringifyJsonLossless } from '../../spec/metadata-json.js';
import type { Schema } from '../../spec/schema.js';
import type { TableMetadata } from '../../spec/table-metadata.js';

/** A TableRequirement of the spec (`type` plus its fields). */
export type TableRequirement = Readonly<Record<string, unknown>> & { readonly type: string };
/** A TableUpdate of the spec (`action` plus its fields). */
export type TableUpdate = Readonly<Record<string, unknown>> & { readonly action: string };

/** The body of `POST …/tables/{table}`. */
export interface CommitTableRequest {
  readonly requirements: readonly TableRequirement[];
  readonly updates: readonly TableUpdate[];
}

function same(a: unknown, b: unknown): boolean {
  return stringifyJsonLossless(a) === stringifyJsonLossless(b);
}

/**
 * The requirements and updates that turn `base` into `next` on the server.
 * @param base the metadata the change was built on (as loaded from the catalog).
 * @param next the metadata the writer built (its metadata-log and timestamps are recomputed by the server).
 */
export function commitRequestFor(base: TableMetadata, next: TableMetadata): CommitTableRequest {
  const requirements: TableRequirement[] = [
    { type: 'assert-table-uuid', uuid: base['table-uuid'] },
    { type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': base.refs.main?.['snapshot-id'] ?? null },
  ];
  const updates: TableUpdate[] = [];

  if (next.location !== base.location) updates.push({ action: 'set-location', location: next.location });

  const baseSchemaIds = new Set(base.schemas.map((s) => s['schema-id']));
  const addedSchemas = next.schemas.filter((s) => !baseSchemaIds.has(s['schema-id']));
  if (addedSchemas.length > 0 || next['current-schema-id'] !== base['current-schema-id']) {
    requirements.push({ type: 'assert-last-assigned-field-id', 'last-assigned-field-id': base['last-column-id'] });
    requirements.push({ type: 'assert-current-schema-id', 'current-schema-id': base['current-schema-id'] });
  }
  for (const s of addedSchemas) updates.push({ action: 'add-schema', schema: s, 'last-column-id': next['last-column-id'] });
  if (next['current-schema-id'] !== base['current-schema-id']) {
    const added = addedSchemas.at(-1)?.['schema-id'] === next['current-schema-id'];
    updates.push({ action: 'set-current-schema', 'schema-id': added ? -1 : next['current-schema-id'] });
  }

  const baseSpecIds = new Set(base['partition-specs'].map((s) => s['spec-id']));
  const addedSpecs = next['partition-specs'].filter((s) => !baseSpecIds.has(s['spec-id']));
  if (addedSpecs.length > 0 || next['default-spec-id'] !== base['default-spec-id']) {
    requirements.push({ type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': base['last-partition-id'] });
    requirements.push({ type: 'assert-default-spec-id', 'default-spec-id': base['default-spec-id'] });
  }
  for (const s of addedSpecs) updates.push({ action: 'add-spec', spec: s });
  if (next['default-spec-id'] !== base['default-spec-id']) {
    const added = addedSpecs.at(-1)?.['spec-id'] === next['default-spec-id'];
    updates.push({ action: 'set-default-spec', 'spec-id': added ? -1 : next['default-spec-id'] });
  }

  const baseOrderIds = new Set(base['sort-orders'].map((s) => s['order-id']));
  const addedOrders = next['sort-orders'].filter((s) => !baseOrderIds.has(s['order-id']));
  for (const o of addedOrders) updates.push({ action: 'add-sort-order', 'sort-order': o });
  if (next['default-sort-order-id'] !== base['default-sort-order-id']) {
    requirements.push({ type: 'assert-default-sort-order-id', 'default-sort-order-id': base['default-sort-order-id'] });
    const added = addedOrders.at(-1)?.['order-id'] === next['default-sort-order-id'];
    updates.push({ action: 'set-default-sort-order', 'sort-order-id': added ? -1 : next['default-sort-order-id'] });
  }

  const nextSnapIds = new Set(next.snapshots.map((s) => s['snapshot-id']));
  const baseSnapIds = new Set(base.snapshots.map((s) => s['snapshot-id']));
  const removed = base.snapshots.filter((s) => !nextSnapIds.has(s['snapshot-id'])).map((s) => s['snapshot-id']);
  if (removed.length > 0) updates.push({ action: 'remove-snapshots', 'snapshot-ids': removed });
  for (const s of next.snapshots) if (!baseSnapIds.has(s['snapshot-id'])) updates.push({ action: 'add-snapshot', snapshot: s });

  for (const [name, ref] of Object.entries(next.refs)) {
    const old = base.refs[name];
    if (old !== undefined && same(old, ref)) continue;
    if (name !== 'main') requirements.push({ type: 'assert-ref-snapshot-id', ref: name, 'snapshot-id': old?.['snapshot-id'] ?? null });
    updates.push({ action: 'set-snapshot-ref', 'ref-name': name, ...ref });
  }
  for (const name of Object.keys(base.refs)) {
    if (next.refs[name] === undefined) updates.push({ action: 'remove-snapshot-ref', 'ref-name': name });
  }

  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(next.properties)) if (base.properties[k] !== v) set[k] = v;
  if (Object.keys(set).length > 0) updates.push({ action: 'set-properties', updates: set });
  const removals = Object.keys(base.properties).filter((k) => !(k in next.properties));
  if (removals.length > 0) updates.push({ action: 'remove-properties', removals });

  return { requirements, updates };
}

function fieldsOf(s: Schema): string {
  return stringifyJsonLossless(s.fields);
}

/**
 * Whether the effects of `request` are visible in `current` (a table reloaded after an unknown
 * outcome): every added snapshot exists, removed snapshots are gone, properties are set, and the
 * current schema has the fields of the one the commit made current. A commit that only points a ref
 * or changes nothing checkable counts as landed only when its refs match.
 */
export function commitLanded(request: CommitTableRequest, next: TableMetadata, current: TableMetadata): boolean {
  const snaps = new Set(current.snapshots.map((s) => s['snapshot-id']));
  for (const u of request.updates) {
    switch (u.action) {
      case 'add-snapshot':
        if (!snaps.has((u.snapshot as { 'snapshot-id': bigint })['snapshot-id'])) return false;
        break;
      case 'remove-snapshots':
        if ((u['snapshot-ids'] as bigint[]).some((id) => snaps.has(id))) return false;
        break;
      case 'set-properties':
        for (const [k, v] of Object.entries(u.updates as Record<string, string>)) if (current.properties[k] !== v) return false;
        break;
      case 'remove-properties':
        if ((u.removals as string[]).some((k) => k in current.properties)) return false;
        break;
      case 'set-current-schema': {
        const want = next.schemas.find((s) => s['schema-id'] === next['current-schema-id']);
        const have = current.schemas.find((s) => s['schema-id'] === current['current-schema-id']);
        if (!want || !have || fieldsOf(want) !== fieldsOf(have)) return false;
        break;
      }
      default:
        break;
    }
  }
  if (!request.updates.some((u) => u.action === 'add-snapshot' || u.action === 'remove-snapshots' || u.action === 'set-properties' || u.action === 'set-current-schema')) {
    return same(current.refs, next.refs) && current['table-uuid'] === next['table-uuid'];
  }
  return true;
}
