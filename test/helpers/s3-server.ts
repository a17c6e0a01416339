/**
 * Test helper: an S3 server on loopback (s3rver 3.7.1, in-process, random port, temp directory);
 * the fault-injection proxy in front of it is in ./s3-fault-proxy.ts (re-exported here).
 *
 * s3rver quirks handled here (see /work/shared/notes/test-parts.md §1):
 * - listings that need a continuation token use `createCipheriv('des')`, which OpenSSL 3 refuses;
 *   `installDesFix()` maps 'des' to 'des-ede3-cbc' with the key repeated three times (the same
 *   cipher) on the shared `crypto` module, in this process, only when 'des' is unavailable;
 * - clients must use `requestChecksumCalculation/responseChecksumValidation: 'WHEN_REQUIRED'`
 *   (else streamed uploads are stored with their aws-chunked framing) and path-style addressing;
 * - credentials are S3RVER/S3RVER (the signature is not really checked).
 */
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

export { startFaultProxy, type FaultProxy, type Fault, type ProxiedRequest } from './s3-fault-proxy.js';
