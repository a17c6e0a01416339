// Python logging formats: BASIC_FORMAT "%(levelname)s:%(name)s:%(message)s" (Lib/logging/__init__.py),
// the HOWTO/cookbook "%(asctime)s - %(name)s - %(levelname)s - %(message)s", Flask's default
// "[%(asctime)s] %(levelname)s in %(module)s: %(message)s" (flask/logging.py). Values made up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';

function p(text: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const f = parseEvent(text, w, {});
  return [f, w.values as Record<string, unknown>];
}

test('basicConfig, HOWTO and Flask formats', () => {
  let [f, v] = p('WARNING:root:disk almost full');
  assert.deepEqual([f, v.severity, v.component, v.message], ['python', 'WARN', 'root', 'disk almost full']);
  [f, v] = p('2024-05-01 10:00:00,123 - app.db - ERROR - connection lost');
  assert.deepEqual([f, v.severity, v.component, v.message, v.ts], ['python', 'ERROR', 'app.db', 'connection lost', Date.UTC(2024, 4, 1, 10) * 1000 + 123_000]);
  [f, v] = p('[2024-05-01 10:00:00,123] ERROR in app: Exception on /pay [POST]\nTraceback (most recent call last):\n  File "app.py", line 3, in pay\nZeroDivisionError: division by zero');
  assert.deepEqual([f, v.severity, v.component, v.error_class], ['python', 'ERROR', 'app', 'ZeroDivisionError']);
  assert.equal(v.message, 'Exception on /pay [POST]\nTraceback (most recent call last):\n  File "app.py", line 3, in pay\nZeroDivisionError: division by zero');
});

test('CRITICAL maps to FATAL; prose with colons is not Python logging', () => {
  assert.equal(p('CRITICAL:worker:out of memory')[1].severity, 'FATAL');
  assert.notEqual(p('Note: see the docs')[0], 'python');
  assert.notEqual(p('INFO: Started server process [1]')[0], 'python'); // uvicorn: no logger name
});
