#!/usr/bin/env node
// Deterministic generator: a small cluster's logs in on-disk layouts + ground truth (truth.jsonl).
import fs from 'node:fs';
import path from 'node:path';
const args = process.argv.slice(2);
const arg = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const seed = Number(arg('--seed', '1')); const OUT = arg('--out');
if (!OUT) { console.error('usage: gen.mjs --seed N --out DIR'); process.exit(2); }
let s = (seed * 2654435761) >>> 0 || 1;
const rnd = () => { s |= 0; s = (s + 0x6D2B79F5) | 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const ri = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (a) => a[Math.floor(rnd() * a.length)];
const hex = (n) => { let o = ''; for (let i = 0; i < n; i++) o += '0123456789abcdef'[ri(0, 15)]; return o; };
fs.rmSync(OUT, { recursive: true, force: true });
const truth = [];
let clock = Date.UTC(2026, 2, 2, 9, 0, 0) + seed * 3600e3; // ms
const tick = () => { clock += ri(5, 900); const ns = ri(0, 999999); return { ms: clock, ns }; };
const p2 = (n, w = 2) => String(n).padStart(w, '0');
const iso9 = (t) => new Date(t.ms).toISOString().slice(0, 19) + '.' + p2(t.ms % 1000, 3) + p2(t.ns, 6) + 'Z';
const isoUs = (t) => new Date(t.ms).toISOString().slice(0, 19) + '.' + p2(t.ms % 1000, 3) + p2(Math.floor(t.ns / 1000), 3) + 'Z';
const D = (ms) => new Date(ms);
const ymd = (ms, sep = '-') => { const d = D(ms); return d.getUTCFullYear() + sep + p2(d.getUTCMonth() + 1) + sep + p2(d.getUTCDate()); };
const hms = (ms) => { const d = D(ms); return p2(d.getUTCHours()) + ':' + p2(d.getUTCMinutes()) + ':' + p2(d.getUTCSeconds()); };
const msP = (ms) => p2(ms % 1000, 3);
const isoMs = (ms) => new Date(ms).toISOString();
const isoS = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SEVN = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };
const sev = (S) => ({ severity: S, severity_number: SEVN[S] });

// ---------- files with byte offsets ----------
const files = new Map();
function out(rel) { if (!files.has(rel)) files.set(rel, { chunks: [], size: 0 }); return files.get(rel); }
function put(rel, text) { const f = out(rel); const off = f.size; f.chunks.push(text); f.size += Buffer.byteLength(text); return off; }

// ---------- application formats: return {lines, expect, prec} ----------
const JAVA_FRAMES = ['at com.example.pay.Gateway.charge(Gateway.java:118)', 'at com.example.pay.CheckoutService.pay(CheckoutService.java:57)', 'at org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:186)', 'at java.base/java.lang.Thread.run(Thread.java:1583)'];
function javaTrace() {
  const top = pick(['java.lang.IllegalStateException', 'org.springframework.dao.DataAccessResourceFailureException', 'java.util.concurrent.ExecutionException']);
  const root = pick(['java.net.SocketTimeoutException', 'java.io.IOException', 'org.postgresql.util.PSQLException']);
  const lines = [`${top}: payment ${ri(1000, 9999)} could not be completed`, ...JAVA_FRAMES.slice(0, ri(2, 4)).map((f) => '\t' + f), `Caused by: ${root}: Read timed out`, '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)', '\t... 12 more'];
  return { lines, classes: [top, root] };
}
function pyTrace(chained) {
  const exc = pick(['ValueError', 'KeyError', 'ConnectionResetError']);
  const l = ['Traceback (most recent call last):', '  File "/app/worker/jobs.py", line 88, in run', '    result = handler(payload)', '  File "/app/worker/handlers.py", line 21, in handle', '    raise ' + exc + '("bad payload")', exc + ': bad payload'];
  let last = exc;
  if (chained) { last = 'worker.errors.JobFailed'; l.push('', 'The above exception was the direct cause of the following exception:', '', 'Traceback (most recent call last):', '  File "/app/worker/jobs.py", line 90, in run', '    raise JobFailed(job_id) from e', 'worker.errors.JobFailed: job failed'); }
  return { lines: l, last };
}
const app = {
  kafka(t) { // [%d] %p %m (%c)%n  (config/log4j.properties of Kafka <3.8; log4j2.yaml of 4.x keeps it)
    const d = `[${ymd(t.ms)} ${hms(t.ms)},${msP(t.ms)}]`;
    const b = ri(1, 3); const k = ri(0, 9);
    const e = { ts: isoMs(t.ms), _prec: 3 };
    if (k < 3) { const g = pick(['orders-cg', 'billing.consumers', 'fraud_scoring']); const m = `[GroupCoordinator ${b}]: Preparing to rebalance group ${g} in state PreparingRebalance with old generation ${ri(1, 40)} (__consumer_offsets-${ri(0, 49)}) (reason: Adding new member consumer-${g}-1-${hex(8)} with group instance id None; client reason: need to re-join with the given member-id)`;
      return { lines: [`${d} INFO ${m} (kafka.coordinator.group.GroupCoordinator)`], expect: { ...e, ...sev('INFO'), component: 'kafka.coordinator.group.GroupCoordinator', x_message: m, kafka_consumer_group: g } }; }
    if (k < 6) { const tp = pick(['orders', 'payments.v2', 'audit_events']); const p = ri(0, 11); const m = `[Partition ${tp}-${p} broker=${b}] Shrinking ISR from ${b},2,3 to ${b},2. Leader: (highWatermark: ${ri(100, 999)}, endOffset: ${ri(1000, 2000)}). Out of sync replicas: (brokerId: 3, endOffset: ${ri(10, 99)}, lastCaughtUpTimeMs: ${t.ms - 30000}).`;
      return { lines: [`${d} INFO ${m} (kafka.cluster.Partition)`], expect: { ...e, ...sev('INFO'), component: 'kafka.cluster.Partition', x_message: m, kafka_topic: tp, kafka_partition: p } }; }
    if (k < 8) { const m = `[ReplicaFetcher replicaId=${b}, leaderId=${b % 3 + 1}, fetcherId=0] Error sending fetch request (sessionId=${ri(1e6, 9e8)}, epoch=${ri(1, 400)}) to node ${b % 3 + 1}:`;
      const tr = ['java.io.IOException: Connection to 2 was disconnected before the response was read', '\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)', '\tat kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:113)', '\tat kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:309)'];
      return { lines: [`${d} WARN ${m} (kafka.server.ReplicaFetcherThread)`, ...tr], expect: { ...e, ...sev('WARN'), component: 'kafka.server.ReplicaFetcherThread', x_message_first: m, error_class: 'java.io.IOException', stack_last: tr[tr.length - 1] } }; }
    const m = `[LocalLog partition=${pick(['orders', '__consumer_offsets'])}-${ri(0, 9)}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${ri(1000, 99999)} in ${ri(0, 9)} ms.`;
    return { lines: [`${d} INFO ${m} (kafka.log.LocalLog)`], expect: { ...e, ...sev('INFO'), component: 'kafka.log.LocalLog', x_message: m } };
  },
  spark3(t) { // log4j2-defaults.properties: %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
    const d = `${ymd(t.ms, '/').slice(2)} ${hms(t.ms)}`; const e = { ts: isoS(t.ms), _prec: 0 };
    const k = ri(0, 9); const st = ri(0, 30); const tid = ri(0, 5000);
    if (k < 5) { const m = `Finished task ${ri(0, 199)}.0 in stage ${st}.0 (TID ${tid}) in ${ri(20, 9000)} ms on 10.0.${ri(0, 9)}.${ri(2, 250)} (executor ${ri(1, 8)}) (${ri(1, 8)}/8)`;
      return { lines: [`${d} INFO TaskSetManager: ${m}`], expect: { ...e, ...sev('INFO'), component: 'TaskSetManager', message: m, spark_stage_id: st, spark_task_id: tid } }; }
    if (k < 7) { const m = `Block broadcast_${ri(0, 90)}_piece0 stored as bytes in memory (estimated size ${ri(2, 90)}.${ri(0, 9)} KiB, free 434.${ri(0, 9)} MiB)`;
      return { lines: [`${d} INFO MemoryStore: ${m}`], expect: { ...e, ...sev('INFO'), component: 'MemoryStore', message: m } }; }
    if (k < 9) { const m = `Lost task ${ri(0, 99)}.0 in stage ${st}.0 (TID ${tid}) (10.0.1.${ri(2, 250)} executor ${ri(1, 8)}): org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.1.7:7337`;
      return { lines: [`${d} WARN TaskSetManager: ${m}`], expect: { ...e, ...sev('WARN'), component: 'TaskSetManager', message: m, spark_stage_id: st, spark_task_id: tid } }; }
    const m = `Job aborted due to stage failure: Task 3 in stage ${st}.0 failed 4 times`;
    const tr = ['org.apache.spark.SparkException: Job aborted due to stage failure', '\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)', '\tat org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2834)', 'Caused by: java.io.FileNotFoundException: s3a://lake/raw/part-0001.parquet', '\tat org.apache.hadoop.fs.s3a.S3AFileSystem.s3GetFileStatus(S3AFileSystem.java:3866)', '\t... 25 more'];
    return { lines: [`${d} ERROR FileFormatWriter: ${m}`, ...tr], expect: { ...e, ...sev('ERROR'), component: 'FileFormatWriter', message_first: m, error_class: { any: ['org.apache.spark.SparkException', 'java.io.FileNotFoundException'] }, stack_last: tr[tr.length - 1] } };
  },
  spark4(t) { // Spark 4 structured logging (spark.log.structuredLogging.enabled, JsonTemplateLayout)
    const off = pick([0, -420, 60, 330]); const loc = new Date(t.ms + off * 60000).toISOString().slice(0, 23);
    const z = (off < 0 ? '-' : '+') + p2(Math.floor(Math.abs(off) / 60)) + p2(Math.abs(off) % 60);
    const ts = loc + z; const st = ri(0, 30); const tid = ri(0, 5000);
    const e = { ts: isoMs(t.ms), _prec: 3 };
    if (rnd() < 0.8) { const m = `Running task ${ri(0, 99)}.0 in stage ${st}.0 (TID ${tid})`;
      const o = { ts, level: 'INFO', msg: m, context: { task_name: `task ${ri(0, 99)}.0 in stage ${st}.0 (TID ${tid})` }, logger: 'org.apache.spark.executor.Executor' };
      return { lines: [JSON.stringify(o)], expect: { ...e, ...sev('INFO'), component: 'org.apache.spark.executor.Executor', message: m } }; }
    const m = `Exception in task 0.0 in stage ${st}.0 (TID ${tid})`;
    const o = { ts, level: 'ERROR', msg: m, context: { task_name: `task 0.0 in stage ${st}.0 (TID ${tid})` }, exception: { class: 'java.lang.OutOfMemoryError', msg: 'Java heap space', stacktrace: [{ class: 'java.util.Arrays', method: 'copyOf', file: 'Arrays.java', line: 3537 }] }, logger: 'org.apache.spark.executor.Executor' };
    return { lines: [JSON.stringify(o)], expect: { ...e, ...sev('ERROR'), component: 'org.apache.spark.executor.Executor', message: m, error_class: 'java.lang.OutOfMemoryError' } };
  },
  python(t, rt) { // logging: '%(asctime)s - %(name)s - %(levelname)s - %(message)s' and BASIC_FORMAT '%(levelname)s:%(name)s:%(message)s'
    const name = pick(['worker.jobs', 'worker.queue', 'root']); const k = ri(0, 9);
    const lvl = pick(['DEBUG', 'INFO', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);
    const S = { DEBUG: 'DEBUG', INFO: 'INFO', WARNING: 'WARN', ERROR: 'ERROR', CRITICAL: 'FATAL' };
    const v = rnd(); const basic = v < 0.3; const zfmt = v > 0.8; // zfmt: format='%(asctime)s %(levelname)s [%(name)s] %(message)s', datefmt='%Y-%m-%dT%H:%M:%S%z', local zone +01:00
    const loc = new Date(t.ms + 3600e3).toISOString().slice(0, 19) + '+0100';
    const head = (L, m) => basic ? `${L}:${name}:${m}` : zfmt ? `${loc} ${L} [${name}] ${m}` : `${ymd(t.ms)} ${hms(t.ms)},${msP(t.ms)} - ${name} - ${L} - ${m}`;
    const e = basic ? { ts: rt, _prec: 6 } : zfmt ? { ts: isoS(t.ms), _prec: 0 } : { ts: isoMs(t.ms), _prec: 3 };
    if (k < 3) { const chained = rnd() < 0.5; const tr = pyTrace(chained); const m = `job ${ri(1, 9999)} failed after ${ri(1, 5)} attempts`;
      return { lines: [head('ERROR', m), ...tr.lines], expect: { ...e, ...sev('ERROR'), component: name, message: m, error_class: tr.last, stack_first: 'Traceback (most recent call last):', stack_last: tr.lines[tr.lines.length - 1] } }; }
    if (k === 5 && rnd() < 0.3) { const tr = pyTrace(rnd() < 0.5); // uncaught: sys.excepthook prints the traceback alone
      return { lines: tr.lines, expect: { ts: rt, _prec: 6, _stream: 'stderr', message_first: 'Traceback (most recent call last):', error_class: tr.last, stack_last: tr.lines[tr.lines.length - 1] } }; }
    if (k === 3) { const m = `slow consumer on queue q-${hex(4)}`; const stk = ['Stack (most recent call last):', '  File "/app/worker/main.py", line 12, in <module>', '    loop.run()', '  File "/app/worker/loop.py", line 77, in run', '    log.warning("slow consumer", stack_info=True)'];
      return { lines: [head('WARNING', m), ...stk], expect: { ...e, ...sev('WARN'), component: name, message: m, stack_last: stk[stk.length - 1] } }; }
    if (k === 4 && rnd() < 0.1) { const m = 'payload dump ' + JSON.stringify({ items: Array.from({ length: 900 }, (_, i) => ({ sku: 'A-' + i, qty: i % 7 })) });
      return { lines: [head('INFO', m)], expect: { ...e, ...sev('INFO'), component: name, message: m } }; }
    const m = `processed batch ${ri(1, 99999)} (${ri(1, 500)} items) from queue "q-${hex(4)}"`;
    return { lines: [head(lvl, m)], expect: { ...e, ...sev(S[lvl]), component: name, message: m } };
  },
  go(t) {
    const k = ri(0, 3); const tr = hex(32), sp = hex(16), rq = 'req-' + hex(10);
    const lv = pick(['debug', 'info', 'info', 'warn', 'error']); const S = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };
    const m = pick(['charge accepted', 'upstream call failed', 'cache miss', 'order persisted']) + ' #' + ri(1, 999);
    if (rnd() < 0.01) { const first = 'panic: runtime error: invalid memory address or nil pointer dereference';
      return { lines: [first, '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4b2f1a]', '', 'goroutine 1 [running]:', 'main.(*Store).Get(0x0, {0xc0000a4000, 0x5})', '\t/src/store.go:41 +0x1a', 'main.main()', '\t/src/main.go:12 +0x85'], expect: { message_first: first, stack_last: '\t/src/main.go:12 +0x85' } }; }
    if (k === 0) { // zap NewProduction: level ts(float seconds; ISO8601TimeEncoder variant) logger caller msg
      const o = { level: lv, ts: rnd() < 0.3 ? isoMs(t.ms) : Number((t.ms / 1000).toFixed(6)), logger: 'orders.http', caller: 'http/handler.go:' + ri(10, 300), msg: m, trace_id: tr, span_id: sp, request_id: rq };
      if (lv === 'error') o.stacktrace = 'main.(*Handler).ServeHTTP\n\t/src/http/handler.go:88\nnet/http.serverHandler.ServeHTTP\n\t/usr/local/go/src/net/http/server.go:3137';
      return { lines: [JSON.stringify(o)], expect: { ts: isoMs(t.ms), _prec: 3, ...sev(S[lv]), component: 'orders.http', message: m, trace_id: tr, span_id: sp, request_id: rq } }; }
    if (k === 1) { // logrus TextFormatter (no TTY): time="RFC3339" level=warning msg="..."
      const L = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' }[lv];
      const mm = rnd() < 0.3 ? `retry with level=debug and msg=\\"x\\" ${m}` : m; const shown = mm.replace(/\\"/g, '"');
      return { lines: [`time="${isoS(t.ms)}" level=${L} msg="${mm}" request_id=${rq} attempt=${ri(1, 4)}`], expect: { ts: isoS(t.ms), _prec: 0, ...sev(S[lv]), message: shown, request_id: rq } }; }
    if (k === 2 && rnd() < 0.35) { // slog TextHandler: time=RFC3339 millis with zone, level=WARN, msg quoted when needed
      const loc = new Date(t.ms + 3600e3).toISOString().slice(0, 23) + '+01:00';
      return { lines: [`time=${loc} level=${lv.toUpperCase()} msg="${m}" trace_id=${tr} span_id=${sp} order.id=${ri(1, 1e6)}`], expect: { ts: isoMs(t.ms), _prec: 3, ...sev(S[lv]), message: m, trace_id: tr, span_id: sp } }; }
    if (k === 0 && rnd() < 0.25) { // zap NewDevelopmentConfig console encoder: ISO8601 \t LEVEL \t caller \t msg \t {json fields}
      return { lines: [`${isoMs(t.ms).replace('Z', '+0000')}\t${lv.toUpperCase()}\thttp/handler.go:${ri(10, 300)}\t${m}\t{"request_id": "${rq}"}`], expect: { ts: isoMs(t.ms), _prec: 3, ...sev(S[lv]), message: m } }; }
    if (k === 2) { // slog JSONHandler: time level msg (+ attrs)
      const o = { time: iso9(t), level: lv.toUpperCase(), msg: m, trace_id: tr, span_id: sp, order: { id: ri(1, 1e6), total: 12.5 } };
      return { lines: [JSON.stringify(o)], expect: { ts: iso9(t), _prec: 6, ...sev(S[lv]), message: m, trace_id: tr, span_id: sp } }; }
    // zerolog: level first, "message" key, time RFC3339 seconds (TimeFieldFormat default)
    const o = { level: lv, request_id: rq, time: isoS(t.ms), message: m };
    return { lines: [JSON.stringify(o)], expect: { ts: isoS(t.ms), _prec: 0, ...sev(S[lv]), message: m, request_id: rq } };
  },
  java(t) {
    const k = ri(0, 3); const lv = pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']);
    const th = pick(['main', 'http-nio-8080-exec-3', 'scheduling-1', 'pool-2-thread-1']); const lg = pick(['com.example.pay.CheckoutService', 'com.example.pay.Gateway']);
    const m = pick(['Payment authorised', 'Retrying gateway call', 'Order state changed to PAID', 'Slow response from gateway']) + ' id=' + ri(1, 99999);
    if (rnd() < 0.03) { const jt = javaTrace(); const first = `Exception in thread "${th}" ${jt.lines[0]}`;
      return { lines: [first, ...jt.lines.slice(1)], expect: { message_first: first, error_class: jt.classes[0], stack_last: jt.lines[jt.lines.length - 1] } }; }
    if (k === 0) { // logback default: %d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n  (no date: ts not scored)
      const lines = [`${hms(t.ms)}.${msP(t.ms)} [${th}] ${lv.padEnd(5)} ${lg} - ${m}`]; const ex = { ...sev(lv), thread: th, component: lg, message: m };
      if (lv === 'ERROR') { const jt = javaTrace(); lines.push(...jt.lines); delete ex.message; ex.message_first = m; ex.error_class = { any: jt.classes }; ex.stack_last = jt.lines[jt.lines.length - 1]; }
      return { lines, expect: ex }; }
    if (k === 1) { // Spring Boot 3.x console: ISO8601 date, level, pid, ---, [app], [thread padded 15], logger padded : msg
      const lines = [`${isoMs(t.ms).replace('Z', '+00:00')} ${lv.padStart(5)} 1 --- [checkout] [${th.slice(-15).padStart(15)}] ${'c.e.pay.' + lg.split('.').pop()}${' '.repeat(10)} : ${m}`];
      const ex = { ts: isoMs(t.ms), _prec: 3, ...sev(lv), thread: th.slice(-15), message: m };
      if (lv === 'ERROR') { const jt = javaTrace(); lines.push(...jt.lines); delete ex.message; ex.message_first = m; ex.error_class = { any: jt.classes }; ex.stack_last = jt.lines[jt.lines.length - 1]; }
      return { lines, expect: ex }; }
    if (k === 2) { // log4j2 JsonLayout compact=true eventEol=true
      const o = { instant: { epochSecond: Math.floor(t.ms / 1000), nanoOfSecond: (t.ms % 1000) * 1e6 + t.ns }, thread: th, level: lv, loggerName: lg, message: m, endOfBatch: false, loggerFqcn: 'org.apache.logging.slf4j.Log4jLogger', threadId: ri(1, 90), threadPriority: 5 };
      const ex = { ts: iso9(t), _prec: 6, ...sev(lv), thread: th, component: lg, message: m };
      if (lv === 'ERROR') { o.thrown = { commonElementCount: 0, localizedMessage: 'Read timed out', message: 'Read timed out', name: 'java.net.SocketTimeoutException', extendedStackTrace: [{ class: 'java.net.SocketInputStream', method: 'read', file: 'SocketInputStream.java', line: 168, exact: false, location: 'java.base', version: '17' }] }; ex.error_class = 'java.net.SocketTimeoutException'; }
      return { lines: [JSON.stringify(o)], expect: ex }; }
    // ECS logging (ecs-logging-java): @timestamp, log.level, message, ecs.version, process.thread.name, log.logger, trace.id, span.id
    const tr = hex(32), sp = hex(16);
    const o = { '@timestamp': isoMs(t.ms), 'log.level': lv, message: m, 'ecs.version': '1.2.0', 'service.name': 'checkout', 'event.dataset': 'checkout', 'process.thread.name': th, 'log.logger': lg, 'trace.id': tr, 'span.id': sp };
    const ex = { ts: isoMs(t.ms), _prec: 3, ...sev(lv), thread: th, component: lg, message: m, trace_id: tr, span_id: sp };
    if (lv === 'ERROR') { o['error.type'] = 'java.lang.IllegalStateException'; o['error.message'] = 'gateway closed'; o['error.stack_trace'] = 'java.lang.IllegalStateException: gateway closed\n\tat com.example.pay.Gateway.charge(Gateway.java:118)'; ex.error_class = 'java.lang.IllegalStateException'; }
    return { lines: [JSON.stringify(o)], expect: ex };
  },
  node(t) {
    const lv = pick([20, 30, 30, 40, 50, 60]); const S = { 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
    const m = pick(['request completed', 'session expired', 'upstream timeout']) + ' ' + ri(1, 9999);
    if (rnd() < 0.6) { // pino: level number, time epoch ms, pid, hostname, msg
      const o = { level: lv, time: t.ms, pid: 7, hostname: 'api-5f7c9-x2x', reqId: 'req-' + ri(1, 99999), msg: m };
      const ex = { ts: isoMs(t.ms), _prec: 3, ...sev(S[lv]), message: m };
      if (lv >= 50) { o.err = { type: 'TypeError', message: "Cannot read properties of undefined (reading 'id')", stack: "TypeError: Cannot read properties of undefined (reading 'id')\n    at handler (/app/routes/orders.js:41:17)" }; ex.error_class = 'TypeError'; }
      return { lines: [JSON.stringify(o)], expect: ex }; }
    if (rnd() < 0.3) { // bunyan: name, hostname, pid, level, msg, time (ISO), v
      const o = { name: 'api', hostname: 'api-5f7c9-x2x', pid: 7, level: lv, req_id: 'req-' + ri(1, 99999), msg: m, time: isoMs(t.ms), v: 0 };
      return { lines: [JSON.stringify(o)], expect: { ts: isoMs(t.ms), _prec: 3, ...sev(S[lv]), message: m } }; }
    const W = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' }; const w = W[lv];
    const o = { message: m, level: w, service: 'api', timestamp: isoMs(t.ms) }; // winston format.json() after timestamp(); property order is the info object's
    return { lines: [JSON.stringify(o)], expect: { ts: isoMs(t.ms), _prec: 3, ...sev(w === 'error' ? 'ERROR' : S[lv]), message: m } };
  },
  pg(t, _rt, prefixStyle) { // stderr; log_line_prefix = '%t [%p]: user=%u,db=%d,app=%a,client=%h '
    const pid = ri(100, 32000); const user = pick(['app', 'report_ro']); const db = pick(['shop', 'analytics']);
    const pre = (bg) => `${ymd(t.ms)} ${hms(t.ms)} UTC [${pid}]: user=${bg ? '' : user},db=${bg ? '' : db},app=${bg ? '' : 'psql'},client=${bg ? '' : '10.0.3.' + (pid % 250)} `;
    const e = { ts: isoS(t.ms), _prec: 0, pg_pid: pid };
    const k = ri(0, 9);
    if (k < 4) { const dur = ri(1, 99999) / 1000; const sql = ['SELECT o.id, o.total, c.email', '\tFROM orders o JOIN customers c ON c.id = o.customer_id', `\tWHERE o.created_at > now() - interval '${ri(1, 9)} day'`, '\tORDER BY o.total DESC;'];
      const m = `duration: ${dur.toFixed(3)} ms  statement: ${sql[0]}`;
      return { lines: [pre(false) + 'LOG:  ' + m, ...sql.slice(1)], expect: { ...e, ...sev('INFO'), pg_user: user, pg_database: db, pg_duration_ms: Number(dur.toFixed(3)), pg_statement_kind: 'SELECT', message_first: m } }; }
    if (k < 6) { const id = ri(1, 99999); const m = 'duplicate key value violates unique constraint "orders_pkey"';
      return { lines: [pre(false) + 'ERROR:  ' + m, pre(false) + `DETAIL:  Key (id)=(${id}) already exists.`, pre(false) + `STATEMENT:  INSERT INTO orders (id, customer_id, total) VALUES (${id}, 7, 19.99)`], expect: { ...e, ...sev('ERROR'), pg_user: user, pg_database: db, pg_sqlstate: '23505', message_first: m } }; }
    if (k < 7) { const m = `deadlock detected`; 
      return { lines: [pre(false) + 'ERROR:  ' + m, pre(false) + `DETAIL:  Process ${pid} waits for ShareLock on transaction ${ri(1000, 9999)}; blocked by process ${pid + 1}.`, `\tProcess ${pid + 1} waits for ShareLock on transaction ${ri(1000, 9999)}; blocked by process ${pid}.`, pre(false) + 'HINT:  See server log for query details.', pre(false) + 'STATEMENT:  UPDATE accounts SET balance = balance - 10 WHERE id = 1;'], expect: { ...e, ...sev('ERROR'), pg_user: user, pg_database: db, pg_sqlstate: '40P01', message_first: m } }; }
    if (k < 9) { const m = `checkpoint complete: wrote ${ri(1, 9000)} buffers (${ri(0, 50)}.${ri(0, 9)}%); 0 WAL file(s) added, 0 removed, ${ri(0, 3)} recycled; write=${ri(1, 200)}.${ri(100, 999)} s, sync=0.0${ri(10, 99)} s, total=${ri(1, 200)}.${ri(100, 999)} s; sync files=${ri(1, 90)}, longest=0.0${ri(10, 99)} s, average=0.001 s; distance=${ri(1, 9999)} kB, estimate=${ri(1, 9999)} kB; lsn=0/${hex(8).toUpperCase()}, redo lsn=0/${hex(8).toUpperCase()}`;
      return { lines: [pre(true) + 'LOG:  ' + m], expect: { ...e, ...sev('INFO'), message: m } }; }
    const m = `could not receive data from client: Connection reset by peer`;
    return { lines: [pre(false) + 'LOG:  ' + m], expect: { ...e, ...sev('INFO'), pg_user: user, pg_database: db, message: m } };
  },
};

// ---------- envelopes ----------
function dockerContainer(name, image, labels, gen, n) {
  const id = hex(64); const dir = `var/lib/docker/containers/${id}`;
  fs.mkdirSync(path.join(OUT, dir), { recursive: true });
  fs.writeFileSync(path.join(OUT, dir, 'config.v2.json'), JSON.stringify({ ID: id, Name: '/' + name, Created: isoMs(clock), Config: { Hostname: id.slice(0, 12), Image: image, Labels: labels, Env: ['PATH=/usr/local/bin'] }, Image: 'sha256:' + hex(64), LogPath: `/${dir}/${id}-json.log` }));
  const rel = `${dir}/${id}-json.log`;
  for (let i = 0; i < n; i++) {
    const t = tick(); const r = gen(t, isoUs(t)); const stream = r.expect._stream || (r.expect.severity && SEVN[r.expect.severity] >= 13 && rnd() < 0.7 ? 'stderr' : 'stdout');
    let off = -1;
    r.lines.forEach((ln, j) => {
      // json-file splits lines over 16 KiB into several entries (only the last ends with \n)
      const parts = ln.length > 16384 ? ln.match(/[\s\S]{1,16384}/g) : [ln];
      parts.forEach((p, pi) => { const o = put(rel, JSON.stringify({ log: p + (pi === parts.length - 1 ? '\n' : ''), stream, time: iso9(t) }) + '\n'); if (off < 0) off = o; });
    });
    truth.push({ file: rel, offset: off, family: 'docker-json/' + gen.fam, expect: { ...r.expect, observed_ts: isoUs(t), stream, container: name, container_id: id, image, ...(labels['com.docker.compose.service'] ? { service: labels['com.docker.compose.service'] } : {}) } });
  }
}
function criPod(ns, pod, container, gen, n, longEvery) {
  const uid = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const rel = `var/log/pods/${ns}_${pod}_${uid}/${container}/0.log`;
  for (let i = 0; i < n; i++) {
    const t = tick(); let r = gen(t, isoUs(t)); const stream = rnd() < 0.3 ? 'stderr' : 'stdout';
    if (longEvery && i % longEvery === 7) { // a long line split by the runtime into P P F (kubelet maxMsgSize 16 KiB)
      const m = 'bulk payload ' + 'x'.repeat(20000 + ri(0, 9000));
      r = { lines: [`time="${isoS(t.ms)}" level=info msg="${m}"`], expect: { ts: isoS(t.ms), _prec: 0, ...sev('INFO'), message: m } };
    }
    let off = -1;
    r.lines.forEach((ln) => {
      const parts = ln.length > 16384 ? ln.match(/[\s\S]{1,16384}/g) : [ln];
      parts.forEach((p, pi) => { const tag = pi === parts.length - 1 ? 'F' : 'P'; const o = put(rel, `${iso9(t)} ${stream} ${tag} ${p}\n`); if (off < 0) off = o; });
    });
    const ex = { ...r.expect, observed_ts: isoUs(t), stream, namespace: ns, pod, container };
    for (const k of Object.keys(ex)) if (ex[k] === undefined) delete ex[k];
    truth.push({ file: rel, offset: off, family: 'cri/' + gen.fam, expect: ex });
  }
}
function fluentbitSpark(appId, appName, podName, role, execId, gen, n, nodeName, dateFmt, timeKeep) {
  const image = pick(['apache/spark:3.5.1', 'public.ecr.aws/data-on-eks/spark3.5.1-hadoop3.3.6:v1']);
  const labels = { 'spark-app-selector': appId, 'spark-role': role, 'spark-app-name': appName, 'spark-version': '3.5.1', queue: 'root.default', ...(execId ? { 'spark-exec-id': execId } : {}) };
  const k8s = { pod_name: podName, namespace_name: 'spark-team-a', pod_id: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, labels, annotations: { 'kubernetes.io/psp': 'eks.privileged' }, host: nodeName, container_name: role === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor', docker_id: hex(64), container_hash: image + '@sha256:' + hex(64), container_image: image };
  let obj = 0, inObj = 0; const per = ri(80, 200);
  for (let i = 0; i < n; i++) {
    const t = tick(); const r = gen(t, isoUs(t)); if (inObj >= per) { obj++; inObj = 0; }
    const rel = `spark-team-a/${appId}/${podName}/${String(obj).padStart(4, '0')}.json`;
    let off = -1;
    for (const ln of r.lines) { // fluent bit tail + CRI parser, no multiline filter: one record per physical line
      const rec = { date: dateFmt === 'iso8601' ? isoUs(t) : Number((t.ms / 1000 + Math.floor(t.ns / 1000) / 1e6).toFixed(6)), ...(timeKeep ? { time: iso9(t) } : {}), stream: 'stderr', logtag: 'F', log: ln, kubernetes: k8s };
      const o = put(rel, JSON.stringify(rec) + '\n'); if (off < 0) off = o; inObj++;
    }
    truth.push({ file: rel, offset: off, family: 'fluentbit/' + gen.fam, expect: { ...r.expect, observed_ts: isoUs(t), stream: 'stderr', namespace: 'spark-team-a', pod: podName, container: k8s.container_name, container_id: k8s.docker_id, image, host: nodeName, spark_app_id: appId, spark_role: role, spark_app_name: appName, ...(execId ? { spark_executor_id: execId } : {}) } });
  }
}
for (const [k, f] of Object.entries(app)) f.fam = k;

// ---------- the cluster ----------
const N = (a, b) => ri(a, b);
dockerContainer('kafka-1', 'apache/kafka:3.7.0', { 'com.docker.compose.service': 'kafka', 'com.docker.compose.project': 'stack' }, app.kafka, N(700, 900));
dockerContainer('stack-worker-1', 'python:3.12-slim', { 'com.docker.compose.service': 'worker', 'com.docker.compose.project': 'stack' }, app.python, N(500, 700));
dockerContainer('api', 'node:20-alpine', {}, app.node, N(500, 700));
criPod('payments', 'checkout-7d9f8b6c5-x8kq2', 'app', app.java, N(700, 900));
criPod('payments', 'orders-6c4d7b9f8-7lmzp', 'orders', app.go, N(700, 900), 150);
criPod('data', 'postgres-0', 'postgres', app.pg, N(600, 800));
criPod('data', 'kafka-0', 'kafka', app.kafka, N(300, 400));
const appId = 'spark-' + hex(32);
fluentbitSpark(appId, 'nightly-etl', 'nightly-etl-' + hex(16) + '-driver', 'driver', null, app.spark3, N(700, 900), 'ip-10-0-1-23.ec2.internal', 'iso8601', true);
const app2 = 'spark-' + hex(32);
for (const ex of ['1', '2']) fluentbitSpark(app2, 'sessionize', 'sessionize-' + hex(8) + '-exec-' + ex, 'executor', ex, app.spark4, N(250, 350), 'ip-10-0-2-' + ri(2, 250) + '.ec2.internal', 'double', ex === '2');

// plain files: syslog (RFC 5424 + RFC 3164), nginx error log, PostgreSQL csvlog
{
  const rel = 'var/log/remote/syslog.log';
  for (let i = 0; i < N(300, 400); i++) {
    const t = tick(); const sv = pick([3, 4, 6, 7]); const S = { 3: 'ERROR', 4: 'WARN', 6: 'INFO', 7: 'DEBUG' }[sv]; const fac = pick([1, 3, 16, 20]);
    const host = pick(['node-3.example.com', 'edge-fw-01', 'db-2.internal']);
    const m = pick(['An application event log entry', 'disk usage at 81%', 'link eth0 down']) + ' ' + ri(1, 999);
    if (rnd() < 0.08) { const off = put(rel, `<${fac * 8 + sv}>1 ${isoMs(t.ms)} - evntslog - - - ${m}\n`); // NILVALUE HOSTNAME, no SD: host stays null
      truth.push({ file: rel, offset: off, family: 'plain/syslog5424', expect: { ts: isoMs(t.ms), _prec: 3, ...sev(S), host: null, message: m } }); continue; }
    if (rnd() < 0.6) { const off = put(rel, `<${fac * 8 + sv}>1 ${isoMs(t.ms)} ${host} evntslog ${ri(100, 9999)} ID${ri(1, 99)} [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${m}\n`);
      truth.push({ file: rel, offset: off, family: 'plain/syslog5424', expect: { ts: isoMs(t.ms), _prec: 3, ...sev(S), host, message: m } }); }
    else { const d = D(t.ms); const off = put(rel, `<${fac * 8 + sv}>${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(t.ms)} ${host.split('.')[0]} sshd[${ri(100, 9999)}]: ${m}\n`);
      truth.push({ file: rel, offset: off, family: 'plain/syslog3164', expect: { ...sev(S), host: host.split('.')[0] } }); }
  }
}
{
  const rel = 'var/log/nginx/error.log';
  for (let i = 0; i < N(200, 300); i++) {
    const t = tick(); const lv = pick(['error', 'warn', 'crit', 'notice']); const S = { error: 'ERROR', warn: 'WARN', crit: 'FATAL', notice: 'INFO' }[lv];
    const line = `${ymd(t.ms, '/')} ${hms(t.ms)} [${lv}] 31#31: *${ri(1, 99999)} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.${ri(1, 250)}, server: _, request: "GET /api/v1/orders HTTP/1.1", upstream: "http://10.0.5.9:8080/api/v1/orders", host: "shop.example.com"`;
    const off = put(rel, line + '\n'); const ex = { ts: isoS(t.ms), _prec: 0 }; if (lv !== 'crit' && lv !== 'notice') Object.assign(ex, sev(S));
    truth.push({ file: rel, offset: off, family: 'plain/nginx-error', expect: ex });
  }
}
{
  const rel = 'var/log/nginx/access.log'; // log_format combined; $time_local with the server's zone
  for (let i = 0; i < N(200, 300); i++) {
    const t = tick(); const off = pick([0, 60, -300, 330]); const L = new Date(t.ms + off * 60000);
    const z = (off < 0 ? '-' : '+') + p2(Math.floor(Math.abs(off) / 60)) + p2(Math.abs(off) % 60);
    const tl = `${p2(L.getUTCDate())}/${MON[L.getUTCMonth()]}/${L.getUTCFullYear()}:${hms(L.getTime())} ${z}`;
    const o = put(rel, `10.0.0.${ri(1, 250)} - - [${tl}] "GET /api/v1/orders/${ri(1, 9999)} HTTP/1.1" ${pick([200, 200, 404, 502])} ${ri(0, 9999)} "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"\n`);
    truth.push({ file: rel, offset: o, family: 'plain/nginx-access', expect: { ts: isoS(t.ms), _prec: 0 } });
  }
}
{
  const rel = 'archive/kafka-2.log'; // `docker logs --timestamps kafka-2`: RFC3339Nano + space + the line
  for (let i = 0; i < N(150, 250); i++) {
    const t = tick(); const r = app.kafka(t); let off = -1;
    for (const ln of r.lines) { const o = put(rel, `${iso9(t)} ${ln}\n`); if (off < 0) off = o; }
    const ex = { ...r.expect }; truth.push({ file: rel, offset: off, family: 'docker-ts/kafka', expect: ex });
  }
}
{
  const rel = 'var/log/httpd/error_log'; // Apache 2.4 ErrorLogFormat default
  for (let i = 0; i < N(150, 250); i++) {
    const t = tick(); const d = D(t.ms); const lv = pick(['error', 'warn', 'info', 'debug']); const S = { error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG' }[lv];
    const us = p2(t.ms % 1000, 3) + p2(Math.floor(t.ns / 1000), 3);
    const line = `[${DOW[d.getUTCDay()]} ${MON[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(t.ms)}.${us} ${d.getUTCFullYear()}] [proxy:${lv}] [pid ${ri(100, 9999)}:tid ${ri(100000, 999999)}] (111)Connection refused: [client 10.0.0.${ri(1, 250)}:${ri(30000, 60000)}] AH00957: http: attempt to connect to 10.0.5.9:8080 (backend) failed`;
    const off = put(rel, line + '\n');
    truth.push({ file: rel, offset: off, family: 'plain/apache-error', expect: { ts: isoUs(t), _prec: 6, ...sev(S) } });
  }
}
{
  const rel = 'var/lib/postgresql/16/main/log/postgresql-2026-03-02_090000.csv';
  const q = (v) => v == null ? '' : '"' + String(v).replace(/"/g, '""') + '"';
  for (let i = 0; i < N(200, 300); i++) {
    const t = tick(); const pid = ri(100, 32000); const user = pick(['app', 'etl']); const db = pick(['shop', 'dwh']);
    const ts = `${ymd(t.ms)} ${hms(t.ms)}.${msP(t.ms)} UTC`; const k = ri(0, 2);
    let sevw, code, msg, detail = null, query = null, tag = 'idle';
    if (k === 0) { sevw = 'ERROR'; code = '23505'; msg = 'duplicate key value violates unique constraint "orders_pkey"'; detail = `Key (id)=(${ri(1, 99999)}) already exists.`; query = 'INSERT INTO orders (id, total)\n  VALUES (42, 19.99)\n  RETURNING id;'; tag = 'INSERT'; }
    else if (k === 1) { sevw = 'LOG'; code = '00000'; msg = `duration: ${ri(1, 99999) / 1000} ms  statement: UPDATE stock\n   SET qty = qty - 1\n WHERE sku = 'A-${ri(1, 999)}';`; tag = 'UPDATE'; }
    else { sevw = 'WARNING'; code = '01000'; msg = 'there is no transaction in progress'; tag = 'COMMIT'; }
    const row = [ts, q(user), q(db), pid, q(`10.0.4.${ri(1, 250)}:${ri(30000, 60000)}`), hex(8) + '.' + pid.toString(16), ri(1, 90), q(tag), `${ymd(t.ms)} 08:00:00 UTC`, `${ri(1, 9)}/${ri(1, 999)}`, 0, sevw, code, q(msg), q(detail), '', '', '', '', q(query), '', '', q('psql'), q('client backend'), '', 0].join(',');
    const off = put(rel, row + '\n');
    const ex = { ts: isoMs(t.ms), _prec: 3, ...sev({ ERROR: 'ERROR', LOG: 'INFO', WARNING: 'WARN' }[sevw]), pg_pid: pid, pg_user: user, pg_database: db, pg_sqlstate: code };
    if (k === 1) { ex.pg_duration_ms = Number((Number(msg.split(' ')[1])).toFixed(3)); ex.pg_statement_kind = 'UPDATE'; }
    truth.push({ file: rel, offset: off, family: 'plain/pg-csvlog', expect: ex });
  }
}

for (const [rel, f] of files) { fs.mkdirSync(path.dirname(path.join(OUT, rel)), { recursive: true }); fs.writeFileSync(path.join(OUT, rel), f.chunks.join('')); }
fs.writeFileSync(path.join(OUT, 'truth.jsonl'), truth.map((r) => JSON.stringify(r)).join('\n') + '\n');
fs.writeFileSync(path.join(OUT, 'ingest-args.json'), JSON.stringify({ pg_log_line_prefix: '%t [%p]: user=%u,db=%d,app=%a,client=%h ' }));
console.log(`seed ${seed}: ${truth.length} events in ${files.size} files → ${OUT}`);
