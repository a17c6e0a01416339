import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseFields } from '../../../test/helpers/parse-event.js';
import { parseSpringBoot } from './spring-boot-parser.js';

// The Spring Boot reference, "Logging" → "Log Format" (3.2+: `[app]` after `---` when
// spring.application.name is set; 3.x dates are ISO-8601 with an offset).
const parse = (text: string) => parseFields(text);

test('Spring Boot 3.2+ default format with the application name', () => {
  const { family, v } = parse('2024-08-22T10:21:41.478Z  INFO 112818 --- [myapp] [           main] o.s.b.d.f.logexample.MyApplication       : Starting MyApplication using Java 17.0.12 with PID 112818 (/opt/apps/myapp.jar started by myuser in /opt/apps/)');
  assert.equal(family, 'springboot');
  assert.equal(v.ts, Date.UTC(2024, 7, 22, 10, 21, 41, 478) * 1000);
  assert.deepEqual([v.severity, v.thread, v.component], ['INFO', 'main', 'o.s.b.d.f.logexample.MyApplication']);
  assert.equal(v.message, 'Starting MyApplication using Java 17.0.12 with PID 112818 (/opt/apps/myapp.jar started by myuser in /opt/apps/)');
  assert.deepEqual(v.attributes, { pid: '112818', application: 'myapp' });
});

test('Spring Boot with a correlation group (LOG_CORRELATION_PATTERN) and a WARN level', () => {
  const { v } = parse('2024-08-22T10:21:41.478+02:00  WARN 112818 --- [myapp] [nio-8080-exec-1] [803B448A0489F84084905D3093480352-3425F23BB2432450] o.s.w.s.m.s.DefaultHandlerExceptionResolver : Resolved [x]');
  assert.deepEqual([v.severity, v.thread, v.component, v.message], ['WARN', 'nio-8080-exec-1', 'o.s.w.s.m.s.DefaultHandlerExceptionResolver', 'Resolved [x]']);
  assert.equal((v.attributes as Record<string, string>).correlation, '803B448A0489F84084905D3093480352-3425F23BB2432450');
});

test('the format without [app] stays with the log4j parser; other text is not Spring Boot', () => {
  assert.equal(parse('2019-03-15 02:53:22.123  INFO 45469 --- [           main] o.s.b.d.f.s.MyApplication                : Starting').family, 'log4j');
  assert.equal(parseSpringBoot('2024-08-22T10:21:41.478Z  INFO 1 --- [a] [b] c no colon here', new RecordFieldWriter(), {}), false);
});
