import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { logfmtParser } from './logfmt-parser.js';

test('logfmt: level, quoted msg with escapes, ts, caller, ids; others to attributes', () => {
  const w = new RecordFieldWriter();
  const line = 'ts=2024-05-01T10:00:00.5Z level=warn caller=main.go:12 msg="slow \\"query\\" done" duration=1.2s trace_id=abc req_id=r1 logger=db';
  assert.equal(logfmtParser.parse(line, w, {}), true);
  const v = w.values;
  assert.equal(v.ts, Date.UTC(2024, 4, 1, 10, 0, 0) * 1000 + 500000);
  assert.deepEqual([v.severity, v.message, v.trace_id, v.request_id, v.component], ['WARN', 'slow "query" done', 'abc', 'r1', 'db']);
  assert.deepEqual(v.attributes, { caller: 'main.go:12', duration: '1.2s' });
});

test('logfmt without msg keeps the line as message; epoch ts', () => {
  const w = new RecordFieldWriter();
  assert.equal(logfmtParser.parse('time=1700000000 lvl=error event=crash', w, {}), true);
  assert.equal(w.values.ts, 1700000000 * 1e6);
  assert.equal(w.values.message, 'time=1700000000 lvl=error event=crash');
});

test('prose with one = is not logfmt', () => {
  for (const l of ['Setting x=1 for the next run of the job', 'hello world', 'a=1']) {
    const w = new RecordFieldWriter();
    assert.equal(logfmtParser.parse(l, w, {}), false, l);
    assert.deepEqual(w.values, {});
  }
});
