#!/usr/bin/env node
// Deterministic generator of a small synthetic cluster's logs in real on-disk layouts, with a
// ground-truth JSONL (one record per logical event). Usage: node gen.mjs --seed N --out DIR
// Every expected value comes from the format's own documentation: see DOCS.md.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rng, parseArgs, rfc3339nano, rfc3339nanoOffset, isoMs, parts } from './lib.mjs';
import {
  kafkaEvents, pgStderrEvents, pgStructuredEvents, pythonEvents, pythonBasicEvents, nginxEvents,
  logstashEvents, zapEvents, logrusEvents, slogTextEvents, slogJsonEvents, sparkEvents, sparkLog4jLine,
  syslog5424Events,
} from './apps.mjs';
import {
  springBootEvents, log4j2JsonEvents, ecsEvents, pinoEvents, goPanic, cnpgEvents, pgDefaultPrefixEvents,
  klogEvents, syslog3164Events, spark4Events, pgBadgerPrefixEvents, zookeeperEvents, mongoEvents,
} from './apps2.mjs';

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
  constructor(rel, gz = false) { this.rel = rel; this.gz = gz; this.chunks = []; this.size = 0; files.set(rel, this); }
  append(s) { const b = Buffer.from(s, 'utf8'); const off = this.size; this.chunks.push(b); this.size += b.length; return off; }
}
const fileFor = (rel, gz) => files.get(rel) || new FileBuilder(rel, gz);
function writeAux(rel, content) { const p = join(logsDir, rel); mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, content); }

const clean = (o) => { const x = {}; for (const [k, v] of Object.entries(o)) if (v !== undefined) x[k] = v; return x; };
function record(fb, offsets, e, envelope, origin, extra = {}) {
  const prec = e.tsPrec ?? 1;
  truth.push(clean({
    source: fb.rel, offset: offsets[0], line_offsets: offsets.length > 1 ? offsets : undefined, envelope, family: e.family,
    lines: e.lines ? e.lines.length : 1,
    // the line's own time at the precision its format prints (Python/Kafka/PG: ms; logrus/Spark/nginx: s)
    ts_us: e.tsUnscored ? undefined : Math.floor((e.tsUs ?? e.us) / prec) * prec, ts_prec_us: e.tsUnscored ? undefined : prec,
    stack_tail: e.tail,
    fields: clean({ ...origin, ...e.fields, ...extra }),
  }));
}

/** Split a line's content the way the runtimes do (16 KiB buffers), never inside a UTF-8 sequence. */
function chunks16k(text) {
  const max = 16 * 1024;
  const buf = Buffer.from(text, 'utf8');
  const out = [];
  let pos = 0;
  do {
    let end = Math.min(buf.length, pos + max);
    while (end < buf.length && (buf[end] & 0xc0) === 0x80) end--;
    out.push(buf.subarray(pos, end).toString('utf8'));
    pos = end;
  } while (pos < buf.length);
  return out;
}
// The runtime stamps each line when it reads it: after the application's time, never going back.
function runtimeClock(fb, e) {
  const t = Math.max((fb.lastRuntime ?? 0) + r.int(1, 50), (e.trueUs ?? e.us) + r.int(20, 900));
  fb.lastRuntime = t + (e.lines ? e.lines.length : 1);
  return t;
}
// Docker json-file: dockerd's key order, Go's HTML-safe escaping, 16 KiB partial records (no "\n").
const goEsc = (s) => s.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const dockerPhys = (text, stream, us, ns, attrs) => {
  const parts16 = chunks16k(text);
  return parts16.map((piece, i) => {
    const rec = { log: piece + (i === parts16.length - 1 ? '\n' : ''), stream };
    if (attrs) rec.attrs = attrs; // `--log-opt labels=…` / `tag`: dockerd adds attrs before time
    rec.time = rfc3339nano(us, ns);
    return goEsc(JSON.stringify(rec)) + '\n';
  });
};
// CRI (kubelet/containerd): "<RFC3339Nano> <stream> <P|F> <content>".
const criPhys = (text, stream, us, tz) => {
  const parts16 = chunks16k(text);
  const stamp = tz ? rfc3339nanoOffset(us, tz) : rfc3339nano(us, '123');
  return parts16.map((piece, i) => `${stamp} ${stream} ${i === parts16.length - 1 ? 'F' : 'P'} ${piece}\n`);
};
// `docker logs --timestamps`: "<RFC3339Nano> <line>"
const dockerTsPhys = (text, stream, us) => [`${rfc3339nano(us, '000')} ${text}\n`];

/**
 * Writes events through an envelope. With `interleave`, single-line events of the other stream are
 * slipped between the physical lines of multi-line events (dockerd/containerd interleave stdout and
 * stderr in arrival order), so a reader must join per stream.
 */
function writeEnvelope(fbOrList, events, origin, envelope, phys, opts = {}) {
  const list = Array.isArray(fbOrList) ? fbOrList : null;
  let fb = list ? list[0].fb : fbOrList;
  const pending = events.slice();
  let emitted = 0;
  const emit = (e, fbNow, lineFrom, lineTo, state) => {
    for (let i = lineFrom; i < lineTo; i++) {
      for (const p of phys(e.lines[i], e.stream, state.runtimeUs + i, state.ns)) state.offsets.push(fbNow.append(p));
    }
  };
  const finish = (e, fbNow, state) => {
    if (e.tsFromRuntime) e.tsUs = state.runtimeUs;
    emitted++;
    record(fbNow, state.offsets, e, envelope, origin, {
      stream: envelope === 'plain' || envelope === 'docker-ts' ? undefined : e.stream, // `docker logs 2>&1` loses the stream
      observed_ts_us: envelope === 'plain' ? undefined : state.runtimeUs,
    });
  };
  while (pending.length) {
    const e = pending.shift();
    if (list) fb = (list.find((x) => emitted < x.upTo) || list[list.length - 1]).fb;
    const state = { runtimeUs: runtimeClock(fb, e), ns: String(r.int(0, 999)).padStart(3, '0'), offsets: [] };
    if (opts.interleave && e.lines.length > 2 && r.chance(0.6)) {
      const cut = r.int(1, e.lines.length - 1);
      emit(e, fb, 0, cut, state);
      // the next single-line event of the other stream arrives meanwhile
      const j = pending.findIndex((x) => x.stream !== e.stream && x.lines.length === 1);
      if (j >= 0 && j < 5) {
        const o = pending.splice(j, 1)[0];
        const st2 = { runtimeUs: Math.max(state.runtimeUs + cut, runtimeClock(fb, o)), ns: state.ns, offsets: [] };
        fb.lastRuntime = st2.runtimeUs + 1;
        emit(o, fb, 0, 1, st2);
        finish(o, fb, st2);
      }
      emit(e, fb, cut, e.lines.length, state);
    } else {
      emit(e, fb, 0, e.lines.length, state);
    }
    finish(e, fb, state);
  }
}

// ================================================================= Docker host (compose project "shop")
function dockerContainer(name, service, image, events, opts = {}) {
  const id = r.hex(64);
  const dir = `var/lib/docker/containers/${id}`;
  const created = new Date(T0 / 1000 - 3_600_000).toISOString();
  const labels = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': service, 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' };
  writeAux(`${dir}/config.v2.json`, JSON.stringify({
    ID: id, Created: created, Path: '/entrypoint.sh', Args: [],
    Config: { Hostname: id.slice(0, 12), Domainname: '', User: '', Env: ['TZ=UTC', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Image: image, Labels: labels },
    Image: `sha256:${r.hex(64)}`, Name: `/${name}`, Driver: 'overlay2', LogPath: `/var/lib/docker/containers/${id}/${id}-json.log`,
    State: { Running: true, Pid: r.int(1000, 90000), StartedAt: created },
  }));
  writeAux(`${dir}/hostconfig.json`, JSON.stringify({ LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3', compress: 'true' } }, NetworkMode: 'shop_default' }));
  writeAux(`${dir}/hostname`, id.slice(0, 12) + '\n');
  writeAux(`${dir}/resolv.conf`, 'nameserver 127.0.0.11\noptions ndots:0\n');
  const origin = { container: name, container_id: id, image, service, namespace: null, pod: null };
  const base = `${dir}/${id}-json.log`;
  // rotation: json-file renames the live file to .1, .1 to .2 (compressed with compress=true)
  const rot = opts.rotations || 0;
  const fbs = [];
  for (let k = rot; k >= 1; k--) fbs.push({ fb: fileFor(k >= 2 ? `${base}.${k}.gz` : `${base}.${k}`, k >= 2), upTo: Math.floor((events.length * (rot + 1 - k)) / (rot + 1)) });
  fbs.push({ fb: fileFor(base), upTo: Infinity });
  const attrs = opts.attrs ? { 'com.docker.compose.service': service, tag: name } : undefined;
  writeEnvelope(fbs, events, origin, 'docker-json', (t, s, us, ns) => dockerPhys(t, s, us, ns, attrs), { interleave: opts.interleave });
  return fbs[fbs.length - 1].fb;
}

const N = (base) => Math.round(base * (0.85 + r.next() * 0.3));
dockerContainer('shop-kafka-1', 'kafka', 'apache/kafka:3.6.1', kafkaEvents(r, 1, T0, N(1000)), { rotations: 1 });
dockerContainer('shop-kafka-2', 'kafka', 'apache/kafka:3.6.1', kafkaEvents(r, 2, T0 + 3_000_000, N(800)), { rotations: 2 });
dockerContainer('shop-postgres-1', 'postgres', 'postgres:16.2', pgStderrEvents(r, T0, N(1000)));
const apiFb = dockerContainer('shop-api-1', 'api', 'registry.example.com/shop/api:1.4.2', pythonEvents(r, T0, N(700), { long: true, gunicorn: true }), { interleave: true });
dockerContainer('shop-web-1', 'web', 'nginx:1.25.4', nginxEvents(r, T0, N(600)));
dockerContainer('shop-orders-1', 'orders', 'registry.example.com/shop/orders:2.0.3', springBootEvents(r, T0, N(600), 'orders'), { interleave: true });
dockerContainer('shop-zookeeper-1', 'zookeeper', 'zookeeper:3.8.4', zookeeperEvents(r, T0, N(300), 1));
dockerContainer('shop-cart-1', 'cart', 'registry.example.com/shop/cart:0.9.0', pinoEvents(r, T0, N(500), 'shop-cart-1'), { attrs: true });

// A crashed daemon leaves a torn record: not JSON, must be quarantined (and the next records still read).
{
  const off = apiFb.append('{"log":"2026-03-02 10:00:00,000 - shop.api.orders - INFO - torn wri\n');
  truth.push({ source: apiFb.rel, offset: off, envelope: 'docker-json', quarantine: true });
}

// `docker logs --timestamps kafka-3 > exports/...` (the docker-ts envelope)
{
  const fb = fileFor('exports/shop-kafka-3.docker-logs.txt');
  writeEnvelope(fb, kafkaEvents(r, 3, T0 + 5_000_000, N(400)), {}, 'docker-ts', dockerTsPhys);
}

// ================================================================= Kubernetes node (containerd CRI + one CRI-O pod)
const podDirs = new Map();
function pod(ns, name, containers) {
  const uid = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  for (const c of containers) {
    const [cname, events, opts = {}] = c;
    const dir = `var/log/pods/${ns}_${name}_${uid}/${cname}`;
    const origin = { namespace: ns, pod: name, container: cname };
    const phys = (t, s, us) => criPhys(t, s, us, opts.tz || 0);
    if (opts.rotated) {
      // kubelet rotation: 0.log → 0.log.<timestamp> → compressed 0.log.<timestamp>.gz
      const cut = Math.floor(events.length * 0.4);
      const p = parts(events[cut].us);
      const fbRot = fileFor(`${dir}/0.log.${p.Y}${p.M}${p.D}-${p.h}${p.m}${p.s}.gz`, true);
      writeEnvelope([{ fb: fbRot, upTo: cut }, { fb: fileFor(`${dir}/0.log`), upTo: Infinity }], events, origin, 'cri', phys, opts);
    } else if (opts.restart) {
      // the container crashes (Go panic) and restarts: kubelet writes the new instance to 1.log
      const cut = Math.floor(events.length * 0.5);
      const fb0 = fileFor(`${dir}/0.log`);
      writeEnvelope(fb0, [...events.slice(0, cut), goPanic(r, events[cut - 1].us + 5000)], origin, 'cri', phys, opts);
      writeEnvelope(fileFor(`${dir}/1.log`), events.slice(cut), origin, 'cri', phys, opts);
    } else {
      writeEnvelope(fileFor(`${dir}/0.log`), events, origin, 'cri', phys, opts);
    }
    podDirs.set(`${ns}/${name}/${cname}`, dir);
  }
}
const rs = () => `${r.hex(9).replace(/[0-9]/g, (d) => 'bcdfghjklm'[d])}-${r.alnum(5).toLowerCase()}`;
pod('payments', `checkout-${rs()}`, [['checkout', logstashEvents(r, T0, N(800)), { rotated: true }]]);
pod('payments', `ledger-${rs()}`, [['ledger', zapEvents(r, T0, N(600)), { restart: true }]]);
pod('payments', `billing-${rs()}`, [['billing', log4j2JsonEvents(r, T0, N(400))]]);
pod('payments', `notify-${rs()}`, [['notify', ecsEvents(r, T0, N(400), 'notify')]]);
pod('inventory', `inventory-api-${rs()}`, [['inventory', logrusEvents(r, T0, N(400))], ['pricing-sidecar', slogTextEvents(r, T0, N(400))]]);
pod('search', `search-${rs()}`, [['search', slogJsonEvents(r, T0, N(350))]]);
pod('reports', `reports-worker-${rs()}`, [['worker', pythonBasicEvents(r, T0, N(300)), { tz: 60, interleave: true }]]); // CRI-O style: local time with +01:00
pod('db', 'pg-cluster-1', [['postgres', cnpgEvents(r, T0, 400, 'pg-cluster-1', pgStructuredEvents(r, T0, 400))]]);
pod('db', 'legacy-pg-0', [['postgres', pgDefaultPrefixEvents(r, T0, N(300))]]);
pod('db', 'analytics-pg-0', [['postgres', pgBadgerPrefixEvents(r, T0, N(250))]]);
pod('db', 'mongo-0', [['mongod', mongoEvents(r, T0, N(300))]]);
pod('kube-system', `kube-proxy-${r.alnum(5).toLowerCase()}`, [['kube-proxy', klogEvents(r, T0, N(250))]]);

// Spark drivers seen through the node's CRI files: Spark 3.5 log4j2 text (default pattern) and Spark 4 JSON
{
  const evs = sparkEvents(r, T0 + 120_000_000, N(300), 'driver', null, 'nightly-agg').map((e) => ({
    us: e.us, trueUs: e.trueUs, tsPrec: 1_000_000, stream: 'stderr', family: 'spark', tail: e.tail,
    lines: [sparkLog4jLine(e), ...(e.trace || [])], fields: { ...e.fields },
  }));
  pod('spark-team-a', `nightly-agg-${r.hex(16)}-driver`, [['spark-kubernetes-driver', evs]]);
  const podBase = `etl-v4-${r.hex(16)}`;
  pod('spark-team-b', `${podBase}-driver`, [['spark-kubernetes-driver', spark4Events(r, T0, N(300), 'driver')]]);
  pod('spark-team-b', `${podBase}-exec-1`, [['spark-kubernetes-executor', spark4Events(r, T0, N(200), 'executor')]]);
}

// ================================================================= Fluent Bit → S3 (the seed's layout)
function fluentBitApp(appName, nExec, shape = 'parsed') {
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
    const evs = sparkEvents(r, T0 + 60_000_000, N(300), role, execId, appName);
    const nFiles = r.int(1, 3); // the s3 output uploads several objects per pod
    const per = Math.ceil(evs.length / nFiles);
    for (let f = 0; f < nFiles; f++) {
      const slice = evs.slice(f * per, (f + 1) * per);
      if (!slice.length) continue;
      const p = parts(slice[0].usMs);
      const fb = fileFor(`s3/spark-on-eks/spark-application-logs/spark-team-a/${selector}/${podName}/${podName}_${p.h}${p.m}${p.s}_${r.alnum(8)}.json`);
      if (shape === 'raw') {
        // tail input + cri parser (`time`, `stream`, `_p`, `log`) + kubernetes filter, s3 output json_lines
        // with its default json_date_key "date" (epoch seconds, double). No multiline filter: every
        // physical line of a stack trace is its own record, the log4j event is still one event.
        for (const e of slice) {
          const lines = [sparkLog4jLine(e), ...(e.trace || [])];
          const runtimeUs = runtimeClock(fb, { us: e.trueUs, lines });
          const offsets = lines.map((l, i) => fb.append(JSON.stringify({
            date: Number(((runtimeUs + i) / 1e6).toFixed(6)), time: rfc3339nano(runtimeUs + i, '000'), stream: 'stderr', _p: 'F', log: l,
            kubernetes: { pod_name: podName, namespace_name: 'spark-team-a', pod_id: podId, labels, host: node, container_name: container, docker_id: dockerId, container_hash: `${image.split(':')[0]}@sha256:${imageSha}`, container_image: image },
          }) + '\n'));
          record(fb, offsets, { ...e, us: e.us, tsPrec: 1_000_000, family: 'spark-raw', lines }, 'fluentbit', {
            namespace: 'spark-team-a', pod: podName, container, image, host: node, stream: 'stderr', observed_ts_us: runtimeUs,
            spark_app_id: selector, spark_app_name: appName, spark_role: role, spark_executor_id: role === 'driver' ? 'driver' : execId,
          });
        }
        continue;
      }
      for (const e of slice) {
        // a multiline parser (Fluent Bit's built-in "java") keeps a stack trace inside one record
        const msg = e.trace ? [e.msg, ...e.trace].join('\n') : e.msg;
        const rec = {
          timestamp: isoMs(e.usMs), log_level: e.level, message: msg, stream: 'stderr',
          kubernetes: {
            pod_name: podName, namespace_name: 'spark-team-a', pod_id: podId, labels, host: node, container_name: container,
            docker_id: dockerId, container_hash: `${image.split(':')[0]}@sha256:${imageSha}`, container_image: image,
          },
        };
        const off = fb.append(JSON.stringify(rec) + '\n');
        // the record carries no logger name (%c): component is not determined
        const { component: _drop, ...fields } = e.fields;
        record(fb, [off], { ...e, fields, us: e.usMs, tsPrec: 1000, family: 'spark', lines: [msg] }, 'fluentbit', {
          namespace: 'spark-team-a', pod: podName, container, image, host: node, stream: 'stderr',
          spark_app_id: selector, spark_app_name: appName, spark_role: role, spark_executor_id: role === 'driver' ? 'driver' : execId,
        });
      }
    }
  }
}
fluentBitApp('taxi-trip', 2);
fluentBitApp('tpcds-q64', 1);
fluentBitApp('word-count', 1, 'raw');

// ================================================================= plain files: PostgreSQL csvlog / jsonlog, syslog
{
  const csvq = (v) => (v == null ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const pgts = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.ms} UTC`; };
  const fb = fileFor('var/log/postgresql/postgresql-2026-03-02_090000.csv');
  let line = 0;
  for (const e of pgStructuredEvents(r, T0, N(400))) {
    const cols = [pgts(e.us), e.sess[0], e.sess[1], e.pid, `10.0.3.${(e.pid % 250) + 2}:${30000 + (e.pid % 30000)}`, `${e.pid.toString(16)}.${r.hex(8)}`, ++line, e.fields.pg_statement_kind || 'idle',
      pgts(e.us - 60_000_000), `3/${r.int(1, 99999)}`, 0, e.sev, e.state, e.message, e.detail, e.hint, null, null, e.context, e.query, null, null, 'shop-api', 'client backend', null, 0];
    const text = cols.map((v, i) => ([3, 6, 10, 25].includes(i) ? (v == null ? '' : String(v)) : (v == null ? '' : csvq(v)))).join(',');
    const off = fb.append(text + '\n');
    record(fb, [off], { ...e, lines: text.split('\n') }, 'plain', {});
  }
  const jfb = fileFor('var/log/postgresql/postgresql-2026-03-02_090000.json');
  for (const e of pgStructuredEvents(r, T0, N(400))) {
    const rec = { timestamp: pgts(e.us), user: e.sess[0], dbname: e.sess[1], pid: e.pid, remote_host: '10.0.3.9', remote_port: 40000 + (e.pid % 20000), session_id: `${e.pid.toString(16)}.${r.hex(8)}`, line_num: r.int(1, 90), ps: 'idle', session_start: pgts(e.us - 60_000_000), vxid: `4/${r.int(1, 99999)}`, txid: 0, error_severity: e.sev, state_code: e.state, message: e.message };
    if (e.detail) rec.detail = e.detail;
    if (e.hint) rec.hint = e.hint;
    if (e.context) rec.context = e.context;
    if (e.query) rec.statement = e.query;
    Object.assign(rec, { application_name: 'shop-api', backend_type: 'client backend', query_id: 0 });
    const off = jfb.append(JSON.stringify(rec) + '\n');
    record(jfb, [off], { ...e, lines: [1] }, 'plain', {});
  }
  const sfb = fileFor('var/log/remote/syslog-5424.log');
  for (const e of syslog5424Events(r, T0, N(250), 'ip-10-1-7-21')) record(sfb, [sfb.append(e.lines[0] + '\n')], e, 'plain', {});
  const s3fb = fileFor('var/log/remote/ip-10-1-9-4/messages');
  for (const e of syslog3164Events(r, T0, N(250), 'ip-10-1-9-4')) record(s3fb, [s3fb.append(e.lines[0] + '\n')], e, 'plain', {});
}

// ================================================================= write out
for (const fb of files.values()) {
  const p = join(logsDir, fb.rel);
  mkdirSync(dirname(p), { recursive: true });
  const body = Buffer.concat(fb.chunks);
  writeFileSync(p, fb.gz ? gzipSync(body) : body);
}
// self-check: every truth offset starts a physical line; JSON envelopes parse; offsets increase
for (const t of truth) {
  const body = Buffer.concat(files.get(t.source).chunks);
  for (const o of t.line_offsets || [t.offset]) {
    if (o !== 0 && body[o - 1] !== 0x0a) throw new Error(`truth offset ${o} of ${t.source} is not a line start`);
    const line = body.subarray(o, body.indexOf(0x0a, o)).toString('utf8');
    if (!t.quarantine && (t.envelope === 'docker-json' || t.envelope === 'fluentbit')) JSON.parse(line);
  }
}
truth.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.offset - b.offset));
writeFileSync(join(outDir, 'truth.jsonl'), truth.map((t) => JSON.stringify(t)).join('\n') + '\n');
const fams = {};
for (const t of truth) if (!t.quarantine) fams[`${t.envelope}/${t.family}`] = (fams[`${t.envelope}/${t.family}`] || 0) + 1;
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({
  seed, t0_us: T0, events: truth.filter((t) => !t.quarantine).length, quarantined: truth.filter((t) => t.quarantine).length,
  multiline: truth.filter((t) => t.lines > 1).length, by_family: fams, files: [...files.keys()].sort(),
}, null, 2) + '\n');
console.log(`seed ${seed}: ${truth.length} truth records in ${files.size} files under ${logsDir}`);
