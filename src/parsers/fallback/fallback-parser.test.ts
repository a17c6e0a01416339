import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { fallbackParser } from './fallback-parser.js';

function f(line: string, tz?: number): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(fallbackParser.parse(line, w, { defaultTzOffsetMinutes: tz }), true);
  return w.values;
}

test('always succeeds; message is the whole text', () => {
  assert.deepEqual(f('hello world'), { message: 'hello world' });
  assert.equal(f('').message, '');
});

test('severity only from a level word standing alone', () => {
  assert.equal(f('something ERROR happened').severity, 'ERROR');
  assert.equal(f('2024 [warn] x').severity, 'WARN');
  assert.equal(f('ERRORS are not a level').severity, undefined);
  assert.equal(f('Error sending request').severity, undefined);
  assert.equal(f('com.INFO.x is a package').severity, undefined);
  assert.equal(f('CRITICAL: disk').severity, 'FATAL');
});

test('leading timestamps: RFC 3339 with offset, comma millis zone-less (default offset), bracketed', () => {
  assert.equal(f('2024-05-01T10:00:00.123456789+02:00 x').ts, Date.UTC(2024, 4, 1, 8, 0, 0) * 1000 + 123456);
  assert.equal(f('2024-05-01 10:00:00,250 INFO x', -60).ts, Date.UTC(2024, 4, 1, 11, 0, 0) * 1000 + 250000);
  assert.equal(f('[2024-05-01 10:00:00] x').ts, Date.UTC(2024, 4, 1, 10, 0, 0) * 1000);
  assert.equal(f('10:00:00 no date').ts, undefined);
});
