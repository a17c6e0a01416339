import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { jsonParser } from './json-parser.js';
import { parseEvent } from '../index.js';

function j(line: string, tz?: number): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(jsonParser.parse(line, w, { defaultTzOffsetMinutes: tz }), true, line);
  return w.values;
}

test('pino: numeric level, epoch ms time, msg, hostname, pid, reqId, err object', () => {
  const v = j('{"level":50,"time":1700000000123,"pid":42,"hostname":"h1","reqId":"req-1","msg":"boom","err":{"type":"TypeError","message":"x is undefined","stack":"TypeError: x is undefined\\n    at f (/a.js:1:1)"}}');
  assert.equal(v.ts, 1700000000123000);
  assert.deepEqual([v.severity, v.severity_number, v.message, v.request_id, v.error_class], ['ERROR', 17, 'boom', 'req-1', 'TypeError']);
  assert.match(String(v.stack_trace), /^TypeError: x is undefined\n    at f/);
  assert.deepEqual(v.attributes, { pid: '42', hostname: 'h1', 'error.message': 'x is undefined' });
});

test('zap: float epoch seconds, caller, logger, stacktrace', () => {
  const v = j('{"level":"error","ts":1700000000.5,"logger":"api","caller":"server/main.go:42","msg":"request failed","stacktrace":"main.main\\n\\t/app/main.go:42","trace_id":"abc","span_id":"def"}');
  assert.equal(v.ts, 1700000000500000);
  assert.deepEqual([v.severity, v.component, v.trace_id, v.span_id], ['ERROR', 'api', 'abc', 'def']);
  assert.equal((v.attributes as Record<string, string>).caller, 'server/main.go:42');
  assert.equal(v.stack_trace, 'main.main\n\t/app/main.go:42');
});

test('logrus / generic: ISO time with offset, zone-less ISO uses the default offset', () => {
  let v = j('{"level":"warning","msg":"disk low","time":"2024-05-01T10:00:00.123456+02:00"}');
  assert.equal(v.ts, Date.UTC(2024, 4, 1, 8, 0, 0) * 1000 + 123456);
  assert.equal(v.severity, 'WARN');
  v = j('{"@timestamp":"2024-05-01 10:00:00","message":"m","log.level":"info","thread_name":"main","logger_name":"com.x.Y","traceId":"t1","x-request-id":"r9"}', 60);
  assert.equal(v.ts, Date.UTC(2024, 4, 1, 9, 0, 0) * 1000);
  assert.deepEqual([v.severity, v.thread, v.component, v.trace_id, v.request_id], ['INFO', 'main', 'com.x.Y', 't1', 'r9']);
});

test('ECS nested objects, unknown fields to attributes, no message key keeps the raw text', () => {
  let v = j('{"@timestamp":"2024-05-01T10:00:00Z","log":{"level":"error","logger":"app"},"trace":{"id":"T"},"message":"x","http":{"method":"GET","status":200},"tags":["a","b"],"n":1.5,"ok":true}');
  assert.deepEqual([v.severity, v.component, v.trace_id], ['ERROR', 'app', 'T']);
  assert.deepEqual(v.attributes, { 'http.method': 'GET', 'http.status': '200', tags: '["a","b"]', n: '1.5', ok: 'true' });
  const raw = '{"foo":"bar"}';
  v = j(raw);
  assert.equal(v.message, raw);
});

test('bunyan name is the component only when there is a message', () => {
  const v = j('{"name":"myapp","hostname":"h","pid":1,"level":30,"msg":"hi","time":"2024-01-01T00:00:00.000Z","v":0}');
  assert.equal(v.component, 'myapp');
  assert.equal(v.severity, 'INFO');
});

test('not JSON: refused without writing; only parses when the text starts with {', () => {
  for (const l of ['hello {"a":1}', '{not json', '[1,2]']) {
    const w = new RecordFieldWriter();
    assert.equal(jsonParser.parse(l, w, {}), false);
    assert.deepEqual(w.values, {});
  }
});

// shape documented by tracing-subscriber (docs.rs, tracing_subscriber::fmt::format::Json, "Example
// Output"): event fields under "fields" (message among them), "target", the current span and the span list
test('Rust tracing-subscriber Json: fields.message, target as component, current span and span list kept', () => {
  let v = j('{"timestamp":"2024-05-01T10:00:00.123456Z","level":"WARN","fields":{"message":"retrying request","attempt":3,"request_id":"r-17"},"target":"api::client","span":{"peer":"10.0.0.7","name":"call"},"spans":[{"name":"handler"},{"peer":"10.0.0.7","name":"call"}],"threadName":"tokio-runtime-worker"}');
  assert.deepEqual([v.ts, v.severity, v.message, v.component, v.thread, v.request_id], [Date.UTC(2024, 4, 1, 10, 0, 0) * 1000 + 123456, 'WARN', 'retrying request', 'api::client', 'tokio-runtime-worker', 'r-17']);
  assert.deepEqual(v.attributes, { attempt: '3', 'span.peer': '10.0.0.7', 'span.name': 'call', spans: '[{"name":"handler"},{"peer":"10.0.0.7","name":"call"}]' });
  // flatten_event(true): the same fields at the top level
  v = j('{"timestamp":"2024-05-01T10:00:00Z","level":"INFO","message":"listening","addr":"0.0.0.0:8080","target":"server"}');
  assert.deepEqual([v.message, v.component, (v.attributes as Record<string, string>).addr], ['listening', 'server', '0.0.0.0:8080']);
  // a logger key wins over target; without a message, target stays an attribute; log_level is a level key
  v = j('{"logger":"com.x","target":"db","msg":"m","log_level":"ERROR"}');
  assert.deepEqual([v.component, (v.attributes as Record<string, string>).target, v.severity], ['com.x', 'db', 'ERROR']);
  v = j('{"target":"db","value":1}');
  assert.equal(v.component, undefined);
  assert.equal((v.attributes as Record<string, string>).target, 'db');
  // ECS span.id is still the span id
  v = j('{"message":"m","span":{"id":"S1"}}');
  assert.equal(v.span_id, 'S1');
});

// python-json-logger writes the formatted traceback under `exc_info` (its README: "exc_info" field);
// structlog's format_exc_info processor under `exception` (structlog docs, Exceptions).
test('Python JSON loggers: a formatted traceback gives stack_trace and error_class', () => {
  const tb = 'Traceback (most recent call last):\n  File "/app/db.py", line 40, in run\n    cur.execute(sql)\npsycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "users_pkey"';
  for (const line of [
    JSON.stringify({ asctime: '2024-05-01 10:00:00,123', levelname: 'ERROR', name: 'app.db', message: 'insert failed', exc_info: tb }),
    JSON.stringify({ event: 'insert failed', level: 'error', logger: 'app.db', timestamp: '2024-05-01T10:00:00Z', exception: tb }),
  ]) {
    const w = new RecordFieldWriter();
    assert.equal(parseEvent(line, w, {}), 'json');
    assert.deepEqual([w.values.message, w.values.component, w.values.stack_trace, w.values.error_class], ['insert failed', 'app.db', tb, 'psycopg2.errors.UniqueViolation'], line);
  }
});

test('key lookups: Object.prototype names are plain attributes, id keys outside ROLE still found, repeated lines alike', () => {
  const line = '{"constructor":"c","toString":1,"__proto__":"p","hasOwnProperty":true,"otelTraceID":"abc123","x-correlation-id":"r-9","msg":"m","status":404}';
  for (let i = 0; i < 3; i++) {
    const r = j(line);
    assert.equal(r['message'], 'm');
    assert.equal(r['trace_id'], 'abc123');
    assert.equal(r['request_id'], 'r-9');
    const a = r['attributes'] as Record<string, string>;
    assert.equal(a['constructor'], 'c');
    assert.equal(a['toString'], '1');
    assert.equal(a['hasOwnProperty'], 'true');
    assert.equal(r['severity'], 'FATAL'); // status is a level key (pino scale)
    assert.equal(a['otelTraceID'], undefined);
  }
});
