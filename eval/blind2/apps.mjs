// Application log shapes. Each generator returns events { us, lines: string[], stream, fields, tail? }
// where `lines` are the physical lines the application wrote (no trailing newline) and `fields`
// the canonical values the format's documentation determines (see DOCS.md). A field that is
// absent is not scored; null means "the documentation says there is no such value".
import { parts, pad } from './lib.mjs';

const SEC = 1_000_000;

// ---------------------------------------------------------------- Java stack traces
function javaTrace(r, cls, msg, frames, cause) {
  const lines = [`${cls}: ${msg}`];
  for (const f of frames) lines.push(`\tat ${f}`);
  if (cause) {
    lines.push(`Caused by: ${cause.cls}: ${cause.msg}`);
    for (const f of cause.frames) lines.push(`\tat ${f}`);
    lines.push(`\t... ${r.int(5, 30)} more`);
  }
  return lines;
}

// ---------------------------------------------------------------- Kafka (log4j `[%d] %p %m (%c)%n`)
const TOPICS = ['orders', 'payments', 'inventory-events', 'audit.log', 'clicks_v2'];
const GROUPS = ['payments-consumer', 'orders-enricher', 'audit-sink', 'search.indexer'];
const APIS = [['PRODUCE', 9], ['FETCH', 13], ['JOIN_GROUP', 9], ['OFFSET_COMMIT', 8], ['METADATA', 12]];

export function kafkaEvents(r, brokerId, startUs, n) {
  const out = [];
  let us = startUs;
  const peers = [1, 2, 3].filter((b) => b !== brokerId);
  const kts = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s},${p.ms}`; };
  const push = (level, ident, body, logger, extra = {}, trace = null) => {
    const msg = ident + body;
    const first = `[${kts(us)}] ${level} ${msg} (${logger})`;
    const lines = [first, ...(trace || [])];
    const simple = logger.split('.').pop();
    const identWord = ident ? ident.replace(/^\[/, '').split(/[\s\]=:-]/)[0] : null;
    const comp = [logger, simple];
    if (identWord) comp.push(identWord);
    const msgAlts = [msg];
    if (ident) msgAlts.push(body, body.replace(/^:\s*/, ''));
    out.push({
      us, lines, stream: 'stdout', tsPrec: 1000,
      fields: {
        severity: level === 'WARN' ? 'WARN' : level, thread: null, component: comp, message: msgAlts,
        stack_trace: !!trace, error_class: trace ? undefined : null,
        pg_pid: null, pg_sqlstate: null, spark_app_id: null, ...extra,
      },
      tail: trace ? trace[trace.length - 1] : undefined,
      family: 'kafka',
    });
  };
  // startup
  {
    const cfg = [`\tadvertised.listeners = PLAINTEXT://kafka-${brokerId}:9092`, '\tauto.create.topics.enable = true', `\tbroker.id = ${brokerId}`, '\tcompression.type = producer', '\tlog.dirs = /var/lib/kafka/data', '\tlog.retention.hours = 168', '\tnum.partitions = 12', '\tzookeeper.connect = null'];
    // AbstractConfig.logAll(): "<Name> values: " then one TAB-indented "key = value" line per setting
    push('INFO', '', 'KafkaConfig values: ', 'kafka.server.KafkaConfig', { kafka_topic: null, stack_trace: undefined, error_class: null }, null);
    const ev = out[out.length - 1];
    ev.lines.push(...cfg);
    ev.tail = cfg[cfg.length - 1];
    us += 1000;
  }
  push('INFO', '', 'Kafka version: 3.6.1', 'org.apache.kafka.common.utils.AppInfoParser', { kafka_topic: null });
  us += 2000;
  push('INFO', `[KafkaServer id=${brokerId}] `, 'started', 'kafka.server.KafkaServer', { broker_id: brokerId, kafka_topic: null });
  for (let i = 0; i < n; i++) {
    us += r.int(50_000, 900_000);
    const topic = r.pick(TOPICS);
    const part = r.int(0, 11);
    const tp = `${topic}-${part}`;
    const k = r.next();
    if (k < 0.22) {
      push('INFO', `[Partition ${tp} broker=${brokerId}] `, `ISR updated to ${brokerId},${r.pick(peers)} and version updated to ${r.int(2, 40)}`,
        'kafka.cluster.Partition', { broker_id: brokerId, kafka_topic: topic, kafka_partition: part, kafka_consumer_group: null });
    } else if (k < 0.38) {
      push('INFO', `[LocalLog partition=${tp}, dir=/var/lib/kafka/data] `, `Rolled new log segment at offset ${r.int(1000, 9_000_000)} in ${r.int(0, 9)} ms.`,
        'kafka.log.LocalLog', { kafka_topic: topic, kafka_partition: part, kafka_consumer_group: null });
    } else if (k < 0.46) {
      push('INFO', `[UnifiedLog partition=${tp}, dir=/var/lib/kafka/data] `, `Incremented log start offset to ${r.int(1000, 9_000_000)} due to segment deletion`,
        'kafka.log.UnifiedLog', { kafka_topic: topic, kafka_partition: part });
    } else if (k < 0.58) {
      const g = r.pick(GROUPS);
      const member = `consumer-${g}-1-${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
      const gen = r.int(1, 80);
      const which = r.int(0, 2);
      const body = which === 0
        ? `Preparing to rebalance group ${g} in state PreparingRebalance with old generation ${gen} (__consumer_offsets-${r.int(0, 49)}) (reason: Adding new member ${member} with group instance id None; client reason: need to re-join with the given member-id: ${member})`
        : which === 1
          ? `Stabilized group ${g} generation ${gen + 1} (__consumer_offsets-${r.int(0, 49)}) with ${r.int(1, 6)} members`
          : `Assignment received from leader ${member} for group ${g} for generation ${gen + 1}. The group has ${r.int(1, 6)} members, 0 of which are static.`;
      push('INFO', `[GroupCoordinator ${brokerId}]: `, body, 'kafka.coordinator.group.GroupCoordinator',
        { broker_id: brokerId, kafka_consumer_group: g });
    } else if (k < 0.64) {
      push('INFO', `[Controller id=${brokerId}] `, 'Processing automatic preferred replica leader election',
        'kafka.controller.KafkaController', { broker_id: brokerId, kafka_topic: null, kafka_consumer_group: null });
    } else if (k < 0.76) {
      const e = r.int(2, 60);
      const o = r.int(1000, 9_000_000);
      push('INFO', `[Broker id=${brokerId}] `, `Leader ${tp} with topic id Some(${r.alnum(22)}) starts at leader epoch ${e} from offset ${o} with partition epoch ${e + 3}, high watermark ${o}, ISR [${brokerId},${peers.join(',')}], adding replicas [] and removing replicas []. Previous leader epoch was ${e - 1}.`,
        'state.change.logger', { broker_id: brokerId, kafka_topic: topic, kafka_partition: part });
    } else if (k < 0.84) {
      const [api, ver] = r.pick(APIS);
      const corr = r.int(1, 2_000_000);
      const cid = r.pick(['producer-1', 'consumer-orders-enricher-2', 'adminclient-7']);
      const trace = javaTrace(r, 'org.apache.kafka.common.errors.NotLeaderOrFollowerException',
        'For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.',
        ['kafka.server.ReplicaManager.getPartitionOrException(ReplicaManager.scala:591)',
          'kafka.server.KafkaApis.handle(KafkaApis.scala:175)',
          'kafka.server.KafkaRequestHandler.run(KafkaRequestHandler.scala:154)',
          'java.base/java.lang.Thread.run(Thread.java:840)']);
      push('ERROR', `[KafkaApi-${brokerId}] `, `Error when handling request: clientId=${cid}, correlationId=${corr}, api=${api}, version=${ver}, body=${api === 'FETCH' ? `{replica_id=-1,max_wait_ms=500,min_bytes=1,topics=[{topic=${topic},partitions=[{partition=${part}}]}]}` : '{...}'}`,
        'kafka.server.KafkaApis', {
          broker_id: brokerId, kafka_request_type: api, kafka_correlation_id: corr,
          error_class: 'org.apache.kafka.common.errors.NotLeaderOrFollowerException',
        }, trace);
    } else if (k < 0.93) {
      const leader = r.pick(peers);
      const trace = javaTrace(r, 'java.io.IOException', `Connection to ${leader} was disconnected before the response was read`,
        ['org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)',
          'kafka.server.ReplicaFetcherBlockingSend.sendRequest(ReplicaFetcherBlockingSend.scala:113)',
          'kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)',
          'kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:316)',
          'kafka.server.AbstractFetcherThread.maybeFetch(AbstractFetcherThread.scala:130)',
          'kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:129)',
          'org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:130)']);
      push('WARN', `[ReplicaFetcher replicaId=${brokerId}, leaderId=${leader}, fetcherId=0] `,
        `Error in response for fetch request (type=FetchRequest, replicaId=${brokerId}, maxWait=500, minBytes=1, maxBytes=10485760, fetchData={${tp}=PartitionData(topicId=${r.alnum(22)}, fetchOffset=${r.int(1, 9e6)}, logStartOffset=0, maxBytes=1048576, currentLeaderEpoch=Optional[${r.int(1, 40)}], lastFetchedEpoch=Optional.empty)}, isolationLevel=READ_UNCOMMITTED, removed=, replaced=, metadata=(sessionId=${r.int(1, 2e9)}, epoch=${r.int(1, 900)}), rackId=)`,
        'kafka.server.ReplicaFetcherThread', { error_class: 'java.io.IOException' }, trace);
    } else {
      const trace = javaTrace(r, 'org.apache.kafka.common.KafkaException', `Error appending records to ${tp}`,
        ['kafka.log.UnifiedLog.append(UnifiedLog.scala:949)', 'kafka.cluster.Partition.appendRecordsToLeader(Partition.scala:1276)',
          'kafka.server.ReplicaManager.appendToLocalLog(ReplicaManager.scala:1218)'],
        { cls: 'java.io.IOException', msg: 'No space left on device', frames: ['java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)', 'java.base/sun.nio.ch.FileChannelImpl.write(FileChannelImpl.java:285)', 'org.apache.kafka.common.record.MemoryRecords.writeFullyTo(MemoryRecords.java:92)'] });
      push('ERROR', `[ReplicaManager broker=${brokerId}] `, `Error processing append operation on partition ${tp}`,
        'kafka.server.ReplicaManager', { broker_id: brokerId, kafka_topic: topic, kafka_partition: part, error_class: ['org.apache.kafka.common.KafkaException', 'java.io.IOException'] }, trace);
    }
  }
  return out;
}

// ---------------------------------------------------------------- PostgreSQL
const SQLS = {
  SELECT: ['SELECT o.id,', '       o.customer_id,', '       sum(i.qty * i.price) AS total', 'FROM orders o', 'JOIN order_items i ON i.order_id = o.id', "WHERE o.created_at > now() - interval '1 day'", 'GROUP BY o.id, o.customer_id;'],
  UPDATE: ['UPDATE accounts', '   SET balance = balance - 10', ' WHERE id = 42;'],
  DELETE: ['DELETE FROM sessions', " WHERE last_seen < now() - interval '30 days';"],
  INSERT: ['INSERT INTO orders (id, customer_id, total)', "VALUES (4711, 17, 99.50);"],
};
const PG_USERS = [['app', 'shop'], ['report', 'analytics'], ['migrator', 'shop']];

/** One PG "report" (ErrorData): primary line + DETAIL/HINT/CONTEXT/STATEMENT parts. */
function pgReport(r, kind) {
  // returns { sev, msg: string[] (first element primary line text, later lines continuation), parts: [[label, lines[]]], fields }
  const sqlKind = r.pick(Object.keys(SQLS));
  const sql = SQLS[sqlKind];
  switch (kind) {
    case 'statement':
      return { sev: 'LOG', msg: [`statement: ${sql[0]}`, ...sql.slice(1)], parts: [], f: { pg_statement_kind: sqlKind, pg_duration_ms: null, pg_sqlstate_log: '00000' } };
    case 'duration_stmt': {
      const d = (r.int(1000, 9_000_000) / 1000);
      return { sev: 'LOG', msg: [`duration: ${d.toFixed(3)} ms  statement: ${sql[0]}`, ...sql.slice(1)], parts: [], f: { pg_statement_kind: sqlKind, pg_duration_ms: Number(d.toFixed(3)), pg_sqlstate_log: '00000' } };
    }
    case 'duration': {
      const d = r.int(10, 99_999) / 1000;
      return { sev: 'LOG', msg: [`duration: ${d.toFixed(3)} ms`], parts: [], f: { pg_duration_ms: Number(d.toFixed(3)), pg_sqlstate_log: '00000' } };
    }
    case 'unique':
      return { sev: 'ERROR', msg: ['duplicate key value violates unique constraint "orders_pkey"'], parts: [['DETAIL', ['Key (id)=(4711) already exists.']], ['STATEMENT', SQLS.INSERT]], f: { pg_sqlstate: '23505', error_class: 'unique_violation', pg_statement_kind: 'INSERT' } };
    case 'deadlock': {
      const a = r.int(1000, 60000), b = a + 1;
      return { sev: 'ERROR', msg: ['deadlock detected'], parts: [['DETAIL', [`Process ${a} waits for ShareLock on transaction 9123; blocked by process ${b}.`, `Process ${b} waits for ShareLock on transaction 9122; blocked by process ${a}.`, `Process ${a}: UPDATE accounts SET balance = balance - 10 WHERE id = 42;`, `Process ${b}: UPDATE accounts SET balance = balance + 10 WHERE id = 7;`]], ['HINT', ['See server log for query details.']], ['CONTEXT', ['while updating tuple (0,5) in relation "accounts"']], ['STATEMENT', SQLS.UPDATE]], f: { pg_sqlstate: '40P01', error_class: 'deadlock_detected', pg_statement_kind: 'UPDATE' } };
    }
    case 'undefined_table':
      return { sev: 'ERROR', msg: ['relation "order_items_tmp" does not exist at character 15'], parts: [['STATEMENT', ['SELECT * FROM order_items_tmp', ' WHERE order_id = 4711;']]], f: { pg_sqlstate: '42P01', error_class: 'undefined_table', pg_statement_kind: 'SELECT' } };
    case 'timeout':
      return { sev: 'ERROR', msg: ['canceling statement due to statement timeout'], parts: [['STATEMENT', SQLS.SELECT]], f: { pg_sqlstate: '57014', error_class: 'query_canceled', pg_statement_kind: 'SELECT' } };
    case 'warning':
      return { sev: 'WARNING', msg: ['there is no transaction in progress'], parts: [], f: { pg_duration_ms: null } };
    default:
      throw new Error(kind);
  }
}

/** PostgreSQL stderr with log_line_prefix = '%m [%p] %q%u@%d ' (the Debian/Ubuntu packaged default). */
export function pgStderrEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  const pgts = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.ms} UTC`; };
  const sevMap = { LOG: 'INFO', ERROR: 'ERROR', FATAL: 'FATAL', WARNING: 'WARN' };
  const emit = (pid, session, sev, msgLines, partsList, f, stream = 'stderr') => {
    const pre = `${pgts(us)} [${pid}] ${session ? `${session[0]}@${session[1]} ` : ''}`;
    const lines = [`${pre}${sev}:  ${msgLines[0]}`, ...msgLines.slice(1).map((l) => `\t${l}`)];
    for (const [label, pl] of partsList) {
      lines.push(`${pre}${label}:  ${pl[0]}`, ...pl.slice(1).map((l) => `\t${l}`));
    }
    const fields = {
      severity: sevMap[sev], message: msgLines[0], pg_pid: pid,
      pg_user: session ? session[0] : null, pg_database: session ? session[1] : null,
      stack_trace: undefined, thread: null, kafka_topic: null, broker_id: null, spark_app_id: null,
      ...f,
    };
    delete fields.pg_sqlstate_log;
    if (!('pg_sqlstate' in fields) && sev === 'LOG') fields.pg_sqlstate = null; // not logged (%e absent), not an ERROR/FATAL line
    out.push({ us, lines, stream, fields, tsPrec: 1000, family: 'postgres', multiline: lines.length > 1 });
  };
  const bg = { checkpointer: r.int(30, 90), autovac: r.int(100, 200) };
  for (let i = 0; i < n; i++) {
    us += r.int(100_000, 1_500_000);
    const k = r.next();
    const pid = r.int(200, 65000);
    const sess = r.pick(PG_USERS);
    if (k < 0.07) {
      emit(pid, ['[unknown]', '[unknown]'], 'LOG', [`connection received: host=10.0.${r.int(0, 9)}.${r.int(2, 250)} port=${r.int(30000, 65000)}`], [], { pg_user: undefined, pg_database: undefined });
    } else if (k < 0.14) {
      emit(pid, sess, 'LOG', [`connection authorized: user=${sess[0]} database=${sess[1]} application_name=${r.pick(['psql', 'shop-api', 'PostgreSQL JDBC Driver'])}`], [], {});
    } else if (k < 0.2) {
      emit(pid, sess, 'LOG', [`disconnection: session time: 0:0${r.int(0, 9)}:${pad(r.int(0, 59))}.${r.int(100, 999)} user=${sess[0]} database=${sess[1]} host=10.0.3.${r.int(2, 250)} port=${r.int(30000, 65000)}`], [], {});
    } else if (k < 0.62) {
      const kind = r.pick(['statement', 'duration_stmt', 'duration_stmt', 'duration']);
      const rep = pgReport(r, kind);
      emit(pid, sess, rep.sev, rep.msg, rep.parts, rep.f);
    } else if (k < 0.8) {
      const rep = pgReport(r, r.pick(['unique', 'deadlock', 'undefined_table', 'timeout', 'warning']));
      emit(pid, sess, rep.sev, rep.msg, rep.parts, rep.f);
    } else if (k < 0.86) {
      emit(pid, ['report', 'analytics'], 'FATAL', ['password authentication failed for user "report"'], [['DETAIL', ['Connection matched file "/etc/postgresql/16/main/pg_hba.conf" line 99: "host    all             all             0.0.0.0/0            scram-sha-256"']]], { pg_sqlstate: '28P01', error_class: 'invalid_password' });
    } else if (k < 0.93) {
      const start = r.chance(0.5);
      emit(bg.checkpointer, null, 'LOG', [start ? 'checkpoint starting: time' : `checkpoint complete: wrote ${r.int(10, 9000)} buffers (${r.int(0, 40)}.${r.int(0, 9)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 3)} recycled; write=${r.int(1, 269)}.${r.int(100, 999)} s, sync=0.0${r.int(10, 99)} s, total=${r.int(1, 270)}.${r.int(100, 999)} s; sync files=${r.int(1, 90)}, longest=0.00${r.int(1, 9)} s, average=0.001 s; distance=${r.int(100, 99999)} kB, estimate=${r.int(100, 99999)} kB; lsn=0/${r.hex(8).toUpperCase()}, redo lsn=0/${r.hex(8).toUpperCase()}`], [], {});
    } else {
      emit(bg.autovac + r.int(0, 50), null, 'LOG', ['automatic vacuum of table "shop.public.orders": index scans: 1',
        `pages: 0 removed, ${r.int(100, 99999)} remain, ${r.int(1, 999)} scanned (${r.int(0, 99)}.${r.int(10, 99)}% of total)`,
        `tuples: ${r.int(0, 9999)} removed, ${r.int(1000, 999999)} remain, 0 are dead but not yet removable`,
        `avg read rate: ${r.int(0, 99)}.${r.int(100, 999)} MB/s, avg write rate: ${r.int(0, 99)}.${r.int(100, 999)} MB/s`,
        `system usage: CPU: user: 0.${pad(r.int(0, 99))} s, system: 0.00 s, elapsed: 0.${pad(r.int(0, 99))} s`], [], {});
    }
  }
  return out;
}

/** PostgreSQL csvlog (PG 14+: 26 columns) and jsonlog (PG 15+) records. */
export function pgStructuredEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  const sevMap = { LOG: 'INFO', ERROR: 'ERROR', FATAL: 'FATAL', WARNING: 'WARN' };
  for (let i = 0; i < n; i++) {
    us += r.int(100_000, 3_000_000);
    const pid = r.int(200, 65000);
    const sess = r.pick(PG_USERS);
    const kind = r.pick(['statement', 'duration_stmt', 'duration', 'duration_stmt', 'unique', 'deadlock', 'undefined_table', 'timeout', 'warning']);
    const rep = pgReport(r, kind);
    const state = rep.f.pg_sqlstate || (kind === 'warning' ? '25P01' : rep.f.pg_sqlstate_log);
    const f = { ...rep.f };
    delete f.pg_sqlstate_log;
    f.pg_sqlstate = state;
    if (kind === 'warning') f.error_class = 'no_active_sql_transaction';
    const detail = rep.parts.find((p) => p[0] === 'DETAIL');
    const hint = rep.parts.find((p) => p[0] === 'HINT');
    const ctx = rep.parts.find((p) => p[0] === 'CONTEXT');
    const stmt = rep.parts.find((p) => p[0] === 'STATEMENT');
    out.push({
      us, pid, sess, sev: rep.sev, state, message: rep.msg.join('\n'), detail: detail && detail[1].join('\n'),
      hint: hint && hint[1].join('\n'), context: ctx && ctx[1].join('\n'), query: stmt && stmt[1].join('\n'),
      fields: {
        severity: sevMap[rep.sev], message: rep.msg[0], pg_pid: pid, pg_user: sess[0], pg_database: sess[1],
        thread: null, kafka_topic: null, spark_app_id: null, ...f,
      },
      family: 'postgres', tsPrec: 1000,
    });
  }
  return out;
}

// ---------------------------------------------------------------- Python logging
const PY_LOGGERS = ['shop.api.orders', 'shop.api.payments', 'shop.db', 'uvicorn.error'];
function pyTrace(r, kind) {
  if (kind === 0) {
    return { lines: ['Traceback (most recent call last):', '  File "/app/shop/payments.py", line 88, in capture', '    resp = client.post(url, json=body, timeout=5)', '  File "/usr/local/lib/python3.12/site-packages/httpx/_client.py", line 1145, in post', '    return self.request(', 'TimeoutError: timed out'], cls: 'TimeoutError' };
  }
  if (kind === 1) {
    return { lines: ['Traceback (most recent call last):', '  File "/app/shop/orders.py", line 41, in get_order', '    return ORDERS[order_id]', "KeyError: 'ord-4711'", '', 'During handling of the above exception, another exception occurred:', '', 'Traceback (most recent call last):', '  File "/app/shop/api.py", line 120, in handler', '    order = get_order(order_id)', '  File "/app/shop/orders.py", line 43, in get_order', '    raise LookupError(f"order {order_id} not found")', 'LookupError: order ord-4711 not found'], cls: 'LookupError' };
  }
  return { lines: ['Traceback (most recent call last):', '  File "/app/shop/db.py", line 17, in connect', '    conn = psycopg.connect(DSN)', '  File "/usr/local/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect', '    raise last_ex.with_traceback(None)', 'psycopg.OperationalError: connection failed: connection to server at "10.0.5.4", port 5432 failed: Connection refused'], cls: 'psycopg.OperationalError' };
}

/** Python logging with the HOWTO's format '%(asctime)s - %(name)s - %(levelname)s - %(message)s'. */
export function pythonEvents(r, startUs, n, opts = {}) {
  const out = [];
  let us = startUs;
  const asctime = (t) => { const p = parts(t); return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s},${p.ms}`; };
  if (opts.gunicorn) {
    // gunicorn's own error log: format '%(asctime)s [%(process)d] [%(levelname)s] %(message)s', datefmt '[%Y-%m-%d %H:%M:%S %z]'
    for (const [lvl, m] of [['INFO', 'Starting gunicorn 21.2.0'], ['INFO', 'Listening at: http://0.0.0.0:8000 (1)'], ['INFO', 'Using worker: uvicorn.workers.UvicornWorker'], ['INFO', 'Booting worker with pid: 7'], ['WARNING', 'Worker graceful timeout (pid:7)']]) {
      us += r.int(1000, 300_000);
      const p = parts(us);
      out.push({ us, lines: [`[${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s} +0000] [1] [${lvl}] ${m}`], stream: 'stderr', tsPrec: 1_000_000, family: 'gunicorn',
        fields: { severity: lvl === 'WARNING' ? 'WARN' : lvl, message: m, pg_pid: null, stack_trace: false, error_class: null, thread: null } });
    }
  }
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 800_000);
    const k = r.next();
    const name = r.pick(PY_LOGGERS);
    let level = 'INFO', msg, trace = null;
    if (k < 0.55) msg = `GET /api/orders/${r.int(1, 99999)} 200 ${r.int(1, 300)}ms`;
    else if (k < 0.57) msg = `recovered after ERROR from upstream psp (attempt ${r.int(2, 5)})`; // a level word inside an INFO message
    else if (k < 0.585) msg = `webhook payload={"level":"error","event":"payment.failed","order":"ord-${r.int(1, 9999)}"}`; // JSON inside a text message
    else if (k < 0.6) msg = `Bestellung ${r.int(1, 9999)} für Kundin Zoë bestätigt — Lieferung nach Köln ✓`; // multi-byte UTF-8: offsets are bytes
    else if (k < 0.72) { level = 'DEBUG'; msg = `cache miss key=order:${r.int(1, 99999)}`; }
    else if (k < 0.84) { level = 'WARNING'; msg = `slow request path=/api/checkout took ${r.int(1000, 9000)}ms`; }
    else if (k < 0.86 && opts.long) { msg = `payload dump: ${'x'.repeat(r.int(17_000, 40_000))}`; }
    else if (k < 0.875) { msg = 'Loaded settings:\n  db_host=10.0.5.4\n  pool_size=10\n  feature_flags=checkout_v2,fast_refunds'; } // one record, newlines inside the message
    else { level = 'ERROR'; msg = r.pick(['Payment capture failed for order ord-4711', 'Unhandled exception in request handler', 'database connection failed']); trace = pyTrace(r, r.int(0, 2)); }
    const lines = [...`${asctime(us)} - ${name} - ${level} - ${msg}`.split('\n'), ...(trace ? trace.lines : [])];
    out.push({
      us, lines, stream: trace || level !== 'INFO' ? 'stderr' : 'stdout', tsPrec: 1000, family: 'python',
      fields: {
        severity: level === 'WARNING' ? 'WARN' : level, component: name, message: msg, thread: null,
        // continuation lines that are not a traceback may or may not count as stack_trace: unscored then
        stack_trace: msg.includes('\n') ? undefined : !!trace, error_class: trace ? trace.cls : null, kafka_topic: null, pg_pid: null,
      },
      tail: trace ? trace.lines[trace.lines.length - 1] : msg.includes('\n') ? msg.split('\n').pop() : undefined,
    });
  }
  return out;
}

/** Python logging.basicConfig() default format '%(levelname)s:%(name)s:%(message)s' (no time in the line). */
export function pythonBasicEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(100_000, 3_000_000);
    const k = r.next();
    const name = r.pick(['reports.builder', 'reports.s3', 'root']);
    let level = 'INFO', msg, trace = null;
    if (k < 0.7) msg = `rendered report rpt-${r.int(1, 9999)} in ${r.int(1, 900)} ms`;
    else if (k < 0.85) { level = 'WARNING'; msg = `retrying upload of rpt-${r.int(1, 9999)} (attempt ${r.int(2, 5)})`; }
    else { level = 'ERROR'; msg = 'report generation failed'; trace = pyTrace(r, r.int(0, 2)); }
    const lines = [`${level}:${name}:${msg}`, ...(trace ? trace.lines : [])];
    out.push({
      us, lines, stream: 'stderr', tsPrec: 1, family: 'python', tsFromRuntime: true,
      fields: { severity: level === 'WARNING' ? 'WARN' : level, component: name, message: msg, thread: null, stack_trace: !!trace, error_class: trace ? trace.cls : null },
      tail: trace ? trace.lines[trace.lines.length - 1] : undefined,
    });
  }
  return out;
}

// ---------------------------------------------------------------- nginx
export function nginxEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(5_000, 600_000);
    const p = parts(us);
    if (r.chance(0.9)) {
      const line = `10.0.${r.int(0, 9)}.${r.int(2, 250)} - - [${p.D}/${p.mon}/${p.Y}:${p.h}:${p.m}:${p.s} +0000] "${r.pick(['GET', 'POST'])} /api/orders/${r.int(1, 9999)}?page=${r.int(1, 9)}&sort=<date> HTTP/1.1" ${r.pick([200, 200, 200, 201, 404, 502])} ${r.int(0, 9000)} "-" "${r.pick(['curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'kube-probe/1.29'])}"`;
      out.push({ us: Math.floor(us / SEC) * SEC, trueUs: us, lines: [line], stream: 'stdout', tsPrec: SEC, family: 'nginx', fields: { stack_trace: false, pg_pid: null, kafka_topic: null } });
    } else {
      const lvl = r.pick(['error', 'warn']);
      const line = `${p.Y}/${p.M}/${p.D} ${p.h}:${p.m}:${p.s} [${lvl}] 29#29: *${r.int(1, 99999)} ${lvl === 'error' ? 'connect() failed (111: Connection refused) while connecting to upstream' : 'an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream'}, client: 10.0.1.${r.int(2, 250)}, server: _, request: "GET /api/orders HTTP/1.1", upstream: "http://10.0.4.7:8000/api/orders", host: "shop.example.com"`;
      out.push({ us: Math.floor(us / SEC) * SEC, trueUs: us, lines: [line], stream: 'stderr', tsPrec: SEC, family: 'nginx', fields: { severity: lvl === 'error' ? 'ERROR' : 'WARN', stack_trace: false, pg_pid: null } });
    }
  }
  return out;
}

// ---------------------------------------------------------------- JVM JSON: logstash-logback-encoder
export function logstashEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  const loggers = ['com.shop.checkout.PaymentService', 'com.shop.checkout.CartController', 'org.hibernate.engine.jdbc.spi.SqlExceptionHelper', 'com.zaxxer.hikari.pool.HikariPool'];
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 900_000);
    const k = r.next();
    const logger = r.pick(loggers);
    const thread = r.pick([`http-nio-8080-exec-${r.int(1, 20)}`, 'main', `scheduling-1`]);
    const trace_id = r.hex(32), span_id = r.hex(16);
    let level = 'INFO', msg = `Processed cart ${r.alnum(10)} with ${r.int(1, 9)} items`, st = null, cls = null;
    if (k < 0.12) { level = 'DEBUG'; msg = `Cache lookup for sku SKU-${r.int(1, 999)}`; }
    else if (k < 0.22) { level = 'WARN'; msg = 'HikariPool-1 - Connection is not available, request timed out after 30000ms.'; }
    else if (k < 0.34) {
      level = 'ERROR'; msg = `Payment authorization failed for order ${r.int(1000, 9999)}`;
      cls = 'org.springframework.web.client.ResourceAccessException';
      const frames = [];
      const deep = r.chance(0.25) ? 420 : 12; // some traces make the record longer than 16 KiB
      for (let f = 0; f < deep; f++) frames.push(`com.shop.checkout.internal.Layer${f % 37}.invoke${f}(Layer${f % 37}.java:${100 + f})`);
      st = javaTrace(r, cls, 'I/O error on POST request for "https://psp.example.com/v1/authorize": Read timed out', frames,
        { cls: 'java.net.SocketTimeoutException', msg: 'Read timed out', frames: ['java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)', 'java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)'] }).join('\n');
    }
    const rec = { '@timestamp': null, '@version': '1', message: msg, logger_name: logger, thread_name: thread, level, level_value: { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level] };
    const p = parts(us);
    rec['@timestamp'] = `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}Z`;
    if (st) rec.stack_trace = st;
    rec.trace_id = trace_id; rec.span_id = span_id; rec.trace_flags = '01';
    out.push({
      us: Math.floor(us / 1000) * 1000, lines: [JSON.stringify(rec)], stream: 'stdout', tsPrec: 1000, family: 'logstash',
      fields: { severity: level, component: logger, thread, message: msg, trace_id, span_id, stack_trace: !!st, error_class: st ? [cls, 'java.net.SocketTimeoutException'] : null, pg_pid: null, kafka_topic: null },
      tail: st ? st.split('\n').pop() : undefined,
    });
  }
  return out;
}

// ---------------------------------------------------------------- Go: zap production JSON
export function zapEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(10_000, 700_000);
    us = Math.floor(us / 1000) * 1000;
    const k = r.next();
    const request_id = `req-${r.hex(12)}`;
    const trace_id = r.hex(32), span_id = r.hex(16);
    const named = r.chance(0.5);
    let level = 'info', msg = 'posted ledger entry';
    const extra = {};
    if (k < 0.15) { level = 'debug'; msg = 'balance cache refreshed'; }
    else if (k < 0.27) { level = 'warn'; msg = 'slow commit'; extra.elapsed = `${r.int(500, 4000)}ms`; }
    else if (k < 0.37) { level = 'error'; msg = 'failed to post entry'; extra.error = 'pq: could not serialize access due to concurrent update'; extra.stacktrace = 'main.(*Server).postEntry\n\t/app/ledger/handler.go:120\nnet/http.HandlerFunc.ServeHTTP\n\t/usr/local/go/src/net/http/server.go:2136'; }
    const rec = { level, ts: Number((us / 1e6).toFixed(3)) };
    if (named) rec.logger = 'ledger.db';
    rec.caller = `ledger/handler.go:${r.int(40, 200)}`;
    rec.msg = msg;
    Object.assign(rec, { request_id, trace_id, span_id }, extra);
    const line = JSON.stringify(rec);
    out.push({
      us, lines: [line], stream: 'stderr', tsPrec: 1000, family: 'zap',
      fields: { severity: level.toUpperCase(), message: msg, request_id, trace_id, span_id, ...(named ? { component: 'ledger.db' } : {}), pg_pid: null, kafka_topic: null },
    });
  }
  return out;
}

// ---------------------------------------------------------------- Go: logrus JSONFormatter (keys sorted by encoding/json)
export function logrusEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(300_000, 3_000_000);
    const trueUs = us;
    us = Math.floor(us / SEC) * SEC;
    const k = r.next();
    const sku = `SKU-${r.int(1, 999)}`;
    const request_id = `req-${r.hex(12)}`;
    let level = 'info', msg = 'stock reserved', err;
    if (k < 0.2) { level = 'warning'; msg = 'stock low'; }
    else if (k < 0.3) { level = 'error'; msg = 'reservation failed'; err = 'context deadline exceeded'; }
    else if (k < 0.4) { level = 'debug'; msg = 'reservation cache hit'; }
    const p = parts(us);
    const rec = {};
    if (err) rec.error = err;
    rec.level = level; rec.msg = msg; rec.request_id = request_id; rec.sku = sku;
    rec.time = `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}Z`;
    out.push({ us, trueUs, lines: [JSON.stringify(rec)], stream: 'stderr', tsPrec: SEC, family: 'logrus', fields: { severity: level === 'warning' ? 'WARN' : level.toUpperCase(), message: msg, request_id, stack_trace: false, pg_pid: null } });
  }
  return out;
}

// ---------------------------------------------------------------- Go: log/slog TextHandler (logfmt) and JSONHandler
export function slogTextEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(50_000, 2_000_000);
    us = Math.floor(us / 1000) * 1000;
    const p = parts(us);
    const request_id = `req-${r.hex(12)}`;
    const k = r.next();
    let level = 'INFO', msg = 'quote computed';
    if (k < 0.15) { level = 'WARN'; msg = 'price feed stale'; } else if (k < 0.25) { level = 'ERROR'; msg = 'quote failed'; } else if (k < 0.35) { level = 'DEBUG'; msg = 'rule matched'; }
    const line = `time=${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}Z level=${level} msg="${msg}" request_id=${request_id} sku=SKU-${r.int(1, 999)} latency_ms=${r.int(1, 900)}`;
    out.push({ us, lines: [line], stream: 'stderr', tsPrec: 1000, family: 'logfmt', fields: { severity: level, message: msg, request_id, stack_trace: false, pg_pid: null } });
  }
  return out;
}

export function slogJsonEvents(r, startUs, n) {
  const out = [];
  let us = startUs;
  for (let i = 0; i < n; i++) {
    us += r.int(50_000, 2_000_000);
    const trace_id = r.hex(32), span_id = r.hex(16);
    const k = r.next();
    let level = 'INFO', msg = 'search served';
    if (k < 0.15) { level = 'WARN'; msg = 'index shard slow'; } else if (k < 0.25) { level = 'ERROR'; msg = 'query rejected'; }
    const rec = { time: `${(() => { const p = parts(us); return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.us6}`; })()}${pad(r.int(0, 999), 3)}Z`, level, msg };
    // W3C Trace Context: traceparent = version-traceid-parentid-flags (the parent id is the caller's span id)
    if (r.chance(0.3)) rec.traceparent = `00-${trace_id}-${span_id}-01`;
    else Object.assign(rec, { trace_id, span_id });
    rec.hits = r.int(0, 500);
    out.push({ us, lines: [JSON.stringify(rec)], stream: 'stdout', tsPrec: 1, family: 'slog-json', fields: { severity: level, message: msg, trace_id, span_id, stack_trace: false, pg_pid: null } });
  }
  return out;
}

// ---------------------------------------------------------------- Spark (log4j2 default `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex`)
export function sparkEvents(r, startUs, n, role, execId, appName = 'taxi-trip') {
  // returns events with `log4jLine` form and the %m text, so the caller can choose envelope
  const out = [];
  let us = startUs;
  let stage = r.int(0, 3), tid = r.int(0, 50);
  const push = (level, cls, msg, extra = {}, trace = null) => {
    // a driver line naming the executor a task ran on: the driver's id or the named one? (not scored)
    if (role === 'driver' && /executor \d/.test(msg)) extra = { ...extra, spark_executor_id: undefined };
    out.push({ us: Math.floor(us / SEC) * SEC, trueUs: us, usMs: Math.floor(us / 1000) * 1000, level, cls, msg, trace,
      fields: { severity: level, component: cls, message: msg, stack_trace: !!trace, error_class: trace ? extra.error_class : null, thread: null, pg_pid: null, kafka_topic: null, ...extra },
      tail: trace ? trace[trace.length - 1] : undefined });
  };
  if (role === 'driver') {
    push('INFO', 'SparkContext', 'Running Spark version 3.5.1');
    us += 300_000;
    push('INFO', 'SparkContext', `Submitted application: ${appName}`);
  } else {
    push('INFO', 'CoarseGrainedExecutorBackend', `Started daemon with process name: ${r.int(10, 99)}@${appName}-exec-${execId}`);
  }
  for (let i = 0; i < n; i++) {
    us += r.int(20_000, 1_500_000);
    const k = r.next();
    if (role === 'driver') {
      if (k < 0.35) {
        tid++;
        push('INFO', 'TaskSetManager', `Starting task ${r.int(0, 15)}.0 in stage ${stage}.0 (TID ${tid}) (10.0.1.${r.int(2, 250)}, executor ${r.int(1, 2)}, partition ${r.int(0, 15)}, PROCESS_LOCAL, ${r.int(7000, 12000)} bytes)`, { spark_stage_id: stage, spark_task_id: tid });
      } else if (k < 0.7) {
        push('INFO', 'TaskSetManager', `Finished task ${r.int(0, 15)}.0 in stage ${stage}.0 (TID ${tid}) in ${r.int(50, 9000)} ms on 10.0.1.${r.int(2, 250)} (executor ${r.int(1, 2)}) (${r.int(1, 16)}/16)`, { spark_stage_id: stage, spark_task_id: tid });
      } else if (k < 0.78) {
        push('INFO', 'DAGScheduler', `ResultStage ${stage} (collect at TaxiTrip.scala:${r.int(20, 90)}) finished in ${r.int(1, 99)}.${r.int(100, 999)} s`, { spark_stage_id: stage });
        stage++;
      } else if (k < 0.84) {
        push('INFO', 'DAGScheduler', `Submitting 16 missing tasks from ResultStage ${stage} (MapPartitionsRDD[${r.int(1, 60)}] at collect at TaxiTrip.scala:${r.int(20, 90)}) (first 15 tasks are for partitions Vector(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))`, { spark_stage_id: stage });
      } else if (k < 0.9) {
        push('WARN', 'TaskSetManager', `Lost task ${r.int(0, 15)}.0 in stage ${stage}.0 (TID ${tid}) (10.0.1.${r.int(2, 250)} executor ${r.int(1, 2)}): java.io.IOException: Connection reset by peer`, { spark_stage_id: stage, spark_task_id: tid });
      } else if (k < 0.95) {
        push('INFO', 'BlockManagerInfo', `Added broadcast_${r.int(0, 40)}_piece0 in memory on 10.0.1.${r.int(2, 250)}:${r.int(30000, 45000)} (size: ${r.int(3, 90)}.${r.int(0, 9)} KiB, free: 2.${r.int(0, 9)} GiB)`);
      } else {
        const trace = javaTrace(r, 'org.apache.spark.SparkException', `Job aborted due to stage failure: Task 3 in stage ${stage}.0 failed 4 times, most recent failure: Lost task 3.3 in stage ${stage}.0 (TID ${tid}) (10.0.1.7 executor 2): java.io.FileNotFoundException: s3a://taxi/yellow/2024-13.parquet`,
          ['org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)', 'org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2792)', 'scala.collection.immutable.List.foreach(List.scala:431)'],
          { cls: 'java.io.FileNotFoundException', msg: 's3a://taxi/yellow/2024-13.parquet', frames: ['org.apache.hadoop.fs.s3a.S3AFileSystem.s3GetFileStatus(S3AFileSystem.java:3866)', 'org.apache.hadoop.fs.s3a.S3AFileSystem.innerGetFileStatus(S3AFileSystem.java:3688)'] });
        push('ERROR', 'FileFormatWriter', `Aborting job ${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}.`, { error_class: ['org.apache.spark.SparkException', 'java.io.FileNotFoundException'] }, trace);
      }
    } else {
      if (k < 0.4) {
        tid++;
        push('INFO', 'Executor', `Running task ${r.int(0, 15)}.0 in stage ${stage}.0 (TID ${tid})`, { spark_stage_id: stage, spark_task_id: tid });
      } else if (k < 0.8) {
        push('INFO', 'Executor', `Finished task ${r.int(0, 15)}.0 in stage ${stage}.0 (TID ${tid}). ${r.int(1000, 9000)} bytes result sent to driver`, { spark_stage_id: stage, spark_task_id: tid });
        if (r.chance(0.1)) stage++;
      } else if (k < 0.93) {
        push('INFO', 'ShuffleBlockFetcherIterator', `Getting ${r.int(1, 64)} (${r.int(1, 900)}.${r.int(0, 9)} KiB) non-empty blocks including ${r.int(0, 8)} (${r.int(0, 90)}.0 KiB) local and 0 (0.0 B) host-local and 0 (0.0 B) push-merged-local and ${r.int(0, 8)} (${r.int(0, 900)}.0 KiB) remote blocks`);
      } else {
        const trace = javaTrace(r, 'java.io.IOException', 'Connection reset by peer',
          ['java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)', 'org.apache.spark.network.util.TransportFrameDecoder.channelRead(TransportFrameDecoder.java:87)', 'io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead(AbstractChannelHandlerContext.java:444)']);
        push('ERROR', 'Executor', `Exception in task ${r.int(0, 15)}.0 in stage ${stage}.0 (TID ${tid})`, { spark_stage_id: stage, spark_task_id: tid, error_class: 'java.io.IOException' }, trace);
      }
    }
  }
  return out;
}

export function sparkLog4jLine(e) {
  const p = parts(e.us);
  return `${String(p.Y).slice(2)}/${p.M}/${p.D} ${p.h}:${p.m}:${p.s} ${e.level} ${e.cls}: ${e.msg}`;
}

// ---------------------------------------------------------------- syslog RFC 5424
export function syslog5424Events(r, startUs, n, host) {
  const out = [];
  let us = startUs;
  const sevs = [[3, 'ERROR'], [4, 'WARN'], [6, 'INFO'], [6, 'INFO'], [7, 'DEBUG']];
  for (let i = 0; i < n; i++) {
    us += r.int(100_000, 5_000_000);
    us = Math.floor(us / 1000) * 1000;
    const [code, sev] = r.pick(sevs);
    const fac = r.pick([3, 4, 16]);
    const app = r.pick(['kubelet', 'containerd', 'sshd']);
    const msg = app === 'sshd' ? `Accepted publickey for ec2-user from 10.0.0.${r.int(2, 250)} port ${r.int(30000, 65000)} ssh2` : `${app === 'kubelet' ? 'Syncing pod' : 'container event'} ${r.alnum(8)}`;
    const p = parts(us);
    const line = `<${fac * 8 + code}>1 ${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}Z ${host} ${app} ${r.int(100, 9999)} - - ${msg}`;
    out.push({ us, lines: [line], tsPrec: 1000, family: 'syslog', fields: { severity: sev, host, message: msg, stack_trace: false, pg_pid: null } });
  }
  return out;
}
