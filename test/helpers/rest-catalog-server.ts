/**
 * Test helper: an Iceberg REST catalog on loopback, written for the tests from the spec
 * (`test/fixtures/iceberg-rest/rest-catalog-open-api.yaml`, vendored from apache/iceberg).
 *
 * - Routes: config, OAuth2 tokens, namespaces (list with `parent` and page tokens, create, load,
 *   HEAD), tables (list, create with Java-style fresh field ids, load, commit). A commit checks the
 *   requirements, applies the updates, writes `<location>/metadata/NNNNN-<uuid>.metadata.json`
 *   through a FileIO and swaps the table pointer only if it still is the one the commit read (real
 *   compare-and-swap; 409 CommitFailedException otherwise).
 * - Every request body and every response body is validated with ajv (Ajv2020 + ajv-formats)
 *   against the spec's component schemas; request violations answer 400 and response violations
 *   answer 500, and both are recorded in `violations` so a test can demand none.
 * - Auth: none, bearer tokens, OAuth2 client credentials (tokens issued by `/v1/oauth/tokens`), or
 *   SigV4: the request is re-signed with the independent `aws4` library and the Authorization
 *   headers must be identical.
 * - `Idempotency-Key` (advertised with `idempotency-key-lifetime`): 2xx and 4xx answers are stored
 *   and replayed for the same key; 5xx are not.
 * - Faults: 409 storms, "500 after the commit was applied", 503 before, stalls after applying, and
 *   random rates for end-to-end runs.
 * Binds 127.0.0.1 only.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import aws4 from 'aws4';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../src/core/paths.js';
import type { FileIO } from '../../src/sinks/iceberg/io/file-io.js';
import { LocalFileIO } from '../../src/sinks/iceberg/io/local-file-io.js';
import { metadataFileName, parseMetadataVersion } from '../../src/sinks/iceberg/spec/ids.js';
import { parseJsonLossless, serializeTableMetadata, stringifyJsonLossless } from '../../src/sinks/iceberg/spec/metadata-json.js';
import type { PartitionSpec } from '../../src/sinks/iceberg/spec/partition-spec.js';
import type { Schema } from '../../src/sinks/iceberg/spec/schema.js';
import { TableMetadataBuilder } from '../../src/sinks/iceberg/spec/table-metadata-builder.js';
import type { SortOrder, TableMetadata } from '../../src/sinks/iceberg/spec/table-metadata.js';
import { applyUpdates, assignFreshIds, BadUpdate, checkRequirements, RequirementFailed } from './rest-catalog-updates.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** Authentication the server demands. */
export type ServerAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly tokens: readonly string[] }
  | { readonly kind: 'oauth2'; readonly clients: Readonly<Record<string, string>>; readonly tokenTtlSecs?: number }
  | { readonly kind: 'sigv4'; readonly service: string; readonly region: string; readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };

/** A fault for upcoming commits. */
export type CommitFault =
  | { readonly kind: 'conflict' } // 409 without applying
  | { readonly kind: 'error-after-apply'; readonly status: 500 | 502 | 504 } // applied, then a 5xx
  | { readonly kind: 'unavailable'; readonly retryAfterSecs?: number } // 503 before applying
  | { readonly kind: 'stall-after-apply'; readonly ms: number }; // applied, answer delayed

/** Options of {@link startRestCatalogServer}. */
export interface RestCatalogServerOptions {
  /** Where default table locations go: `file:///…` (or `s3://…` with an S3 FileIO). */
  readonly warehouseLocation: string;
  /** FileIO for metadata files. Default LocalFileIO. */
  readonly io?: FileIO;
  /** Path below the origin, e.g. `/iceberg` (Glue style). Default ''. */
  readonly basePath?: string;
  /** The `prefix` override returned by the config route; none when undefined. */
  readonly prefix?: string;
  /** The literal URL path form of the prefix the server expects; default: `prefix` unchanged. */
  readonly prefixInPath?: string;
  /** Known warehouses; a config request naming another one gets 400. Default: any. */
  readonly warehouses?: readonly string[];
  /** Advertise `idempotency-key-lifetime` (and honour Idempotency-Key). Default true. */
  readonly idempotency?: boolean;
  readonly auth?: ServerAuth;
  /** Extra `defaults` of the config answer. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** Random faults per commit (0..1 each); `seed` makes them repeatable. */
  readonly faultRates?: { readonly conflict?: number; readonly errorAfterApply?: number; readonly unavailable?: number; readonly seed?: number };
  /** Page size of list routes. Default 100. */
  readonly pageSize?: number;
}

/** A request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly status: number;
}

/** Counters. */
export interface ServerStats {
  commits: number;
  commitsApplied: number;
  conflicts: number;
  injected: number;
  replays: number;
  authFailures: number;
}

/** A running loopback REST catalog. */
export interface RestCatalogServer {
  /** The catalog URI to give clients (`http://127.0.0.1:PORT[/basePath]`). */
  readonly uri: string;
  readonly requests: SeenRequest[];
  /** Spec violations (request or response) seen so far; tests demand this stays empty. */
  readonly violations: string[];
  readonly stats: ServerStats;
  /** Queues faults for the next commits. */
  inject(...faults: CommitFault[]): void;
  /** The current metadata location of a table (undefined when absent). */
  metadataLocation(namespace: readonly string[], name: string): string | undefined;
  /** Changes auth or fault rates at run time. */
  configure(patch: { auth?: ServerAuth; faultRates?: RestCatalogServerOptions['faultRates'] }): void;
  close(): Promise<void>;
}

interface TableEntry {
  metadataLocation: string;
  metadata: TableMetadata;
}

type Json = Record<string, unknown>;

let ajvCache: { get: (name: string) => ValidateFunction } | undefined;

/** Compiles the vendored spec's component schemas once per process. */
function specValidators(): { get: (name: string) => ValidateFunction } {
  if (ajvCache) return ajvCache;
  const doc = parseYaml(readFileSync(join(repoRoot(), 'test', 'fixtures', 'iceberg-rest', 'rest-catalog-open-api.yaml'), 'utf8')) as { components: Json };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'iceberg-rest', components: doc.components });
  const cache = new Map<string, ValidateFunction>();
  ajvCache = {
    get(name: string): ValidateFunction {
      let v = cache.get(name);
      if (!v) {
        v = ajv.getSchema(`iceberg-rest#/components/schemas/${name}`);
        if (!v) throw new Error(`no schema ${name} in the spec`);
        cache.set(name, v);
      }
      return v;
    },
  };
  return ajvCache;
}

/** A seeded linear congruential generator (Numerical Recipes constants) for repeatable fault rates. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

class HttpError extends Error {
  constructor(readonly status: number, readonly type: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** Starts the server on 127.0.0.1 with a random port. */
export async function startRestCatalogServer(options: RestCatalogServerOptions): Promise<RestCatalogServer> {
  const io = options.io ?? new LocalFileIO();
  const validators = specValidators();
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const prefixInPath = options.prefixInPath ?? options.prefix;
  let auth: ServerAuth = options.auth ?? { kind: 'none' };
  let rates = options.faultRates ?? {};
  let random = rng(rates.seed ?? 1);
  const idempotency = options.idempotency ?? true;
  const pageSize = options.pageSize ?? 100;
  const namespaces = new Map<string, Record<string, string>>();
  const tables = new Map<string, TableEntry>();
  const issuedTokens = new Map<string, number>();
  const replay = new Map<string, { status: number; body: string }>();
  const faults: CommitFault[] = [];
  const requests: SeenRequest[] = [];
  const violations: string[] = [];
  const stats: ServerStats = { commits: 0, commitsApplied: 0, conflicts: 0, injected: 0, replays: 0, authFailures: 0 };
  const nsKey = (ns: readonly string[]): string => ns.join('\x1f');
  const tKey = (ns: readonly string[], name: string): string => `${nsKey(ns)}\x00${name}`;

  const check = (schema: string, value: unknown, where: string): string | undefined => {
    const v = validators.get(schema);
    if (v(value)) return undefined;
    const msg = `${where}: ${schema}: ${(v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`;
    violations.push(msg);
    return msg;
  };

  const errorBody = (status: number, type: string, message: string): string =>
    JSON.stringify({ error: { message, type, code: status } });

  function checkAuth(req: http.IncomingMessage, rawPath: string, body: string): void {
    if (auth.kind === 'none') return;
    const header = req.headers.authorization ?? '';
    if (auth.kind === 'bearer' || auth.kind === 'oauth2') {
      const token = /^Bearer (.+)$/.exec(header)?.[1];
      const ok = token !== undefined && (auth.kind === 'bearer' ? auth.tokens.includes(token) : (issuedTokens.get(token) ?? 0) > Date.now());
      if (!ok) throw new HttpError(401, 'NotAuthorizedException', 'Not authorized: missing or invalid bearer token');
      return;
    }
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(header);
    if (!m) throw new HttpError(403, 'ForbiddenException', 'Missing or malformed SigV4 Authorization header');
    const [, akid, , region, service, signedList] = m;
    if (akid !== auth.accessKeyId) throw new HttpError(403, 'ForbiddenException', 'The security token included in the request is invalid');
    if (region !== auth.region || service !== auth.service) throw new HttpError(403, 'ForbiddenException', `Credential should be scoped to ${auth.region}/${auth.service}`);
    if (auth.sessionToken !== undefined && req.headers['x-amz-security-token'] !== auth.sessionToken) throw new HttpError(403, 'ForbiddenException', 'session token mismatch');
    const headers: Record<string, string> = {};
    for (const h of signedList!.split(';')) {
      const v = req.headers[h];
      if (v === undefined) throw new HttpError(403, 'ForbiddenException', `signed header ${h} missing`);
      headers[h] = Array.isArray(v) ? v.join(',') : v;
    }
    // aws4 takes the time from x-amz-date; headers it would add itself but that were not signed are ignored
    const ignore: Record<string, boolean> = {};
    for (const h of ['content-length', 'content-type']) if (!(h in headers)) ignore[h] = true;
    const resigned = aws4.sign({
      host: req.headers.host, method: req.method, path: rawPath, service, region, headers, body: body === '' ? undefined : body,
      extraHeadersToIgnore: ignore,
    } as aws4.Request, { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken });
    const expected = (resigned.headers as Record<string, string>).Authorization;
    if (expected !== header) throw new HttpError(403, 'ForbiddenException', 'The request signature we calculated does not match the signature you provided');
  }

  function splitNamespace(seg: string): string[] {
    const levels = decodeURIComponent(seg).split('\x1f');
    if (levels.some((l) => l === '')) throw new HttpError(400, 'BadRequestException', 'empty namespace level');
    return levels;
  }

  function loadResult(e: TableEntry): Json {
    return { 'metadata-location': e.metadataLocation, metadata: e.metadata, config: {} };
  }

  async function writeMetadata(m: TableMetadata, version: number): Promise<string> {
    const loc = `${m.location}/metadata/${metadataFileName(version)}`;
    await io.write(loc, Buffer.from(serializeTableMetadata(m), 'utf8'));
    return loc;
  }

  function nextFault(): CommitFault | undefined {
    const f = faults.shift();
    if (f) return f;
    const r = random();
    let acc = rates.conflict ?? 0;
    if (r < acc) return { kind: 'conflict' };
    acc += rates.errorAfterApply ?? 0;
    if (r < acc) return { kind: 'error-after-apply', status: 500 };
    acc += rates.unavailable ?? 0;
    if (r < acc) return { kind: 'unavailable' };
    return undefined;
  }

  async function createTable(ns: string[], body: Json): Promise<Json> {
    if (!namespaces.has(nsKey(ns))) throw new HttpError(404, 'NoSuchNamespaceException', `Namespace does not exist: ${ns.join('.')}`);
    const name = String(body.name);
    if (tables.has(tKey(ns, name))) throw new HttpError(409, 'AlreadyExistsException', `Table already exists: ${ns.join('.')}.${name}`);
    const fresh = assignFreshIds(body.schema as Schema);
    const spec = (body['partition-spec'] as PartitionSpec | undefined) ?? { 'spec-id': 0, fields: [] };
    let pid = 999;
    const newSpec: PartitionSpec = { 'spec-id': 0, fields: spec.fields.map((f) => ({ ...f, 'source-id': fresh.ids.get(f['source-id']) ?? -1, 'field-id': ++pid })) };
    const order = body['write-order'] as SortOrder | undefined;
    const newOrder: SortOrder | undefined = order && order.fields.length > 0
      ? { 'order-id': 1, fields: order.fields.map((f) => ({ ...f, 'source-id': fresh.ids.get(f['source-id']) ?? -1 })) } : undefined;
    const location = typeof body.location === 'string' ? body.location : `${options.warehouseLocation.replace(/\/+$/, '')}/${ns.join('/')}/${name}`;
    let m: TableMetadata;
    try {
      m = TableMetadataBuilder.newTable({ location, schema: fresh.schema, partitionSpec: newSpec, sortOrder: newOrder, properties: (body.properties as Record<string, string>) ?? {} }).build();
    } catch (e) {
      throw new HttpError(400, 'BadRequestException', (e as Error).message);
    }
    const loc = await writeMetadata(m, 0);
    if (tables.has(tKey(ns, name))) {
      await io.delete(loc);
      throw new HttpError(409, 'AlreadyExistsException', `Table already exists: ${ns.join('.')}.${name}`);
    }
    const entry = { metadataLocation: loc, metadata: m };
    tables.set(tKey(ns, name), entry);
    return loadResult(entry);
  }

  /** Commits; returns the answer and an optional delay / override status. */
  async function commit(ns: string[], name: string, body: Json): Promise<{ status: number; json: Json; delayMs?: number; headers?: Record<string, string> }> {
    stats.commits++;
    const entry = tables.get(tKey(ns, name));
    if (!entry) throw new HttpError(404, 'NoSuchTableException', `Table does not exist: ${ns.join('.')}.${name}`);
    const fault = nextFault();
    if (fault?.kind === 'conflict') {
      stats.injected++;
      stats.conflicts++;
      throw new HttpError(409, 'CommitFailedException', 'Commit failed: injected conflict');
    }
    if (fault?.kind === 'unavailable') {
      stats.injected++;
      throw new HttpError(503, 'ServiceUnavailableException', 'injected: service unavailable', fault.retryAfterSecs !== undefined ? { 'retry-after': String(fault.retryAfterSecs) } : {});
    }
    const base = entry.metadataLocation;
    try {
      checkRequirements(body.requirements as Json[], entry.metadata);
    } catch (e) {
      if (e instanceof RequirementFailed) {
        stats.conflicts++;
        throw new HttpError(409, 'CommitFailedException', e.message);
      }
      throw new HttpError(400, 'BadRequestException', (e as Error).message);
    }
    let next: TableMetadata;
    try {
      next = applyUpdates(entry.metadata, base, body.updates as Json[]);
    } catch (e) {
      if (e instanceof BadUpdate) throw new HttpError(400, 'BadRequestException', e.message);
      throw e;
    }
    const version = (parseMetadataVersion(base) ?? 0) + 1;
    const loc = await writeMetadata(next, version);
    const now = tables.get(tKey(ns, name));
    if (!now || now.metadataLocation !== base) { // compare-and-swap lost while writing
      await io.delete(loc);
      stats.conflicts++;
      throw new HttpError(409, 'CommitFailedException', 'Commit failed: the table changed concurrently');
    }
    tables.set(tKey(ns, name), { metadataLocation: loc, metadata: next });
    stats.commitsApplied++;
    const json = { 'metadata-location': loc, metadata: next };
    if (fault?.kind === 'error-after-apply') {
      stats.injected++;
      throw new HttpError(fault.status, 'InternalServerError', 'injected: failed after the commit was applied');
    }
    if (fault?.kind === 'stall-after-apply') {
      stats.injected++;
      return { status: 200, json, delayMs: fault.ms };
    }
    return { status: 200, json };
  }

  async function route(method: string, rawPath: string, url: URL, body: string, req: http.IncomingMessage): Promise<{ status: number; json?: Json; schema?: string; delayMs?: number; headers?: Record<string, string> }> {
    if (!rawPath.startsWith(`${basePath}/v1/`)) throw new HttpError(404, 'NotFoundException', `no route ${method} ${rawPath}`);
    const rest = rawPath.slice(basePath.length + 4);
    if (rest === 'oauth/tokens' && method === 'POST') {
      if (auth.kind !== 'oauth2') throw new HttpError(400, 'BadRequestException', 'OAuth2 is not enabled');
      const form = Object.fromEntries(new URLSearchParams(body));
      const bad = check('OAuthClientCredentialsRequest', form, 'request POST /v1/oauth/tokens');
      if (bad) return { status: 400, json: { error: 'invalid_request', error_description: 'malformed token request' } };
      if (auth.clients[form.client_id!] !== form.client_secret) {
        stats.authFailures++;
        return { status: 401, json: { error: 'invalid_client', error_description: 'unknown client or wrong secret' } };
      }
      const token = randomUUID();
      const ttl = auth.tokenTtlSecs ?? 3600;
      issuedTokens.set(token, Date.now() + ttl * 1000);
      return { status: 200, json: { access_token: token, token_type: 'bearer', expires_in: ttl, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' }, schema: 'OAuthTokenResponse' };
    }
    checkAuth(req, rawPath + url.search, body);
    if (rest === 'config' && method === 'GET') {
      const wh = url.searchParams.get('warehouse');
      if (options.warehouses && (wh === null || !options.warehouses.includes(wh))) throw new HttpError(400, 'BadRequestException', `Unknown warehouse: ${wh ?? '(none)'}`);
      const cfg: Json = { defaults: { ...(options.defaults ?? {}) }, overrides: options.prefix !== undefined ? { prefix: options.prefix } : {} };
      if (idempotency) cfg['idempotency-key-lifetime'] = 'PT30M';
      return { status: 200, json: cfg, schema: 'CatalogConfig' };
    }
    let after = rest;
    if (prefixInPath !== undefined && prefixInPath !== '') {
      if (!rest.startsWith(`${prefixInPath}/`)) throw new HttpError(404, 'NotFoundException', `path does not start with the catalog prefix: ${rawPath}`);
      after = rest.slice(prefixInPath.length + 1);
    }
    const parts = after.split('/');
    if (parts[0] !== 'namespaces') throw new HttpError(404, 'NotFoundException', `no route ${method} ${rawPath}`);
    if (parts.length === 1) {
      if (method === 'GET') {
        const parent = url.searchParams.get('parent');
        const depth = parent === null ? 1 : parent.split('\x1f').length + 1;
        // like Java's JdbcCatalog: a level exists in listings when some namespace lies below it
        const all = [...new Set([...namespaces.keys()].map((k) => k.split('\x1f'))
          .filter((ns) => ns.length >= depth && (parent === null || nsKey(ns.slice(0, depth - 1)) === parent))
          .map((ns) => nsKey(ns.slice(0, depth))))].sort().map((k) => k.split('\x1f'));
        const start = Number(url.searchParams.get('pageToken') ?? 0);
        const page = all.slice(start, start + pageSize);
        const json: Json = { namespaces: page };
        if (start + pageSize < all.length) json['next-page-token'] = String(start + pageSize);
        return { status: 200, json, schema: 'ListNamespacesResponse' };
      }
      if (method === 'POST') {
        const b = JSON.parse(body) as Json;
        if (check('CreateNamespaceRequest', b, 'request POST namespaces')) throw new HttpError(400, 'BadRequestException', 'malformed CreateNamespaceRequest');
        const ns = (b.namespace as string[]);
        if (namespaces.has(nsKey(ns))) throw new HttpError(409, 'AlreadyExistsException', `Namespace already exists: ${ns.join('.')}`);
        namespaces.set(nsKey(ns), (b.properties as Record<string, string>) ?? {});
        return { status: 200, json: { namespace: ns, properties: namespaces.get(nsKey(ns)) }, schema: 'CreateNamespaceResponse' };
      }
    }
    const ns = splitNamespace(parts[1]!);
    if (parts.length === 2) {
      const props = namespaces.get(nsKey(ns));
      if (!props) throw new HttpError(404, 'NoSuchNamespaceException', `Namespace does not exist: ${ns.join('.')}`);
      if (method === 'HEAD') return { status: 204 };
      if (method === 'GET') return { status: 200, json: { namespace: ns, properties: props }, schema: 'GetNamespaceResponse' };
    }
    if (parts[2] === 'tables' && parts.length === 3) {
      if (method === 'GET') {
        if (!namespaces.has(nsKey(ns))) throw new HttpError(404, 'NoSuchNamespaceException', `Namespace does not exist: ${ns.join('.')}`);
        const all = [...tables.keys()].filter((k) => k.startsWith(`${nsKey(ns)}\x00`)).map((k) => k.split('\x00')[1]!).sort();
        const start = Number(url.searchParams.get('pageToken') ?? 0);
        const json: Json = { identifiers: all.slice(start, start + pageSize).map((name) => ({ namespace: ns, name })) };
        if (start + pageSize < all.length) json['next-page-token'] = String(start + pageSize);
        return { status: 200, json, schema: 'ListTablesResponse' };
      }
      if (method === 'POST') {
        if (check('CreateTableRequest', JSON.parse(body), 'request POST tables')) throw new HttpError(400, 'BadRequestException', 'malformed CreateTableRequest');
        const b = parseJsonLossless(body) as Json;
        if (b['stage-create'] === true) throw new HttpError(400, 'BadRequestException', 'staged create is not supported by this catalog');
        return { status: 200, json: await createTable(ns, b), schema: 'LoadTableResult' };
      }
    }
    if (parts[2] === 'tables' && parts.length === 4) {
      const name = decodeURIComponent(parts[3]!);
      if (method === 'GET') {
        const e = tables.get(tKey(ns, name));
        if (!e) throw new HttpError(404, 'NoSuchTableException', `Table does not exist: ${ns.join('.')}.${name}`);
        return { status: 200, json: loadResult(e), schema: 'LoadTableResult' };
      }
      if (method === 'POST') {
        if (check('CommitTableRequest', JSON.parse(body), 'request POST table')) throw new HttpError(400, 'BadRequestException', 'malformed CommitTableRequest');
        const r = await commit(ns, name, parseJsonLossless(body) as Json);
        return { ...r, schema: 'CommitTableResponse' };
      }
    }
    throw new HttpError(405, 'MethodNotAllowedException', `no route ${method} ${rawPath}`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const rawPath = (req.url ?? '/').split('?')[0]!;
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const method = req.method ?? 'GET';
        const key = req.headers['idempotency-key'];
        const idemKey = idempotency && typeof key === 'string' && method === 'POST' ? `${rawPath}\x00${key}` : undefined;
        let status = 500;
        let text = '';
        let delayMs = 0;
        let headers: Record<string, string> = {};
        try {
          if (typeof key === 'string' && !/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(key)) {
            violations.push(`request ${method} ${rawPath}: Idempotency-Key is not a UUIDv7: ${key}`);
            throw new HttpError(400, 'BadRequestException', 'Idempotency-Key must be a UUIDv7');
          }
          const stored = idemKey ? replay.get(idemKey) : undefined;
          if (stored) {
            stats.replays++;
            status = stored.status;
            text = stored.body;
          } else {
            const r = await route(method, rawPath, url, body, req);
            status = r.status;
            delayMs = r.delayMs ?? 0;
            headers = r.headers ?? {};
            if (r.json !== undefined) {
              text = stringifyJsonLossless(r.json);
              if (r.schema && check(r.schema, JSON.parse(text), `response ${method} ${rawPath}`)) {
                status = 500;
                text = errorBody(500, 'ResponseValidationError', 'the server built an answer that violates the spec');
              }
            }
          }
        } catch (e) {
          if (e instanceof HttpError) {
            status = e.status;
            headers = e.headers;
            if (status === 401 || status === 403) stats.authFailures++;
            text = method === 'HEAD' ? '' : errorBody(e.status, e.type, e.message);
          } else {
            status = 500;
            text = errorBody(500, 'InternalServerError', (e as Error).message);
          }
          if (text !== '') check('IcebergErrorResponse', JSON.parse(text), `response ${method} ${rawPath}`);
        }
        if (idemKey && status < 500 && !replay.has(idemKey)) replay.set(idemKey, { status, body: text });
        requests.push({ method, rawPath: req.url ?? '/', headers: req.headers, status });
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(method === 'HEAD' ? undefined : text);
      })();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    uri: `http://127.0.0.1:${port}${basePath}`,
    requests,
    violations,
    stats,
    inject: (...f) => { faults.push(...f); },
    metadataLocation: (ns, name) => tables.get(tKey(ns, name))?.metadataLocation,
    configure: (patch) => {
      if (patch.auth) auth = patch.auth;
      if (patch.faultRates) {
        rates = patch.faultRates;
        random = rng(rates.seed ?? 1);
      }
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
