import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseFields } from '../../../test/helpers/parse-event.js';
import { parseKlog } from './klog-parser.js';

// Header as kubernetes/klog's klog_test.go TestHeader expects it:
//   "I0102 15:04:05.067890    1234 klog_test.go:%d] test\n" (pid 1234 padded to 7 columns),
// and a structured line as KEP-1602 (structured logging) shows InfoS output:
//   I1025 00:15:15.525108       1 controller_utils.go:116] "Pod status updated" pod="kube-system/kubedns" status="ready"
const OBSERVED_2006 = Date.UTC(2006, 0, 2, 15, 4, 6) * 1000;

const parse = (text: string, observedMicros?: number) => parseFields(text, { observedMicros });

test('klog header: severity, time (year of the observed time), thread id, file, caller, message', () => {
  const { family, v } = parse('I0102 15:04:05.067890    1234 klog_test.go:42] test', OBSERVED_2006);
  assert.equal(family, 'klog');
  assert.equal(v.ts, Date.UTC(2006, 0, 2, 15, 4, 5) * 1000 + 67890);
  assert.deepEqual([v.severity, v.thread, v.component, v.message], ['INFO', '1234', 'klog_test.go', 'test']);
  assert.deepEqual(v.attributes, { caller: 'klog_test.go:42' });
});

test('klog severities W, E, F and a structured InfoS message', () => {
  assert.equal(parse('W0102 15:04:05.067890    1234 reflector.go:424] watch ended').v.severity, 'WARN');
  assert.equal(parse('E0102 15:04:05.067890    1234 reflector.go:138] failed to list').v.severity, 'ERROR');
  assert.equal(parse('F0102 15:04:05.067890    1234 server.go:11] unable to start').v.severity, 'FATAL');
  const { v } = parse('I1025 00:15:15.525108       1 controller_utils.go:116] "Pod status updated" pod="kube-system/kubedns" status="ready"');
  assert.deepEqual([v.thread, v.component, v.message], ['1', 'controller_utils.go', '"Pod status updated" pod="kube-system/kubedns" status="ready"']);
});

test('a line written on Dec 31 and read on Jan 1 is of the year before', () => {
  const { v } = parse('I1231 23:59:59.000001       7 main.go:1] bye', Date.UTC(2027, 0, 1, 0, 0, 1) * 1000);
  assert.equal(v.ts, Date.UTC(2026, 11, 31, 23, 59, 59) * 1000 + 1);
});

test('not klog: words starting with I/W/E/F, bad dates, no file:line]', () => {
  for (const s of ['Info 0102 started', 'I1302 15:04:05.067890 1 a.go:1] x', 'I0102 15:04:05.067890 1 a.go] x', 'E0102 15:04:05 abc a.go:1] x']) {
    assert.equal(parseKlog(s, new RecordFieldWriter(), {}), false, s);
  }
});
