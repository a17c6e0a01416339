// More application shapes (JVM JSON layouts, Spring Boot console, pino, Go panic, CloudNativePG,
// klog, syslog RFC 3164, Spark 4 structured JSON). Same event contract as apps.mjs.
import { parts, pad } from './lib.mjs';

const SEC = 1_000_000;
const isoMsZ = (us) => { const p = parts(us); return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}Z`; };
const frames = (pkg, n) => Array.from({ length: n }, (_, i) => `\tat ${pkg}.Step${i}.run(Step${i}.java:${40 + i})`);

// ---------------------------------------------------------------- Spring Boot 3 default console pattern (logback)
// %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}  %5p ${PID} --- [${APP}] [%15.15t] %-40.40logger{39} : %m%n%wEx
/** logback's TargetLengthBasedClassNameAbbreviator for a target length. */
export function abbreviate(name, target) {
  if (name.length <= target) return name;
  const segs = name.split('.');
  let len = name.length;
  for (let i = 0; i < segs.length - 1 && len > target; i++) {
    len -= segs[i].length - 1;
    segs[i] = segs[i][0];
  }
  return segs.join('.');
}
export function springBootEvents(r, startUs, n, app) {
  const out = [];
  let us = startUs;
  const loggers = ['org.springframework.boot.web.embedded.tomcat.TomcatWebServer', 'com.shop.orders.api.OrderController', 'com.shop.orders.service.FulfillmentService', 'org.hibernate.engine.jdbc.spi.SqlExceptionHelper', 'com.zaxxer.hikari.HikariDataSource'];
  const pid = r.int(1, 400);
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 900_000);
    us = Math.floor(us / 1000) * 1000;
    const logger = r.pick(loggers);
    const thread = r.pick(['main', `http-nio-8080-exec-${r.int(1, 12)}`, 'scheduling-1', 'HikariPool-1 housekeeper']);
    const k = r.next();
    let level = 'INFO', msg = `Order ${r.int(10000, 99999)} accepted`, trace = null, cls = null;
    if (k < 0.12) { level = 'DEBUG'; msg = `Resolved ${r.int(1, 9)} line items`; }
    else if (k < 0.22) { level = 'WARN'; msg = 'SQL Error: 0, SQLState: 08001'; }
    else if (k < 0.32) {
      level = 'ERROR'; msg = 'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception';
      cls = 'java.lang.IllegalStateException';
      trace = [`${cls}: order ${r.int(10000, 99999)} already shipped`, ...frames('com.shop.orders.service', 6), `Caused by: org.springframework.dao.DataIntegrityViolationException: could not execute statement`, ...frames('org.hibernate.internal', 3), `\t... ${r.int(20, 90)} common frames omitted`];
    }
    const p = parts(us);
    const t15 = thread.length > 15 ? thread.slice(-15) : thread.padStart(15);
    const lg = abbreviate(logger, 39);
    const lg40 = lg.length > 40 ? lg.slice(-40) : lg.padEnd(40);
    const first = `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}Z ${level.padStart(5)} ${pid} --- [${app}] [${t15}] ${lg40} : ${msg}`;
    out.push({
      us, lines: [first, ...(trace || [])], stream: 'stdout', tsPrec: 1000, family: 'springboot',
      fields: { severity: level, thread: t15.trim(), component: lg40.trim(), message: msg, stack_trace: !!trace, error_class: trace ? [cls, 'org.springframework.dao.DataIntegrityViolationException'] : null, pg_pid: null, kafka_topic: null },
      tail: trace ? trace[trace.length - 1] : undefined,
    });
  }
  return out;
}

// ---------------------------------------------------------------- log4j2 JsonLayout (compact, eventEol)
export function log4j2JsonEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 900_000);
    const logger = r.pick(['com.shop.billing.InvoiceJob', 'com.shop.billing.PdfRenderer', 'org.quartz.core.JobRunShell']);
    const thread = r.pick(['main', `DefaultQuartzScheduler_Worker-${r.int(1, 10)}`]);
    const k = r.next();
    let level = 'INFO', msg = `Rendered invoice INV-${r.int(1, 99999)}`, thrown = null;
    if (k < 0.1) { level = 'WARN'; msg = 'Retrying PDF render after font cache miss'; }
    else if (k < 0.2) {
      level = 'ERROR'; msg = 'Job billing.invoices threw an unhandled Exception';
      thrown = { commonElementCount: 0, localizedMessage: 'Connection is not available, request timed out after 30000ms.', message: 'Connection is not available, request timed out after 30000ms.', name: 'java.sql.SQLTransientConnectionException', extendedStackTrace: [{ class: 'com.zaxxer.hikari.pool.HikariPool', method: 'createTimeoutException', file: 'HikariPool.java', line: 696, exact: false, location: 'HikariCP-5.0.1.jar', version: '?' }, { class: 'com.shop.billing.InvoiceJob', method: 'execute', file: 'InvoiceJob.java', line: 57, exact: true, location: 'classes/', version: '?' }] };
    }
    const epochSecond = Math.floor(us / SEC);
    const nanoOfSecond = (us % SEC) * 1000;
    const rec = { instant: { epochSecond, nanoOfSecond }, thread, level, loggerName: logger, message: msg };
    if (thrown) rec.thrown = thrown;
    Object.assign(rec, { endOfBatch: false, loggerFqcn: 'org.apache.logging.slf4j.Log4jLogger', threadId: r.int(1, 60), threadPriority: 5 });
    out.push({ us, lines: [JSON.stringify(rec)], stream: 'stdout', tsPrec: 1, family: 'log4j2-json',
      fields: { severity: level, thread, component: logger, message: msg, error_class: thrown ? thrown.name : null, pg_pid: null, kafka_topic: null } });
  }
  return out;
}

// ---------------------------------------------------------------- ECS (ecs-logging-java / log4j2 EcsLayout)
export function ecsEvents(r, startUs, n, service) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 900_000);
    us = Math.floor(us / 1000) * 1000;
    const k = r.next();
    const logger = r.pick(['com.shop.notify.MailSender', 'com.shop.notify.TemplateCache']);
    const thread = r.pick(['main', `pool-2-thread-${r.int(1, 8)}`]);
    const traceId = r.hex(32), txId = r.hex(16);
    let level = 'INFO', msg = `Sent mail ${r.alnum(12)}`, err = null;
    if (k < 0.12) { level = 'WARN'; msg = 'SMTP server slow to respond'; }
    else if (k < 0.22) { level = 'ERROR'; msg = 'Mail delivery failed'; err = { type: 'jakarta.mail.MessagingException', message: 'Could not connect to SMTP host: smtp.example.com, port: 587', stack: `jakarta.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 587\n${frames('com.sun.mail.smtp', 4).join('\n')}` }; }
    // the spec lets loggers indent the level so that `message` starts at a fixed offset
    const rec = { '@timestamp': isoMsZ(us), 'log.level': r.chance(0.5) ? level.padStart(5) : level, message: msg, 'ecs.version': '1.2.0', 'service.name': service, 'event.dataset': `${service}.log`, 'process.thread.name': thread, 'log.logger': logger, 'trace.id': traceId, 'transaction.id': txId };
    if (err) Object.assign(rec, { 'error.type': err.type, 'error.message': err.message, 'error.stack_trace': err.stack });
    out.push({ us, lines: [JSON.stringify(rec)], stream: 'stdout', tsPrec: 1000, family: 'ecs',
      fields: { severity: level, thread, component: logger, message: msg, trace_id: traceId, error_class: err ? err.type : null, stack_trace: !!err, pg_pid: null },
      tail: err ? err.stack.split('\n').pop() : undefined });
  }
  return out;
}

// ---------------------------------------------------------------- pino (+ pino-http)
export function pinoEvents(r, startUs, n, hostname) {
  const out = [];
  let us = startUs;
  const LV = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
  for (let i = 0; i < n; i++) {
    us += r.int(10_000, 700_000);
    us = Math.floor(us / 1000) * 1000;
    const k = r.next();
    let rec, fields;
    if (k < 0.55) {
      const id = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
      rec = { level: 30, time: us / 1000, pid: 1, hostname, req: { id, method: 'GET', url: `/cart/${r.int(1, 9999)}`, headers: { host: 'cart:3000' } }, res: { statusCode: 200 }, responseTime: r.int(1, 300), msg: 'request completed' };
      fields = { severity: 'INFO', message: 'request completed', request_id: id, stack_trace: false, error_class: null };
    } else if (k < 0.85) {
      const lv = r.pick([20, 30, 40]);
      rec = { level: lv, time: us / 1000, pid: 1, hostname, msg: lv === 40 ? 'redis latency high' : 'cart updated' };
      fields = { severity: LV[lv], message: rec.msg, stack_trace: false, error_class: null };
    } else {
      const lv = r.pick([50, 50, 60]);
      const stack = `TypeError: Cannot read properties of undefined (reading 'items')\n    at CartService.total (/app/dist/cart.js:42:17)\n    at async /app/dist/routes.js:88:5`;
      rec = { level: lv, time: us / 1000, pid: 1, hostname, err: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'items')", stack }, msg: "Cannot read properties of undefined (reading 'items')" };
      fields = { severity: LV[lv], message: rec.msg, error_class: 'TypeError', stack_trace: true };
    }
    out.push({ us, lines: [JSON.stringify(rec)], stream: 'stdout', tsPrec: 1000, family: 'pino', fields: { ...fields, pg_pid: null, kafka_topic: null },
      tail: rec.err ? rec.err.stack.split('\n').pop() : undefined });
  }
  return out;
}

// ---------------------------------------------------------------- Go runtime panic (stderr, multi-line with a blank line)
export function goPanic(r, us) {
  const lines = ['panic: runtime error: invalid memory address or nil pointer dereference',
    `[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x${r.hex(6)}]`, '',
    `goroutine ${r.int(20, 900)} [running]:`,
    `main.(*Server).postEntry(0xc000${r.hex(6)}, {0x7f${r.hex(6)}, 0xc000${r.hex(6)}}, 0xc000${r.hex(6)})`,
    '\t/app/ledger/handler.go:131 +0x1ba',
    'net/http.HandlerFunc.ServeHTTP(0xc000123400?, {0xa4b1c8?, 0xc0001a2000?}, 0x0?)',
    '\t/usr/local/go/src/net/http/server.go:2136 +0x29',
    'created by net/http.(*Server).Serve in goroutine 1',
    '\t/usr/local/go/src/net/http/server.go:3086 +0x4cc'];
  return { us, lines, stream: 'stderr', tsPrec: 1, tsFromRuntime: true, family: 'go-panic', fields: { message: lines[0], stack_trace: true, pg_pid: null }, tail: lines[lines.length - 1] };
}

// ---------------------------------------------------------------- CloudNativePG: PostgreSQL records wrapped in the instance manager's JSON
export function cnpgEvents(r, startUs, n, podName, pgEvents) {
  // pgEvents: output of pgStructuredEvents (re-used so the PG semantics stay identical)
  const out = [];
  const pgts = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.ms} UTC`; };
  for (const e of pgEvents.slice(0, n)) {
    const usMs = Math.floor(e.us / 1000) * 1000;
    const wrapperUs = usMs + r.int(1, 998); // same millisecond as log_time: both readings of "event time" agree at ms precision
    const p = parts(wrapperUs);
    const record = {
      log_time: pgts(usMs), user_name: e.sess[0], database_name: e.sess[1], process_id: String(e.pid), connection_from: `10.0.2.${r.int(2, 250)}:${r.int(30000, 65000)}`,
      session_id: `${r.hex(8)}.${e.pid.toString(16)}`, session_line_num: String(r.int(1, 50)), command_tag: e.fields.pg_statement_kind || 'idle',
      session_start_time: pgts(usMs - 90 * SEC).replace(/\.\d+ UTC/, ' UTC'), virtual_transaction_id: `3/${r.int(1, 9999)}`, transaction_id: '0',
      error_severity: e.sev, sql_state_code: e.state, message: e.message,
    };
    if (e.detail) record.detail = e.detail;
    if (e.hint) record.hint = e.hint;
    if (e.context) record.context = e.context;
    if (e.query) record.query = e.query;
    Object.assign(record, { application_name: 'shop-api', backend_type: 'client backend', query_id: '0' });
    const wrapper = { level: 'info', ts: `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.us6}${pad(r.int(0, 999), 3)}Z`, logger: 'postgres', msg: 'record', logging_pod: podName, record };
    const fields = { ...e.fields };
    // the wrapper's level is the instance manager's ("info" for every record): only LOG records agree unambiguously
    if (e.sev !== 'LOG') delete fields.severity;
    out.push({ us: usMs, lines: [JSON.stringify(wrapper)], stream: 'stdout', tsPrec: 1000, family: 'cnpg', fields });
  }
  return out;
}

// ---------------------------------------------------------------- PostgreSQL stderr with the upstream default prefix '%m [%p] '
export function pgDefaultPrefixEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  const pgts = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.ms} UTC`; };
  for (let i = 0; i < n; i++) {
    us += r.int(200_000, 4_000_000);
    const pid = r.int(30, 9000);
    const k = r.next();
    let lines, f;
    const pre = `${pgts(us)} [${pid}] `;
    if (k < 0.5) {
      const d = r.int(10, 999_999) / 1000;
      lines = [`${pre}LOG:  duration: ${d.toFixed(3)} ms  statement: SELECT id, name`, '\t  FROM products', `\t WHERE category_id = ${r.int(1, 90)};`];
      f = { severity: 'INFO', message: `duration: ${d.toFixed(3)} ms  statement: SELECT id, name`, pg_duration_ms: Number(d.toFixed(3)), pg_statement_kind: 'SELECT' };
    } else if (k < 0.8) {
      lines = [`${pre}LOG:  checkpoint starting: time`];
      f = { severity: 'INFO', message: 'checkpoint starting: time' };
    } else {
      lines = [`${pre}ERROR:  duplicate key value violates unique constraint "products_pkey"`, `${pre}DETAIL:  Key (id)=(${r.int(1, 999)}) already exists.`, `${pre}STATEMENT:  INSERT INTO products (id, name) VALUES (${r.int(1, 999)}, 'lamp');`];
      f = { severity: 'ERROR', message: 'duplicate key value violates unique constraint "products_pkey"', pg_sqlstate: '23505', error_class: 'unique_violation', pg_statement_kind: 'INSERT' };
    }
    out.push({ us: Math.floor(us / 1000) * 1000, lines, stream: 'stderr', tsPrec: 1000, family: 'postgres',
      fields: { ...f, pg_pid: pid, pg_user: null, pg_database: null, thread: null, kafka_topic: null } });
  }
  return out;
}

// ---------------------------------------------------------------- PostgreSQL stderr with pgBadger's recommended prefix
// log_line_prefix = '%t [%p]: user=%u,db=%d,app=%a,client=%h ' (%t: second precision)
export function pgBadgerPrefixEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  const pgt = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s} UTC`; };
  for (let i = 0; i < n; i++) {
    us += r.int(300_000, 5_000_000);
    const pid = r.int(100, 60000);
    const [user, db] = r.pick([['etl', 'warehouse'], ['bi', 'warehouse']]);
    const pre = `${pgt(us)} [${pid}]: user=${user},db=${db},app=${r.pick(['psql', 'airflow', '[unknown]'])},client=10.0.6.${r.int(2, 250)} `;
    const k = r.next();
    let lines, f;
    if (k < 0.6) {
      const d = r.int(1000, 99_999_999) / 1000;
      lines = [`${pre}LOG:  duration: ${d.toFixed(3)} ms  statement: DELETE FROM staging_events`, `\t WHERE loaded_at < now() - interval '7 days';`];
      f = { severity: 'INFO', message: `duration: ${d.toFixed(3)} ms  statement: DELETE FROM staging_events`, pg_duration_ms: Number(d.toFixed(3)), pg_statement_kind: 'DELETE', pg_sqlstate: null };
    } else if (k < 0.85) {
      lines = [`${pre}ERROR:  canceling statement due to statement timeout`, `${pre}STATEMENT:  SELECT count(*) FROM fact_sales;`];
      f = { severity: 'ERROR', message: 'canceling statement due to statement timeout', pg_sqlstate: '57014', error_class: 'query_canceled', pg_statement_kind: 'SELECT' };
    } else {
      lines = [`${pre}FATAL:  terminating connection due to administrator command`];
      f = { severity: 'FATAL', message: 'terminating connection due to administrator command', pg_sqlstate: '57P01', error_class: 'admin_shutdown' };
    }
    out.push({ us: Math.floor(us / SEC) * SEC, trueUs: us, lines, stream: 'stderr', tsPrec: SEC, family: 'postgres-pgbadger',
      fields: { ...f, pg_pid: pid, pg_user: user, pg_database: db, thread: null, kafka_topic: null } });
  }
  return out;
}

// ---------------------------------------------------------------- klog (Kubernetes components)
export function klogEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(50_000, 5_000_000);
    const p = parts(us);
    const [c, sev] = r.pick([['I', 'INFO'], ['I', 'INFO'], ['I', 'INFO'], ['W', 'WARN'], ['E', 'ERROR']]);
    const body = sev === 'INFO' ? `"SyncProxyRules complete" elapsed="${r.int(10, 200)}.${r.int(0, 9)}ms"` : sev === 'WARN' ? '"Failed to list" err="context deadline exceeded"' : `"Failed to execute iptables-restore" err="exit status 4"`;
    const line = `${c}${p.M}${p.D} ${p.h}:${p.m}:${p.s}.${p.us6} ${String(1).padStart(7)} proxier.go:${r.int(700, 1600)}] ${body}`;
    // klog's header has no year: the event time is not determined by the line alone (ts unscored)
    out.push({ us, lines: [line], stream: 'stderr', tsPrec: 1, tsUnscored: true, family: 'klog', fields: { severity: sev, stack_trace: false, pg_pid: null } });
  }
  return out;
}

// ---------------------------------------------------------------- syslog RFC 3164 (a file written by a relay: no PRI)
export function syslog3164Events(r, startUs, n, host) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(200_000, 9_000_000);
    const p = parts(us);
    const day = String(Number(p.D)).padStart(2, ' ');
    const pid = r.int(300, 40000);
    const [tag, msg] = r.pick([['sshd', `Accepted publickey for ec2-user from 10.0.0.${r.int(2, 250)} port ${r.int(30000, 65000)} ssh2: ED25519 SHA256:${r.alnum(20)}`], ['CRON', `(root) CMD (/usr/lib/sa/sa1 1 1)`], ['systemd', 'Started Session 42 of User ec2-user.']]);
    const line = `${p.mon} ${day} ${p.h}:${p.m}:${p.s} ${host} ${tag}[${pid}]: ${msg}`;
    out.push({ us, lines: [line], tsPrec: SEC, tsUnscored: true, family: 'syslog3164', fields: { host, message: msg, stack_trace: false, pg_pid: null } });
  }
  return out;
}

// ---------------------------------------------------------------- Spark 4 structured logging (SparkLayout.json)
export function spark4Events(r, startUs, n, role) {
  const out = [];
  let us = startUs;
  let stage = 0, tid = 0;
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 1_200_000);
    us = Math.floor(us / 1000) * 1000;
    const k = r.next();
    let level = 'INFO', logger, msg, context = {}, exc = null, extra = {};
    if (role === 'driver') {
      if (k < 0.45) {
        tid++; logger = 'org.apache.spark.scheduler.TaskSetManager';
        const idx = r.int(0, 7);
        msg = `Finished task ${idx}.0 in stage ${stage}.0 (TID ${tid}) in ${r.int(40, 4000)} ms on 10.0.7.${r.int(2, 250)} (executor ${r.int(1, 4)}) (${r.int(1, 8)}/8)`;
        context = { task_name: `task ${idx}.0 in stage ${stage}.0 (TID ${tid})` };
        extra = { spark_stage_id: stage, spark_task_id: tid };
      } else if (k < 0.6) {
        logger = 'org.apache.spark.scheduler.DAGScheduler';
        msg = `ResultStage ${stage} (save at Etl.scala:${r.int(10, 99)}) finished in ${r.int(1, 90)}.${r.int(100, 999)} s`;
        extra = { spark_stage_id: stage };
        stage++;
      } else if (k < 0.93) {
        logger = 'org.apache.spark.storage.BlockManagerInfo';
        msg = `Added broadcast_${r.int(1, 90)}_piece0 in memory on 10.0.7.${r.int(2, 250)}:${r.int(30000, 45000)} (size: ${r.int(1, 90)}.0 KiB, free: 1${r.int(0, 9)}.${r.int(0, 9)} GiB)`;
      } else {
        level = 'ERROR'; logger = 'org.apache.spark.storage.BlockManagerMasterEndpoint';
        const ex = r.int(1, 9);
        msg = `Cannot determine whether executor ${ex} is alive or not`; context = { executor_id: String(ex) };
        exc = { class: 'org.apache.spark.SparkException', msg: 'Exception thrown in awaitResult: ', stacktrace: `org.apache.spark.SparkException: Exception thrown in awaitResult: \n${frames('org.apache.spark.rpc', 4).join('\n')}` };
      }
    } else {
      tid++; logger = 'org.apache.spark.executor.Executor';
      const idx = r.int(0, 7);
      msg = `Running task ${idx}.0 in stage ${stage}.0 (TID ${tid})`;
      context = { task_name: `task ${idx}.0 in stage ${stage}.0 (TID ${tid})` };
      extra = { spark_stage_id: stage, spark_task_id: tid };
      if (r.chance(0.05)) stage++;
    }
    const rec = { ts: isoMsZ(us), level, msg, context };
    if (exc) rec.exception = exc;
    rec.logger = logger;
    out.push({ us, lines: [JSON.stringify(rec)], stream: 'stderr', tsPrec: 1000, family: 'spark4-json',
      fields: { severity: level, message: msg, component: logger, error_class: exc ? exc.class : null, pg_pid: null, kafka_topic: null, ...extra },
      tail: exc ? exc.stacktrace.split('\n').pop() : undefined });
  }
  return out;
}

// ---------------------------------------------------------------- ZooKeeper 3.x log4j: '%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n'
export function zookeeperEvents(r, startUs, n, myid) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(50_000, 3_000_000);
    const p = parts(us);
    const [thread, cls, line, level, msg] = r.pick([
      ['NIOWorkerThread-' + r.int(1, 8), 'NIOServerCnxn', 512, 'INFO', `Closed socket connection for client /10.0.0.${r.int(2, 250)}:${r.int(30000, 65000)} which had sessionid 0x${r.hex(16)}`],
      ['SyncThread:' + myid, 'FileTxnLog', 275, 'INFO', `Creating new log file: log.${r.hex(9)}`],
      ['QuorumPeer[myid=' + myid + '](plain=0.0.0.0:2181)(secure=disabled)', 'Leader', 1567, 'INFO', 'Have quorum of supporters, sids: [[1, 2, 3],[1, 2, 3]]; starting up and setting last processed zxid: 0x100000000'],
      ['ListenerHandler-/0.0.0.0:3888', 'QuorumCnxManager', 1184, 'WARN', 'Cannot open channel to 2 at election address zookeeper-2/10.0.4.12:3888'],
    ]);
    const line1 = `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s},${p.ms} [myid:${myid}] - ${level.padEnd(5)} [${thread}:${cls}@${line}] - ${msg}`;
    out.push({ us: Math.floor(us / 1000) * 1000, lines: [line1], stream: 'stdout', tsPrec: 1000, family: 'zookeeper',
      fields: { severity: level, thread, component: cls, message: msg, stack_trace: false, pg_pid: null, kafka_topic: null } });
  }
  return out;
}

// ---------------------------------------------------------------- MongoDB structured log (4.4+): {"t":{"$date"},"s","c","id","ctx","msg","attr"}
export function mongoEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  const SEV = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };
  for (let i = 0; i < n; i++) {
    us += r.int(50_000, 3_000_000);
    us = Math.floor(us / 1000) * 1000;
    const p = parts(us);
    const [s, c, id, msg, attr] = r.pick([
      ['I', 'NETWORK', 22943, 'Connection accepted', { remote: `10.0.0.${r.int(2, 250)}:${r.int(30000, 65000)}`, uuid: { uuid: { $uuid: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}` } }, connectionId: r.int(1, 9999), connectionCount: r.int(1, 90) }],
      ['I', 'COMMAND', 51803, 'Slow query', { type: 'command', ns: 'shop.orders', command: { find: 'orders', filter: { status: 'open' } }, durationMillis: r.int(100, 9000) }],
      ['W', 'CONTROL', 22120, 'Access control is not enabled for the database. Read and write access to data and configuration is unrestricted', {}],
      ['E', 'REPL', 21426, 'Error in heartbeat request', { target: 'mongo-1:27017', error: { code: 6, codeName: 'HostUnreachable', errmsg: 'Error connecting to mongo-1:27017' } }],
    ]);
    const ctx = c === 'NETWORK' ? 'listener' : c === 'COMMAND' ? `conn${r.int(1, 9999)}` : c === 'REPL' ? 'ReplCoord-0' : 'initandlisten';
    const rec = { t: { $date: `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}+00:00` }, s, c, id, ctx, msg };
    if (Object.keys(attr).length) rec.attr = attr;
    out.push({ us, lines: [JSON.stringify(rec)], stream: 'stdout', tsPrec: 1000, family: 'mongodb',
      fields: { severity: SEV[s], message: msg, thread: ctx, component: c, pg_pid: null, kafka_topic: null } });
  }
  return out;
}
