// zap console encoder lines (go.uber.org/zap zapcore/console_encoder.go: fields joined by TAB,
// ISO8601 time in the development config, CapitalLevelEncoder, ShortCallerEncoder, context as JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';

function p(text: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const f = parseEvent(text, w, {});
  return [f, w.values as Record<string, unknown>];
}

test('zap development/console lines: level, caller, logger, message, context ids', () => {
  let [f, v] = p('2024-05-01T10:00:00.123Z\tERROR\tcheckout/handler.go:88\tpayment declined\t{"order": 42, "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "request_id": "r-1"}');
  assert.equal(f, 'zap');
  assert.deepEqual([v.severity, v.component, v.message, v.trace_id, v.request_id], ['ERROR', 'checkout', 'payment declined', '4bf92f3577b34da6a3ce929d0e0e4736', 'r-1']);
  assert.equal((v.attributes as Record<string, string>).order, '42');
  [f, v] = p('2024-05-01T10:00:00.123+0200\tWARN\tapi.http\tserver/mux.go:12\tslow request');
  assert.deepEqual([f, v.severity, v.component, v.message], ['zap', 'WARN', 'api.http', 'slow request']);
  [f, v] = p('2024-05-01T10:00:00.123Z\tDPANIC\tmain.go:5\tinvariant broken\nmain.main\n\t/app/main.go:5');
  assert.deepEqual([v.severity, v.stack_trace], ['FATAL', 'main.main\n\t/app/main.go:5']);
});
