#!/usr/bin/env node
// gen-incidents.mjs — a seeded 24-hour cluster with real incidents and benign traps, as Docker
// json-file and Kubernetes CRI logs, plus ground truth (incidents.json).
// Usage: node gen-incidents.mjs [--out ./out/incidents] [--seed 23]
// Written from the formats' documentation only, not from loglake's code (see README.md).
import fs from 'node:fs';
import path from 'node:path';
import {
  rng, LogFile, writeJson, dockerConfig, isoMs, rfc3339Nano, log4jDate, pgM, clfDate, nginxErrDate, parseArgs,
} from './lib.mjs';

const args = parseArgs(process.argv.slice(2), { out: './out/incidents', seed: '23' });
const SEED = Number(args.seed);
const R = rng(SEED);
const OUT = path.resolve(args.out);
const LOGS = path.join(OUT, 'logs');
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(LOGS, { recursive: true });

const DAY0 = Date.UTC(2026, 2, 3, 0, 0, 0); // 2026-03-03T00:00:00Z, 24 hours
const H = 3600e3; const M = 60e3;
const at = (hh, mm = 0) => DAY0 + hh * H + mm * M;
/** Diurnal factor: trough 02:00 UTC (0.4), peak 14:00 UTC (1.6). */
const diurnal = (ms) => 1 - 0.6 * Math.cos(((ms - at(2)) / (24 * H)) * 2 * Math.PI);

// ---------------------------------------------------------------------------------------------
const files = [];
function dockerContainer(name, image, service, startMs) {
  const id = R.hex(64);
  const lf = new LogFile(LOGS, `var/lib/docker/containers/${id}/${id}-json.log`, 'docker-json');
  lf.pending = [];
  files.push(lf);
  writeJson(path.join(LOGS, `var/lib/docker/containers/${id}/config.v2.json`), dockerConfig({
    id, name, image, hostname: id.slice(0, 12), created: isoMs(startMs),
    labels: { 'com.docker.compose.project': 'fjord', 'com.docker.compose.service': service },
  }));
  return lf;
}
function criContainer(ns, pod, container, restart = 0, uid = R.uuid()) {
  const lf = new LogFile(LOGS, `var/log/pods/${ns}_${pod}_${uid}/${container}/${restart}.log`, 'cri');
  lf.pending = [];
  files.push(lf);
  return { lf, uid };
}
const put = (lf, ms, text, stream = 'stdout') => lf.pending.push({ ms, text, stream });

/** Poisson arrivals of a rate (lines/min) that may vary over time: rate(ms). */
function arrivals(from, to, rate) {
  const out = [];
  for (let m = from; m < to; m += M) {
    const n = R.poisson(rate(m));
    for (let i = 0; i < n; i++) out.push(m + Math.floor(R.next() * M));
  }
  return out.sort((a, b) => a - b);
}
const inAny = (ms, spans) => spans.some(([a, b]) => ms >= a && ms < b);

// ---------------------------------------------------------------------------------------------
// Ground truth
const incidents = [
  { id: 'I1-db-lock-cascade', kind: 'cascading_failure', start: at(3, 10), end: at(3, 40), root_cause: 'ibis-ledger-db',
    services: ['ibis-ledger-db', 'marmot-billing', 'quokka-api', 'heron-edge'],
    description: 'lock storm on the ledger database (deadlocks, lock waits, statement timeouts) → billing DB timeouts → API 5xx → edge 502s' },
  { id: 'I2-kafka-broker-2-crash', kind: 'cascading_failure', start: at(9, 40), end: at(10, 5), root_cause: 'kafka-2',
    services: ['kafka-2', 'kafka-1', 'kafka-3', 'marmot-billing'],
    description: 'broker 2 fails (log dir offline), is silent ~20 min; brokers 1 and 3 shrink ISRs and elect leaders; billing consumer rebalances with commit failures' },
  { id: 'I3-search-crashloop', kind: 'error_spike', start: at(14, 20), end: at(14, 40), root_cause: 'wombat-search',
    services: ['wombat-search'], description: 'Go panics (nil map) in a crash loop: restarts, panics, gaps' },
  { id: 'I4-api-hang', kind: 'silence', start: at(17, 5), end: at(17, 30), root_cause: 'quokka-api',
    services: ['quokka-api', 'heron-edge'], description: 'API event loop blocked: no logs for 25 min at peak traffic; edge logs upstream timeouts' },
  { id: 'I5-psp-outage', kind: 'error_spike', start: at(20, 30), end: at(20, 45), root_cause: 'marmot-billing',
    services: ['marmot-billing'], description: 'payment provider returns 503: billing error spike' },
  { id: 'I6-db-disk-full', kind: 'error_spike', start: at(22, 10), end: at(22, 25), root_cause: 'ibis-ledger-db',
    services: ['ibis-ledger-db'], description: 'ledger database runs out of disk: ENOSPC errors, PANIC, restart' },
  { id: 'I7-search-degraded', kind: 'degradation', start: at(5, 30), end: at(6, 10), root_cause: 'wombat-search',
    services: ['wombat-search'], description: 'subtle: one index shard unreachable at the diurnal trough, ~3% of requests log a new ERROR for 40 min' },
];
const traps = [
  { id: 'T1-chatty-waves', kind: 'bursty_debug', services: ['chatty-telemetry'], windows: [], description: 'DEBUG-heavy telemetry agent, 6–10× waves of the same templates all day' },
  { id: 'T2-hourly-cron', kind: 'cron', services: ['cron-reaper'], windows: [], description: 'hourly k8s CronJob at HH:00, 2 min, bursts of WARN "skipping locked row"' },
  { id: 'T3-nightly-backup', kind: 'cron', services: ['nightly-backup'], windows: [[at(2), at(2, 25)]], description: 'nightly backup 02:00–02:25, WARN-heavy, first and only run of the day' },
  { id: 'T4-deploy-quokka', kind: 'deploy', services: ['quokka-api'], windows: [[at(11), at(11, 15)]], description: 'quokka-api 4.2.0 → 4.3.0 at 11:00: restart (new container), new start-up and request templates' },
  { id: 'T5-deploy-wombat', kind: 'deploy', services: ['wombat-search'], windows: [[at(16), at(16, 15)]], description: 'wombat-search rollout at 16:00: new pod, new image, changed templates' },
  { id: 'T7-db-config-reload', kind: 'config_reload', services: ['ibis-ledger-db'], windows: [[at(12, 30), at(12, 31)]], description: 'SIGHUP at 12:30: a one-off burst of never-seen INFO lines (parameter changed)' },
  { id: 'T6-diurnal', kind: 'diurnal', services: ['*'], windows: [], description: 'every service follows a 4× diurnal cycle (trough 02:00, peak 14:00 UTC)' },
];
const I = Object.fromEntries(incidents.map((i) => [i.id.split('-')[0], i]));
const during = (inc, ms, pre = 0) => ms >= inc.start - pre && ms < inc.end;

// ---------------------------------------------------------------------------------------------
// quokka-api (Node pino), docker; deploy at 11:00 (new container, new image), hang in I4
{
  const v1 = dockerContainer('fjord-quokka-api-1', 'registry.fjord.internal/quokka-api:4.2.0', 'quokka-api', DAY0 - H);
  const v2 = dockerContainer('fjord-quokka-api-1', 'registry.fjord.internal/quokka-api:4.3.0', 'quokka-api', at(11, 0) + 40e3);
  const routes = ['/v1/carts', '/v1/orders', '/v1/checkout', '/v1/users/me'];
  const pino = (ms, level, msg, extra = {}) => JSON.stringify({ level, time: ms, pid: 1, hostname: 'quokka-1', reqId: 'req-' + R.hex(8), traceId: R.hex(32), spanId: R.hex(16), msg, ...extra });
  const deployAt = at(11, 0); const upAt = deployAt + 40e3;
  for (const ms of arrivals(DAY0, DAY0 + 24 * H, (m) => 40 * diurnal(m))) {
    if (ms >= deployAt && ms < upAt) continue; // restart gap
    if (during(I.I4, ms)) continue; // hung: nothing at all
    const lf = ms < deployAt ? v1 : v2;
    const r = R.next();
    const inI1 = ms >= at(3, 14) && ms < at(3, 40);
    if (inI1 && r < 0.45) {
      put(lf, ms, pino(ms, 50, 'request errored', { err: { type: 'TimeoutError', message: 'billing upstream timed out after 5000ms' }, res: { statusCode: 503 } }));
    } else if (r < 0.004) {
      put(lf, ms, pino(ms, 50, 'request errored', { err: { type: 'ValidationError', message: 'bad cart id' }, res: { statusCode: 500 } }));
    } else if (r < 0.05) {
      put(lf, ms, pino(ms, 40, 'slow request', { responseTime: R.int(800, 3000) }));
    } else {
      put(lf, ms, ms < deployAt
        ? pino(ms, 30, 'request completed', { req: { method: 'GET', url: R.pick(routes) }, res: { statusCode: 200 }, responseTime: R.int(3, 300) })
        : pino(ms, 30, 'request finished', { route: R.pick(routes), statusCode: 200, durationMs: R.int(3, 300), apiVersion: '4.3' }));
    }
  }
  put(v1, deployAt + 100, pino(deployAt + 100, 30, 'SIGTERM received, draining connections'));
  put(v1, deployAt + 900, pino(deployAt + 900, 30, 'server closed'));
  const boot = ['quokka-api 4.3.0 starting', 'feature flag checkout_v2 enabled', 'feature flag cart_merge enabled', 'connected to billing at http://marmot-billing:8080', 'connected to redis at redis://cache:6379', 'listening on 0.0.0.0:8080'];
  boot.forEach((b, i) => put(v2, upAt + i * 150, pino(upAt + i * 150, 30, b)));
}

// ---------------------------------------------------------------------------------------------
// marmot-billing (Python JSON), docker
{
  const lf = dockerContainer('fjord-marmot-billing-1', 'registry.fjord.internal/marmot-billing:2.8.1', 'marmot-billing', DAY0 - H);
  const py = (ms, lvl, name, msg, extra = {}) => JSON.stringify({ asctime: log4jDate(ms), levelname: lvl, name, message: msg, otelTraceID: R.hex(32), otelSpanID: R.hex(16), ...extra });
  for (const ms of arrivals(DAY0, DAY0 + 24 * H, (m) => 20 * diurnal(m))) {
    const r = R.next();
    if (ms >= at(3, 12) && ms < at(3, 40) && r < 0.5) {
      put(lf, ms, py(ms, 'ERROR', 'billing.db', 'database query timed out', { error: 'psycopg.errors.QueryCanceled: canceling statement due to statement timeout' }));
    } else if (ms >= at(9, 42) && ms < at(10, 5) && r < 0.3) {
      put(lf, ms, py(ms, 'WARNING', 'billing.consumer', 'offset commit failed, group is rebalancing', { group: 'settlement-workers' }));
    } else if (during(I.I5, ms) && r < 0.6) {
      put(lf, ms, py(ms, 'ERROR', 'billing.psp', 'psp request failed', { status: 503, provider: 'acme-pay' }));
    } else if (r < 0.01) {
      put(lf, ms, py(ms, 'ERROR', 'billing.psp', 'psp request failed', { status: 502, provider: 'acme-pay' }));
    } else if (r < 0.06) {
      put(lf, ms, py(ms, 'WARNING', 'billing.psp', 'retrying psp call', { attempt: R.int(1, 3) }));
    } else {
      put(lf, ms, py(ms, 'INFO', 'billing.charges', R.pick(['charge captured', 'invoice issued', 'refund queued'])));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ibis-ledger-db (PostgreSQL stderr, '%m [%p] %q%u@%d '), docker
{
  const lf = dockerContainer('fjord-ibis-ledger-db-1', 'postgres:16.2', 'ibis-ledger-db', DAY0 - H);
  const pre = (ms, pid, s = true) => `${pgM(ms)} [${pid}] ${s ? 'ledger_rw@ledger ' : ''}`;
  const downFrom = at(22, 16); const upAt = at(22, 19);
  for (const ms of arrivals(DAY0, DAY0 + 24 * H, (m) => 15 * diurnal(m))) {
    if (ms >= downFrom && ms < upAt) continue;
    const pid = R.int(300, 9000); const r = R.next();
    if (during(I.I1, ms) && r < 0.25) {
      put(lf, ms, `${pre(ms, pid)}ERROR:  deadlock detected\n${pre(ms, pid)}DETAIL:  Process ${pid} waits for ShareLock on transaction ${R.int(1e5, 9e5)}; blocked by process ${pid + 3}.\n\tProcess ${pid + 3} waits for ShareLock on transaction ${R.int(1e5, 9e5)}; blocked by process ${pid}.\n${pre(ms, pid)}HINT:  See server log for query details.\n${pre(ms, pid)}STATEMENT:  UPDATE accounts SET balance = balance - $1 WHERE id = $2`, 'stderr');
    } else if (during(I.I1, ms) && r < 0.6) {
      put(lf, ms, `${pre(ms, pid)}LOG:  process ${pid} still waiting for ShareLock on transaction ${R.int(1e5, 9e5)} after 1000.${R.int(100, 999)} ms\n${pre(ms, pid)}DETAIL:  Process holding the lock: ${pid + 9}. Wait queue: ${pid}.`, 'stderr');
    } else if (during(I.I1, ms) && r < 0.8) {
      put(lf, ms, `${pre(ms, pid)}ERROR:  canceling statement due to statement timeout\n${pre(ms, pid)}STATEMENT:  SELECT * FROM ledger_entries WHERE account_id = $1 FOR UPDATE`, 'stderr');
    } else if (ms >= at(22, 10) && ms < downFrom && r < 0.5) {
      put(lf, ms, `${pre(ms, pid)}ERROR:  could not extend file "base/16384/${R.int(16000, 17000)}": No space left on device\n${pre(ms, pid)}HINT:  Check free disk space.`, 'stderr');
    } else if (r < 0.3) {
      put(lf, ms, `${pre(ms, pid)}LOG:  duration: ${(R.int(100, 3000) + R.next()).toFixed(3)} ms  statement: SELECT id, amount FROM ledger_entries WHERE account_id = $1`, 'stderr');
    } else if (r < 0.33) {
      put(lf, ms, `${pre(ms, R.int(30, 40), false)}LOG:  checkpoint starting: time`, 'stderr');
    } else {
      put(lf, ms, `${pre(ms, pid)}LOG:  connection authorized: user=ledger_rw database=ledger application_name=${R.pick(['marmot-billing', 'quokka-api'])}`, 'stderr');
    }
  }
  // T7: configuration reload (benign, INFO-only novelty)
  const hup = at(12, 30) + 7000;
  put(lf, hup, `${pre(hup, 1, false)}LOG:  received SIGHUP, reloading configuration files`, 'stderr');
  [['work_mem', '64MB'], ['maintenance_work_mem', '1GB'], ['log_min_duration_statement', '250'], ['autovacuum_vacuum_scale_factor', '0.05'],
    ['checkpoint_completion_target', '0.9'], ['random_page_cost', '1.1'], ['effective_io_concurrency', '200'], ['statement_timeout', '30s'],
    ['idle_in_transaction_session_timeout', '60s'], ['log_lock_waits', 'on'], ['deadlock_timeout', '2s'], ['max_wal_size', '8GB']]
    .forEach(([k, v], j) => put(lf, hup + 5 + j, `${pre(hup + 5 + j, 1, false)}LOG:  parameter "${k}" changed to "${v}"`, 'stderr'));
  put(lf, downFrom - 500, `${pre(downFrom - 500, 40, false)}PANIC:  could not write to file "pg_wal/xlogtemp.40": No space left on device`, 'stderr');
  put(lf, downFrom - 200, `${pre(downFrom - 200, 1, false)}LOG:  WAL writer process (PID 40) was terminated by signal 6: Aborted`, 'stderr');
  put(lf, downFrom - 100, `${pre(downFrom - 100, 1, false)}LOG:  terminating any other active server processes`, 'stderr');
  put(lf, upAt, `${pre(upAt, 1, false)}LOG:  database system was interrupted; last known up at ${pgM(downFrom - 60000)}`, 'stderr');
  put(lf, upAt + 500, `${pre(upAt + 500, 1, false)}LOG:  database system is ready to accept connections`, 'stderr');
}

// ---------------------------------------------------------------------------------------------
// heron-edge (nginx access + error log), docker
{
  const lf = dockerContainer('fjord-heron-edge-1', 'nginx:1.25.4', 'heron-edge', DAY0 - H);
  for (const ms of arrivals(DAY0, DAY0 + 24 * H, (m) => 40 * diurnal(m))) {
    let st = R.pick([200, 200, 200, 200, 200, 201, 204, 304, 404]);
    const upstreamBad = (ms >= at(3, 15) && ms < at(3, 40) && R.chance(0.4)) || (during(I.I4, ms) && R.chance(0.5));
    if (upstreamBad) st = during(I.I4, ms) ? 504 : 502;
    put(lf, ms, `10.42.0.${R.int(2, 250)} - - [${clfDate(ms)}] "GET ${R.pick(['/v1/carts', '/v1/orders', '/static/app.js'])} HTTP/1.1" ${st} ${R.int(0, 9000)} "-" "Mozilla/5.0" ${(R.int(1, 900) / 1000).toFixed(3)}`);
    if (upstreamBad) {
      put(lf, ms + 1, `${nginxErrDate(ms)} [error] 29#29: *${R.int(1e3, 9e5)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.42.0.${R.int(2, 250)}, server: _, request: "GET /v1/orders HTTP/1.1", upstream: "http://10.42.1.7:8080/v1/orders", host: "edge"`, 'stderr');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// wombat-search (Go zap), CRI; crash loop in I3 (restarts → 1.log, 2.log, 3.log), rollout at 16:00
{
  const ns = 'shop'; const pod1 = 'wombat-search-7c9d8f6b5-q2kzd'; const pod2 = 'wombat-search-5f4b7d9c8-m8h2x';
  const uid1 = R.uuid();
  const restarts = [at(14, 22), at(14, 27), at(14, 33)];
  const segs = [criContainer(ns, pod1, 'wombat-search', 0, uid1).lf];
  for (let i = 1; i <= restarts.length; i++) segs.push(criContainer(ns, pod1, 'wombat-search', i, uid1).lf);
  const v2 = criContainer(ns, pod2, 'wombat-search').lf;
  const rollout = at(16, 0);
  const zap = (ms, level, msg, extra = {}) => JSON.stringify({ level, ts: +(ms / 1000).toFixed(3), logger: 'search', caller: `search/handler.go:${R.int(20, 300)}`, msg, trace_id: R.hex(32), ...extra });
  const segOf = (ms) => { let k = 0; for (const r of restarts) if (ms >= r) k++; return segs[k]; };
  for (const ms of arrivals(DAY0, DAY0 + 24 * H, (m) => 25 * diurnal(m))) {
    // crash loop: each crash leaves a ~90 s gap before the restarted container logs
    if (restarts.some((r) => ms >= r - 90e3 && ms < r + 30e3)) continue;
    if (ms >= rollout - 20e3 && ms < rollout + 30e3) continue;
    const lf = ms < rollout ? segOf(ms) : v2;
    const r = R.next();
    if (during(I.I7, ms) && r < 0.035) {
      put(lf, ms, zap(ms, 'error', 'replica shard 7 unreachable, serving partial results', { shard: 7, error: 'dial tcp 10.42.7.9:9300: i/o timeout' }));
    } else if (during(I.I3, ms) && r < 0.35) {
      put(lf, ms, zap(ms, 'error', 'shard lookup failed', { error: 'assignment to entry in nil map', shard: R.int(0, 15) }));
    } else if (r < 0.03) {
      put(lf, ms, zap(ms, 'warn', 'slow query', { took_ms: R.int(500, 3000) }));
    } else if (ms < rollout) {
      put(lf, ms, zap(ms, 'info', 'query served', { took_ms: R.int(1, 400), hits: R.int(0, 500) }));
    } else {
      put(lf, ms, zap(ms, 'info', 'search completed', { took_ms: R.int(1, 400), hits: R.int(0, 500), index_version: 'v9', ranker: 'bm25f' }));
    }
  }
  restarts.forEach((r, i) => {
    const lf = segs[i]; const ms = r - 90e3 - 500;
    put(lf, ms, 'panic: assignment to entry in nil map\n\ngoroutine 214 [running]:\ngithub.com/fjord/wombat/shard.(*Router).Assign(0xc0001b2000, {0xc00041e0c0, 0x9})\n\t/src/shard/router.go:77 +0x1a5\ncreated by github.com/fjord/wombat/server.(*Server).handle in goroutine 1\n\t/src/server/server.go:140 +0x2f1', 'stderr');
    const nx = segs[i + 1];
    ['wombat-search 3.4.1 starting', 'loading index segments', 'index loaded', 'listening on :8080'].forEach((b, j) => put(nx, r + 30e3 + j * 200, zap(r + 30e3 + j * 200, 'info', b)));
  });
  ['wombat-search 3.5.0 starting', 'loading index segments', 'index format v9 detected, migrating', 'ranker bm25f enabled', 'index loaded', 'listening on :8080']
    .forEach((b, j) => put(v2, rollout + 30e3 + j * 200, zap(rollout + 30e3 + j * 200, 'info', b)));
}

// ---------------------------------------------------------------------------------------------
// Kafka brokers 1–3 (log4j default layout), docker; I2: broker 2 log dir failure and silence
{
  const bro = [1, 2, 3].map((id) => dockerContainer(`fjord-kafka-${id}`, 'apache/kafka:3.7.0', `kafka-${id}`, DAY0 - H));
  const k = (ms, level, msg, logger) => `[${log4jDate(ms)}] ${level} ${msg} (${logger})`;
  const topics = ['ledger-events', 'settlement-commands'];
  const down = [at(9, 42), at(10, 2)];
  bro.forEach((lf, i) => {
    const id = i + 1;
    for (const ms of arrivals(DAY0, DAY0 + 24 * H, (m) => 8 * diurnal(m))) {
      if (id === 2 && ms >= down[0] && ms < down[1]) continue;
      const t = R.pick(topics); const p = R.int(0, 11); const r = R.next();
      if (id !== 2 && ms >= at(9, 42) && ms < at(9, 55) && r < 0.5) {
        put(lf, ms, r < 0.25
          ? k(ms, 'INFO', `[Partition ${t}-${p} broker=${id}] Shrinking ISR from ${id},2 to ${id}. Leader: (highWatermark: ${R.int(1e4, 9e4)}, endOffset: ${R.int(1e5, 2e5)}). Out of sync replicas: (brokerId: 2, endOffset: ${R.int(1e4, 9e4)}, lastCaughtUpTimeMs: ${ms - 31000}).`, 'kafka.cluster.Partition')
          : k(ms, 'WARN', `[ReplicaFetcher replicaId=${id}, leaderId=2, fetcherId=0] Error sending fetch request (sessionId=${R.int(1e8, 9e8)}, epoch=${R.int(1, 999)}) to node 2:`, 'org.apache.kafka.clients.FetchSessionHandler') + '\njava.io.IOException: Connection to 2 was disconnected before the response was read\n\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)\n\tat kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:113)');
      } else if (r < 0.5) {
        put(lf, ms, k(ms, 'INFO', `[UnifiedLog partition=${t}-${p}, dir=/var/lib/kafka/data] Incremented log start offset to ${R.int(1e3, 9e4)} due to SegmentDeletion`, 'kafka.log.UnifiedLog'));
      } else if (r < 0.8) {
        put(lf, ms, k(ms, 'INFO', `[GroupCoordinator ${id}]: Stabilized group ${R.pick(['settlement-workers', 'audit-sink'])} generation ${R.int(3, 40)} (__consumer_offsets-${R.int(0, 49)}) with ${R.int(1, 6)} members`, 'kafka.coordinator.group.GroupCoordinator'));
      } else {
        put(lf, ms, k(ms, 'INFO', `[ProducerStateManager partition=${t}-${p}] Wrote producer snapshot at offset ${R.int(1e3, 9e4)} with 0 producer ids in ${R.int(1, 20)} ms.`, 'org.apache.kafka.storage.internals.log.ProducerStateManager'));
      }
    }
    if (id === 2) {
      const f = down[0] - 2000;
      put(lf, f, k(f, 'ERROR', `Error while writing to checkpoint file /var/lib/kafka/data/replication-offset-checkpoint`, 'kafka.server.LogDirFailureChannel') + '\njava.io.IOException: Input/output error\n\tat java.base/sun.nio.ch.FileDispatcherImpl.force0(Native Method)\n\tat org.apache.kafka.storage.internals.checkpoint.CheckpointFileWithFailureHandler.write(CheckpointFileWithFailureHandler.java:55)');
      put(lf, f + 200, k(f + 200, 'ERROR', `[ReplicaManager broker=2] Stopping serving replicas in dir /var/lib/kafka/data`, 'kafka.server.ReplicaManager'));
      put(lf, f + 400, k(f + 400, 'ERROR', `Shutdown broker because all log dirs in /var/lib/kafka/data have failed`, 'kafka.log.LogManager'));
      const u = down[1];
      ['[KafkaRaftServer nodeId=2] Kafka Server starting', '[LogManager broker=2] Loading logs from log dirs ArrayBuffer(/var/lib/kafka/data)', '[LogManager broker=2] Recovering unflushed segment 0. 0/24 recovered for ledger-events-3.', '[KafkaRaftServer nodeId=2] Kafka Server started']
        .forEach((m, j) => put(lf, u + j * 300, k(u + j * 300, 'INFO', m, j ? 'kafka.log.LogManager' : 'kafka.server.KafkaRaftServer')));
    } else {
      const e = at(9, 42, 0) + 5000 + id * 100;
      put(lf, e, k(e, 'INFO', `[Controller id=${id}] Processing automatic preferred replica leader election`, 'kafka.controller.KafkaController'));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// TRAP chatty-telemetry: DEBUG-heavy agent, 6–10× waves of the same templates all day (CRI)
{
  const lf = criContainer('observability', 'chatty-telemetry-6b8d9-l4k2p', 'chatty-telemetry').lf;
  const waves = []; let t = DAY0 + R.int(20, 60) * M;
  while (t < DAY0 + 24 * H) { const len = R.int(8, 15) * M; waves.push([t, t + len, R.int(6, 10)]); t += len + R.int(50, 110) * M; }
  traps[0].windows = waves.map(([a, b]) => [a, b]);
  const rate = (m) => { const w = waves.find(([a, b]) => m >= a && m < b); return 20 * diurnal(m) * (w ? w[2] : 1); };
  for (const ms of arrivals(DAY0, DAY0 + 24 * H, rate)) {
    const r = R.next();
    const o = r < 0.8
      ? { level: 'debug', ts: isoMs(ms), msg: R.pick(['scrape finished', 'batch flushed', 'metric cardinality checked']), target: `node-${R.int(1, 40)}`, series: R.int(100, 9000) }
      : r < 0.98 ? { level: 'info', ts: isoMs(ms), msg: 'exported batch', points: R.int(1000, 90000) }
        : { level: 'warn', ts: isoMs(ms), msg: 'scrape timeout', target: `node-${R.int(1, 40)}` };
    put(lf, ms, JSON.stringify(o));
  }
}
// TRAP cron-reaper: hourly Kubernetes CronJob (a new pod per run), WARN bursts
for (let h = 0; h < 24; h++) {
  const s = at(h, 0) + R.int(1, 20) * 1000;
  const pod = `cron-reaper-${29500000 + h * 60}-${R.hex(5)}`;
  const lf = criContainer('ops', pod, 'reaper').lf;
  traps[1].windows.push([s, s + 2 * M]);
  put(lf, s, `${new Date(s).toISOString()} INFO reaper: starting sweep of expired holds`);
  const n = R.int(30, 80);
  for (let i = 0; i < n; i++) {
    const ms = s + 500 + Math.floor((i / n) * 110e3);
    put(lf, ms, R.chance(0.45)
      ? `${new Date(ms).toISOString()} WARN reaper: skipping locked row id=${R.int(1e5, 9e5)} (lock held by pid ${R.int(300, 9000)})`
      : `${new Date(ms).toISOString()} INFO reaper: deleted ${R.int(1, 500)} expired holds in batch ${i}`);
  }
  put(lf, s + 115e3, `${new Date(s + 115e3).toISOString()} INFO reaper: sweep finished`);
}
// TRAP nightly-backup: 02:00–02:25, WARN-heavy, the only run of the day (CRI)
{
  const lf = criContainer('ops', 'nightly-backup-29501320-x8k2q', 'backup').lf;
  const s = at(2, 0) + 5000;
  put(lf, s, `${new Date(s).toISOString()} INFO backup: starting base backup of ledger to s3://fjord-backups/ledger/2026-03-03`);
  for (const ms of arrivals(s + 1000, at(2, 25), () => 24)) {
    put(lf, ms, R.chance(0.25)
      ? `${new Date(ms).toISOString()} WARN backup: file changed as we read it: base/16384/${R.int(16000, 17000)}`
      : `${new Date(ms).toISOString()} INFO backup: uploaded part ${R.int(1, 9999)} (${R.int(5, 64)} MiB)`);
  }
  put(lf, at(2, 25), `${new Date(at(2, 25)).toISOString()} INFO backup: backup completed in 1500 s`);
}

// ---------------------------------------------------------------------------------------------
let lines = 0; let bytes = 0;
for (const lf of files) {
  lf.pending.sort((a, b) => a.ms - b.ms);
  let last = 0;
  for (const p of lf.pending) { const rt = Math.max(p.ms + R.int(0, 3), last); last = rt; lf.write(p.text, { stream: p.stream, rtMs: rt, noTruth: true }); lines += p.text.split('\n').length; }
  lf.flush(); bytes += lf.offset;
}
// names under which a detector may report a service: compose service, container name, pod prefix
const aliases = {
  'quokka-api': ['quokka-api', 'fjord-quokka-api-1'], 'marmot-billing': ['marmot-billing', 'fjord-marmot-billing-1'],
  'ibis-ledger-db': ['ibis-ledger-db', 'fjord-ibis-ledger-db-1'], 'heron-edge': ['heron-edge', 'fjord-heron-edge-1'],
  'wombat-search': ['wombat-search'], 'kafka-1': ['kafka-1', 'fjord-kafka-1'], 'kafka-2': ['kafka-2', 'fjord-kafka-2'],
  'kafka-3': ['kafka-3', 'fjord-kafka-3'], 'chatty-telemetry': ['chatty-telemetry'], 'cron-reaper': ['cron-reaper', 'reaper'],
  'nightly-backup': ['nightly-backup', 'backup'],
};
writeJson(path.join(OUT, 'incidents.json'), {
  aliases,
  generated_by: 'gen-incidents.mjs', seed: SEED, start: isoMs(DAY0), end: isoMs(DAY0 + 24 * H),
  incidents: incidents.map((i) => ({ ...i, start: isoMs(i.start), end: isoMs(i.end) })),
  traps: traps.map((t) => ({ ...t, windows: t.windows.map(([a, b]) => [isoMs(a), isoMs(b)]) })),
});
console.log(`wrote ${lines} lines in ${files.length} files (${(bytes / 1048576).toFixed(1)} MiB) to ${LOGS}; ground truth ${path.join(OUT, 'incidents.json')}`);
