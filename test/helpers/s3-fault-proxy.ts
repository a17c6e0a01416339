/**
 * Test helper: a loopback HTTP proxy in front of an S3 endpoint (s3rver) that injects faults and
 * emulates S3's conditional writes, which s3rver ignores.
 *
 * Faults (each for the next `times` matching requests, matched by method and URL):
 * - `status`: an S3 error answer (e.g. 503 SlowDown, 500 InternalError) without reaching upstream;
 * - `statusAfter`: the request IS applied upstream, then the client gets the error status (the
 *   "did my write land?" case: a retry must cope with its own earlier write);
 * - `reset`: the socket is destroyed before any answer;
 * - `resetMid`: headers and some body bytes, then the connection ends short of Content-Length;
 * - `stall`: the answer waits `ms` before it is forwarded (a request timeout);
 * - `stallMid`: headers and some body bytes, then nothing for `ms`, then the rest.
 *
 * Conditional writes (`conditional: true`, the default): a PUT (not a part upload or a copy) and a
 * CompleteMultipartUpload POST carrying `If-None-Match: *` or `If-Match: <etag>` are checked
 * against the upstream object (HEAD) under a per-key lock held until the write's answer; a failed
 * condition answers 412 PreconditionFailed (If-Match on a missing key: 404 NoSuchKey), as S3 does.
 * All writers must go through the same proxy for this to be linearizable.
 *
 * Loopback only (127.0.0.1). Reusable by any test that needs a flaky S3.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import { Rng } from '../../src/generate/prng.js';
import { s3TestClient } from './s3-server.js';

/** What a proxied request looked like (for assertions such as "the resume used a Range"). */
export interface ProxiedRequest {
  method: string;
  url: string;
  range: string | undefined;
  /** The If-None-Match / If-Match header of a write, if any. */
  condition?: string;
  /** The fault injected into it, if any. */
  fault?: Fault['kind'];
  /** HTTP status the proxy answered with itself (precondition checks), if any. */
  answered?: number;
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
  | { kind: 'statusAfter'; status: number; code: string } // applied upstream, then answered with an error
  | { kind: 'reset' } // socket destroyed before any response
  | { kind: 'resetMid'; afterBytes?: number } // response headers + some body bytes, then the socket is destroyed
  | { kind: 'stall'; ms: number } // nothing for `ms`, then the real answer
  | { kind: 'stallMid'; ms: number; afterBytes?: number } // headers + some bytes, nothing for `ms`, then the rest
);

/** A loopback proxy in front of an S3 endpoint that can inject faults. */
export interface FaultProxy {
  readonly endpoint: string;
  /** A client through the proxy (SDK defaults: standard retries, 3 attempts). */
  readonly client: S3Client;
  /** Every request seen, in order. */
  readonly requests: ProxiedRequest[];
  inject(fault: Fault): void;
  /**
   * Random faults on a share of the matching requests from now on (until `chaos(undefined)`):
   * `rate` in [0, 1] of requests get one of `kinds`. Deterministic for a given `seed`.
   */
  chaos(opts: { rate: number; kinds: Fault[]; seed?: number } | undefined): void;
  /** Faults not yet used up. */
  pending(): number;
  /** Drops every fault not yet used up (and stops chaos). */
  clear(): void;
  stop(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Emulate If-None-Match / If-Match on writes (default true). */
  conditional?: boolean;
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

function errorBody(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function sendError(res: http.ServerResponse, status: number, code: string, message = 'injected by the test proxy'): void {
  const body = errorBody(code, message);
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Whether a request writes a whole object (PUT without part/copy, or CompleteMultipartUpload). */
function isObjectWrite(method: string, url: string, headers: http.IncomingHttpHeaders): boolean {
  const q = url.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : new URLSearchParams();
  if (method === 'PUT') return !q.has('partNumber') && !q.has('uploadId') && !headers['x-amz-copy-source'] && !q.has('tagging') && !q.has('acl');
  if (method === 'POST') return q.has('uploadId');
  return false;
}

/** Starts a fault-injection proxy on 127.0.0.1 in front of `upstream` (an http://127.0.0.1 endpoint). */
export async function startFaultProxy(upstream: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const up = new URL(upstream);
  const conditional = options.conditional ?? true;
  const faults: (Fault & { left: number })[] = [];
  const requests: ProxiedRequest[] = [];
  let chaos: { rate: number; kinds: Fault[]; rand: () => number } | undefined;
  const take = (method: string, url: string): Fault | undefined => {
    const i = faults.findIndex((f) => (!f.method || f.method === method) && (!f.url || f.url.test(url)));
    if (i >= 0) {
      const f = faults[i]!;
      if (--f.left <= 0) faults.splice(i, 1);
      return f;
    }
    if (chaos && chaos.rand() < chaos.rate) {
      const candidates = chaos.kinds.filter((f) => (!f.method || f.method === method) && (!f.url || f.url.test(url)));
      if (candidates.length > 0) return candidates[Math.floor(chaos.rand() * candidates.length)];
    }
    return undefined;
  };
  // per-key write locks for the conditional-write emulation
  const locks = new Map<string, Promise<void>>();
  const withKeyLock = async (key: string, fn: (release: () => void) => Promise<void>): Promise<void> => {
    const prev = locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = prev.then(() => mine);
    locks.set(key, chained);
    await prev;
    try {
      await fn(release);
    } catch (e) {
      release();
      throw e;
    } finally {
      void chained.then(() => {
        if (locks.get(key) === chained) locks.delete(key);
      });
    }
  };
  const headUpstream = (path: string): Promise<{ status: number; etag?: string }> => new Promise((resolve, reject) => {
    const r = http.request({ host: up.hostname, port: up.port, method: 'HEAD', path, headers: { host: `${up.hostname}:${up.port}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 500, etag: typeof res.headers.etag === 'string' ? res.headers.etag : undefined }));
    });
    r.on('error', reject);
    r.end();
  });

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, fault: Fault | undefined, done: () => void): void => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const upReq = http.request({ host: up.hostname, port: up.port, method, path: url, headers: req.headers }, (upRes) => {
      res.on('close', done);
      if (fault?.kind === 'statusAfter') {
        upRes.resume();
        upRes.on('end', () => sendError(res, fault.status, fault.code, 'injected after the request was applied'));
        return;
      }
      const send = (): void => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        if (fault?.kind !== 'resetMid' && fault?.kind !== 'stallMid') {
          upRes.pipe(res);
          return;
        }
        const length = Number(upRes.headers['content-length'] ?? 0);
        let budget = fault.afterBytes ?? Math.max(1, Math.floor(length / 2));
        if (fault.kind === 'stallMid') {
          // some bytes, a pause, then the rest
          let paused = false;
          upRes.on('data', (chunk: Buffer) => {
            if (paused || budget <= 0) {
              res.write(chunk);
              return;
            }
            const part = chunk.subarray(0, budget);
            budget -= part.length;
            res.write(part);
            if (budget <= 0) {
              paused = true;
              upRes.pause();
              const rest = chunk.subarray(part.length);
              setTimeout(() => {
                if (!res.destroyed) {
                  if (rest.length) res.write(rest);
                  upRes.resume();
                }
              }, fault.ms);
            }
          });
          upRes.on('end', () => res.end());
          return;
        }
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
      };
      if (fault?.kind === 'stall') setTimeout(send, fault.ms);
      else send();
    });
    upReq.on('error', () => {
      done();
      res.socket?.destroy();
    });
    req.pipe(upReq);
  };

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const fault = take(method, url);
    const rangeHeader = req.headers.range;
    const ifNoneMatch = req.headers['if-none-match'];
    const ifMatch = req.headers['if-match'];
    const write = conditional && isObjectWrite(method, url, req.headers) && (ifNoneMatch !== undefined || ifMatch !== undefined);
    const entry: ProxiedRequest = {
      method, url, range: typeof rangeHeader === 'string' ? rangeHeader : undefined,
      ...(write ? { condition: ifNoneMatch !== undefined ? `If-None-Match: ${String(ifNoneMatch)}` : `If-Match: ${String(ifMatch)}` } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    };
    requests.push(entry);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      req.resume();
      req.on('end', () => sendError(res, fault.status, fault.code));
      return;
    }
    if (!write) {
      forward(req, res, fault, () => {});
      return;
    }
    const path = url.split('?')[0]!;
    void withKeyLock(path, async (release) => {
      const head = await headUpstream(path);
      if (ifNoneMatch !== undefined && String(ifNoneMatch).trim() === '*' && head.status === 200) {
        entry.answered = 412;
        req.resume();
        req.on('end', () => sendError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'));
        release();
        return;
      }
      if (ifMatch !== undefined) {
        if (head.status === 404) {
          entry.answered = 404;
          req.resume();
          req.on('end', () => sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.'));
          release();
          return;
        }
        const want = String(ifMatch).split(',').map((s) => s.trim());
        if (!want.includes('*') && !want.includes(head.etag ?? '')) {
          entry.answered = 412;
          req.resume();
          req.on('end', () => sendError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'));
          release();
          return;
        }
      }
      forward(req, res, fault, release);
    }).catch(() => res.socket?.destroy());
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
    chaos(opts) {
      chaos = opts ? { rate: opts.rate, kinds: opts.kinds, rand: ((r: Rng) => () => r.next())(new Rng(opts.seed ?? 1)) } : undefined;
    },
    pending: () => faults.length,
    clear() {
      faults.length = 0;
      chaos = undefined;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
