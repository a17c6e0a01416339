/**
 * A second, independent incident generator for evaluating anomaly precision: 24 h of JSON logs of
 * nine Docker Compose services (json-file layout), full of benign traps, with its own truth.
 *
 * Written from the traps named in issue 10, not from the detector's code paths:
 * - a diurnal cycle on every request-driven service (trough 03:00, peak 15:00 UTC);
 * - a chatty service whose DEBUG line comes in waves all day (on/off bursts of random length);
 * - scheduled jobs: an hourly WARN burst at minute 0 and a nightly job at 02:00 with its own lines;
 * - deploys: a container is replaced (new id, new image tag), logs a start-up sequence never seen
 *   before, and its steady traffic then carries a new INFO line;
 * - low-rate background errors on some services.
 * Incidents (the truth) are cascades across services with a root cause, a crash (silence), a bad
 * deploy (errors right after an image change), a retry storm, a new error and a latency flood.
 *
 * Imports the PRNG and the Docker json-file record helpers only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from './prng.js';
import { dockerRecord, rfc3339Nano } from './docker-json-file.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** One incident of the truth. */
export interface TruthIncident {
  id: string;
  type: 'cascade' | 'crash' | 'bad_deploy' | 'retry_storm' | 'new_error' | 'latency';
  start: string;
  end: string;
  /** Every service that shows the incident (the root cause first). */
  services: string[];
  root_cause: string;
}

/** A benign event the detector should not alarm on (or should label benign). */
export interface BenignEvent {
  type: 'cron_hourly' | 'cron_nightly' | 'deploy' | 'bursty';
  service: string;
  start: string;
  end: string;
}

/** The document written to `incident-truth.json`. */
export interface IncidentTruth {
  version: 1;
  seed: number;
  start: string;
  end: string;
  services: string[];
  incidents: TruthIncident[];
  benign: BenignEvent[];
}

/** Options of {@link generateIncidentSet}. */
export interface IncidentSetOptions {
  out: string;
  seed: number;
  /** Hours of data (default 24). */
  hours?: number;
  /** First instant (epoch ms, default 2026-03-02T00:00Z). */
  start?: number;
  /** Multiplies every traffic rate (default 1). */
  rate?: number;
  /** Level of the bursty line (default `debug`; `info` checks the detector without the DEBUG hint). */
  burstyLevel?: string;
}

interface Line { t: number; level: string; logger: string; msg: string; extra?: Record<string, unknown> }

interface Container { id: string; service: string; image: string; from: number; to: number; lines: Line[] }

type Msg = (r: Rng) => string;
interface Kind { w: number; level: string; logger: string; msg: Msg }

const iso = (t: number): string => new Date(t).toISOString();

/** Diurnal factor in [0.25, 1]: trough 03:00 UTC, peak 15:00 UTC. */
function diurnal(t: number): number {
  const h = (t % (24 * HOUR)) / HOUR;
  return 0.25 + 0.75 * (1 - Math.cos((2 * Math.PI * (h - 3)) / 24)) / 2;
}

/** Poisson arrivals in [a, b) of a rate per minute `rate(t)` bounded by `max`, by thinning. */
function arrivals(rng: Rng, a: number, b: number, max: number, rate: (t: number) => number): number[] {
  const out: number[] = [];
  if (max <= 0) return out;
  let t = a;
  for (;;) {
    t += rng.exp(MIN / max);
    if (t >= b) return out;
    if (rng.next() * max < rate(t)) out.push(Math.floor(t));
  }
}

function pickKind(rng: Rng, kinds: readonly Kind[]): Kind {
  return rng.weighted(kinds.map((k) => [k, k.w] as const));
}

const PATHS = ['/api/v2/cart', '/api/v2/items', '/api/v2/checkout', '/api/v2/session', '/api/v2/search', '/healthz'];
const ip = (r: Rng): string => `10.${r.int(0, 3)}.${r.int(0, 255)}.${r.int(1, 254)}`;

/** Steady traffic of each service (per minute at the diurnal peak), and its message kinds. */
const SERVICES: Record<string, { rate: number; diurnal: boolean; kinds: Kind[] }> = {
  'edge-gateway': { rate: 40, diurnal: true, kinds: [
    { w: 80, level: 'info', logger: 'http.access', msg: (r) => `${r.pick(['GET', 'POST', 'PUT'])} ${r.pick(PATHS)} from ${ip(r)} status=200 bytes=${r.int(120, 90000)} in ${r.int(2, 400)}ms` },
    { w: 5, level: 'info', logger: 'http.access', msg: (r) => `GET ${r.pick(PATHS)} from ${ip(r)} status=304 bytes=0 in ${r.int(1, 20)}ms` },
    { w: 1, level: 'warn', logger: 'upstream', msg: (r) => `upstream ${r.pick(['basket', 'stock'])} responded slowly (${r.int(800, 2000)}ms)` },
  ] },
  basket: { rate: 25, diurnal: true, kinds: [
    { w: 60, level: 'info', logger: 'basket.service', msg: (r) => `basket ${r.hex(8)} updated with ${r.int(1, 9)} items` },
    { w: 20, level: 'info', logger: 'basket.repo', msg: (r) => `loaded basket ${r.hex(8)} in ${r.int(1, 40)} ms` },
    { w: 0.4, level: 'error', logger: 'basket.pay', msg: (r) => `card authorisation declined for basket ${r.hex(8)}: insufficient funds` },
  ] },
  stock: { rate: 15, diurnal: true, kinds: [
    { w: 50, level: 'info', logger: 'stock.api', msg: (r) => `reserved ${r.int(1, 5)} units of sku ${r.int(10000, 99999)} for order ${r.int(1e6, 9e6)}` },
    { w: 30, level: 'info', logger: 'stock.api', msg: (r) => `released reservation ${r.hex(12)}` },
  ] },
  'sql-pool': { rate: 30, diurnal: true, kinds: [
    { w: 70, level: 'info', logger: 'pool', msg: (r) => `client ${ip(r)}:${r.int(30000, 60000)} checked out server connection ${r.int(1, 40)} (wait ${r.int(0, 5)}ms)` },
    { w: 30, level: 'debug', logger: 'pool', msg: (r) => `stats: ${r.int(1, 40)} active, ${r.int(0, 20)} idle, ${r.int(0, 3)} waiting` },
  ] },
  'doc-indexer': { rate: 4, diurnal: false, kinds: [
    { w: 10, level: 'info', logger: 'indexer', msg: (r) => `committed index generation ${r.int(1000, 9999)}` },
  ] },
  'job-runner': { rate: 1, diurnal: false, kinds: [
    { w: 10, level: 'info', logger: 'scheduler', msg: () => 'scheduler heartbeat: 4 jobs registered' },
  ] },
  identity: { rate: 12, diurnal: true, kinds: [
    { w: 70, level: 'info', logger: 'auth.token', msg: (r) => `issued token for client ${r.pick(['web', 'ios', 'android', 'partner'])} (ttl 3600s, sub ${r.int(1e5, 9e5)})` },
    { w: 30, level: 'info', logger: 'auth.session', msg: (r) => `session ${r.hex(16)} refreshed` },
    { w: 0.3, level: 'warn', logger: 'auth.token', msg: (r) => `rejected expired token for sub ${r.int(1e5, 9e5)}` },
  ] },
  mailer: { rate: 2, diurnal: true, kinds: [
    { w: 10, level: 'info', logger: 'mail.out', msg: (r) => `queued message ${r.hex(10)} to ${r.pick(['gmail.com', 'outlook.com', 'example.org'])} (${r.int(2, 80)} KB)` },
  ] },
  'kv-cache': { rate: 10, diurnal: true, kinds: [
    { w: 60, level: 'info', logger: 'cache', msg: (r) => `evicted ${r.int(1, 300)} keys from shard ${r.int(0, 7)}` },
    { w: 40, level: 'debug', logger: 'cache', msg: (r) => `snapshot of shard ${r.int(0, 7)} took ${r.int(2, 90)}ms` },
  ] },
};

/**
 * Generates the incident set into `<out>/docker/containers/<id>/…` and writes
 * `<out>/incident-truth.json`. Deterministic for a seed.
 */
export function generateIncidentSet(opts: IncidentSetOptions): IncidentTruth {
  const rng = new Rng(`incident-set:${opts.seed}`);
  const t0 = opts.start ?? Date.UTC(2026, 2, 2);
  const t1 = t0 + (opts.hours ?? 24) * HOUR;
  const scale = opts.rate ?? 1;
  const names = Object.keys(SERVICES);
  const containers: Container[] = [];
  const current = new Map<string, Container>();
  const version = new Map<string, number>();
  const newContainer = (service: string, from: number): Container => {
    const v = (version.get(service) ?? rng.int(3, 9)) + 1;
    version.set(service, v);
    const c: Container = { id: rng.hex(64), service, image: `registry.internal/shop/${service}:1.${v}.${rng.int(0, 9)}`, from, to: t1, lines: [] };
    containers.push(c);
    current.set(service, c);
    return c;
  };
  for (const s of names) newContainer(s, t0);

  // Time slots: incidents and deploys at distinct hours, away from minute 0 (the hourly job) and 02:00–03:00 (the nightly job).
  const hours = Array.from({ length: Math.floor((t1 - t0) / HOUR) - 1 }, (_, i) => i + 1).filter((h) => h % 24 !== 2);
  for (let i = hours.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [hours[i], hours[j]] = [hours[j] as number, hours[i] as number];
  }
  const slot = (): number => t0 + (hours.shift() as number) * HOUR + rng.int(10, 35) * MIN + rng.int(0, 59_000);

  const incidents: TruthIncident[] = [];
  const benign: BenignEvent[] = [];
  /** Extra lines (incidents, jobs, start-ups) per service, added to whichever container is live at t. */
  const extra: { service: string; line: Line }[] = [];
  const emit = (service: string, t: number, level: string, logger: string, msg: string): void => {
    extra.push({ service, line: { t: Math.floor(t), level, logger, msg } });
  };
  const storm = (service: string, a: number, b: number, perMin: number, level: string, logger: string, msg: Msg): void => {
    for (const t of arrivals(rng, a, b, perMin, () => perMin)) emit(service, t, level, logger, msg(rng));
  };
  /** Silent spans of a service (no steady traffic). */
  const silent = new Map<string, [number, number][]>();
  const addSilence = (s: string, a: number, b: number): void => {
    const l = silent.get(s) ?? [];
    l.push([a, b]);
    silent.set(s, l);
  };

  // Deploys (benign): the container is replaced, a start-up sequence, then a new INFO line in the traffic.
  const newLines = new Map<string, { from: number; kind: Kind }[]>();
  const deploy = (service: string, at: number): Container => {
    const gap = rng.int(20_000, 80_000);
    (current.get(service) as Container).to = at;
    emit(service, at - 200, 'info', 'lifecycle', 'received SIGTERM, draining connections');
    const c = newContainer(service, at + gap);
    const s = at + gap;
    emit(service, s, 'info', 'lifecycle', `starting ${service} ${c.image.split(':')[1]} (build ${rng.hex(7)})`);
    emit(service, s + 300, 'info', 'config', `loaded ${rng.int(20, 60)} settings from /etc/${service}/config.yaml`);
    emit(service, s + 500, 'warn', 'config', `setting "legacy_mode" is deprecated and will be removed in 2.0`);
    emit(service, s + 900, 'info', 'lifecycle', `listening on 0.0.0.0:${rng.int(8000, 8099)}`);
    const feature = `feature flag ${rng.pick(['fast-path', 'bulk-api', 'v3-pricing'])} evaluated for request ${'{id}'}`;
    const l = newLines.get(service) ?? [];
    l.push({ from: s + 1000, kind: { w: 15, level: 'info', logger: 'features', msg: (r) => feature.replace('{id}', r.hex(8)) } });
    newLines.set(service, l);
    benign.push({ type: 'deploy', service, start: iso(at), end: iso(s + 2 * MIN) });
    return c;
  };
  for (const s of ['identity', 'basket', 'stock']) deploy(s, slot());

  // Incidents.
  {
    const a = slot();
    const b = a + rng.int(12, 20) * MIN;
    storm('sql-pool', a, b, 25, 'error', 'pool', (r) => `no more connections allowed (max_client_conn ${r.pick([200])}), closing client ${ip(r)}:${r.int(30000, 60000)}`);
    storm('basket', a + 2 * MIN, b + MIN, 12, 'error', 'basket.repo', (r) => `query failed after ${r.int(5000, 5100)} ms: connection pool timeout`);
    storm('edge-gateway', a + 3 * MIN, b + MIN, 15, 'error', 'upstream', (r) => `upstream basket returned 503 for ${r.pick(PATHS)} (request ${r.hex(8)})`);
    incidents.push({ id: 'cascade-pool', type: 'cascade', start: iso(a), end: iso(b + MIN), services: ['sql-pool', 'basket', 'edge-gateway'], root_cause: 'sql-pool' });
  }
  {
    const a = slot();
    const b = a + rng.int(18, 30) * MIN;
    emit('stock', a - 500, 'error', 'stock.api', 'unhandled rejection: heap out of memory');
    addSilence('stock', a, b);
    incidents.push({ id: 'crash-stock', type: 'crash', start: iso(a), end: iso(b), services: ['stock'], root_cause: 'stock' });
  }
  {
    const a = slot();
    deploy('mailer', a);
    const s = a + 90_000;
    const b = s + rng.int(15, 25) * MIN;
    storm('mailer', s, b, 6, 'error', 'mail.render', (r) => `template render failed for message ${r.hex(10)}: missing key "recipient.name"`);
    incidents.push({ id: 'bad-deploy-mailer', type: 'bad_deploy', start: iso(s), end: iso(b), services: ['mailer'], root_cause: 'mailer' });
  }
  {
    const a = slot();
    const b = a + rng.int(8, 14) * MIN;
    storm('edge-gateway', a, b, 180, 'warn', 'upstream', (r) => `retrying ${r.pick(PATHS)} on upstream stock (attempt ${r.int(2, 5)} of 5)`);
    storm('stock', a, b, 60, 'info', 'stock.api', (r) => `reserved ${r.int(1, 5)} units of sku ${r.int(10000, 99999)} for order ${r.int(1e6, 9e6)}`);
    incidents.push({ id: 'retry-storm', type: 'retry_storm', start: iso(a), end: iso(b), services: ['edge-gateway', 'stock'], root_cause: 'edge-gateway' });
  }
  {
    const a = slot();
    const b = a + rng.int(10, 16) * MIN;
    storm('kv-cache', a, b, 4, 'error', 'cache', (r) => `OOM command not allowed when used memory > 'maxmemory' (shard ${r.int(0, 7)})`);
    storm('identity', a + 2 * MIN, b, 5, 'error', 'auth.session', (r) => `session store unavailable, falling back to database for ${r.hex(16)}`);
    incidents.push({ id: 'cache-oom', type: 'new_error', start: iso(a), end: iso(b), services: ['kv-cache', 'identity'], root_cause: 'kv-cache' });
  }
  {
    const a = slot();
    const b = a + rng.int(12, 20) * MIN;
    storm('basket', a, b, 30, 'warn', 'basket.repo', (r) => `slow query on baskets took ${r.int(1500, 9000)} ms`);
    incidents.push({ id: 'latency-basket', type: 'latency', start: iso(a), end: iso(b), services: ['basket'], root_cause: 'basket' });
  }

  // Scheduled jobs: hourly at minute 0 on job-runner, nightly at 02:00 (WARN-heavy, lines of its own).
  for (let h = t0 + HOUR; h < t1; h += HOUR) {
    const a = h + rng.int(0, 20_000);
    const n = rng.int(20, 60);
    emit('job-runner', a, 'info', 'job.export', 'job hourly-export started');
    for (let i = 0; i < n; i++) emit('job-runner', a + 1000 + i * rng.int(500, 2500), 'warn', 'job.export', `partition ${rng.int(0, 63)} lagging behind by ${rng.int(100, 9000)} rows, retrying`);
    emit('job-runner', a + n * 2500 + 2000, 'info', 'job.export', `job hourly-export finished in ${rng.int(60, 200)}s`);
    benign.push({ type: 'cron_hourly', service: 'job-runner', start: iso(a), end: iso(a + n * 2500 + 2000) });
  }
  for (let d = t0 + 2 * HOUR; d < t1; d += 24 * HOUR) {
    const a = d + rng.int(0, 30_000);
    const b = a + rng.int(15, 25) * MIN;
    emit('job-runner', a, 'info', 'job.vacuum', 'job nightly-vacuum started');
    storm('job-runner', a, b, 20, 'warn', 'job.vacuum', (r) => `table ${r.pick(['orders', 'baskets', 'sessions', 'events'])}_${r.int(1, 24)} bloat ${r.int(20, 60)}%, vacuum deferred`);
    storm('job-runner', a, b, 6, 'info', 'job.vacuum', (r) => `vacuumed ${r.int(1000, 90000)} dead tuples`);
    emit('job-runner', b, 'info', 'job.vacuum', 'job nightly-vacuum finished');
    benign.push({ type: 'cron_nightly', service: 'job-runner', start: iso(a), end: iso(b) });
  }

  // The chatty, bursty DEBUG line of the indexer: waves of 5–30 min, 20–120 min apart, all day.
  for (let t = t0 + rng.int(5, 60) * MIN; t < t1;) {
    const len = rng.int(5, 30) * MIN;
    const peak = rng.int(80, 400);
    storm('doc-indexer', t, Math.min(t + len, t1), peak * scale, opts.burstyLevel ?? 'debug', 'indexer.batch', (r) => `flushed ${r.int(50, 500)} docs to segment _${r.lowerAlnum(4)} in ${r.int(3, 80)}ms`);
    benign.push({ type: 'bursty', service: 'doc-indexer', start: iso(t), end: iso(t + len) });
    t += len + rng.int(20, 120) * MIN;
  }

  // Steady traffic, per container lifetime, minus silences.
  for (const c of containers) {
    const spec = SERVICES[c.service]!;
    const gaps = silent.get(c.service) ?? [];
    const max = spec.rate * scale;
    const rate = (t: number): number => (gaps.some(([a, b]) => t >= a && t < b) ? 0 : max * (spec.diurnal ? diurnal(t) : 1));
    const later = (newLines.get(c.service) ?? []).filter((n) => n.from >= c.from && n.from < c.to);
    for (const t of arrivals(new Rng(`${c.id}`), c.from + 1000, c.to, max, rate)) {
      const kinds = [...spec.kinds, ...later.filter((n) => t >= n.from).map((n) => n.kind)];
      const k = pickKind(rng, kinds);
      c.lines.push({ t, level: k.level, logger: k.logger, msg: k.msg(rng) });
    }
  }
  for (const { service, line } of extra) {
    const live = containers.filter((c) => c.service === service && line.t >= c.from - 1000 && line.t < c.to + 1000);
    (live[live.length - 1] ?? (current.get(service) as Container)).lines.push(line);
  }

  // Write the json-file layout.
  for (const c of containers) {
    c.lines.sort((a, b) => a.t - b.t);
    const dir = join(opts.out, 'docker', 'containers', c.id);
    mkdirSync(dir, { recursive: true });
    const recs = c.lines.map((l) => dockerRecord(JSON.stringify({ time: iso(l.t), level: l.level, logger: l.logger, msg: l.msg, ...l.extra }) + '\n', l.level === 'error' ? 'stderr' : 'stdout', rfc3339Nano(l.t + 1, 0)));
    writeFileSync(join(dir, `${c.id}-json.log`), recs.join(''));
    writeFileSync(join(dir, 'config.v2.json'), JSON.stringify({
      ID: c.id, Name: `/shop-${c.service}-1`, Created: iso(c.from - 5000),
      Config: { Image: c.image, Hostname: c.id.slice(0, 12), Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': c.service } },
    }));
  }
  const truth: IncidentTruth = { version: 1, seed: opts.seed, start: iso(t0), end: iso(t1), services: names, incidents, benign };
  writeFileSync(join(opts.out, 'incident-truth.json'), JSON.stringify(truth, null, 2));
  return truth;
}
