/**
 * A client of the Iceberg REST catalog protocol (`open-api/rest-catalog-open-api.yaml`) implementing
 * the Catalog interface over `fetch`: `GET /v1/config?warehouse=` first (defaults, then client
 * properties, then overrides; `prefix` from the result), namespaces, create / load, and commits as
 * `{requirements, updates}` (see `table-updates.ts`). JSON is parsed losslessly (64-bit ids stay
 * BigInt). Auth: bearer token, OAuth2 client credentials, or SigV4 (Glue, S3 Tables).
 *
 * Commit outcomes:
 * - 200: committed; the server wrote the metadata file.
 * - 409: CommitConflictError (the caller reloads, rebuilds on the new parent, retries without
 *   rewriting data files) — unless an earlier attempt of this commit had an unknown outcome and its
 *   snapshot is now in the table: then it is reported as committed.
 * - 500/502/503/504 or a timeout: the outcome is unknown. Never report failure: reload, look for
 *   this commit's snapshot id; when it landed, return the table; while the table is still at the
 *   base, send the same request again (same `Idempotency-Key` when the server advertises
 *   `idempotency-key-lifetime`) after a jittered backoff; when the table moved on without it, the
 *   request can no longer apply (`assert-ref-snapshot-id`), so it is a plain conflict. Past the time
 *   budget: IcebergError COMMIT_STATE_UNKNOWN (files are never deleted then).
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import type { FileIO } from '../../io/file-io.js';
import { fileIOFor } from '../../io/index.js';
import { LocalFileIO } from '../../io/local-file-io.js';
import { CommitConflictError, IcebergError } from '../../spec/iceberg-error.js';
import type { IcebergErrorCode } from '../../spec/iceberg-error.js';
import { parseJsonLossless, parseTableMetadata, stringifyJsonLossless } from '../../spec/metadata-json.js';
import { maxPartitionFieldId, UNPARTITIONED_SPEC } from '../../spec/partition-spec.js';
import { maxFieldId } from '../../spec/schema.js';
import type { TableMetadata } from '../../spec/table-metadata.js';
import { currentSchema, UNSORTED_ORDER } from '../../spec/table-metadata.js';
import { formatIdentifier } from '../catalog.js';
import type { Catalog, CreateTableOptions, Namespace, Table, TableIdentifier } from '../catalog.js';
import { differingFieldPaths } from './field-paths.js';
import { createRestAuth, transportReason } from './rest-auth.js';
import type { FetchFn, RestAuth, RestAuthConfig } from './rest-auth.js';
import { RestPaths } from './rest-paths.js';
import { commitLanded, commitRequestFor } from './table-updates.js';
import type { CommitTableRequest } from './table-updates.js';

/** Options of {@link RestCatalog.open}. */
export interface RestCatalogOptions {
  /** Catalog base URI, e.g. `https://glue.us-east-1.amazonaws.com/iceberg` or `http://127.0.0.1:8181`. */
  readonly uri: string;
  /** Sent as `?warehouse=` to the config route (Glue: account id; S3 Tables: table bucket ARN). */
  readonly warehouse?: string;
  /** Catalog name for messages. Default `rest`. */
  readonly name?: string;
  readonly auth?: RestAuthConfig;
  /** Client properties merged between the server's defaults and overrides. */
  readonly properties?: Readonly<Record<string, string>>;
  /** FileIO for table files; default: chosen by each table location's scheme. */
  readonly io?: FileIO;
  /** Default: the global fetch. */
  readonly fetch?: FetchFn;
  /** Per-request timeout in ms. Default 30 000. */
  readonly requestTimeoutMs?: number;
  /** Time budget in ms for resolving one commit whose outcome is unknown. Default 120 000. */
  readonly commitBudgetMs?: number;
  /** First retry delay in ms (doubles, full jitter, capped at 5 s). Default 100. */
  readonly retryBaseDelayMs?: number;
  /** Attempts of an idempotent request (config, load, list) on 5xx / network errors. Default 4. */
  readonly readAttempts?: number;
}

interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

class TransportError extends Error {}

const UNKNOWN_STATUSES = new Set([500, 502, 503, 504]);
const RETRY_READ_STATUSES = new Set([429, 500, 502, 503, 504]);

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** The REST catalog client. */
export class RestCatalog implements Catalog {
  readonly name: string;
  readonly io: FileIO;
  /** The merged catalog properties (defaults ← client ← overrides). */
  readonly properties: Readonly<Record<string, string>>;
  /** Whether the server supports `Idempotency-Key` (it advertised `idempotency-key-lifetime`). */
  readonly idempotency: boolean;
  private readonly paths: RestPaths;
  private readonly display: string;
  private readonly cache = new Map<string, TableMetadata>();

  private constructor(
    private readonly options: RestCatalogOptions,
    private readonly auth: RestAuth,
    private readonly fetchFn: FetchFn,
    properties: Record<string, string>,
    idempotency: boolean,
  ) {
    this.name = options.name ?? 'rest';
    this.io = options.io ?? new LocalFileIO();
    this.properties = properties;
    this.idempotency = idempotency;
    this.paths = new RestPaths(options.uri, properties.prefix);
    const u = new URL(options.uri);
    this.display = `${u.origin}${u.pathname.replace(/\/+$/, '')}`; // no userinfo, no query
  }

  /**
   * Reads `GET /v1/config` and returns a ready client.
   * @throws IcebergError CATALOG_UNAVAILABLE (unreachable, not a catalog), NOT_AUTHORIZED (401/403),
   * INVALID_ARGUMENT (bad URI, unknown warehouse).
   */
  static async open(options: RestCatalogOptions): Promise<RestCatalog> {
    let u: URL;
    try {
      u = new URL(options.uri);
    } catch {
      throw new IcebergError('INVALID_ARGUMENT', 'REST catalog URI is not a URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new IcebergError('INVALID_ARGUMENT', `REST catalog URI must be http(s)://, got ${u.protocol}`);
    const fetchFn = options.fetch ?? fetch;
    const timeout = options.requestTimeoutMs ?? 30_000;
    // OAuth2's token endpoint may come from the config; the config route itself is then called with
    // a token from the default endpoint (what Java does as well).
    const bootstrap = new RestCatalog(options, createRestAuth(options.auth ?? { kind: 'none' }, RestPaths.oauthTokens(options.uri), fetchFn, timeout), fetchFn, {}, false);
    const answer = await bootstrap.readRoute('GET', RestPaths.config(options.uri, options.warehouse), 'read the catalog config');
    if (answer.status !== 200) throw bootstrap.errorFor(answer, 'read the catalog config', 'config');
    const cfg = obj(bootstrap.json(answer, 'config'));
    const merged: Record<string, string> = { ...stringMap(cfg.defaults), ...(options.properties ?? {}), ...stringMap(cfg.overrides) };
    const idempotency = typeof cfg['idempotency-key-lifetime'] === 'string';
    let auth = bootstrap.auth;
    if (options.auth?.kind === 'oauth2' && options.auth.tokenUri === undefined && merged['oauth2-server-uri']) {
      auth = createRestAuth({ ...options.auth, tokenUri: merged['oauth2-server-uri'] }, merged['oauth2-server-uri'], fetchFn, timeout);
    }
    return new RestCatalog(options, auth, fetchFn, merged, idempotency);
  }

  /** Creates a namespace. */
  async createNamespace(namespace: Namespace, properties: Readonly<Record<string, string>> = {}): Promise<void> {
    checkNamespace(namespace);
    const a = await this.send('POST', this.paths.namespaces(), stringifyJsonLossless({ namespace, properties }));
    if (a.status === 200) return;
    throw this.errorFor(a, `create namespace ${namespace.join('.')}`, 'namespace');
  }

  /** Whether a namespace exists (`GET …/namespaces/{ns}`). */
  async namespaceExists(namespace: Namespace): Promise<boolean> {
    checkNamespace(namespace);
    const a = await this.readRoute('GET', this.paths.namespace(namespace), 'load namespace');
    if (a.status === 200) return true;
    if (a.status === 404) return false;
    throw this.errorFor(a, `load namespace ${namespace.join('.')}`, 'namespace');
  }

  /** All namespaces, nested ones included (`?parent=`), following page tokens. */
  async listNamespaces(): Promise<Namespace[]> {
    const out: Namespace[] = [];
    const walk = async (parent: Namespace | undefined, depth: number): Promise<void> => {
      const children = await this.pages('namespaces', (token) => {
        const q = new URLSearchParams();
        if (parent) q.set('parent', parent.join('\x1f'));
        if (token) q.set('pageToken', token);
        const s = q.toString();
        return s ? `${this.paths.namespaces()}?${s}` : this.paths.namespaces();
      });
      for (const c of children) {
        const ns = (c as unknown[]).map(String);
        out.push(ns);
        if (depth < 8) await walk(ns, depth + 1);
      }
    };
    await walk(undefined, 0);
    return out.sort((a, b) => a.join('.').localeCompare(b.join('.')));
  }

  /** Tables of a namespace, sorted by name. */
  async listTables(namespace: Namespace): Promise<TableIdentifier[]> {
    checkNamespace(namespace);
    const ids = await this.pages('identifiers', (token) => token ? `${this.paths.tables(namespace)}?pageToken=${encodeURIComponent(token)}` : this.paths.tables(namespace), `list tables of ${namespace.join('.')}`);
    return ids.map((x) => { const o = obj(x); return { namespace: (o.namespace as unknown[]).map(String), name: String(o.name) }; })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Creates a table (`POST …/tables`). The server assigns the ids; when they differ from the ids in
   * `options.schema` (Java and PyIceberg renumber), one follow-up commit adds the requested schema
   * and spec with the requested ids on the still-empty table, so Parquet files written with those
   * ids match the table's current schema.
   * @throws IcebergError TABLE_EXISTS, NO_SUCH_NAMESPACE, INVALID_METADATA when the ids cannot be kept.
   */
  async createTable(identifier: TableIdentifier, options: CreateTableOptions): Promise<Table> {
    checkNamespace(identifier.namespace);
    const body: Record<string, unknown> = {
      name: identifier.name,
      schema: options.schema,
      'partition-spec': options.partitionSpec ?? UNPARTITIONED_SPEC,
      'write-order': options.sortOrder ?? UNSORTED_ORDER,
      'stage-create': false,
      properties: options.properties ?? {},
    };
    if (options.location !== undefined) body.location = options.location;
    const a = await this.send('POST', this.paths.tables(identifier.namespace), stringifyJsonLossless(body));
    if (a.status !== 200) throw this.errorFor(a, `create table ${formatIdentifier(identifier)}`, 'table');
    const table = this.tableFrom(identifier, a, 'create table');
    return this.keepRequestedIds(identifier, table, options);
  }

  /**
   * Makes the requested schema (with its ids) and spec current on a just-created, still-empty table
   * whose ids the server renumbered. Conflicts (another writer doing the same) are retried.
   */
  private async keepRequestedIds(identifier: TableIdentifier, created: Table, options: CreateTableOptions): Promise<Table> {
    const wanted = { ...options.schema, 'schema-id': 0 };
    let table = created;
    for (let attempt = 1; ; attempt++) {
      const base = table.metadata;
      if (differingFieldPaths(wanted, currentSchema(base)).length === 0) return table;
      if (base.snapshots.length > 0 || attempt > 20) {
        throw new IcebergError('INVALID_METADATA', `REST catalog ${this.display} renumbered the field ids of ${formatIdentifier(identifier)} (${differingFieldPaths(wanted, currentSchema(base)).slice(0, 3).join(', ')}…) and did not accept the requested ones`);
      }
      const schemaId = Math.max(...base.schemas.map((s) => s['schema-id'])) + 1;
      const specId = Math.max(...base['partition-specs'].map((s) => s['spec-id'])) + 1;
      const spec = { ...(options.partitionSpec ?? UNPARTITIONED_SPEC), 'spec-id': specId };
      const next: TableMetadata = {
        ...base,
        schemas: [...base.schemas, { ...options.schema, 'schema-id': schemaId }],
        'current-schema-id': schemaId,
        'last-column-id': Math.max(base['last-column-id'], maxFieldId(options.schema)),
        'partition-specs': [...base['partition-specs'], spec],
        'default-spec-id': specId,
        'last-partition-id': Math.max(base['last-partition-id'], maxPartitionFieldId(spec)),
      };
      try {
        table = await this.commitTable(identifier, table.metadataLocation, next);
      } catch (e) {
        if (!(e instanceof IcebergError) || e.code !== 'COMMIT_CONFLICT') throw e;
        await sleepMs(this.backoff(attempt));
        table = await this.loadTable(identifier);
      }
    }
    return table;
  }

  /** Loads a table (`GET …/tables/{t}`). */
  /** The table's current metadata location (REST has no cheaper route than loading the table). */
  async metadataLocationOf(identifier: TableIdentifier): Promise<string> {
    return (await this.loadTable(identifier)).metadataLocation;
  }

  async loadTable(identifier: TableIdentifier): Promise<Table> {
    checkNamespace(identifier.namespace);
    const a = await this.readRoute('GET', this.paths.table(identifier), `load table ${formatIdentifier(identifier)}`);
    if (a.status !== 200) throw this.errorFor(a, `load table ${formatIdentifier(identifier)}`, 'table');
    return this.tableFrom(identifier, a, 'load table');
  }

  /**
   * Commits `newMetadata` (built on the metadata at `baseMetadataLocation`) as
   * `{requirements, updates}`; see the module comment for the outcomes.
   */
  async commitTable(identifier: TableIdentifier, baseMetadataLocation: string, newMetadata: TableMetadata): Promise<Table> {
    const what = `commit to ${formatIdentifier(identifier)}`;
    let base = this.cache.get(baseMetadataLocation);
    if (base === undefined) {
      const t = await this.loadTable(identifier);
      if (t.metadataLocation !== baseMetadataLocation) {
        throw new CommitConflictError(`${what}: base ${baseMetadataLocation} is no longer current (now ${t.metadataLocation})`);
      }
      base = t.metadata;
    }
    const request: CommitTableRequest = commitRequestFor(base, newMetadata);
    const body = stringifyJsonLossless(request);
    const key = this.idempotency ? uuidv7() : undefined;
    const deadline = Date.now() + (this.options.commitBudgetMs ?? 120_000);
    let unknown = false;
    let lastReason = '';
    for (let attempt = 1; ; attempt++) {
      let a: HttpAnswer | undefined;
      try {
        a = await this.send('POST', this.paths.table(identifier), body, key ? { 'idempotency-key': key } : {});
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        lastReason = e.message;
      }
      if (a?.status === 200) return this.tableFrom(identifier, a, 'commit');
      if (a !== undefined && a.status === 409) {
        if (unknown) {
          const landed = await this.findLanded(identifier, request, newMetadata);
          if (landed) return landed;
        }
        throw new CommitConflictError(`${what}: ${this.errorText(a)}`, { context: { table: formatIdentifier(identifier), base: baseMetadataLocation } });
      }
      if (a !== undefined && !UNKNOWN_STATUSES.has(a.status)) throw this.errorFor(a, what, 'table');
      // the outcome is unknown: never report failure; find out
      unknown = true;
      if (a !== undefined) lastReason = `HTTP ${a.status}`;
      const now = await this.reloadUntil(identifier, deadline);
      if (now !== undefined) {
        if (commitLanded(request, newMetadata, now.metadata)) return now;
        if (now.metadataLocation !== baseMetadataLocation) {
          throw new CommitConflictError(`${what}: outcome was unknown (${lastReason}); the table moved on without it`, { context: { table: formatIdentifier(identifier) } });
        }
      }
      if (Date.now() >= deadline) break;
      await sleepMs(this.backoff(attempt, a?.headers.get('retry-after')));
    }
    throw new IcebergError('COMMIT_STATE_UNKNOWN', `${what} may or may not have been applied (${lastReason}; REST catalog ${this.display}); nothing was deleted — re-run to reconcile`, {
      context: { table: formatIdentifier(identifier), base: baseMetadataLocation },
    });
  }

  /** Nothing to release (fetch keeps no state here). */
  async close(): Promise<void> {
    this.cache.clear();
  }

  // ---- internals ----

  private async findLanded(identifier: TableIdentifier, request: CommitTableRequest, next: TableMetadata): Promise<Table | undefined> {
    const now = await this.reloadUntil(identifier, Date.now() + (this.options.commitBudgetMs ?? 120_000));
    return now !== undefined && commitLanded(request, next, now.metadata) ? now : undefined;
  }

  /** Loads the table, retrying transport errors and 5xx until the deadline; undefined when it never answered. */
  private async reloadUntil(identifier: TableIdentifier, deadline: number): Promise<Table | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.loadTable(identifier);
      } catch (e) {
        if (!(e instanceof IcebergError) || !e.retryable || Date.now() >= deadline) {
          if (e instanceof IcebergError && !e.retryable) throw e;
          return undefined;
        }
      }
      await sleepMs(this.backoff(attempt));
    }
  }

  private backoff(attempt: number, retryAfter?: string | null): number {
    const ra = retryAfter ? Number(retryAfter) : NaN;
    if (Number.isFinite(ra) && ra >= 0) return Math.min(ra * 1000, 30_000);
    const base = this.options.retryBaseDelayMs ?? 100;
    return Math.random() * Math.min(5000, base * 2 ** Math.min(attempt - 1, 10));
  }

  private tableFrom(identifier: TableIdentifier, a: HttpAnswer, op: string): Table {
    const o = obj(this.json(a, op));
    const location = o['metadata-location'];
    if (typeof location !== 'string') throw new IcebergError('INVALID_METADATA', `REST catalog ${this.display} ${op} ${formatIdentifier(identifier)}: answer has no metadata-location`);
    const metadata = parseTableMetadata(stringifyJsonLossless(o.metadata));
    this.cache.set(location, metadata);
    if (this.cache.size > 16) this.cache.delete(this.cache.keys().next().value!);
    return { identifier, metadataLocation: location, metadata, io: this.options.io ?? fileIOFor(metadata.location) };
  }

  private json(a: HttpAnswer, op: string): unknown {
    try {
      return parseJsonLossless(a.text);
    } catch {
      throw new IcebergError('CATALOG_UNAVAILABLE', `REST catalog ${this.display} ${op}: the answer is not JSON (HTTP ${a.status}); is --catalog a REST catalog URI?`);
    }
  }

  private async pages(field: string, url: (token: string | undefined) => string, op = 'list namespaces'): Promise<unknown[]> {
    const out: unknown[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10_000; i++) {
      const a = await this.readRoute('GET', url(token), op);
      if (a.status !== 200) throw this.errorFor(a, op, field === 'identifiers' ? 'namespace' : 'config');
      const o = obj(this.json(a, op));
      out.push(...((o[field] as unknown[] | undefined) ?? []));
      const next = o['next-page-token'];
      if (typeof next !== 'string' || next === '') return out;
      token = next;
    }
    return out;
  }

  /** An idempotent request, retried on transport errors and 429/5xx. */
  private async readRoute(method: string, url: string, op: string): Promise<HttpAnswer> {
    const attempts = Math.max(1, this.options.readAttempts ?? 4);
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const a = await this.send(method, url);
        if (!RETRY_READ_STATUSES.has(a.status) || attempt === attempts) return a;
        last = `HTTP ${a.status}`;
        await sleepMs(this.backoff(attempt, a.headers.get('retry-after')));
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        last = e.message;
        if (attempt < attempts) await sleepMs(this.backoff(attempt));
      }
    }
    throw new IcebergError('CATALOG_UNAVAILABLE', `cannot reach REST catalog ${this.display} (${op}): ${last}`, { retryable: true });
  }

  /** One HTTP exchange with auth (a 401/419 refreshes an OAuth2 token once). @throws TransportError */
  private async send(method: string, url: string, body?: string, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-client-version': 'loglake', ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const timeout = this.options.requestTimeoutMs ?? 30_000;
    for (let authTry = 0; ; authTry++) {
      const auth = await this.auth.headersFor({ method, url: new URL(url), headers, body });
      let res: Response;
      let text: string;
      try {
        res = await this.fetchFn(url, { method, headers: { ...headers, ...auth }, body, signal: AbortSignal.timeout(timeout) });
        text = await res.text();
      } catch (e) {
        throw new TransportError(transportReason(e));
      }
      if ((res.status === 401 || res.status === 419) && authTry === 0 && this.auth.invalidate()) continue;
      return { status: res.status, text, headers: res.headers };
    }
  }

  private errorText(a: HttpAnswer): string {
    let type = '';
    let message = '';
    try {
      const e = obj(obj(parseJsonLossless(a.text)).error);
      type = typeof e.type === 'string' ? e.type : '';
      message = typeof e.message === 'string' ? e.message : '';
    } catch {
      // not an IcebergErrorResponse
    }
    const m = message.length > 300 ? `${message.slice(0, 300)}…` : message;
    return `HTTP ${a.status}${type ? ` ${type}` : ''}${m ? `: ${m}` : ''}`;
  }

  /** Maps an error answer to an IcebergError. */
  errorFor(a: HttpAnswer, op: string, subject: 'config' | 'namespace' | 'table'): IcebergError {
    const text = `REST catalog ${this.display} ${op}: ${this.errorText(a)}`;
    const type = /"type"\s*:\s*"([A-Za-z]+)"/.exec(a.text)?.[1] ?? '';
    let code: IcebergErrorCode = 'CATALOG_UNAVAILABLE';
    let retryable = false;
    if (a.status === 401 || a.status === 403 || a.status === 419) code = 'NOT_AUTHORIZED';
    else if (a.status === 400 || a.status === 406 || a.status === 422) code = 'INVALID_ARGUMENT';
    else if (a.status === 404) {
      code = /Namespace/i.test(type) ? 'NO_SUCH_NAMESPACE' : /Table/i.test(type) ? 'NO_SUCH_TABLE' : subject === 'table' ? 'NO_SUCH_TABLE' : subject === 'namespace' ? 'NO_SUCH_NAMESPACE' : 'CATALOG_UNAVAILABLE';
    } else if (a.status === 409) code = subject === 'namespace' ? 'NAMESPACE_EXISTS' : subject === 'table' ? 'TABLE_EXISTS' : 'CATALOG_UNAVAILABLE';
    else if (a.status >= 500 || a.status === 429) retryable = true;
    const hint = code === 'NOT_AUTHORIZED' ? ' (check the catalog credentials: LOGLAKE_CATALOG_TOKEN, LOGLAKE_CATALOG_CREDENTIAL or the AWS credential chain)' : '';
    return new IcebergError(code, text + hint, { retryable });
  }
}

function checkNamespace(ns: Namespace): void {
  if (ns.length === 0 || ns.some((l) => l === '' || l.includes('\x1f'))) {
    throw new IcebergError('INVALID_ARGUMENT', `invalid namespace: ${JSON.stringify(ns)}`);
  }
}
