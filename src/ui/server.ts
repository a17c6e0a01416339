/**
 * `loglake serve`: the live UI over node:http. JSON endpoints: `GET /api/report` (the report's
 * data for a service / time range), `GET /api/rows` (drill-down: the rows behind a chart point),
 * `POST /api/sql` (the sandboxed read-only console), `POST /api/ask` (a plain-language question →
 * the checked SQL `loglake ask` would run, and its result). All SQL is parameterized. Binds 127.0.0.1
 * unless told otherwise; a token is required for any other address; Host headers are checked on
 * loopback (DNS rebinding).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { LoglakeError, UsageError } from '../core/errors.js';
import { openWarehouse, type OpenedLake } from '../analytics/sql/lake.js';
import { gatherReport, drillRows, parseDrillFilter, openSqlConsole, type ReportRequest, type SqlConsole } from '../analytics/reports/index.js';
import { parseDurationSecs } from '../analytics/patterns/index.js';
import { ask, llmConfigFromEnv, type LlmConfig } from '../analytics/ask/index.js';
import { contentSecurityPolicy, renderPage } from './page.js';

/** Options of {@link startServer}. */
export interface ServeOptions {
  warehouse: string;
  port: number;
  host: string;
  token?: string;
  /** SQL console and question time limit (default 10 s). */
  sqlTimeoutMs?: number;
  /** Model for questions (default: from LOGLAKE_LLM_URL / LOGLAKE_LLM_MODEL, else the built-in translator). */
  llm?: LlmConfig;
}

/** What `POST /api/ask` answers. */
export type AskReply =
  | { kind: 'answer'; engine: 'builtin' | 'model'; sql: string; notes: string[]; columns: string[]; rows: unknown[][]; truncated: boolean; elapsed_ms: number }
  | { kind: 'refused'; reason: string; suggestion?: string };

/** Rows a question returns at most (as `loglake ask`'s default). */
const ASK_MAX_ROWS = 1000;

/** A running server. */
export interface RunningServer { url: string; port: number; close(): Promise<void> }

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses `since`/`until`: an ISO time, or (since only) a duration back from the lake's latest row. */
export function reportRequest(p: URLSearchParams): ReportRequest {
  const r: ReportRequest = {};
  const service = p.get('service');
  if (service) r.service = service;
  const time = (name: string, v: string): number => {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new UsageError(`${name} must be an ISO time${name === 'since' ? ' or a duration like 24h' : ''}`);
    return ms;
  };
  const since = p.get('since');
  if (since) {
    if (/^\d+(\.\d+)?\s*(s|sec|m|min|h|d)$/.test(since.trim())) r.sinceSecs = parseDurationSecs(since);
    else r.since = time('since', since);
  }
  const until = p.get('until');
  if (until) r.until = time('until', until);
  return r;
}

/** Starts the server; resolves once it listens. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(o.host) && !o.token) throw new UsageError(`serve: --token is required to listen on ${o.host} (anything but 127.0.0.1 / ::1)`);
  const sql: SqlConsole = await openSqlConsole(o.warehouse, { timeoutMs: o.sqlTimeoutMs ?? 10_000 });
  let lake: OpenedLake | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  /** One DuckDB job at a time on the data connection. */
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.then(f);
    chain = p.catch(() => undefined);
    return p;
  };
  const llm = o.llm ?? llmConfigFromEnv(process.env);
  /** One question, as `loglake ask` answers it (same translator, checks, sandbox and limits). */
  const answer = async (question: string, now: Date): Promise<AskReply> => {
    const notes: string[] = [];
    const t0 = performance.now();
    const r = await ask({
      warehouse: o.warehouse, question, now, dryRun: false, llm,
      limits: { maxRows: ASK_MAX_ROWS, timeoutMs: o.sqlTimeoutMs ?? 10_000 },
      note: (line) => notes.push(line),
    });
    if (r.kind === 'refused') return r;
    // the SQL comes back as its own field; the notes keep what was understood and assumed
    const shown = notes.filter((l) => l !== r.sql && !/^SQL \((builtin|model)\):$/.test(l));
    return {
      kind: 'answer', engine: r.engine, sql: r.sql, notes: shown, columns: r.result!.columns, rows: r.result!.rows,
      truncated: r.result!.truncated, elapsed_ms: Math.round(performance.now() - t0),
    };
  };
  const page = renderPage('live');
  const csp = contentSecurityPolicy('live');
  let port = o.port;

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    if (!o.token) return true;
    const given = (req.headers.authorization ?? '').replace(/^Bearer /, '') || url.searchParams.get('token') || '';
    const a = Buffer.from(given);
    const b = Buffer.from(o.token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const hostOk = (req: IncomingMessage): boolean => {
    if (!isLoopback(o.host)) return true;
    const h = (req.headers.host ?? '').toLowerCase();
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h);
  };
  const send = (res: ServerResponse, status: number, body: string, type: string): void => {
    res.writeHead(status, {
      'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY', 'Content-Security-Policy': csp + "; frame-ancestors 'none'", 'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, v: unknown): void => send(res, status, JSON.stringify(v), 'application/json; charset=utf-8');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostOk(req)) return json(res, 421, { error: 'unexpected Host header' });
    if (!authorized(req, url)) return json(res, 401, { error: 'missing or wrong token (open the URL with ?token=…)' });
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, page, 'text/html; charset=utf-8');
    if (req.method === 'GET' && url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    if (req.method === 'GET' && url.pathname === '/api/report') {
      const r = reportRequest(url.searchParams);
      const data = await serial(async () => {
        lake?.close();
        lake = null;
        lake = await openWarehouse(o.warehouse);
        return gatherReport(lake.con, o.warehouse, r);
      });
      return json(res, 200, data);
    }
    if (req.method === 'GET' && url.pathname === '/api/rows') {
      const f = parseDrillFilter(url.searchParams);
      const r = await serial(async () => {
        if (!lake) {
          lake = await openWarehouse(o.warehouse);
          await gatherReport(lake.con, o.warehouse, {});
        }
        return drillRows(lake.con, f);
      });
      return json(res, 200, r);
    }
    if (req.method === 'POST' && url.pathname === '/api/sql') {
      const body = await readBody(req, 64 * 1024);
      let text: unknown;
      try {
        text = (JSON.parse(body) as { sql?: unknown }).sql;
      } catch {
        throw new UsageError('body must be JSON {"sql": "..."}');
      }
      if (typeof text !== 'string') throw new UsageError('body must be JSON {"sql": "..."}');
      return json(res, 200, await sql.run(text));
    }
    if (req.method === 'POST' && url.pathname === '/api/ask') {
      const { question, now } = askRequest(await readBody(req, 8 * 1024));
      const reply = await serial(() => answer(question, now));
      return json(res, 200, reply);
    }
    return json(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof UsageError ? 400 : 500;
      const msg = e instanceof LoglakeError ? e.message : `internal error: ${(e as Error).message.split('\n')[0]}`;
      if (!res.headersSent) json(res, status, { error: msg });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new LoglakeError('IO', `serve: cannot listen on ${o.host}:${o.port}: ${e.code ?? e.message}`)));
    server.listen(o.port, o.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shown = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await chain;
      lake?.close();
      sql.close();
    },
  };
}

/** The body of `POST /api/ask`: `{"question": "...", "now"?: ISO time relative ranges end at}`. */
export function askRequest(body: string): { question: string; now: Date } {
  const bad = (): never => {
    throw new UsageError('body must be JSON {"question": "...", "now": "<ISO time, optional>"}');
  };
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    bad();
  }
  const { question, now } = (v ?? {}) as { question?: unknown; now?: unknown };
  if (typeof question !== 'string' || question.trim() === '') bad();
  if ((question as string).length > 500) throw new UsageError('question: at most 500 characters');
  if (now === undefined || now === null || now === '') return { question: question as string, now: new Date() };
  const ms = typeof now === 'string' ? Date.parse(now) : NaN;
  if (Number.isNaN(ms)) throw new UsageError('now must be an ISO time');
  return { question: question as string, now: new Date(ms) };
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > max) {
        reject(new UsageError(`request body over ${max} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
