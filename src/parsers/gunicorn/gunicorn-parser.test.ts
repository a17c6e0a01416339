import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFields } from '../../../test/helpers/parse-event.js';

// gunicorn glogging.py: error_fmt "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
// datefmt "[%Y-%m-%d %H:%M:%S %z]"; messages of arbiter.py ("Starting gunicorn %s",
// "Listening at: %s (%s)", "Booting worker with pid: %s", "Worker exiting (pid: %s)").
const parse = (text: string) => parseFields(text);

test('gunicorn error log: time with offset, pid, level, message', () => {
  const { family, v } = parse('[2023-10-04 10:15:30 +0200] [8] [INFO] Booting worker with pid: 8');
  assert.equal(family, 'gunicorn');
  assert.equal(v.ts, Date.UTC(2023, 9, 4, 8, 15, 30) * 1000);
  assert.deepEqual([v.severity, v.component, v.message], ['INFO', 'gunicorn.error', 'Booting worker with pid: 8']);
  assert.deepEqual(v.attributes, { pid: '8' });
  assert.equal(parse('[2023-10-04 10:15:30 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)').v.severity, 'FATAL');
  assert.equal(parse('[2023-10-04 10:15:30 +0000] [8] [ERROR] Exception in worker process').v.severity, 'ERROR');
});

test('a worker traceback stays in the event: stack_trace, error_class; message is the record\'s own', () => {
  const { v } = parse('[2023-10-04 10:15:30 +0000] [8] [ERROR] Exception in worker process\nTraceback (most recent call last):\n  File "/app/wsgi.py", line 3, in <module>\nModuleNotFoundError: No module named \'app\'');
  assert.equal(v.error_class, 'ModuleNotFoundError');
  assert.equal(v.message, 'Exception in worker process');
  assert.equal(v.stack_trace, 'Traceback (most recent call last):\n  File "/app/wsgi.py", line 3, in <module>\nModuleNotFoundError: No module named \'app\'');
});

test('a logconfig with a plain datefmt: the time without brackets', () => {
  const { family, v } = parse('2023-10-04 10:15:30 +0200 [8] [WARNING] Worker with pid 9 was terminated due to signal 9');
  assert.equal(family, 'gunicorn');
  assert.equal(v.ts, Date.UTC(2023, 9, 4, 8, 15, 30) * 1000);
  assert.deepEqual([v.severity, v.component, v.message], ['WARN', 'gunicorn.error', 'Worker with pid 9 was terminated due to signal 9']);
  assert.deepEqual(v.attributes, { pid: '8' });
  assert.notEqual(parse('2023-10-04 10:15:30 +0200 [8] not a level').family, 'gunicorn');
});
