/**
 * A lean GET of a whole (small) object: one SigV4-signed request (./sigv4-get.ts) over a bounded
 * pool of keep-alive connections (`undici`), with the S3 client's own credentials, region and
 * endpoint. The SDK's per-request machinery (middleware stack, endpoint rules, serde) costs about
 * 0.7 ms of CPU per GET — more than parsing a small Fluent Bit object — so thousands of small
 * objects are fetched this way ahead of their turn. `undici`'s dispatcher, fed a handler that
 * collects the body, costs about a third less CPU per GET than `node:http`'s request /
 * IncomingMessage streams (measured on 10,000 objects from the loopback server: bench/ and README
 * "Speed").
 *
 * It is an optimization only: anything but a plain `200` with the listed ETag and size (a redirect
 * to another region, a throttle, an error, a break) rejects, and the caller reads the object
 * through the SDK path, which retries, resumes and reports errors properly.
 */
import { Agent, type Dispatcher } from 'undici';
import type { S3Client } from '@aws-sdk/client-s3';
import { escapeRfc3986 as escapeSegment, signGet, type SigningCredentials } from './sigv4-get.js';

/** What a lean GET needs to know of the object. */
export interface LightGetTarget {
  bucket: string;
  key: string;
  size: number;
  /** The listed ETag: the GET is pinned to it (If-Match). */
  etag?: string;
}

interface Resolved {
  credentials: () => Promise<SigningCredentials>;
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number | undefined;
  /** Path prefix of a custom endpoint (no trailing slash). */
  basePath: string;
  pathStyle: boolean;
  region: string;
}

const resolved = new WeakMap<S3Client, Promise<Resolved>>();
/**
 * Keep-alive connections, at most 64 per origin (the prefetcher keeps at most 32 GETs in flight);
 * idle ones close after 4 s (below the usual 5 s of servers, so a reused connection is rarely one
 * the server is closing) and never keep the process alive.
 */
const agent = new Agent({ connections: 64, keepAliveTimeout: 4_000, headersTimeout: 30_000, bodyTimeout: 30_000 });

async function resolve(client: S3Client): Promise<Resolved> {
  const cfg = client.config as unknown as {
    region: () => Promise<string>;
    credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
    endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
    forcePathStyle?: boolean;
  };
  const region = await cfg.region();
  const ep = cfg.endpoint ? await cfg.endpoint() : undefined;
  const credentials = cfg.credentials;
  if (ep) {
    return {
      credentials, region, protocol: ep.protocol === 'http:' ? 'http:' : 'https:', hostname: ep.hostname, port: ep.port,
      basePath: ep.path.replace(/\/+$/, ''), pathStyle: cfg.forcePathStyle === true,
    };
  }
  return { credentials, region, protocol: 'https:', hostname: `s3.${region}.amazonaws.com`, port: undefined, basePath: '', pathStyle: cfg.forcePathStyle === true };
}

/** A lean GET's answer: status, ETag header, the whole body. */
export interface LeanAnswer {
  status: number;
  etag: string | undefined;
  body: Buffer;
}

/**
 * One signed GET of `key` in `bucket` (`key` undefined: the bucket itself, with `query`, as a
 * listing), its body collected whole. Rejects only on a transport failure; any status resolves.
 */
export async function leanGet(client: S3Client, bucket: string, key: string | undefined, query: string, extra: Record<string, string>): Promise<LeanAnswer> {
  let r = resolved.get(client);
  if (!r) resolved.set(client, (r = resolve(client)));
  const c = await r;
  // virtual-hosted style for DNS-compatible names on AWS, path style otherwise
  const hosted = !c.pathStyle && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
  const hostname = hosted ? `${bucket}.${c.hostname}` : c.hostname;
  const keyPath = key === undefined ? '' : `/${escapeSegment(key).replace(/%2F/g, '/')}`; // '/' stays a separator
  const path = hosted ? `${c.basePath}${keyPath || '/'}` : `${c.basePath}/${escapeSegment(bucket)}${keyPath}`;
  const host = c.port ? `${hostname}:${c.port}` : hostname;
  const headers = signGet({ host, path, headers: extra, query }, await c.credentials(), c.region);
  const origin = `${c.protocol}//${host}`;
  return new Promise<LeanAnswer>((done, fail) => {
    agent.dispatch({ origin, path: query ? `${path}?${query}` : path, method: 'GET', headers }, new Collect(done, fail));
  });
}

/**
 * The object's stored bytes, fetched with one signed GET. Rejects on anything unexpected (see the
 * module comment); never retries.
 */
export async function lightGet(client: S3Client, obj: LightGetTarget): Promise<Buffer> {
  const a = await leanGet(client, obj.bucket, obj.key, '', obj.etag ? { 'if-match': obj.etag } : {});
  const uri = `s3://${obj.bucket}/${obj.key}`;
  if (a.status !== 200) throw new Error(`GET ${uri}: HTTP ${a.status}`);
  if (a.body.length !== obj.size) throw new Error(`GET ${uri}: ${a.body.length} bytes, listed ${obj.size}`);
  if (obj.etag && a.etag && a.etag !== obj.etag) throw new Error(`GET ${uri}: ETag ${a.etag}, listed ${obj.etag}`);
  return a.body;
}

/** Collects one answer; settles once (undici may report an error after the end). */
class Collect implements Dispatcher.DispatchHandler {
  private status = 0;
  private etag: string | undefined;
  private first: Buffer | undefined;
  private parts: Buffer[] | undefined;
  private len = 0;
  private settled = false;

  constructor(private readonly done: (a: LeanAnswer) => void, private readonly fail: (e: Error) => void) {}

  onRequestStart(): void {}

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.status = statusCode;
    const etag = headers.etag;
    this.etag = Array.isArray(etag) ? etag[0] : etag;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.len += chunk.length;
    if (!this.first) this.first = chunk;
    else (this.parts ??= [this.first]).push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.done({ status: this.status, etag: this.etag, body: this.parts ? Buffer.concat(this.parts, this.len) : (this.first ?? Buffer.alloc(0)) });
  }

  onResponseError(_c: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.fail(error);
  }
}
