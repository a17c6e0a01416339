/**
 * Where a run's files and source positions are committed, atomically together:
 * - `ParquetTarget`: the hive dataset `<warehouse>/logs/service=/date=/hour=` and its commit log
 *   (`state/warehouse-state.ts`); single writer (a lock), orphans of crashed runs removed at start.
 * - `IcebergTarget`: the Iceberg table `<namespace>.logs` through a catalog (SQLite in the warehouse
 *   by default, PostgreSQL by URI). Each append's snapshot summary names an immutable JSON file
 *   (`loglake.offsets-file`) holding every source's committed position and the committed quarantine
 *   files; it is computed from the base of each commit attempt, so concurrent writers (`--shard`)
 *   merge, and a writer whose sources another writer advanced meanwhile aborts instead of
 *   duplicating rows. Data and progress land in one compare-and-swap of the catalog pointer.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WarehouseState, type SourceCheckpoint, type CommittedFile, type RunRecord } from '../state/warehouse-state.js';
import { HOUR_MICROS } from '../sinks/parquet/segment.js';
import { partitionDir } from '../sinks/parquet/dataset-writer.js';
import { LoglakeError } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';
import { refuseOutside } from './warehouse-location.js';
import { describeErrno } from '../core/fs-errors.js';
import { COLUMNS } from '../schema/canonical.js';
import {
  openSqliteCatalog, openPostgresCatalog, canonicalIcebergSchema, loglakePartitionSpec, appendFiles, parquetDataFiles,
  readCommittedProperty, pathToFileUri, fileUriToPath, IcebergError, evolveSchema, currentSchema, type Catalog, type Table, type TableIdentifier, type TableMetadata,
} from '../sinks/iceberg/index.js';

export interface CommitTarget {
  readonly kind: 'parquet' | 'iceberg';
  /** Committed source positions when the run started (keyed like SourceCheckpoint keys). */
  readonly sources: Record<string, SourceCheckpoint>;
  /** Directory (absolute path) for a data file of partition (service, hour), and its name prefix. */
  dataDir(service: string, hour: number): string;
  /** Path relative to the warehouse for bookkeeping of a data file. */
  relative(path: string): string;
  /** Commits files + positions atomically. `started` are the positions this run started each source from. */
  commit(files: CommittedFile[], cps: Record<string, SourceCheckpoint>, run?: RunRecord): Promise<CommitInfo>;
  close(): Promise<void>;
}

export interface CommitInfo {
  retries: number;
  snapshotId?: string;
}

/** The Parquet dataset target. */
export class ParquetTarget implements CommitTarget {
  readonly kind = 'parquet';
  readonly sources: Record<string, SourceCheckpoint>;
  recovered = 0;
  private constructor(private readonly state: WarehouseState, private readonly root: string) {
    this.sources = state.doc.sources;
  }

  static open(root: string): ParquetTarget {
    const state = WarehouseState.open(root);
    state.lock();
    const t = new ParquetTarget(state, root);
    t.recovered = state.recover();
    return t;
  }

  dataDir(service: string, hour: number): string {
    return join(this.root, 'logs', partitionDir(service, hour));
  }

  relative(path: string): string {
    return path.slice(this.root.length + 1).split('\\').join('/');
  }

  async commit(files: CommittedFile[], cps: Record<string, SourceCheckpoint>, run?: RunRecord): Promise<CommitInfo> {
    this.state.commit(files, cps, run);
    return { retries: 0 };
  }

  async close(): Promise<void> {
    this.state.unlock();
  }
}

export interface IcebergTargetOptions {
  warehouse: string;
  /** `postgresql://…` for a PostgreSQL catalog; default: SQLite file `<warehouse>/catalog.db`. */
  catalogUri?: string;
  catalogName?: string;
  namespace?: string;
  table?: string;
}

/** Contents of the file named by `loglake.offsets-file`. */
export interface OffsetsDoc {
  version: 1;
  sources: Record<string, SourceCheckpoint>;
  quarantine_files: CommittedFile[];
}

export const OFFSETS_PROPERTY = 'loglake.offsets-file';

/** Opens the catalog a warehouse uses (SQLite by default, PostgreSQL by URI). */
export async function openCatalog(warehouse: string, catalogUri?: string, name?: string): Promise<Catalog> {
  const wh = pathToFileUri(warehouse);
  if (catalogUri && /^postgres(ql)?:\/\//.test(catalogUri)) {
    try {
      return await openPostgresCatalog({ warehouse: wh, connectionString: catalogUri, name });
    } catch (e) {
      // say what happened and where (the URI without its password), not "internal error"
      const cause = (e as { cause?: unknown }).cause ?? e;
      throw new LoglakeError('IO', `cannot open the PostgreSQL catalog ${redactSecrets(catalogUri)}: ${describeErrno(cause)}`, {}, true, { cause: e });
    }
  }
  if (catalogUri && !/^sqlite:/.test(catalogUri)) throw new LoglakeError('CONFIG_INVALID', `--catalog must be postgresql://… or sqlite:<path>, got "${redactSecrets(catalogUri)}"`);
  const path = catalogUri ? catalogUri.replace(/^sqlite:(\/\/)?/, '') : undefined;
  return openSqliteCatalog({ warehouse: wh, path, name });
}

/** Loads the committed offsets document of a table's current snapshot (or of `metadata`). */
export async function readOffsets(table: Table, metadata: TableMetadata = table.metadata): Promise<OffsetsDoc> {
  const uri = readCommittedProperty(metadata, OFFSETS_PROPERTY);
  if (!uri) return { version: 1, sources: {}, quarantine_files: [] };
  const doc = JSON.parse(Buffer.from(await table.io.read(uri)).toString('utf8')) as OffsetsDoc;
  return doc;
}

export class IcebergTarget implements CommitTarget {
  readonly kind = 'iceberg';
  private lastCommitted: Record<string, SourceCheckpoint>;
  private constructor(
    private readonly catalog: Catalog,
    private readonly ident: TableIdentifier,
    private table: Table,
    readonly sources: Record<string, SourceCheckpoint>,
    private readonly root: string,
  ) {
    this.lastCommitted = { ...sources };
  }

  static async open(opts: IcebergTargetOptions): Promise<IcebergTarget> {
    const catalog = await openCatalog(opts.warehouse, opts.catalogUri, opts.catalogName);
    try {
      // a copied warehouse's catalog names the original's files: never write there
      await refuseOutside(catalog, opts.warehouse, 'ingest');
      const ns = [opts.namespace ?? 'loglake'];
      const ident: TableIdentifier = { namespace: ns, name: opts.table ?? 'logs' };
      let table = await ensureTable(catalog, ident, opts.warehouse);
      // a table created by an older loglake gets the newer canonical columns (additive, new field ids)
      const have = new Set(currentSchema(table.metadata).fields.map((f) => f.name));
      const missing = COLUMNS.filter((c) => !have.has(c.name));
      if (missing.length > 0) table = (await evolveSchema(catalog, ident, missing)).table;
      const offsets = await readOffsets(table);
      return new IcebergTarget(catalog, ident, table, offsets.sources, opts.warehouse);
    } catch (e) {
      await catalog.close();
      throw e;
    }
  }

  dataDir(service: string, hour: number): string {
    const d = new Date(hour * (HOUR_MICROS / 1000)).toISOString();
    const human = `${d.slice(0, 10)}-${d.slice(11, 13)}`;
    return join(fileUriToPath(this.table.metadata.location), 'data', `service=${encodeURIComponent(service)}`, `ts_hour=${human}`);
  }

  relative(path: string): string {
    return path.slice(this.root.length + 1).split('\\').join('/');
  }

  async commit(files: CommittedFile[], cps: Record<string, SourceCheckpoint>): Promise<CommitInfo> {
    const moved = Object.entries(cps).filter(([k, cp]) => this.lastCommitted[k]?.offset !== cp.offset || this.lastCommitted[k]?.lines !== cp.lines);
    if (files.length === 0 && moved.length === 0) return { retries: 0 }; // nothing new: no empty snapshot
    const dataPaths = files.filter((f) => f.kind === 'data').map((f) => pathToFileUri(join(this.root, f.path)));
    const quarantine = files.filter((f) => f.kind === 'quarantine');
    const dataFiles = dataPaths.length ? await parquetDataFiles(this.table.metadata, dataPaths) : [];
    const mine = this.lastCommitted;
    const properties = async (base: TableMetadata): Promise<Record<string, string>> => {
      const current = await readOffsets(this.table, base);
      for (const key of Object.keys(cps)) {
        const theirs = current.sources[key];
        const ours = mine[key];
        if ((theirs?.offset ?? 0) !== (ours?.offset ?? 0) || (theirs === undefined) !== (ours === undefined)) {
          throw new LoglakeError('COMMIT_CONFLICT', `source ${cps[key]!.path} was ingested by another writer meanwhile (committed offset ${theirs?.offset ?? 0}, this run started at ${ours?.offset ?? 0}); nothing of this run was committed for it — re-run to continue`);
        }
      }
      const doc: OffsetsDoc = { version: 1, sources: { ...current.sources, ...cps }, quarantine_files: [...current.quarantine_files, ...quarantine] };
      const uri = `${base.location}/metadata/loglake-offsets-${randomUUID()}.json`;
      await this.table.io.write(uri, Buffer.from(JSON.stringify(doc)));
      return { [OFFSETS_PROPERTY]: uri, 'loglake.sources-committed': String(Object.keys(cps).length) };
    };
    // a LoglakeError thrown by `properties` (sources advanced by another writer) aborts the append
    const r = await appendFiles(this.catalog, this.ident, dataFiles, properties);
    this.table = r.table;
    this.lastCommitted = { ...this.lastCommitted, ...cps };
    return { retries: r.retries, snapshotId: r.snapshotId.toString() };
  }

  /** Runs `fn` with the target's catalog (e.g. to append to a companion table). */
  async withCatalog<T>(fn: (c: Catalog) => Promise<T>): Promise<T> {
    return fn(this.catalog);
  }

  async close(): Promise<void> {
    await this.catalog.close();
  }
}

/** Loads `ident`, creating namespace and table (canonical schema, identity(service) + hour(ts)) when missing. */
export async function ensureTable(catalog: Catalog, ident: TableIdentifier, warehouse: string): Promise<Table> {
  try {
    return await catalog.loadTable(ident);
  } catch (e) {
    if (!(e instanceof IcebergError) || e.code !== 'NO_SUCH_TABLE') throw e;
  }
  if (!(await catalog.namespaceExists(ident.namespace))) {
    try {
      await catalog.createNamespace(ident.namespace);
    } catch (e) {
      if (!(e instanceof IcebergError) || !/EXISTS/.test(e.code)) throw e;
    }
  }
  const schema = canonicalIcebergSchema();
  try {
    return await catalog.createTable(ident, {
      schema,
      partitionSpec: loglakePartitionSpec(schema),
      location: `${pathToFileUri(warehouse)}/iceberg/${ident.namespace.join('.')}.db/${ident.name}`,
      properties: { 'write.format.default': 'parquet', 'write.parquet.compression-codec': 'zstd', 'loglake.schema-version': '1.0' },
    });
  } catch (e) {
    if (e instanceof IcebergError && /EXISTS/.test(e.code)) return catalog.loadTable(ident); // another writer created it first
    throw e;
  }
}
