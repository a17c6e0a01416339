import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';

function parse(line: string): Record<string, unknown> {
  const w = new RecordFieldWriter();
  parseEvent(line, w, {});
  return w.values as Record<string, unknown>;
}
const ids = (v: Record<string, unknown>): unknown[] => [v.trace_id, v.span_id, v.request_id];
const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const S = '00f067aa0ba902b7';

// W3C Trace Context §3.2 example header value.
test('W3C traceparent → trace_id, span_id, trace_flags (top level and in nested http headers)', () => {
  let v = parse(`{"msg":"GET /","traceparent":"00-${T}-${S}-01"}`);
  assert.deepEqual(ids(v), [T, S, undefined]);
  assert.equal((v.attributes as Record<string, string>).trace_flags, '01');
  v = parse(`{"msg":"GET /","http":{"request":{"headers":{"traceparent":"00-${T}-${S}-01","x-request-id":"req-7"}}}}`);
  assert.deepEqual(ids(v), [T, S, 'req-7']);
});

// OpenTelemetry log data model (Body, SeverityText/Number, TraceId, SpanId, TraceFlags) and the
// snake_case names the OTel Java/Go/Python logging bridges put in MDC/fields.
test('OpenTelemetry names: data model fields and trace_id/span_id/trace_flags', () => {
  let v = parse(`{"Timestamp":"1586960586000000000","SeverityText":"ERROR","SeverityNumber":17,"Body":"boom","TraceId":"${T}","SpanId":"${S}","TraceFlags":"01"}`);
  assert.deepEqual([v.severity, v.message], ['ERROR', 'boom']);
  assert.deepEqual(ids(v), [T, S, undefined]);
  v = parse(`{"time":"2024-01-01T00:00:00Z","level":"info","msg":"x","context":{"trace_id":"${T}","span_id":"${S}","trace_flags":"01"}}`);
  assert.deepEqual(ids(v), [T, S, undefined]);
  v = parse(`{"SeverityNumber":13,"Body":"w"}`);
  assert.equal(v.severity, 'WARN');
});

// ECS: trace.id, span.id, transaction.id (dotted and nested); Datadog log correlation: dd.trace_id,
// dd.span_id (dotted keys and a nested "dd" object).
test('ECS and Datadog names, dotted and nested', () => {
  let v = parse(`{"@timestamp":"2024-01-01T00:00:00Z","log.level":"info","message":"m","trace.id":"${T}","span.id":"${S}","transaction.id":"tx-1"}`);
  assert.deepEqual(ids(v), [T, S, 'tx-1']);
  v = parse(`{"message":"m","trace":{"id":"${T}"},"transaction":{"id":"tx-2"}}`);
  assert.deepEqual(ids(v), [T, undefined, 'tx-2']);
  v = parse('{"message":"m","dd":{"trace_id":"1234567890123","span_id":"987654321","service":"svc"}}');
  assert.deepEqual(ids(v), ['1234567890123', '987654321', undefined]);
  v = parse('{"message":"m","dd.trace_id":"111","dd.span_id":"222"}');
  assert.deepEqual(ids(v), ['111', '222', undefined]);
});

test('camelCase and request-id spellings, nested under fields / mdc / labels', () => {
  for (const [line, want] of [
    [`{"msg":"m","traceId":"${T}","spanId":"${S}","requestId":"r1"}`, [T, S, 'r1']],
    ['{"msg":"m","fields":{"req_id":"r2"}}', [undefined, undefined, 'r2']],
    ['{"msg":"m","mdc":{"correlation_id":"r3","traceId":"abc123"}}', ['abc123', undefined, 'r3']],
    ['{"msg":"m","labels":{"reqId":"r4"}}', [undefined, undefined, 'r4']],
    ['{"msg":"m","x-request-id":"r5"}', [undefined, undefined, 'r5']],
    ['{"msg":"m","correlationId":"r6","transaction.id":"tx"}', [undefined, undefined, 'r6']],
  ] as const) {
    assert.deepEqual(ids(parse(line)), want, line);
  }
});

test('text and logfmt lines: key=value ids', () => {
  let v = parse(`2024-01-01 10:00:00,123 INFO [main] com.example.Api - handled trace_id=${T} span_id=${S} request_id=abc-123`);
  assert.deepEqual(ids(v), [T, S, 'abc-123']);
  v = parse(`level=info msg=ok traceparent=00-${T}-${S}-01 correlation_id=c-9`);
  assert.deepEqual(ids(v), [T, S, 'c-9']);
  v = parse('just a line about request handling');
  assert.deepEqual(ids(v), [undefined, undefined, undefined]);
});

test('other JSON loggers: python-json-logger asctime, Serilog compact, Powertools xray_trace_id', () => {
  let v = parse('{"asctime":"2024-05-01 10:00:00,123","levelname":"ERROR","name":"app","message":"m","correlation_id":"c1"}');
  assert.deepEqual([v.ts, v.severity, v.component, v.request_id], [Date.UTC(2024, 4, 1, 10) * 1000 + 123_000, 'ERROR', 'app', 'c1']);
  v = parse('{"@t":"2024-05-01T10:00:00.0000000Z","@mt":"Charged {Amount}","@l":"Warning","Amount":3,"SourceContext":"Billing.Charger","TraceId":"abc123def456"}');
  assert.deepEqual([v.severity, v.message, v.component, v.trace_id], ['WARN', 'Charged {Amount}', 'Billing.Charger', 'abc123def456']);
  v = parse('{"level":"INFO","message":"m","timestamp":"2024-05-01T10:00:00Z","xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793"}');
  assert.equal(v.trace_id, '1-5759e988-bd862e3fe1be46a994272793');
});

// ECS `http.request.id` (ECS http fields, dotted and nested); Google Cloud Logging structured-logging
// special fields `logging.googleapis.com/trace` (`projects/[PROJECT-ID]/traces/[TRACE-ID]`) and
// `logging.googleapis.com/spanId`; logstash-logback-encoder (MDC keys at the top level, or under
// `mdc` with includeMdcKeyName/mdcKeyFieldName), log4j2 JsonLayout `contextMap`, EcsLayout (MDC
// flattened); Go slog JSONHandler / zap / logrus / zerolog fields and their logfmt (slog
// TextHandler, logrus TextFormatter) forms.
test('one table for every logger: ECS http.request.id, Google Cloud, logback/log4j2 MDC, Go loggers', () => {
  for (const [line, want] of [
    ['{"@timestamp":"2024-05-01T10:00:00Z","log.level":"info","message":"m","http.request.id":"r-ecs"}', [undefined, undefined, 'r-ecs']],
    ['{"@timestamp":"2024-05-01T10:00:00Z","log.level":"info","message":"m","http":{"request":{"id":"r-ecs2","method":"GET"}}}', [undefined, undefined, 'r-ecs2']],
    [`{"severity":"ERROR","message":"m","logging.googleapis.com/trace":"projects/my-proj/traces/${T}","logging.googleapis.com/spanId":"${S}"}`, [T, S, undefined]],
    [`{"@timestamp":"2024-05-01T10:00:00.000+00:00","@version":"1","message":"m","logger_name":"c.e.A","thread_name":"main","level":"INFO","level_value":20000,"traceId":"${T}","spanId":"${S}","X-Request-ID":"r-lb"}`, [T, S, 'r-lb']],
    [`{"@timestamp":"2024-05-01T10:00:00.000Z","level":"INFO","message":"m","mdc":{"trace_id":"${T}","span_id":"${S}","requestId":"r-mdc"}}`, [T, S, 'r-mdc']],
    [`{"timeMillis":1714557600000,"level":"INFO","loggerName":"c.e.A","message":"m","contextMap":{"traceId":"${T}","correlationId":"c-ctx"}}`, [T, undefined, 'c-ctx']],
    [`{"time":"2024-05-01T10:00:00Z","level":"INFO","msg":"m","trace_id":"${T}","span_id":"${S}","request_id":"r-slog"}`, [T, S, 'r-slog']],
    [`{"level":"info","ts":1714557600.1,"caller":"api/h.go:12","msg":"m","traceID":"${T}","spanID":"${S}","requestID":"r-zap"}`, [T, S, 'r-zap']],
    ['{"level":"info","time":"2024-05-01T10:00:00Z","message":"m","req_id":"r-zl"}', [undefined, undefined, 'r-zl']],
    [`time=2024-05-01T10:00:00Z level=INFO msg=m traceID=${T} spanID=${S} X-Request-ID=r-lf`, [T, S, 'r-lf']],
    ['time="2024-05-01T10:00:00Z" level=info msg=m dd.trace_id=1234567890123 dd.span_id=987654321 correlationId=c-lf', ['1234567890123', '987654321', 'c-lf']],
  ] as const) {
    assert.deepEqual(ids(parse(line)), want, line);
  }
});

// Spring Boot ≥ 3.2 console layout `… pid --- [app] [thread] [traceId-spanId] logger : msg`: the
// correlation field of CorrelationIdFormatter (javadoc example `[01234567890123456789012345678901-0123456789012345] `,
// fixed width, blank when the MDC has no trace) and the application name.
test('Spring Boot 3.2+ correlation field and application name', () => {
  let v = parse(`2024-11-21T13:03:37.592Z  INFO 130386 --- [myapp] [           main] [${T}-${S}] o.s.b.d.f.logexample.MyApplication       : Starting MyApplication`);
  assert.deepEqual([v.component, v.thread, v.message, (v.attributes as Record<string, string>).application], ['o.s.b.d.f.logexample.MyApplication', 'main', 'Starting MyApplication', 'myapp']);
  assert.deepEqual(ids(v), [T, S, undefined]);
  v = parse(`2024-11-21T13:03:37.592Z  INFO 130386 --- [http-nio-8080-exec-1] [${T}-${S}] c.e.Api : handled`);
  assert.deepEqual([v.thread, v.component, ...ids(v)], ['http-nio-8080-exec-1', 'c.e.Api', T, S, undefined]);
  v = parse(`2024-11-21T13:03:37.592Z  INFO 130386 --- [myapp] [main] [${' '.repeat(49)}] c.e.Api : no trace`);
  assert.deepEqual([v.thread, v.component, v.message, ...ids(v)], ['main', 'c.e.Api', 'no trace', undefined, undefined, undefined]);
  v = parse('2024-11-21 13:03:37.592  INFO 130386 --- [           main] c.e.Api                                  : Boot 2 layout');
  assert.deepEqual([v.thread, v.component, v.message], ['main', 'c.e.Api', 'Boot 2 layout']);
});

// Datadog trace and span ids are unsigned 64-bit integers (Datadog "Correlating Go logs and traces":
// `dd.trace_id` / `dd.span_id` fields from span.Context().TraceID() / SpanID(), numbers in JSON).
test('64-bit numeric Datadog ids keep every digit', () => {
  const v = parse('{"level":"info","msg":"m","dd.trace_id":5457680009520063125,"dd.span_id":18446744073709551615,"dd.service":"api"}');
  assert.deepEqual(ids(v), ['5457680009520063125', '18446744073709551615', undefined]);
  assert.deepEqual(ids(parse('{"msg":"m","dd.trace_id":1234567,"dd.span_id":89}')), ['1234567', '89', undefined]);
});
