/**
 * A lean GET of a whole (small) object: one SigV4-signed request (./sigv4-get.ts) over a
 * keep-alive agent, with the S3 client's own credentials, region and endpoint. The SDK's per-request machinery (middleware stack, endpoint rules, serde)
 * costs about 0.7 ms of CPU per GET — more than parsing a small Fluent Bit object — so thousands of
 * small objects are fetched this way ahead of their turn.
 *
 * It is an optimization only: anything but a plain `200` with the listed ETag and size (a redirect
 * to another region, a throttle, an error, a break) rejects, and the caller reads the object
 * through the SDK path, which retries, resumes and reports errors properly.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { signGet, type SigningCredentials } from './sigv4-get.js';

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
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

/** RFC 3986 escaping of one path segment, as S3 expects it. */
function escapeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

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

/**
 * The object's stored bytes, fetched with one signed GET. Rejects on anything unexpected (see the
 * module comment); never retries.
 */
export async function lightGet(client: S3Client, obj: LightGetTarget): Promise<Buffer> {
  let r = resolved.get(client);
  if (!r) resolved.set(client, (r = resolve(client)));
  const c = await r;
  const keyPath = obj.key.split('/').map(escapeSegment).join('/');
  // virtual-hosted style for DNS-compatible names on AWS, path style otherwise
  const hosted = !c.pathStyle && /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(obj.bucket);
  const hostname = hosted ? `${obj.bucket}.${c.hostname}` : c.hostname;
  const path = hosted ? `${c.basePath}/${keyPath}` : `${c.basePath}/${escapeSegment(obj.bucket)}/${keyPath}`;
  const host = c.port ? `${hostname}:${c.port}` : hostname;
  const headers = signGet({ host, path, headers: obj.etag ? { 'if-match': obj.etag } : {} }, await c.credentials(), c.region);
  const send = c.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<Buffer>((done, fail) => {
    const req = send({
      method: 'GET', protocol: c.protocol, hostname, port: c.port, path, headers,
      agent: c.protocol === 'http:' ? httpAgent : httpsAgent, timeout: 30_000,
    }, (res: IncomingMessage) => {
      const parts: Buffer[] = [];
      let len = 0;
      res.on('data', (b: Buffer) => {
        parts.push(b);
        len += b.length;
      });
      res.on('error', fail);
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(new Error(`GET s3://${obj.bucket}/${obj.key}: HTTP ${res.statusCode}`));
        if (len !== obj.size) return fail(new Error(`GET s3://${obj.bucket}/${obj.key}: ${len} bytes, listed ${obj.size}`));
        const etag = res.headers.etag;
        if (obj.etag && etag && etag !== obj.etag) return fail(new Error(`GET s3://${obj.bucket}/${obj.key}: ETag ${etag}, listed ${obj.etag}`));
        done(Buffer.concat(parts, len));
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end();
  });
}
