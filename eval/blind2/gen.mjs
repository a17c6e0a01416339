#!/usr/bin/env node
// Deterministic generator of a small synthetic cluster's logs in real on-disk layouts, with a
// ground-truth JSONL (one record per logical event). Usage: node gen.mjs --seed N --out DIR
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { rng, parseArgs, rfc3339nano, rfc3339nanoOffset, isoMs, parts } from './lib.mjs';
import {
  kafkaEvents, pgStderrEvents, pgStructuredEvents, pythonEvents, pythonBasicEvents, nginxEvents,
  logstashEvents, zapEvents, logrusEvents, slogTextEvents, slogJsonEvents, sparkEvents, sparkLog4jLine,
  syslog5424Events,
} from './apps.mjs';

const args = parseArgs(process.argv.slice(2));
const seed = Number(args.seed ?? 1);
const outDir = args.out;
if (!outDir) { console.error('usage: gen.mjs --seed N --out DIR'); process.exit(2); }
rmSync(outDir, { recursive: true, force: true });
const r = rng(seed * 7919 + 17);
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0) * 1000 + seed * 60_000_000; // epoch µs
const logsDir = join(outDir, 'logs');
const truth = [];
const files = new Map();

class FileBuilder {
  constructor(rel) { this.rel = rel; this.chunks = []; this.size = 0; files.set(rel, this); }
  append(s) { const b = Buffer.from(s, 'utf8'); const off = this.size; this.chunks.push(b); this.size += b.length; return off; }
}
function fileFor(rel) { return files.get(rel) || new FileBuilder(rel); }
function writeAux(rel, content) { const p = join(logsDir, rel); mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, content); }

const clean = (o) => { const x = {}; for (const [k, v] of Object.entries(o)) if (v !== undefined) x[k] = v; return x; };
function record(fb, offset, end, e, envelope, origin, extra = {}) {
  truth.push(clean({
    source: fb.rel, offset, end, envelope, family: e.family,
    lines: e.lines ? e.lines.length : 1,
    // the line's own time at the precision its format prints (Python/Kafka/PG: ms; logrus/Spark/nginx: s)
    ts_us: Math.floor((e.tsUs ?? e.us) / (e.tsPrec ?? 1)) * (e.tsPrec ?? 1), ts_prec_us: e.tsPrec ?? 1,
    stack_tail: e.tail,
    fields: clean({ ...origin, ...e.fields, ...extra }),
  }));
}

// Docker json-file: dockerd's key order, Go's HTML-safe escaping, 16 KiB partial records.
const goEsc = (s) => s.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
function dockerLine(fb, text, stream, us, ns) {
  const max = 16 * 1024;
  const buf = Buffer.from(text, 'utf8');
  let first = -1;
  let pos = 0;
  do {
    let endPos = Math.min(buf.length, pos + max);
    while (endPos < buf.length && (buf[endPos] & 0xc0) === 0x80) endPos--; // not inside a UTF-8 sequence
    const last = endPos >= buf.length;
    const piece = buf.subarray(pos, endPos).toString('utf8');
    const off = fb.append(goEsc(JSON.stringify({ log: piece + (last ? '\n' : ''), stream, time: rfc3339nano(us, ns) })) + '\n');
    if (first < 0) first = off;
    pos = endPos;
  } while (pos < buf.length);
  return first;
}
// The runtime stamps each line when it reads it: after the application's time, never going back.
function runtimeClock(fb, e) {
  const t = Math.max((fb.lastRuntime ?? 0) + r.int(1, 50), (e.trueUs ?? e.us) + r.int(20, 900));
  fb.lastRuntime = t + (e.lines ? e.lines.length : 1);
  return t;
}
function writeDocker(fb, events, origin) {
  for (const e of events) {
    const runtimeUs = runtimeClock(fb, e);
    const ns = String(r.int(0, 999)).padStart(3, '0');
    const start = dockerLine(fb, e.lines[0], e.stream, runtimeUs, ns);
    for (let i = 1; i < e.lines.length; i++) dockerLine(fb, e.lines[i], e.stream, runtimeUs + i, ns);
    if (e.tsFromRuntime) e.tsUs = runtimeUs;
    record(fb, start, fb.size, e, 'docker-json', origin, { stream: e.stream, observed_ts_us: runtimeUs });
  }
}

// CRI (kubelet/containerd): "<RFC3339Nano> <stream> <P|F> <content>", content chunks of 16 KiB.
function criLine(fb, text, stream, us, tz) {
  const max = 16 * 1024;
  const buf = Buffer.from(text, 'utf8');
  let first = -1;
  let pos = 0;
  do {
    let endPos = Math.min(buf.length, pos + max);
    while (endPos < buf.length && (buf[endPos] & 0xc0) === 0x80) endPos--;
    const last = endPos >= buf.length;
    const stamp = tz ? rfc3339nanoOffset(us, tz) : rfc3339nano(us, '123');
    const off = fb.append(`${stamp} ${stream} ${last ? 'F' : 'P'} ${buf.subarray(pos, endPos).toString('utf8')}\n`);
    if (first < 0) first = off;
    pos = endPos;
  } while (pos < buf.length);
  return first;
}
function writeCri(fb, events, origin, tz = 0) {
  for (const e of events) {
    const runtimeUs = runtimeClock(fb, e);
    const start = criLine(fb, e.lines[0], e.stream, runtimeUs, tz);
    for (let i = 1; i < e.lines.length; i++) criLine(fb, e.lines[i], e.stream, runtimeUs + i, tz);
    if (e.tsFromRuntime) e.tsUs = runtimeUs;
    record(fb, start, fb.size, e, 'cri', origin, { stream: e.stream, observed_ts_us: runtimeUs });
  }
}

// ================================================================= Docker host (compose project "shop")
function dockerContainer(name, service, image, events, extraLabels = {}) {
  const id = r.hex(64);
  const dir = `var/lib/docker/containers/${id}`;
  const created = new Date(T0 / 1000 - 3_600_000).toISOString();
  const labels = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': service, 'com.docker.compose.container-number': '1', ...extraLabels };
  writeAux(`${dir}/config.v2.json`, JSON.stringify({
    ID: id, Created: created, Path: '/entrypoint.sh', Args: [],
    Config: { Hostname: id.slice(0, 12), Domainname: '', User: '', Env: ['TZ=UTC', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Image: image, Labels: labels },
    Image: `sha256:${r.hex(64)}`, Name: `/${name}`, Driver: 'overlay2', LogPath: `/${dir}/${id}-json.log`,
    State: { Running: true, Pid: r.int(1000, 90000), StartedAt: created },
  }));
  writeAux(`${dir}/hostconfig.json`, JSON.stringify({ LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } }, NetworkMode: 'shop_default' }));
  writeAux(`${dir}/hostname`, id.slice(0, 12) + '\n');
  const fb = fileFor(`${dir}/${id}-json.log`);
  writeDocker(fb, events, { container: name, container_id: id, image, service, namespace: null, pod: null });
  return fb;
}

const N = (base) => Math.round(base * (0.85 + r.next() * 0.3));
dockerContainer('shop-kafka-1', 'kafka', 'apache/kafka:3.6.1', kafkaEvents(r, 1, T0, N(1100)));
dockerContainer('shop-kafka-2', 'kafka', 'apache/kafka:3.6.1', kafkaEvents(r, 2, T0 + 3_000_000, N(900)));
dockerContainer('shop-postgres-1', 'postgres', 'postgres:16.2', pgStderrEvents(r, T0, N(1100)));
const apiFb = dockerContainer('shop-api-1', 'api', 'registry.example.com/shop/api:1.4.2', pythonEvents(r, T0, N(800), { long: true }));
dockerContainer('shop-web-1', 'web', 'nginx:1.25.4', nginxEvents(r, T0, N(700)));

// A crashed daemon leaves a torn last record before restart: the line is not JSON, must be quarantined.
{
  const off = apiFb.append('{"log":"2026-03-02 10:00:00,000 - shop.api.orders - INFO - torn wri\n');
  truth.push({ source: apiFb.rel, offset: off, end: apiFb.size, envelope: 'docker-json', quarantine: true });
}

// ================================================================= Kubernetes node (containerd CRI + one CRI-O pod)
function pod(ns, name, containers) {
  const uid = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  for (const [cname, events, tz] of containers) {
    const fb = fileFor(`var/log/pods/${ns}_${name}_${uid}/${cname}/0.log`);
    writeCri(fb, events, { namespace: ns, pod: name, container: cname }, tz || 0);
  }
}
const rs = () => `${r.hex(9).replace(/[0-9]/g, (d) => 'bcdfghjklm'[d])}-${r.alnum(5).toLowerCase()}`;
pod('payments', `checkout-${rs()}`, [['checkout', logstashEvents(r, T0, N(900))]]);
pod('payments', `ledger-${rs()}`, [['ledger', zapEvents(r, T0, N(700))]]);
pod('inventory', `inventory-api-${rs()}`, [['inventory', logrusEvents(r, T0, N(450))], ['pricing-sidecar', slogTextEvents(r, T0, N(450))]]);
pod('search', `search-${rs()}`, [['search', slogJsonEvents(r, T0, N(350))]]);
pod('reports', `reports-worker-${rs()}`, [['worker', pythonBasicEvents(r, T0, N(300)), 60]]); // CRI-O style: local time with +01:00

// Spark driver seen through the node's CRI files (log4j2 text, the default pattern)
{
  const appId = `spark-${r.hex(32)}`;
  const evs = sparkEvents(r, T0 + 120_000_000, N(350), 'driver', null, 'nightly-agg').map((e) => ({
    us: e.us, trueUs: e.trueUs, tsPrec: 1_000_000, stream: 'stderr', family: 'spark', tail: e.tail,
    lines: [sparkLog4jLine(e), ...(e.trace || [])], fields: { ...e.fields },
  }));
  pod('spark-team-a', `nightly-agg-${r.hex(16)}-driver`, [['spark-kubernetes-driver', evs]]);
  void appId;
}

// ================================================================= Fluent Bit → S3 (the seed's layout)
function fluentBitApp(appName, nExec) {
  const selector = `spark-${r.hex(32)}`;
  const submission = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  const podBase = `${appName}-${r.hex(16)}`;
  const roles = [['driver', null], ...Array.from({ length: nExec }, (_, i) => ['executor', String(i + 1)])];
  for (const [role, execId] of roles) {
    const podName = role === 'driver' ? `${appName}-driver` : `${podBase}-exec-${execId}`;
    const node = `ip-10-1-${r.int(0, 255)}-${r.int(0, 255)}.us-west-2.compute.internal`;
    const image = 'public.ecr.aws/data-on-eks/spark:3.5.1-scala2.12-java17-python3-ubuntu';
    const labels = {
      app: appName, 'spark-app-name': appName, 'spark-app-selector': selector, 'spark-role': role,
      'spark-version': '3.5.1', 'sparkoperator.k8s.io/app-name': appName, 'sparkoperator.k8s.io/launched-by-spark-operator': 'true',
      'sparkoperator.k8s.io/submission-id': submission, queue: 'root.spark-team-a',
      ...(execId ? { 'spark-exec-id': execId, 'spark-exec-resourceprofile-id': '0' } : {}),
    };
    const container = role === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor';
    const podId = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`, dockerId = r.hex(64), imageSha = r.hex(64);
    const evs = sparkEvents(r, T0 + 60_000_000, N(320), role, execId, appName);
    // Fluent Bit s3 output uploads in several objects per pod
    const nFiles = r.int(1, 3);
    const per = Math.ceil(evs.length / nFiles);
    for (let f = 0; f < nFiles; f++) {
      const slice = evs.slice(f * per, (f + 1) * per);
      if (!slice.length) continue;
      const p = parts(slice[0].usMs);
      const fb = fileFor(`s3/spark-on-eks/spark-application-logs/spark-team-a/${selector}/${podName}/${podName}_${p.h}${p.m}${p.s}_${r.alnum(8)}.json`);
      for (const e of slice) {
        const msg = e.trace ? [e.msg, ...e.trace].join('\n') : e.msg;
        const rec = {
          timestamp: isoMs(e.usMs), log_level: e.level, message: msg, stream: 'stderr',
          kubernetes: {
            pod_name: podName, namespace_name: 'spark-team-a', pod_id: podId,
            labels, host: node, container_name: container, docker_id: dockerId,
            container_hash: `${image.split(':')[0]}@sha256:${imageSha}`, container_image: image,
          },
        };
        const off = fb.append(JSON.stringify(rec) + '\n');
        // the record carries no logger name (%c): component is not determined
        const { component: _drop, ...fields } = e.fields;
        const ev = { ...e, fields, us: e.usMs, tsPrec: 1000, family: 'spark', lines: [msg] };
        record(fb, off, fb.size, ev, 'fluentbit', {
          namespace: 'spark-team-a', pod: podName, container, image, host: node, stream: 'stderr',
          spark_app_id: selector, spark_app_name: appName, spark_role: role, spark_executor_id: role === 'driver' ? 'driver' : execId,
        });
      }
    }
  }
}
fluentBitApp('taxi-trip', 2);
fluentBitApp('tpcds-q64', 1);

// ================================================================= plain files: PostgreSQL csvlog / jsonlog, syslog 5424
{
  const csvq = (v) => (v == null ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const pgts = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.ms} UTC`; };
  const evs = pgStructuredEvents(r, T0, N(450));
  const fb = fileFor('var/log/postgresql/postgresql-2026-03-02_090000.csv');
  let line = 0;
  for (const e of evs) {
    const sessStart = pgts(e.us - 60_000_000);
    const cols = [pgts(e.us), e.sess[0], e.sess[1], e.pid, `10.0.3.${(e.pid % 250) + 2}:${30000 + (e.pid % 30000)}`, `${e.pid.toString(16)}.${r.hex(8)}`, ++line, e.fields.pg_statement_kind || 'idle',
      sessStart, `3/${r.int(1, 99999)}`, 0, e.sev, e.state, e.message, e.detail, e.hint, null, null, e.context, e.query, null, null, 'shop-api', 'client backend', null, 0];
    const text = cols.map((v, i) => ([3, 6, 10, 25].includes(i) ? (v == null ? '' : String(v)) : (v == null ? '' : csvq(v)))).join(',');
    const off = fb.append(text + '\n');
    record(fb, off, fb.size, { ...e, lines: text.split('\n') }, 'plain', { stream: undefined });
  }
  const jevs = pgStructuredEvents(r, T0, N(450));
  const jfb = fileFor('var/log/postgresql/postgresql-2026-03-02_090000.json');
  for (const e of jevs) {
    const rec = { timestamp: pgts(e.us), user: e.sess[0], dbname: e.sess[1], pid: e.pid, remote_host: '10.0.3.9', remote_port: 40000 + (e.pid % 20000), session_id: `${e.pid.toString(16)}.${r.hex(8)}`, line_num: r.int(1, 90), ps: 'idle', session_start: pgts(e.us - 60_000_000), vxid: `4/${r.int(1, 99999)}`, txid: 0, error_severity: e.sev, state_code: e.state, message: e.message };
    if (e.detail) rec.detail = e.detail;
    if (e.hint) rec.hint = e.hint;
    if (e.context) rec.context = e.context;
    if (e.query) rec.statement = e.query;
    Object.assign(rec, { application_name: 'shop-api', backend_type: 'client backend', query_id: 0 });
    const off = jfb.append(JSON.stringify(rec) + '\n');
    record(jfb, off, jfb.size, { ...e, lines: [1] }, 'plain', {});
  }
  const sfb = fileFor('var/log/remote/syslog-5424.log');
  for (const e of syslog5424Events(r, T0, N(300), 'ip-10-1-7-21')) {
    const off = sfb.append(e.lines[0] + '\n');
    record(sfb, off, sfb.size, e, 'plain', {});
  }
}

// ================================================================= write out
for (const fb of files.values()) {
  const p = join(logsDir, fb.rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, Buffer.concat(fb.chunks));
}
truth.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.offset - b.offset));
writeFileSync(join(outDir, 'truth.jsonl'), truth.map((t) => JSON.stringify(t)).join('\n') + '\n');
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ seed, t0_us: T0, events: truth.filter((t) => !t.quarantine).length, quarantined: truth.filter((t) => t.quarantine).length, files: [...files.keys()].sort() }, null, 2) + '\n');
console.log(`seed ${seed}: ${truth.length} truth records in ${files.size} files under ${logsDir}`);
