// User-defined logging.Formatter '%'-style formats (Python docs: LogRecord attributes; Formatter;
// the HOWTO and cookbook examples; pytest's default log format '%(levelname)-8s %(name)s:%(filename)s:%(lineno)d %(message)s').
// Each line below is what such a format prints; names and values made up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';
import { HeaderMode, parsePythonHeader } from './python-header.js';

const T0 = Date.UTC(2024, 4, 1, 10) * 1000;

function p(text: string, ctx = {}): Record<string, unknown> {
  const w = new RecordFieldWriter();
  const f = parseEvent(text, w, ctx);
  const v = w.values as Record<string, unknown>;
  return { f, ts: v.ts, sev: v.severity, comp: v.component, thread: v.thread, msg: v.message, attrs: v.attributes };
}

test('formats with name, level, thread, process, location in many orders and separators', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    // format, line, expected
    ['%(asctime)s | %(levelname)s | %(name)s | %(message)s', '2024-05-01 10:00:00,123 | INFO | app.db | pool ready', { ts: T0 + 123_000, sev: 'INFO', comp: 'app.db', msg: 'pool ready' }],
    ['%(asctime)s [%(levelname)s] %(name)s: %(message)s', '2024-05-01 10:00:00,123 [WARNING] app.db: slow query', { sev: 'WARN', comp: 'app.db', msg: 'slow query' }],
    ['%(asctime)s %(levelname)s [%(name)s] %(message)s', '2024-05-01 10:00:00 INFO [app.db] pool ready', { ts: T0, comp: 'app.db', msg: 'pool ready' }],
    ['%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s', '2024-05-01 10:00:00,123 INFO app.db [MainThread] pool ready', { comp: 'app.db', thread: 'MainThread', msg: 'pool ready' }],
    ['%(asctime)s - %(levelname)s - %(name)s - %(message)s', '2024-05-01 10:00:00.123 - ERROR - app.db - lost - retrying', { sev: 'ERROR', comp: 'app.db', msg: 'lost - retrying' }],
    ['%(asctime)s - %(name)s - %(levelname)s - %(filename)s:%(lineno)d - %(message)s', '2024-05-01 10:00:00,123 - app.db - INFO - pool.py:42 - ready', { comp: 'app.db', msg: 'ready', attrs: { file: 'pool.py', line: '42' } }],
    ['%(asctime)s [%(process)d] [%(threadName)s] %(levelname)s %(name)s - %(message)s', '2024-05-01 10:00:00,123 [4242] [ThreadPoolExecutor-0_1] DEBUG app.jobs - picked job 7', { sev: 'DEBUG', comp: 'app.jobs', thread: 'ThreadPoolExecutor-0_1', msg: 'picked job 7', attrs: { pid: '4242' } }],
    ['%(asctime)s - %(process)d - %(thread)d - %(name)s - %(levelname)s - %(message)s', '2024-05-01 10:00:00,123 - 4242 - 140213987654321 - app.db - CRITICAL - down', { sev: 'FATAL', comp: 'app.db', msg: 'down', attrs: { pid: '4242', thread_id: '140213987654321' } }],
    ['%(asctime)s %(levelname)s [%(name)s:%(lineno)d] %(message)s', '2024-05-01 10:00:00,123 INFO [app.db:42] pool ready', { comp: 'app.db', msg: 'pool ready', attrs: { line: '42' } }],
    ['%(asctime)s:%(levelname)s:%(name)s:%(message)s', '2024-05-01 10:00:00,123:INFO:app.db:pool ready', { comp: 'app.db', msg: 'pool ready' }],
    ['%(asctime)s | %(levelname)-8s | %(module)s:%(funcName)s:%(lineno)d - %(message)s', '2024-05-01 12:00:00 +0200 | WARNING  | pool:acquire:42 - slow', { ts: T0, sev: 'WARN', comp: 'pool', msg: 'slow', attrs: { function: 'acquire', line: '42' } }],
    ['pytest', 'INFO     app.db:pool.py:42 pool ready', { comp: 'app.db', msg: 'pool ready', attrs: { file: 'pool.py', line: '42' } }],
    ['%(levelname)s %(asctime)s %(name)s: %(message)s', 'ERROR 2024-05-01 10:00:00,123 app.db: lost', { ts: T0 + 123_000, comp: 'app.db', msg: 'lost' }],
    ['[%(levelname)s] %(asctime)s %(name)s: %(message)s', '[INFO] 2024-05-01 10:00:00,123 app.db: pool ready', { comp: 'app.db', msg: 'pool ready' }],
    ['%(asctime)s %(name)s %(levelname)s %(message)s', '2024-05-01 10:00:00,123 app.db INFO pool ready', { comp: 'app.db', msg: 'pool ready' }],
    ['%(asctime)s [%(processName)s/%(threadName)s] %(levelname)s %(name)s: %(message)s', '2024-05-01 10:00:00,123 [ForkPoolWorker-2/MainThread] INFO app.jobs: done', { comp: 'app.jobs', thread: 'MainThread', msg: 'done', attrs: { process_name: 'ForkPoolWorker-2' } }],
    ['datefmt %m/%d/%Y %I:%M:%S %p', '05/01/2024 10:00:00 AM - app.db - INFO - ready', { ts: T0, comp: 'app.db', msg: 'ready' }],
    ['datefmt %b %d %H:%M:%S', 'May 01 10:00:00 - app.db - INFO - ready', { ts: T0, comp: 'app.db', msg: 'ready' }],
    ['%(name)-12s: %(levelname)-8s %(message)s (cookbook console)', 'app.db      : INFO     pool ready', { comp: 'app.db', msg: 'pool ready' }],
  ];
  const ctx = { observedMicros: T0 + 500_000 };
  for (const [fmt, line, want] of cases) {
    const got = p(line, ctx);
    assert.equal(got.f, 'python', `${fmt}: ${line}`);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${fmt} ${k}: ${line}`);
  }
});

test('Python-only marks win over the Java / Kafka layouts that read the same shape', () => {
  // [%(asctime)s] %(levelname)s %(name)s: %(message)s — Kafka's `[%d] %p %m (%c)` never prints WARNING
  assert.deepEqual(Object.values(p('[2024-05-01 10:00:00,123] WARNING app.db: slow')).slice(0, 6), ['python', T0 + 123_000, 'WARN', 'app.db', undefined, 'slow']);
  assert.deepEqual(Object.values(p('[2024-05-01 10:00:00,123] [MainThread] [INFO] app.db: ready')).slice(0, 6), ['python', T0 + 123_000, 'INFO', 'app.db', 'MainThread', 'ready']);
  assert.equal(p('[2024-05-01 10:00:00,123] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)').f, 'kafka');
  // Java's own Thread-N names are no mark
  assert.notEqual(p('2024-05-01 10:00:00,123 [Thread-1] INFO com.example.Job - ran').comp, undefined);
  assert.notEqual(p('2024-05-01 10:00:00,123 [Thread-1] INFO com.example.Job - ran').f, 'python');
});

test('the header ends at `name: ` and before bare words that only look like fields', () => {
  assert.deepEqual([p('2024-05-01 10:00:00,123 [WARNING] app.db: Thread-3 (run) stopped').thread, p('2024-05-01 10:00:00,123 [WARNING] app.db: Thread-3 (run) stopped').msg], [undefined, 'Thread-3 (run) stopped']);
  const v = p('2024-05-01 10:00:00,123 | INFO | app.db | MainThread started');
  assert.deepEqual([v.comp, v.thread, v.msg], ['app.db', undefined, 'MainThread started']);
});

test('the message is %(message)s only; the traceback after it goes to stack_trace', () => {
  const w = new RecordFieldWriter();
  parseEvent('2024-05-01 10:00:00,123 | ERROR | app.db | lost\nTraceback (most recent call last):\n  File "db.py", line 1, in x\nOSError: gone', w, {});
  const v = w.values as Record<string, unknown>;
  assert.deepEqual([v.message, v.component, v.error_class], ['lost', 'app.db', 'OSError']);
  assert.match(String(v.stack_trace), /^Traceback/);
});

test('not Python headers: Java layouts keep their parsers, plain text is left alone', () => {
  const w = new RecordFieldWriter();
  for (const [line, mode] of [
    ['2024-05-01 10:00:00,123 INFO [main] org.apache.kafka.Foo - started', HeaderMode.Normal],
    ['2024-05-01 10:00:00 WARNING disk usage at 91%', HeaderMode.Normal],
    ['2024-05-01 10:00:00.123 UTC [42] WARNING:  could not sync', HeaderMode.Normal],
    ['2024-05-01 10:00:00,123 [Thread-1] INFO com.example.Job - ran', HeaderMode.Strict],
    ['2024-05-01 10:00:00,123 INFO app.db hello', HeaderMode.Strict],
    ['INFO starting the app', HeaderMode.Normal],
    ['ERROR Failed: no route', HeaderMode.Normal],
    ['the quick brown fox INFO jumps', HeaderMode.Normal],
    ['', HeaderMode.Normal],
    ['ERROR <script>alert(1)</script> user', HeaderMode.Normal],
    // log4j `%d %p [%t] %c: %m`, HDFS `yyMMdd HHmmss ms LEVEL`, ZooKeeper 3.4 `%d - %-5p [%t:%C{1}@%L] - %m`
    ['2015-10-18 18:01:51,885 INFO [main] org.mortbay.log: Logging to x', HeaderMode.Normal],
    ['081109 203615 148 INFO dfs.DataNode$PacketResponder: done', HeaderMode.Normal],
    ['2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - x', HeaderMode.Loose],
    ['[', HeaderMode.Normal],
  ] as const) {
    assert.equal(parsePythonHeader(line, w, {}, mode), false, line);
    assert.equal(Object.keys(w.values).length, 0, line);
  }
  // Java shapes still go to the Java readers
  assert.equal(p('2024-05-01 10:00:00,123 [main] INFO  org.apache.kafka.Foo - started').f !== 'python', true);
  assert.equal(p('2024-05-01T10:00:00.123+0200 ERROR PaymentService - charge failed').f, 'log4j');
});

test('cookbook %(name)-12s %(levelname)-8s with datefmt %m-%d %H:%M, msecs after a datefmt, time-only datefmts, padded levels', () => {
  const ctx = { observedMicros: T0 + 20_000_000 };
  const cases: [string, string, Record<string, unknown>][] = [
    ['%(asctime)s %(name)-12s %(levelname)-8s %(message)s, datefmt %m-%d %H:%M', '05-01 10:00 app.db       INFO     pool ready', { ts: T0, sev: 'INFO', comp: 'app.db', msg: 'pool ready' }],
    ['the same, a name longer than 12', '05-01 10:00 app.db.pool.extra WARNING  slow  checkout', { ts: T0, sev: 'WARN', comp: 'app.db.pool.extra', msg: 'slow  checkout' }],
    ['the same, root logger', '05-01 10:00 root         CRITICAL disk gone', { ts: T0, sev: 'FATAL', comp: 'root', msg: 'disk gone' }],
    ['the same, a capitalised name', '05-01 10:00 Billing      ERROR    Charge failed', { ts: T0, sev: 'ERROR', comp: 'Billing', msg: 'Charge failed' }],
    ['%(asctime)s.%(msecs)03d [%(threadName)s] %(levelname)s %(name)s: %(message)s, datefmt %Y-%m-%d %H:%M:%S', '2024-05-01 10:00:00.123 [MainThread] INFO app.db: ready', { ts: T0 + 123_000, comp: 'app.db', thread: 'MainThread', msg: 'ready' }],
    ['%(asctime)s,%(msecs)03d %(levelname)s [%(name)s] %(message)s', '2024-05-01 10:00:00,123 INFO [app.db] ready', { ts: T0 + 123_000, comp: 'app.db', msg: 'ready' }],
    ['%(asctime)s.%(msecs)03d %(levelname)-8s %(name)s %(message)s, datefmt %Y-%m-%dT%H:%M:%S%z', '2024-05-01T12:00:00+0200.123 INFO     app.db ready', { ts: T0 + 123_000, comp: 'app.db', msg: 'ready' }],
    ['%(asctime)s,%(msecs)d %(levelname)-8s [%(filename)s:%(lineno)d] %(message)s, datefmt %Y-%m-%d:%H:%M:%S', '2024-05-01:10:00:00,123 DEBUG    [pool.py:11] checked out', { ts: T0 + 123_000, sev: 'DEBUG', comp: 'pool.py', msg: 'checked out', attrs: { file: 'pool.py', line: '11' } }],
    ['%(asctime)s %(levelname)-8s %(name)s %(message)s, datefmt %H:%M:%S', '10:00:00 INFO     app.db pool ready', { ts: T0, sev: 'INFO', comp: 'app.db', msg: 'pool ready' }],
    ['the same, CRITICAL (8 letters, one space)', '10:00:00 CRITICAL app.db down', { ts: T0, sev: 'FATAL', comp: 'app.db', msg: 'down' }],
    ['the same, __main__', '10:00:00 WARNING  __main__ slow', { ts: T0, sev: 'WARN', comp: '__main__', msg: 'slow' }],
    ['the same, full date', '2024-05-01 10:00:00,123 ERROR    app.db lost', { ts: T0 + 123_000, sev: 'ERROR', comp: 'app.db', msg: 'lost' }],
    ['%(asctime)s [%(levelname)s] %(name)s: %(message)s, datefmt %H:%M:%S', '10:00:00 [INFO] app.db: pool ready', { ts: T0, sev: 'INFO', comp: 'app.db', msg: 'pool ready' }],
    ['%(asctime)s [%(levelname)-8s] %(name)s: %(message)s', '2024-05-01 10:00:00,123 [INFO    ] app.db: pool ready', { ts: T0 + 123_000, sev: 'INFO', comp: 'app.db', msg: 'pool ready' }],
  ];
  for (const [fmt, line, want] of cases) {
    const got = p(line, ctx);
    assert.equal(got.f, 'python', `${fmt}: ${line}`);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${fmt} ${k}: ${line}`);
  }
  // a time of day without a runtime time: the record, no ts
  const v = p('10:00:00 [INFO] app.db: pool ready');
  assert.deepEqual([v.f, v.ts, v.comp, v.msg], ['python', undefined, 'app.db', 'pool ready']);
});

test('a padded level before an undotted word or a Java class: no logger taken', () => {
  // `%(levelname)-8s %(message)s`: the first word stays in the message
  const v = p('2024-05-01 10:00:00,123 INFO     starting up');
  assert.notEqual(v.comp, 'starting');
  assert.match(String(v.msg), /starting up$/);
  // nor a file name
  const f = p('10:00:00 INFO     config.yaml loaded', { observedMicros: T0 });
  assert.notEqual(f.comp, 'config.yaml');
  assert.match(String(f.msg), /config\.yaml loaded$/);
  // log4j `%-5p` pads to 5 columns; Java classes are not Python loggers
  assert.notEqual(p('2024-05-01 10:00:00,123 INFO  com.example.Foo - started').f, 'python');
  assert.notEqual(p('2024-05-01 10:00:00,123 INFO     com.example.Foo started').f, 'python');
});

test('[%(threadName)s] between the level and %(name)s (` - ` and `: `), also a thread the user named', () => {
  const fmt1 = '%(asctime)s.%(msecs)03d %(levelname)-8s [%(threadName)s] %(name)s - %(message)s';
  const cases: [string, string, Record<string, unknown>][] = [
    [fmt1, '2024-05-01 10:00:00.123 INFO     [MainThread] app.db - pool ready - 5 conns', { ts: T0 + 123_000, sev: 'INFO', comp: 'app.db', thread: 'MainThread', msg: 'pool ready - 5 conns' }],
    [fmt1, '2024-05-01 10:00:00.123 WARNING  [Thread-3 (run)] __main__ - slow: 3s', { sev: 'WARN', comp: '__main__', thread: 'Thread-3 (run)', msg: 'slow: 3s' }],
    [fmt1, '2024-05-01 10:00:00.123 CRITICAL [worker-1] jobs - disk full', { sev: 'FATAL', comp: 'jobs', thread: 'worker-1', msg: 'disk full' }],
    ['%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s', '2024-05-01 10:00:00,123 CRITICAL [worker-1] myapp: disk full', { sev: 'FATAL', comp: 'myapp', thread: 'worker-1', msg: 'disk full' }],
    ['%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s', '2024-05-01 10:00:00,123 ERROR [MainThread] app.api: failed: 500', { comp: 'app.api', thread: 'MainThread', msg: 'failed: 500' }],
    // a capitalised first word after the thread is the message's (`%(levelname)s [%(threadName)s] %(message)s`)
    ['%(asctime)s %(levelname)-8s [%(threadName)s] %(message)s', '2024-05-01 10:00:00,123 INFO     [MainThread] Done - 5 items', { comp: undefined, thread: 'MainThread', msg: 'Done - 5 items' }],
  ];
  for (const [fmt, line, want] of cases) {
    const v = p(line);
    assert.equal(v.f, 'python', `${fmt}: ${line}`);
    for (const [k, x] of Object.entries(want)) assert.deepEqual(v[k], x, `${fmt} ${k}: ${line}`);
  }
  // log4j `%p [%t] %c: %m` (no Python mark) keeps its reader
  assert.notEqual(p('2015-10-18 18:01:51,885 INFO [main] org.mortbay.log: Logging to x').f, 'python');
});
