/**
 * Test helper: an S3 server on loopback (s3rver 3.7.1, in-process, random port, temp directory)
 * and a fault-injection proxy in front of it.
 *
 * s3rver quirks handled here (see /work/shared/notes/test-parts.md §1):
 * - listings that need a continuation token use `createCipheriv('des')`, which OpenSSL 3 refuses;
 *   `installDesFix()` maps 'des' to 'des-ede3-cbc' with the key repeated three times (the same
 *   cipher) on the shared `crypto` module, in this process, only when 'des' is unavailable;
 * - clients must use `requestChecksumCalculation/responseChecksumValidation: 'WHEN_REQUIRED'`
 *   (else streamed uploads are stored with their aws-chunked framing) and path-style addressing;
 * - credentials are S3RVER/S3RVER (the signature is not really checked).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverInstance;

const PATCHED = Symbol.for('loglake.test.s3rver-des-fix');

/**
 * Makes `crypto.createCipheriv('des', …)`/`createDecipheriv` work under OpenSSL 3 (s3rver's
 * continuation tokens). Idempotent; a no-op when the legacy provider is loaded.
 */
export function installDesFix(): void {
  const crypto = require('node:crypto') as typeof import('node:crypto') & { [PATCHED]?: boolean };
  if (crypto[PATCHED]) return;
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    crypto[PATCHED] = true;
    return; // 'des' works (legacy provider): nothing to do
  } catch {
    // ERR_OSSL_EVP_UNSUPPORTED: patch below
  }
  type AnyFn = (alg: string, key: Buffer, iv: Buffer, ...rest: unknown[]) => unknown;
  const wrap = (orig: AnyFn): AnyFn => (alg, key, iv, ...rest) =>
    alg.toLowerCase() === 'des' || alg.toLowerCase() === 'des-cbc'
      ? orig('des-ede3-cbc', Buffer.concat([key, key, key]), iv, ...rest) // K1=K2=K3: single DES
      : orig(alg, key, iv, ...rest);
  const c = crypto as unknown as Record<string, AnyFn>;
  c.createCipheriv = wrap(crypto.createCipheriv.bind(crypto) as unknown as AnyFn);
  c.createDecipheriv = wrap(crypto.createDecipheriv.bind(crypto) as unknown as AnyFn);
  crypto[PATCHED] = true;
}

/** An S3 client for the test server (or a proxy in front of it). */
export function s3TestClient(endpoint: string, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

/** A running s3rver. */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** A client for it (path style, S3RVER credentials, WHEN_REQUIRED checksums). */
  readonly client: S3Client;
  /** Where the objects are stored; removed by stop(). */
  readonly directory: string;
  /** Stops the server, destroys the client, removes the directory. Idempotent. */
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 with a random port and a temp directory, with `buckets` created. */
export async function startS3Server(opts: { buckets?: string[] } = {}): Promise<S3TestServer> {
  installDesFix();
  const S3rver = require('s3rver') as S3rverCtor;
  const directory = mkdtempSync(join(tmpdir(), 'loglake-s3rver-'));
  const server = new S3rver({
    port: 0, address: '127.0.0.1', silent: true, directory,
    configureBuckets: (opts.buckets ?? ['bkt']).map((name) => ({ name })),
  });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const client = s3TestClient(endpoint);
  let stopped = false;
  return {
    endpoint, client, directory,
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      await server.close().catch(() => {});
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** What a proxied request looked like (for assertions such as "the resume used a Range"). */
export interface ProxiedRequest {
  method: string;
  url: string;
  range: string | undefined;
  /** The fault injected into it, if any. */
  fault?: Fault['kind'];
}

/** A fault to inject into the next `times` (default 1) requests that match. */
export type Fault = {
  /** Only requests with this method (e.g. 'GET'). */
  method?: string;
  /** Only requests whose URL (path + query) matches. */
  url?: RegExp;
  times?: number;
} & (
  | { kind: 'status'; status: number; code: string }
  | { kind: 'reset' } // socket destroyed before any response
  | { kind: 'resetMid'; afterBytes?: number } // response headers + some body bytes, then the socket is destroyed
);

/** A loopback proxy in front of an S3 endpoint that can inject faults. */
export interface FaultProxy {
  readonly endpoint: string;
  /** A client through the proxy (SDK defaults: standard retries, 3 attempts). */
  readonly client: S3Client;
  /** Every request seen, in order. */
  readonly requests: ProxiedRequest[];
  inject(fault: Fault): void;
  /** Faults not yet used up. */
  pending(): number;
  stop(): Promise<void>;
}

/**
 * Ends the connection under a response whose body is incomplete. A half-close (FIN) after the
 * written bytes, so the client receives them and then sees the body end short of Content-Length
 * (Node: 'aborted' / ECONNRESET); an immediate destroy() can race with the client's read.
 */
function breakConnection(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end();
  socket.setTimeout(1000, () => socket.destroy());
}

/** Starts a fault-injection proxy on 127.0.0.1 in front of `upstream` (an http://127.0.0.1 endpoint). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const up = new URL(upstream);
  const faults: (Fault & { left: number })[] = [];
  const requests: ProxiedRequest[] = [];
  const take = (method: string, url: string): Fault | undefined => {
    const i = faults.findIndex((f) => (!f.method || f.method === method) && (!f.url || f.url.test(url)));
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (--f.left <= 0) faults.splice(i, 1);
    return f;
  };
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const fault = take(method, url);
    const rangeHeader = req.headers.range;
    requests.push({ method, url, range: typeof rangeHeader === 'string' ? rangeHeader : undefined, ...(fault ? { fault: fault.kind } : {}) });
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      req.resume();
      req.on('end', () => {
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>injected by the test proxy</Message></Error>`;
        res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
      return;
    }
    const upReq = http.request({
      host: up.hostname, port: up.port, method, path: url, headers: req.headers,
    }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      if (fault?.kind !== 'resetMid') {
        upRes.pipe(res);
        return;
      }
      const length = Number(upRes.headers['content-length'] ?? 0);
      let budget = fault.afterBytes ?? Math.max(1, Math.floor(length / 2));
      if (budget <= 0) {
        // headers only, then the connection ends
        upRes.destroy();
        res.flushHeaders();
        breakConnection(res);
        return;
      }
      upRes.on('data', (chunk: Buffer) => {
        if (budget <= 0) return;
        const part = chunk.subarray(0, budget);
        budget -= part.length;
        if (budget > 0) {
          res.write(part);
          return;
        }
        upRes.destroy();
        res.write(part, () => breakConnection(res));
      });
      upRes.on('end', () => breakConnection(res)); // shorter than the budget: still break it
    });
    upReq.on('error', () => res.socket?.destroy());
    req.pipe(upReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = s3TestClient(endpoint);
  let stopped = false;
  return {
    endpoint, client, requests,
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    pending: () => faults.length,
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
