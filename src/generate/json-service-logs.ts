/**
 * JSON-logging services:
 * - `orders-api` and `orders-worker`: Node.js with pino / pino-http (`{"level":30,"time":<epoch ms>,
 *   "pid":1,"hostname":...,"msg":...}`), uncaught exceptions printed by Node as plain text on stderr;
 * - `payments`: Go with zap's production config (`{"level":"info","ts":<epoch s.µs>,"caller":...,
 *   "msg":...}` on stderr, `stacktrace` field on errors), net/http panics printed by the `log` package.
 *
 * Imports the PRNG, the plan, the model, the stack traces and the formatters.
 */
import type { Rng } from './prng.js';
import { arrivals, RateProfile, sortEvents, type AppEvent } from './model.js';
import type { ClusterPlan } from './plan.js';
import { goHttpPanic, nodeErrorStack, nodeUncaught, zapStacktrace } from './stack-traces.js';
import { epochSecondsMicro } from './time-format.js';

const ROUTES: readonly (readonly [string, string, number])[] = [
  ['GET', '/v1/orders/:id', 40],
  ['GET', '/v1/orders', 15],
  ['POST', '/v1/orders', 18],
  ['POST', '/v1/orders/:id/cancel', 3],
  ['GET', '/v1/products/:sku', 20],
  ['GET', '/healthz', 12],
];

function url(rng: Rng, route: string): string {
  return route.replace(':id', String(rng.int(100000, 999999))).replace(':sku', 'SKU-' + rng.int(10000, 99999));
}

/** Adds an event whose text is built from its own (final) time. */
function pushAt(events: AppEvent[], t: number, stream: 'stdout' | 'stderr', build: (t: number) => string[]): void {
  events.push({ t, stream, lines: build(t) });
}

/** pino line with the fixed base fields, then the extra fields in order. */
function pino(t: number, level: number, hostname: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ level, time: t, pid: 1, hostname, ...fields });
}

function nodeStartup(t: number, host: string, rng: Rng, events: AppEvent[], port: number): void {
  events.push({ t, stream: 'stdout', lines: [pino(t, 30, host, { msg: `starting ${host.replace(/-[0-9a-f]{4}$/, '')} v2.14.${rng.int(0, 9)} (node v20.11.1, NODE_ENV=production)` })] });
  pushAt(events, t + rng.int(20, 200), 'stdout', (tt) => [pino(tt, 30, host, { msg: 'connected to postgres', db: 'orders', poolSize: 10 })]);
  pushAt(events, t + rng.int(200, 600), 'stdout', (tt) => [pino(tt, 30, host, { msg: 'kafka producer connected', brokers: 'kafka-1:9092,kafka-2:9092,kafka-3:9092' })]);
  pushAt(events, t + rng.int(600, 900), 'stdout', (tt) => [pino(tt, 30, host, { msg: `Server listening at http://0.0.0.0:${port}` })]);
}

/** orders-api (Docker json-file): pino-http request logs, app events, a 5xx spike and a crash. */
export function ordersApiEvents(plan: ClusterPlan, rng: Rng): AppEvent[] {
  const host = 'orders-api-7d9f';
  const events: AppEvent[] = [];
  const profile = new RateProfile(rng.fork('profile'), plan.start, plan.end);
  nodeStartup(plan.start + rng.int(3_000, 8_000), host, rng, events, 3000);
  const spikes = plan.incidents.filter((i) => i.type === 'error_spike' && i.service === 'orders-api');
  const restarts: { at: number; back: number }[] = spikes.map((s) => ({ at: s.end - rng.int(20_000, 60_000), back: 0 }));
  for (const r of restarts) r.back = r.at + rng.int(3_000, 8_000);

  const request = (t: number, errorP: number): void => {
    const [method, route] = rng.weighted(ROUTES.map((r) => [[r[0], r[1]] as const, r[2]] as const));
    const reqId = 'req-' + rng.alnum(6);
    const u = url(rng, route);
    const fail = rng.chance(errorP);
    const client = rng.chance(0.04);
    const status = fail ? rng.weighted([[500, 4], [503, 5], [504, 2]] as const) : client ? rng.weighted([[404, 5], [400, 3], [409, 1], [401, 1]] as const) : method === 'POST' ? 201 : 200;
    const rt = fail ? rng.int(2000, 30000) : Math.max(1, Math.round(route === '/healthz' ? rng.logNormal(1.5, 0.4) : rng.logNormal(22, 0.7)));
    if (fail) {
      const kind = rng.weighted([['pool', 5], ['upstream', 4]] as const);
      const message = kind === 'pool' ? 'timeout exceeded when trying to connect' : 'Headers Timeout Error';
      events.push({ t: t + rt, stream: 'stdout', lines: [pino(t + rt, 50, host, { reqId, req: { method, url: u }, res: { statusCode: status }, err: { type: kind === 'pool' ? 'Error' : 'HeadersTimeoutError', message, stack: nodeErrorStack(message, kind) }, responseTime: rt, msg: 'request errored' })] });
      return;
    }
    if (status === 201 && route === '/v1/orders' && rng.chance(0.8)) {
      const tc = t + Math.floor(rt / 2);
      events.push({ t: tc, stream: 'stdout', lines: [pino(tc, 30, host, { reqId, orderId: rng.int(100000, 999999), items: rng.int(1, 6), msg: 'order created' })] });
    }
    if (status === 400 && rng.chance(0.5)) {
      events.push({ t, stream: 'stdout', lines: [pino(t, 40, host, { reqId, err: { type: 'ValidationError', message: '"items" must contain at least 1 items', stack: nodeErrorStack('"items" must contain at least 1 items', 'validation') }, msg: 'invalid request body' })] });
    }
    events.push({ t: t + rt, stream: 'stdout', lines: [pino(t + rt, status >= 500 ? 50 : status >= 400 ? 40 : 30, host, { reqId, req: { method, url: u, remoteAddress: '172.18.0.1' }, msg: 'request completed', res: { statusCode: status }, responseTime: rt })] });
  };

  for (const t of arrivals(rng, plan.start + 10_000, plan.end, 0.62 * plan.rate, profile)) {
    if (restarts.some((r) => t >= r.at && t < r.back)) continue;
    const inSpike = spikes.some((s) => t >= s.start && t < s.end);
    request(t, inSpike ? 0.45 : 0.0025);
    if (inSpike && rng.chance(0.8)) request(t + rng.int(1, 500), 0.45);
  }
  // App-level warnings and noise.
  for (const t of arrivals(rng, plan.start + 60_000, plan.end, plan.rate / 300, profile)) {
    const w = rng.int(0, 2);
    if (w === 0) events.push({ t, stream: 'stdout', lines: [pino(t, 40, host, { msg: 'slow query', durationMs: rng.int(500, 4000), query: 'orders.findByCustomer' })] });
    else if (w === 1) events.push({ t, stream: 'stdout', lines: [pino(t, 40, host, { msg: 'payments authorize retry', attempt: rng.int(1, 3), upstream: 'payments.payments.svc:8080' })] });
    else events.push({ t, stream: 'stdout', lines: [pino(t, 30, host, { msg: 'kafka batch flushed', topic: 'orders', messages: rng.int(1, 200), partition: rng.int(0, 5) })] });
  }
  // The spike ends in an uncaught exception and a restart.
  for (const r of restarts) {
    events.push({ t: r.at, stream: 'stderr', lines: nodeUncaught(rng) });
    nodeStartup(r.back, host, rng, events, 3000);
  }
  return sortEvents(events.filter((e) => e.t < plan.end));
}

/** orders-worker (its `docker logs --timestamps` output): a pino Kafka consumer. */
export function ordersWorkerEvents(plan: ClusterPlan, rng: Rng): AppEvent[] {
  const host = 'orders-worker-5b2c';
  const events: AppEvent[] = [];
  const profile = new RateProfile(rng.fork('profile'), plan.start, plan.end);
  nodeStartup(plan.start + rng.int(5_000, 12_000), host, rng, events, 9464);
  let offset = rng.int(100_000, 900_000);
  for (const t of arrivals(rng, plan.start + 20_000, plan.end, 0.16 * plan.rate, profile)) {
    const partition = rng.int(0, 5);
    const n = rng.int(1, 40);
    offset += n;
    events.push({ t, stream: 'stdout', lines: [pino(t, 30, host, { msg: 'processing batch', topic: 'orders', partition, messages: n, firstOffset: offset - n })] });
    if (rng.chance(0.5)) pushAt(events, t + rng.int(5, 900), 'stdout', (tt) => [pino(tt, 30, host, { msg: 'order fulfilled', orderId: rng.int(100000, 999999), warehouse: rng.pick(['ams-1', 'fra-2', 'dub-1']) })]);
    if (rng.chance(0.01)) pushAt(events, t + rng.int(5, 900), 'stdout', (tt) => [pino(tt, 50, host, { msg: 'failed to process message', topic: 'orders', partition, offset, err: { type: 'Error', message: 'timeout exceeded when trying to connect', stack: nodeErrorStack('timeout exceeded when trying to connect', 'pool') } })]);
    if (rng.chance(0.02)) pushAt(events, t + rng.int(5, 900), 'stdout', (tt) => [pino(tt, 40, host, { msg: 'consumer lag above threshold', lag: rng.int(1000, 20000), group: 'orders-consumers' })]);
  }
  return sortEvents(events.filter((e) => e.t < plan.end));
}

/** A zap production-config line (key order: level, ts, caller, msg, then fields). */
function zap(t: number, micros: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): string {
  // ts must be a JSON number with 6 decimals, so the object is assembled by hand.
  const head = `{"level":${JSON.stringify(level)},"ts":${epochSecondsMicro(t, micros)},"caller":${JSON.stringify(caller)},"msg":${JSON.stringify(msg)}`;
  const rest = JSON.stringify(fields);
  return rest === '{}' ? head + '}' : head + ',' + rest.slice(1);
}

/** payments (Kubernetes CRI): zap request logs, PSP errors, a recovered panic, a 20-minute silence. */
export function paymentsEvents(plan: ClusterPlan, rng: Rng): AppEvent[] {
  const events: AppEvent[] = [];
  const profile = new RateProfile(rng.fork('profile'), plan.start, plan.end);
  const silences = plan.incidents.filter((i) => i.type === 'service_silence' && i.service === 'payments');
  const z = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): void => {
    events.push({ t, stream: 'stderr', lines: [zap(t, rng.int(0, 999), level, caller, msg, fields)] });
  };
  const t0 = plan.start + rng.int(2_000, 9_000);
  z(t0, 'info', 'cmd/payments/main.go:54', 'starting payments', { version: '1.31.2', go: 'go1.22.1', commit: rng.hex(7) });
  z(t0 + 12, 'info', 'internal/db/db.go:37', 'connected to postgres', { host: 'postgres.default.svc', database: 'payments', max_conns: 6 });
  z(t0 + 40, 'info', 'internal/kafka/producer.go:61', 'kafka producer ready', { brokers: ['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092'] });
  z(t0 + 41, 'info', 'cmd/payments/main.go:88', 'http server listening', { addr: ':8080' });

  const paths = [['POST', '/v1/payments/authorize', 40], ['POST', '/v1/payments/capture', 25], ['GET', '/v1/payments/:id', 30], ['POST', '/v1/refunds', 3]] as const;
  const ids = (): { trace_id: string; request_id: string } => ({ trace_id: rng.hex(32), request_id: rng.uuid() });
  const silent = (t: number): boolean => silences.some((s) => t >= s.start && t < s.end);
  for (const t of arrivals(rng, t0 + 1000, plan.end, 0.5 * plan.rate, profile)) {
    if (silent(t)) continue;
    const [method, path] = rng.weighted(paths.map((p) => [[p[0], p[1]] as const, p[2]] as const));
    const id = ids();
    const p = path.replace(':id', 'pay_' + rng.alnum(14));
    const err = rng.chance(0.004);
    const latency = err ? rng.float(2, 10) : rng.logNormal(0.035, 0.6);
    if (path === '/v1/payments/authorize' && !err && rng.chance(0.3)) z(t, 'info', 'internal/psp/client.go:92', 'payment authorized', { ...id, amount_cents: rng.int(100, 90000), currency: rng.pick(['EUR', 'USD', 'GBP']), psp: 'adyen' });
    if (err) {
      z(t, 'error', 'server/handler.go:131', 'psp request failed', { ...id, error: rng.pick(['context deadline exceeded', 'psp: 502 Bad Gateway', 'dial tcp 10.0.9.14:443: connect: connection refused']), attempt: 3, stacktrace: zapStacktrace() });
    } else if (rng.chance(0.01)) {
      z(t, 'warn', 'internal/psp/client.go:118', 'retrying psp call', { ...id, attempt: rng.int(1, 2), backoff: `${rng.int(100, 800)}ms` });
    }
    z(t + Math.floor(latency * 1000), err ? 'error' : 'info', 'server/handler.go:88', 'request handled', { ...id, method, path: p, status: err ? 502 : 200, latency: Number(latency.toFixed(6)) });
  }
  // Idempotency replays and Kafka produce confirmations.
  for (const t of arrivals(rng, t0 + 1000, plan.end, 0.05 * plan.rate, profile)) {
    if (silent(t)) continue;
    if (rng.chance(0.2)) z(t, 'warn', 'internal/idem/store.go:71', 'idempotency key replayed', { ...ids(), key: 'idem_' + rng.alnum(20) });
    else z(t, 'info', 'internal/kafka/producer.go:104', 'event published', { topic: 'payments', partition: rng.int(0, 5), offset: rng.int(100000, 9000000) });
  }
  // A recovered handler panic now and then (plain text on stderr through the standard log package).
  const panics = plan.scale === 'small' ? 1 : 3;
  for (let i = 0; i < panics; i++) {
    let t = Math.floor(rng.float(plan.start + 1_800_000, plan.end - 600_000));
    while (silent(t)) t += 1_500_000;
    const d = new Date(t);
    const stamp = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)}`;
    events.push({ t, stream: 'stderr', lines: goHttpPanic(rng, stamp, `10.0.3.${rng.int(2, 250)}:${rng.int(32768, 60999)}`) });
  }
  // After a silence: a few slow-request warnings as the stuck connection is released.
  for (const s of silences) {
    const n = rng.int(4, 12);
    for (let i = 0; i < n; i++) {
      const t = s.end + rng.int(100, 90_000);
      z(t, 'warn', 'server/middleware.go:61', 'slow request', { ...ids(), path: '/v1/payments/authorize', latency: Number(rng.float(5, 1200).toFixed(6)) });
    }
  }
  return sortEvents(events.filter((e) => e.t < plan.end && !silent(e.t)));
}
