/**
 * Records written by CPython's own `logging` (test/fixtures/parsers/python/gen_logging_samples.py,
 * Python 3.11; see test/fixtures/parsers/ORIGIN.md) with
 * `%(asctime)s.%(msecs)03d %(levelname)-8s [%(threadName)s] %(name)s - %(message)s`,
 * `%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s`,
 * `[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s` (datefmt `%d/%b/%Y %H:%M:%S`
 * and `%Y-%m-%d %H:%M:%S %z`) and gunicorn's own formatter (glogging.py CONFIG_DEFAULTS): every
 * field of every record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../core/paths.js';
import { parseFields } from '../../../test/helpers/parse-event.js';

const DIR = join(repoRoot(), 'test/fixtures/parsers/python');

/** The file's records: `#` lines are the generator's headers (format | datefmt), each starts a section. */
function sections(file: string): string[][] {
  const out: string[][] = [];
  for (const line of readFileSync(join(DIR, file), 'utf8').split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# format: ')) out.push([]);
    else if (line.startsWith(' ') || line.startsWith('Traceback') || line.startsWith('ZeroDivisionError')) {
      const s = out[out.length - 1]!;
      s[s.length - 1] += '\n' + line;
    } else out[out.length - 1]!.push(line);
  }
  return out;
}

/** [component, thread, severity, message] of the app records, in the generator's order. */
const APP: [string, RegExp, string, string][] = [
  ['app.db', /^MainThread$/, 'INFO', 'connected to db1:5432'],
  ['urllib3.connectionpool', /^MainThread$/, 'DEBUG', 'Starting new HTTPS connection (1): example.org:443'],
  ['__main__', /^MainThread$/, 'WARN', 'retry 2/5: timeout'],
  ['root', /^MainThread$/, 'ERROR', 'root failure: x=1'],
  ['worker.jobs', /^uploader$/, 'INFO', 'job 7 done'],
  ['worker.jobs', /^Thread-\d+ \(jobs\)$/, 'FATAL', 'job 8 failed'],
  ['pool.task', /^ThreadPoolExecutor-\d+_0$/, 'INFO', 'task ran'],
  ['app.api', /^MainThread$/, 'ERROR', 'request failed'],
];

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0) * 1000;

test('[%(threadName)s] between the level and %(name)s: ts with msecs, severity, thread, component, message', () => {
  const secs = sections('thread-name-formats.log');
  assert.equal(secs.length, 2);
  for (const recs of secs) {
    assert.equal(recs.length, APP.length);
    recs.forEach((text, i) => {
      const { family, v } = parseFields(text);
      const [comp, thread, sev, msg] = APP[i]!;
      // %(asctime)s.%(msecs)03d and the default `,%(msecs)03d`: 10:00:00.123 + 1 ms per record (zone-less: UTC)
      assert.equal(v.ts, T0 + (123 + i) * 1000, text);
      assert.deepEqual([v.component, v.severity, v.message], [comp, sev, msg], text);
      assert.match(String(v.thread), thread, text);
      assert.notEqual(family, 'fallback', text);
    });
    // the traceback is stack_trace, not message
    const { v } = parseFields(recs[7]!);
    assert.equal(v.error_class, 'ZeroDivisionError');
    assert.match(String(v.stack_trace), /^Traceback \(most recent call last\):\n {2}File "\/srv\/app\/api.py"/);
  }
});

test('[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: the logger name → component (both datefmts)', () => {
  const secs = sections('pid-level-name-formats.log');
  assert.equal(secs.length, 2);
  // %d/%b/%Y %H:%M:%S (zone-less: UTC) and %Y-%m-%d %H:%M:%S %z (+0200)
  const ts = [T0, T0 - 2 * 3_600_000_000];
  secs.forEach((recs, s) => {
    assert.equal(recs.length, APP.length + 10);
    recs.slice(0, APP.length).forEach((text, i) => {
      const { family, v } = parseFields(text);
      const [comp, , sev, msg] = APP[i]!;
      assert.deepEqual([family, v.ts, v.severity, v.component, v.message, v.attributes], ['gunicorn', ts[s], sev, comp, msg, { pid: '8' }], text);
    });
    // gunicorn's own records under this format: logger gunicorn.error, the message after it
    const own = recs.slice(APP.length).map((text) => parseFields(text).v);
    assert.deepEqual(own.map((v) => v.component), Array(10).fill('gunicorn.error'));
    assert.deepEqual(own.map((v) => v.message), GUNICORN_MESSAGES);
  });
});

const GUNICORN_MESSAGES = [
  'Starting gunicorn 23.0.0', 'Listening at: http://0.0.0.0:8000 (1)', 'Using worker: sync', 'Booting worker with pid: 8',
  'worker: SIGWINCH ignored.', 'Handling signal: term', 'Worker exiting (pid: 8)', 'Shutting down: Master',
  'Reason: Worker failed to boot.', 'WORKER TIMEOUT (pid:8)',
];

test("gunicorn's own error log (no logger name printed): its messages stay whole, component gunicorn.error", () => {
  const [recs] = sections('gunicorn-errorlog.log');
  const vs = recs!.map((text) => parseFields(text));
  assert.deepEqual(vs.map((r) => r.family), Array(10).fill('gunicorn'));
  assert.deepEqual(vs.map((r) => r.v.message), GUNICORN_MESSAGES);
  assert.deepEqual(vs.map((r) => r.v.component), Array(10).fill('gunicorn.error'));
  assert.deepEqual(vs.map((r) => r.v.severity), ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'INFO', 'INFO', 'INFO', 'ERROR', 'FATAL']);
  assert.equal(vs[0]!.v.ts, T0 - 2 * 3_600_000_000);
});

test('gunicorn header: only a name that can only be a logger is taken (dotted, root, __main__; not a file name)', () => {
  const p = (rest: string) => parseFields(`[2024-05-01 10:00:00 +0000] [8] [INFO] ${rest}`).v;
  assert.deepEqual([p('django.request: Not Found: /x').component, p('django.request: Not Found: /x').message], ['django.request', 'Not Found: /x']);
  assert.deepEqual([p('myapp: started').component, p('myapp: started').message], ['gunicorn.error', 'myapp: started']);
  assert.deepEqual([p('settings.py: loaded').component, p('settings.py: loaded').message], ['gunicorn.error', 'settings.py: loaded']);
  assert.deepEqual([p('SIGTTIN: Increasing dirty workers to 2').component, p('Error: log config x not found').message], ['gunicorn.error', 'Error: log config x not found']);
  assert.deepEqual([p('app.db:no space').component, p('app.db - x').component], ['gunicorn.error', 'gunicorn.error']);
});
