/**
 * Schema evolution v1.1 through the catalog: add nullable columns as a new Iceberg schema version
 * (spec/schema-evolution.ts), committed with compare-and-swap and retried on conflict. Idempotent:
 * columns that exist already are skipped, and when nothing is missing nothing is committed.
 */
import type { ColumnDef } from '../../../schema/canonical.js';
import type { Catalog, Table, TableIdentifier } from '../catalog/catalog.js';
import { addColumnsToMetadata } from '../spec/schema-evolution.js';
import type { NestedField } from '../spec/schema.js';
import { currentSchema } from '../spec/table-metadata.js';
import { commitWithRetry } from './commit-with-retry.js';
import type { MaintenanceCommitOptions } from './commit-with-retry.js';

/** Outcome of {@link evolveSchema}. */
export interface EvolveSchemaResult {
  /** The table after the commit (or as loaded when nothing changed). */
  readonly table: Table;
  /** Whether a new metadata version was committed. */
  readonly committed: boolean;
  /** The current schema id afterwards. */
  readonly schemaId: number;
  /** Fields added by this call, with their field ids ([] when nothing changed). */
  readonly added: readonly NestedField[];
  /** Field id of every requested column in the current schema, by name. */
  readonly fieldIds: Readonly<Record<string, number>>;
  readonly retries: number;
}

/**
 * Adds `newColumns` (all optional) to the table's current schema as one new schema version.
 * @throws IcebergError INVALID_ARGUMENT when a column exists with another type; NO_SUCH_TABLE;
 * COMMIT_RETRIES_EXHAUSTED; COMMIT_STATE_UNKNOWN.
 */
export async function evolveSchema(
  catalog: Catalog,
  identifier: TableIdentifier,
  newColumns: readonly ColumnDef[],
  options: MaintenanceCommitOptions = {},
): Promise<EvolveSchemaResult> {
  const now = options.now ?? Date.now;
  const out = await commitWithRetry(catalog, identifier, async (table) => {
    const evo = addColumnsToMetadata(table.metadata, table.metadataLocation, newColumns, now());
    return { metadata: evo?.metadata, value: evo?.added ?? [] };
  }, options);
  const schema = currentSchema(out.table.metadata);
  const fieldIds: Record<string, number> = {};
  for (const c of newColumns) {
    const f = schema.fields.find((x) => x.name === c.name);
    if (f) fieldIds[c.name] = f.id;
  }
  return { table: out.table, committed: out.committed, schemaId: schema['schema-id'], added: out.value, fieldIds, retries: out.retries };
}
