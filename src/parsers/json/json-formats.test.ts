import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFields } from '../../../test/helpers/parse-event.js';

const parse = (text: string) => parseFields(text);

test('MongoDB 4.4+ structured log (the MongoDB manual, "Log Messages" example)', () => {
  const { family, v } = parse('{"t":{"$date":"2020-05-01T15:16:17.180+00:00"},"s":"I", "c":"NETWORK", "id":12345, "ctx":"listener", "msg":"Listening on","attr":{"address":"127.0.0.1"}}');
  assert.equal(family, 'json');
  assert.equal(v.ts, Date.UTC(2020, 4, 1, 15, 16, 17, 180) * 1000);
  assert.deepEqual([v.severity, v.component, v.thread, v.message], ['INFO', 'NETWORK', 'listener', 'Listening on']);
  assert.deepEqual(v.attributes, { id: '12345', 'attr.address': '127.0.0.1' });
});

test('MongoDB severities F, E, W, D1-D5 (manual: "Log Message Field Types" → Severity)', () => {
  const line = (s: string) => `{"t":{"$date":"2020-05-01T15:16:17.180+00:00"},"s":"${s}","c":"REPL","id":1,"ctx":"conn1","msg":"x"}`;
  assert.deepEqual(['F', 'E', 'W', 'D1', 'D5'].map((s) => parse(line(s)).v.severity), ['FATAL', 'ERROR', 'WARN', 'DEBUG', 'DEBUG']);
  // canonical Extended JSON time ({"$numberLong": ms})
  assert.equal(parse('{"t":{"$date":{"$numberLong":"1588346177180"}},"s":"I","c":"NETWORK","id":1,"ctx":"x","msg":"m"}').v.ts, 1588346177180000);
});

test('ECS dotted (ecs-logging intro page example): thread, component, trace id', () => {
  const { v } = parse('{"@timestamp":"2019-08-06T14:08:40.199Z", "log.level":"DEBUG", "message":"init find form", "service.name":"spring-petclinic","process.thread.name":"http-nio-8080-exec-8","log.logger":"org.springframework.samples.petclinic.owner.OwnerController","transaction.id":"28b7fb8d5aba51f1","trace.id":"2869b25b5469590610fea49ac04af7da"}');
  assert.deepEqual([v.severity, v.thread, v.component, v.trace_id, v.message],
    ['DEBUG', 'http-nio-8080-exec-8', 'org.springframework.samples.petclinic.owner.OwnerController', '2869b25b5469590610fea49ac04af7da', 'init find form']);
});

test('ECS nested (Spring Boot 3.4+ structured logging, reference "Logging" → ECS) and a padded log.level (ecs-logging spec.json)', () => {
  let { v } = parse('{"@timestamp":"2024-01-01T10:15:00.067462556Z","log":{"level":"INFO","logger":"org.example.Application"},"process":{"pid":39599,"thread":{"name":"main"}},"service":{"name":"simple"},"message":"No active profile set, falling back to 1 default profile: \\"default\\"","ecs":{"version":"8.11"}}');
  assert.deepEqual([v.severity, v.thread, v.component], ['INFO', 'main', 'org.example.Application']);
  ({ v } = parse('{"@timestamp":"2019-08-06T12:09:12.375Z", "log.level": " WARN", "message":"m", "ecs.version":"1.2.0"}'));
  assert.equal(v.severity, 'WARN');
});

test('ECS error.type / error.message / error.stack_trace (ECS error field set), dotted and nested', () => {
  const st = 'java.lang.IllegalStateException: boom\\n\\tat com.example.App.run(App.java:12)';
  let { v } = parse(`{"@timestamp":"2024-01-01T10:15:00Z","log.level":"ERROR","message":"failed","error.type":"java.lang.IllegalStateException","error.message":"boom","error.stack_trace":"${st}"}`);
  assert.deepEqual([v.error_class, v.stack_trace], ['java.lang.IllegalStateException', 'java.lang.IllegalStateException: boom\n\tat com.example.App.run(App.java:12)']);
  ({ v } = parse(`{"@timestamp":"2024-01-01T10:15:00Z","log":{"level":"ERROR"},"message":"failed","error":{"type":"java.lang.IllegalStateException","message":"boom","stack_trace":"${st}"}}`));
  assert.deepEqual([v.severity, v.error_class], ['ERROR', 'java.lang.IllegalStateException']);
});

test('logstash-logback-encoder LogstashEncoder fields (README "Standard Fields"): stack_trace gives error_class', () => {
  const { v } = parse('{"@timestamp":"2024-03-02T09:00:01.123+01:00","@version":"1","message":"request failed","logger_name":"com.example.OrderService","thread_name":"http-nio-8080-exec-3","level":"ERROR","level_value":40000,"stack_trace":"java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available\\n\\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\\n"}');
  assert.deepEqual([v.severity, v.component, v.thread, v.error_class], ['ERROR', 'com.example.OrderService', 'http-nio-8080-exec-3', 'java.sql.SQLTransientConnectionException']);
  assert.ok(String(v.stack_trace).startsWith('java.sql.SQLTransientConnectionException: HikariPool-1'));
});

test('zap production JSON with a logger key keeps correlation ids (not taken for Spark JSON)', () => {
  // zap's NewProductionConfig keys: level, ts (epoch seconds), logger, caller, msg (+ context fields)
  const { family, v } = parse('{"level":"info","ts":1257894000,"logger":"orders","caller":"orders/handler.go:42","msg":"Failed to fetch URL.","url":"http://example.com","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","request_id":"req-7"}');
  assert.equal(family, 'json');
  assert.deepEqual([v.component, v.trace_id, v.request_id, v.severity], ['orders', '4bf92f3577b34da6a3ce929d0e0e4736', 'req-7', 'INFO']);
  // Spark 4's own JSON (ts, level, msg, logger org.apache.spark…) is still Spark's
  assert.equal(parse('{"ts":"2024-06-01T10:00:00.000Z","level":"INFO","msg":"Running Spark version 4.0.0","logger":"org.apache.spark.SparkContext"}').family, 'spark');
});
