/**
 * Where a run's files and source positions are committed, atomically together:
 * - `ParquetTarget`: the hive dataset `<warehouse>/logs/service=/date=/hour=` and its commit log
 *   (`state/warehouse-state.ts`); single writer (a lock), orphans of crashed runs removed at start.
 * - `IcebergTarget`: the Iceberg table `<namespace>.logs` through a catalog (SQLite in the warehouse
 *   by default, PostgreSQL by URI). Each append's snapshot summary names an immutable JSON file
 *   (`loglake.offsets-file`), the newest of a chain that holds every source's committed position
 *   and the committed quarantine files (offsets-chain.ts: a commit writes what it changed); it is
 *   computed from the base of each commit attempt, so concurrent writers (`--shard`)
 *   merge, and a writer whose sources another writer advanced meanwhile aborts instead of
 *   duplicating rows. Data and progress land in one compare-and-swap of the catalog pointer.
 *   With an S3 warehouse (`s3://bucket/prefix`, external catalog required) files are staged in a
 *   local temp directory mirroring the warehouse layout and uploaded through the table's FileIO
 *   right before the commit (data files, quarantine files, the offsets document); the staged
 *   copies are removed once committed. Nothing the next run needs stays on local disk.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { isAlive, type SourceCheckpoint, type CommittedFile } from '../state/warehouse-state.js';
import type { CommitTarget, CommitInfo } from './parquet-target.js';
import { HOUR_MICROS } from '../sinks/parquet/segment.js';
import { LoglakeError } from '../core/errors.js';
import { redactSecrets } from '../core/redact.js';
import { refuseOutside } from './warehouse-location.js';
import { describeErrno } from '../core/fs-errors.js';
import { COLUMNS } from '../schema/canonical.js';
import {
  openSqliteCatalog, openPostgresCatalog, canonicalIcebergSchema, loglakePartitionSpec, appendFiles, parquetDataFiles,
  readCommittedProperty, pathToFileUri, fileUriToPath, IcebergError, evolveSchema, currentSchema, RestCatalog, fieldIdsByPath, formatIdentifier,
  type Catalog, type Table, type TableIdentifier, type TableMetadata, type DataFile, fileIOFor,
} from '../sinks/iceberg/index.js';
import { isS3Uri } from '../core/s3/uri.js';
import { redactUri, restCatalogOptions, type RestCatalogFlags } from './catalog-connect.js';
import { OffsetsChain, type OffsetsDoc } from './offsets-chain.js';

export type { OffsetsDoc } from './offsets-chain.js';

export { ParquetTarget, type CommitTarget, type CommitInfo } from './parquet-target.js';

export interface IcebergTargetOptions {
  warehouse: string;
  /** `postgresql://…`, `http(s)://…` (REST); default: SQLite file `<warehouse>/catalog.db`. */
  catalogUri?: string;
  /** REST catalog settings (`--catalog-*`). */
  rest?: RestCatalogFlags;
  catalogName?: string;
  namespace?: string;
  table?: string;
}

export const OFFSETS_PROPERTY = 'loglake.offsets-file';

/** The warehouse as a URI: `s3://bucket/prefix` (no trailing slash) or `file:///abs/path`. */
export function warehouseUri(warehouse: string): string {
  return isS3Uri(warehouse) ? warehouse.replace(/^s3[an]:\/\//i, 's3://').replace(/\/+$/, '') : pathToFileUri(warehouse);
}

/** Whether the warehouse lives in an object store (S3) rather than on this machine's disk. */
export function isRemoteWarehouse(warehouse: string): boolean {
  return isS3Uri(warehouse);
}

/**
 * Opens the catalog a warehouse uses (SQLite by default, PostgreSQL or a REST catalog by URI). An
 * S3 warehouse needs an external catalog: a SQLite file cannot be shared by writers on different machines.
 */
export async function openCatalog(warehouse: string, catalogUri?: string, name?: string, rest?: RestCatalogFlags): Promise<Catalog> {
  const wh = warehouseUri(warehouse);
  if (isRemoteWarehouse(warehouse) && (!catalogUri || /^sqlite:/.test(catalogUri))) {
    throw new LoglakeError('USAGE', `an S3 warehouse needs an external catalog shared by every writer: --catalog postgresql://… or http(s)://… (REST)${catalogUri ? ' (a SQLite catalog is a local file)' : ''}`);
  }
  if (isRemoteWarehouse(warehouse)) await probeWarehouse(wh);
  if (catalogUri && /^https?:\/\//i.test(catalogUri)) return RestCatalog.open(restCatalogOptions(catalogUri, rest, process.env, name));
  if (rest) throw new LoglakeError('CONFIG_INVALID', 'the --catalog-* flags need a REST catalog: --catalog http(s)://host/path');
  if (catalogUri && /^postgres(ql)?:\/\//.test(catalogUri)) {
    try {
      return await openPostgresCatalog({ warehouse: wh, connectionString: catalogUri, name });
    } catch (e) {
      // say what happened and where (the URI without its password), not "internal error"
      const cause = (e as { cause?: unknown }).cause ?? e;
      throw new LoglakeError('IO', `cannot open the PostgreSQL catalog ${redactSecrets(catalogUri)}: ${describeErrno(cause)}`, {}, true, { cause: e });
    }
  }
  if (catalogUri && !/^sqlite:/.test(catalogUri)) throw new LoglakeError('CONFIG_INVALID', `--catalog must be http(s)://… (REST), postgresql://… or sqlite:<path>, got "${redactUri(catalogUri)}"`);
  const path = catalogUri ? catalogUri.replace(/^sqlite:(\/\/)?/, '') : undefined;
  return openSqliteCatalog({ warehouse: wh, path, name });
}

/**
 * One listing under the warehouse before anything is written: a missing bucket, refused
 * credentials or an unreachable endpoint fail here with one clear line, before the catalog is touched.
 */
async function probeWarehouse(wh: string): Promise<void> {
  const io = fileIOFor(wh);
  try {
    await io.list(`${wh}/_loglake/`);
  } finally {
    await io.close?.();
  }
}

/** The committed offsets (merged along their chain) of a table's current snapshot (or of `metadata`). */
export async function readOffsets(table: Table, metadata: TableMetadata = table.metadata): Promise<OffsetsDoc> {
  return new OffsetsChain((u) => table.io.read(u)).readCopy(readCommittedProperty(metadata, OFFSETS_PROPERTY));
}

/**
 * Every offsets document the table's snapshots reach through their chains: summaries name only the
 * newest of each chain, so orphan removal must be told of the others.
 */
export async function offsetsDocuments(table: Table): Promise<string[]> {
  const chain = new OffsetsChain((u) => table.io.read(u));
  const out = new Set<string>();
  for (const snap of table.metadata.snapshots) {
    const uri = snap.summary?.[OFFSETS_PROPERTY];
    if (typeof uri !== 'string' || out.has(uri)) continue;
    for (const d of await chain.documents(uri)) {
      if (out.has(d)) break; // the rest of this chain is already in
      out.add(d);
    }
  }
  return [...out];
}

export class IcebergTarget implements CommitTarget {
  readonly kind = 'iceberg';
  private lastCommitted: Record<string, SourceCheckpoint>;
  /** The warehouse as a URI; files staged under `root` go to `<warehouseUri>/<relative path>`. */
  private readonly warehouseUri: string;
  private readonly staged: boolean;
  private commits = 0;
  /** The committed offsets chain, with the merged view of the last document read. */
  private readonly chain: OffsetsChain;
  private constructor(
    private readonly catalog: Catalog,
    private readonly ident: TableIdentifier,
    private table: Table,
    readonly sources: Record<string, SourceCheckpoint>,
    private readonly root: string,
    warehouse: string,
    opened: OffsetsChain,
  ) {
    // the chain read at open goes on from its cached view: the first commit reads only what is new
    this.chain = opened.rebind((u) => this.table.io.read(u));
    this.lastCommitted = { ...sources };
    this.warehouseUri = warehouseUri(warehouse);
    this.staged = isRemoteWarehouse(warehouse);
  }

  get localRoot(): string {
    return this.root;
  }

  static async open(opts: IcebergTargetOptions): Promise<IcebergTarget> {
    const catalog = await openCatalog(opts.warehouse, opts.catalogUri, opts.catalogName, opts.rest);
    try {
      // a copied warehouse's catalog names the original's files: never write there
      await refuseOutside(catalog, opts.warehouse, 'ingest');
      const ns = [opts.namespace ?? 'loglake'];
      const ident: TableIdentifier = { namespace: ns, name: opts.table ?? 'logs' };
      let table = await ensureCompatible(catalog, ident, await ensureTable(catalog, ident, opts.warehouse));
      // a table created by an older loglake gets the newer canonical columns (additive, new field ids)
      const have = new Set(currentSchema(table.metadata).fields.map((f) => f.name));
      const missing = COLUMNS.filter((c) => !have.has(c.name));
      if (missing.length > 0) table = (await evolveSchema(catalog, ident, missing)).table;
      const opened = new OffsetsChain((u) => table.io.read(u));
      const offsets = await opened.readCopy(readCommittedProperty(table.metadata, OFFSETS_PROPERTY));
      const remote = isRemoteWarehouse(opts.warehouse);
      if (remote && !table.metadata.location.startsWith(warehouseUri(opts.warehouse) + '/')) {
        throw new LoglakeError('CONFIG_INVALID', `table ${ident.namespace.join('.')}.${ident.name} lives at ${table.metadata.location}, outside the warehouse ${warehouseUri(opts.warehouse)}`);
      }
      const root = remote ? newStage() : opts.warehouse;
      return new IcebergTarget(catalog, ident, table, offsets.sources, root, opts.warehouse, opened);
    } catch (e) {
      await catalog.close();
      throw e;
    }
  }

  dataDir(service: string, hour: number): string {
    const d = new Date(hour * (HOUR_MICROS / 1000)).toISOString();
    const human = `${d.slice(0, 10)}-${d.slice(11, 13)}`;
    const tableDir = this.staged ? join(this.root, this.table.metadata.location.slice(this.warehouseUri.length + 1)) : fileUriToPath(this.table.metadata.location);
    return join(tableDir, 'data', `service=${encodeURIComponent(service)}`, `ts_hour=${human}`);
  }

  /** The warehouse URI of a file staged at `relPath` (relative to the warehouse root). */
  private uriOf(relPath: string): string {
    return this.staged ? `${this.warehouseUri}/${relPath}` : pathToFileUri(join(this.root, relPath));
  }

  /** Uploads staged files (S3 warehouse), a few at a time. */
  private async uploadStaged(files: CommittedFile[]): Promise<void> {
    if (!this.staged) return;
    const queue = [...files];
    const worker = async (): Promise<void> => {
      for (let f = queue.shift(); f; f = queue.shift()) await this.table.io.upload(this.uriOf(f.path), join(this.root, f.path));
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  }

  relative(path: string): string {
    return path.slice(this.root.length + 1).split('\\').join('/');
  }

  async commit(files: CommittedFile[], cps: Record<string, SourceCheckpoint>): Promise<CommitInfo> {
    const moved = Object.entries(cps).filter(([k, cp]) => this.lastCommitted[k]?.offset !== cp.offset || this.lastCommitted[k]?.lines !== cp.lines);
    if (files.length === 0 && moved.length === 0) return { retries: 0 }; // nothing new: no empty snapshot
    const data = files.filter((f) => f.kind === 'data');
    const quarantine = files.filter((f) => f.kind === 'quarantine');
    const described = data.length ? await parquetDataFiles(this.table.metadata, data.map((f) => pathToFileUri(join(this.root, f.path)))) : [];
    // staged files go up before the commit; a crash in between leaves orphans (removed by maintain), never a reference to a missing file
    await this.uploadStaged([...data, ...quarantine, ...files.filter((f) => f.kind === 'processing')]);
    // test failpoint: die with the files uploaded and the commit not made (orphans, no duplicates)
    if (process.env.LOGLAKE_FAILPOINT === `after-upload-${this.commits++}`) process.kill(process.pid, 'SIGKILL');
    const dataFiles: DataFile[] = described.map((d, i) => ({ ...d, filePath: this.uriOf(data[i]!.path) }));
    const mine = this.lastCommitted;
    let written: { uri: string; bytes: Buffer } | undefined;
    const properties = async (base: TableMetadata): Promise<Record<string, string>> => {
      const baseUri = readCommittedProperty(base, OFFSETS_PROPERTY);
      const current = (await this.chain.load(baseUri)).doc;
      for (const key of Object.keys(cps)) {
        const theirs = current.sources[key];
        const ours = mine[key];
        if ((theirs?.offset ?? 0) !== (ours?.offset ?? 0) || (theirs === undefined) !== (ours === undefined)) {
          throw new LoglakeError('COMMIT_CONFLICT', `source ${cps[key]!.path} was ingested by another writer meanwhile (committed offset ${theirs?.offset ?? 0}, this run started at ${ours?.offset ?? 0}); nothing of this run was committed for it — re-run to continue`);
        }
      }
      // what this commit changed, on top of the base's chain (or the folded whole, when due)
      const uri = `${base.location}/metadata/loglake-offsets-${randomUUID()}.json`;
      const bytes = await this.chain.next(baseUri, uri, cps, quarantine);
      await this.table.io.write(uri, bytes);
      written = { uri, bytes };
      return { [OFFSETS_PROPERTY]: uri, 'loglake.sources-committed': String(Object.keys(cps).length) };
    };
    // a LoglakeError thrown by `properties` (sources advanced by another writer) aborts the append
    // a fleet of shard writers contends for one table: retry conflicts for up to 10 minutes
    const r = await appendFiles(this.catalog, this.ident, dataFiles, properties, { maxAttempts: 1000, maxDelayMs: 5000, timeBudgetMs: 600_000 });
    this.table = r.table;
    if (written) this.chain.adopt(written.uri, written.bytes); // the winning attempt's document
    this.lastCommitted = { ...this.lastCommitted, ...cps };
    if (this.staged) for (const f of files) rmSync(join(this.root, f.path), { force: true });
    return { retries: r.retries, snapshotId: r.snapshotId.toString() };
  }

  /** Runs `fn` with the target's catalog (e.g. to append to a companion table). */
  async withCatalog<T>(fn: (c: Catalog) => Promise<T>): Promise<T> {
    return fn(this.catalog);
  }

  async close(): Promise<void> {
    await this.catalog.close();
    if (this.staged) rmSync(this.root, { recursive: true, force: true });
  }
}

const STAGE_PREFIX = 'loglake-stage-';

/**
 * A fresh local staging directory for an S3 warehouse, owned by this process (`owner.json`); the
 * stages of dead processes on this machine (a writer killed with SIGKILL) are removed first.
 */
function newStage(): string {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(STAGE_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let pid = 0;
    try {
      pid = (JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as { pid: number }).pid;
    } catch {
      continue; // not ours to judge (no owner file yet)
    }
    if (!isAlive(pid)) rmSync(dir, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), STAGE_PREFIX));
  writeFileSync(join(dir, 'owner.json'), JSON.stringify({ pid: process.pid }));
  return dir;
}

/**
 * Refuses a table whose columns loglake knows carry other field ids or types (e.g. created by
 * another tool): loglake's Parquet files would not match it. Runs before anything is written. An
 * empty table that differs may be one another writer is creating through a REST catalog (created
 * with the server's fresh ids, then given loglake's): it is reloaded for up to 15 s first.
 * @throws LoglakeError CONFIG_INVALID
 */
export async function ensureCompatible(catalog: Catalog, ident: TableIdentifier, table: Table): Promise<Table> {
  const want = fieldIdsByPath(canonicalIcebergSchema());
  const incompatible = (t: Table): string[] => {
    const have = fieldIdsByPath(currentSchema(t.metadata));
    return [...want].filter(([p, v]) => have.has(p) && have.get(p) !== v).map(([p, v]) => `${p} is ${have.get(p)} (loglake: ${v})`);
  };
  let bad = incompatible(table);
  for (let waited = 0; bad.length > 0 && table.metadata.snapshots.length === 0 && waited < 15_000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    table = await catalog.loadTable(ident);
    bad = incompatible(table);
  }
  if (bad.length === 0) return table;
  throw new LoglakeError('CONFIG_INVALID', `Iceberg table ${formatIdentifier(table.identifier)} has a schema incompatible with loglake's (id:type): ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} — created by another tool? choose another --namespace`);
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
      location: `${warehouseUri(warehouse)}/iceberg/${ident.namespace.join('.')}.db/${ident.name}`,
      properties: { 'write.format.default': 'parquet', 'write.parquet.compression-codec': 'zstd', 'loglake.schema-version': '1.0' },
    });
  } catch (e) {
    if (e instanceof IcebergError && /EXISTS/.test(e.code)) return catalog.loadTable(ident); // another writer created it first
    throw e;
  }
}
