// Apache httpd docs: mod_log_config (Common Log Format example line, Combined Log Format),
// core `ErrorLogFormat` (default 2.4 error log line); nginx `error_log` lines; Go `log` package
// (LstdFlags / Lmicroseconds). Values are made up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';

function p(text: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const f = parseEvent(text, w, {});
  return [f, w.values as Record<string, unknown>];
}
const attrs = (v: Record<string, unknown>): Record<string, string> => (v.attributes ?? {}) as Record<string, string>;

test('Common and Combined Log Format (mod_log_config example)', () => {
  let [f, v] = p('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
  assert.equal(f, 'httpd');
  assert.equal(v.ts, Date.UTC(2000, 9, 10, 20, 55, 36) * 1000);
  assert.deepEqual([attrs(v)['http.method'], attrs(v)['http.path'], attrs(v)['http.status'], attrs(v)['http.bytes'], attrs(v).user], ['GET', '/apache_pb.gif', '200', '2326', 'frank']);
  [f, v] = p('192.0.2.7 - - [02/Mar/2026:08:00:00 +0000] "POST /api/pay HTTP/1.1" 502 157 "-" "curl/8.5.0"');
  assert.deepEqual([f, attrs(v)['http.status'], v.severity], ['httpd', '502', undefined]);
});

test('Apache 2.4 error log, nginx error log, Go log', () => {
  let [f, v] = p('[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 192.0.2.4:5678] AH00128: File does not exist: /usr/local/apache2/htdocs/favicon.ico');
  assert.deepEqual([f, v.severity, v.component, attrs(v).pid, attrs(v).client, v.message], ['httpd', 'ERROR', 'core', '35708', '192.0.2.4:5678', 'AH00128: File does not exist: /usr/local/apache2/htdocs/favicon.ico']);
  assert.equal(v.ts, Date.UTC(2000, 9, 11, 14, 32, 52) * 1000 + 123456);
  [f, v] = p('2026/03/02 08:00:00 [warn] 12#12: *3 upstream server temporarily disabled while connecting to upstream, client: 192.0.2.4');
  assert.deepEqual([f, v.severity, v.component, attrs(v).pid], ['httpd', 'WARN', 'nginx', '12']);
  [f, v] = p('2026/03/02 08:00:00.123456 listening on :8080');
  assert.deepEqual([f, v.ts, v.message], ['httpd', Date.UTC(2026, 2, 2, 8) * 1000 + 123456, 'listening on :8080']);
});
