// Python logging formats: BASIC_FORMAT "%(levelname)s:%(name)s:%(message)s" (Lib/logging/__init__.py),
// the HOWTO/cookbook "%(asctime)s - %(name)s - %(levelname)s - %(message)s", Flask's default
// "[%(asctime)s] %(levelname)s in %(module)s: %(message)s" (flask/logging.py), uvicorn's
// "%(levelprefix)s %(message)s" (uvicorn/logging.py: levelname + ":" padded to 9 columns), gunicorn's
// "%(asctime)s [%(process)d] [%(levelname)s] %(message)s" with datefmt "[%Y-%m-%d %H:%M:%S %z]"
// (gunicorn/glogging.py), Celery's worker_log_format / worker_task_log_format (Celery configuration
// docs), Airflow's LOG_FORMAT "[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s"
// (config.yml), Django's documented "verbose" formatter "{levelname} {asctime} {module} {process:d}
// {thread:d} {message}" (Django docs, Logging: examples). Tracebacks as the traceback docs and the
// tutorial (§8.5 exception chaining, §8.9 exception groups) print them; logging appends the record's
// exc_text / formatStack after its message (Formatter.format). Values made up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';
import { MultilineAggregator } from '../multiline/multiline-aggregator.js';

function p(text: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const f = parseEvent(text, w, {});
  return [f, w.values as Record<string, unknown>];
}
const attrs = (v: Record<string, unknown>): Record<string, string> => (v.attributes ?? {}) as Record<string, string>;
const T0 = Date.UTC(2024, 4, 1, 10) * 1000;

/** Physical lines → joined events, as the pipeline does per stream. */
function events(lines: string[]): string[] {
  const agg = new MultilineAggregator();
  const out: string[] = [];
  let off = 0;
  for (const l of lines) {
    for (const e of agg.push(l, off)) out.push(e.text);
    off += l.length + 1;
  }
  const last = agg.flush();
  if (last) out.push(last.text);
  return out;
}

/** The first of exactly two events the lines make, parsed (a record + its traceback, then the next record). */
function firstOfTwo(lines: string[]): Record<string, unknown> {
  const ev = events(lines);
  assert.equal(ev.length, 2, JSON.stringify(ev));
  return p(ev[0]!)[1];
}

test('basicConfig, HOWTO and Flask formats', () => {
  let [f, v] = p('WARNING:root:disk almost full');
  assert.deepEqual([f, v.severity, v.component, v.message], ['python', 'WARN', 'root', 'disk almost full']);
  [f, v] = p('2024-05-01 10:00:00,123 - app.db - ERROR - connection lost');
  assert.deepEqual([f, v.severity, v.component, v.message, v.ts], ['python', 'ERROR', 'app.db', 'connection lost', T0 + 123_000]);
  [f, v] = p('[2024-05-01 10:00:00,123] ERROR in app: Exception on /pay [POST]\nTraceback (most recent call last):\n  File "app.py", line 3, in pay\nZeroDivisionError: division by zero');
  assert.deepEqual([f, v.severity, v.component, v.error_class], ['python', 'ERROR', 'app', 'ZeroDivisionError']);
  assert.equal(v.message, 'Exception on /pay [POST]');
  assert.equal(v.stack_trace, 'Traceback (most recent call last):\n  File "app.py", line 3, in pay\nZeroDivisionError: division by zero');
});

test('more formats: no name, `asctime LEVEL name:`, uvicorn, gunicorn, Celery, Airflow, Django verbose', () => {
  const cases: [string, string, string | undefined, string, number | undefined, Record<string, string>?][] = [
    ['2024-05-01 10:00:00,123 - ERROR - connection lost', 'ERROR', undefined, 'connection lost', T0 + 123_000],
    ['2024-05-01T10:00:00.123Z ERROR app.db: connection lost', 'ERROR', 'app.db', 'connection lost', T0 + 123_000],
    ['2024-05-01 10:00:00,123 [WARNING] app.db: slow query', 'WARN', 'app.db', 'slow query', T0 + 123_000],
    ['2024-05-01 10:00:00,123 myapp.area1  ERROR    The five boxing wizards jump quickly.', 'ERROR', 'myapp.area1', 'The five boxing wizards jump quickly.', T0 + 123_000],
    ['INFO:     Started server process [1]', 'INFO', undefined, 'Started server process [1]', undefined],
    ['ERROR:    Exception in ASGI application', 'ERROR', undefined, 'Exception in ASGI application', undefined],
    ['DEBUG:    = connection is CONNECTING', 'DEBUG', undefined, '= connection is CONNECTING', undefined],
    ['CRITICAL: worker timeout', 'FATAL', undefined, 'worker timeout', undefined],
    ['INFO:     127.0.0.1:50000 - "GET / HTTP/1.1" 200 OK', 'INFO', undefined, '127.0.0.1:50000 - "GET / HTTP/1.1" 200 OK', undefined],
    ['[2024-05-01 10:00:00,123: ERROR/MainProcess] consumer: Cannot connect to amqp://guest:**@127.0.0.1:5672//', 'ERROR', undefined, 'consumer: Cannot connect to amqp://guest:**@127.0.0.1:5672//', T0 + 123_000, { process_name: 'MainProcess' }],
    ['[2024-05-01 10:00:00,123: INFO/ForkPoolWorker-1] Task tasks.add[2c2b5e3b-1c1a-4b0e-9c3f-6c9f1b2d7f10] succeeded in 0.01s: 3', 'INFO', undefined, 'Task tasks.add[2c2b5e3b-1c1a-4b0e-9c3f-6c9f1b2d7f10] succeeded in 0.01s: 3', T0 + 123_000, { process_name: 'ForkPoolWorker-1' }],
    ['[2024-05-01T10:00:00.123+0000] {taskinstance.py:1225} INFO - Marking task as SUCCESS.', 'INFO', 'taskinstance.py', 'Marking task as SUCCESS.', T0 + 123_000, { line: '1225' }],
    ['ERROR 2024-05-01 10:00:00,123 views 1234 140001 Payment failed', 'ERROR', 'views', 'Payment failed', T0 + 123_000, { pid: '1234', thread_id: '140001' }],
  ];
  for (const [line, sev, comp, msg, ts, at] of cases) {
    const [f, v] = p(line);
    assert.deepEqual([f, v.severity, v.component, v.message, v.ts], ['python', sev, comp, msg, ts], line);
    if (at) assert.deepEqual(attrs(v), at, line);
  }
  // gunicorn's error log has a parser of its own (its logger, gunicorn.error, is the component)
  const [f, v] = p('[2024-05-01 12:00:00 +0200] [1] [INFO] Starting gunicorn 22.0.0');
  assert.deepEqual([f, v.severity, v.component, v.message, v.ts, attrs(v)], ['gunicorn', 'INFO', 'gunicorn.error', 'Starting gunicorn 22.0.0', T0, { pid: '1' }]);
});

test('CRITICAL maps to FATAL; prose and PostgreSQL lines are not Python logging', () => {
  assert.equal(p('CRITICAL:worker:out of memory')[1].severity, 'FATAL');
  assert.notEqual(p('Note: see the docs')[0], 'python');
  assert.equal(p('ERROR:  relation "t" does not exist at character 15')[0], 'postgres');
  assert.equal(p('LOG:  database system is ready to accept connections')[0], 'postgres');
  // `asctime LEVEL name:` is not syslog: a level word is no HOSTNAME
  const [f, v] = p('2024-05-01T10:00:00.123Z ERROR app.db: connection lost');
  assert.deepEqual([f, v.host], ['python', undefined]);
});

// logger.exception() inside an except block (logging HOWTO); the traceback as the traceback docs
// print it, with Python 3.11+ position carets.
test('a record with its traceback: one event, message = the record message, stack_trace, error_class = the exception type', () => {
  const lines = [
    '2024-05-01 10:00:00,123 - shop.payments - ERROR - charge failed for order 42',
    'Traceback (most recent call last):',
    '  File "/app/shop/payments.py", line 57, in charge',
    '    receipt = gateway.charge(order.total / order.items)',
    '                             ~~~~~~~~~~~~^~~~~~~~~~~~~',
    'ZeroDivisionError: division by zero',
    '2024-05-01 10:00:01,000 - shop.payments - INFO - retry scheduled',
  ];
  const v = firstOfTwo(lines);
  assert.deepEqual([p(lines[0]!)[0], v.severity, v.component, v.message, v.error_class, v.ts], ['python', 'ERROR', 'shop.payments', 'charge failed for order 42', 'ZeroDivisionError', T0 + 123_000]);
  assert.equal(v.stack_trace, lines.slice(1, 6).join('\n'));
  assert.equal(p(lines[6]!)[1].message, 'retry scheduled');
});

// Tutorial §8.5 (explicit chaining `raise … from exc`, implicit chaining), qualified exception names.
test('chained tracebacks stay in the record; error_class is the last (raised) exception', () => {
  const lines = [
    'ERROR:app.db:could not open the database',
    'Traceback (most recent call last):',
    '  File "/app/db.py", line 2, in connect',
    '    open("database.sqlite")',
    'FileNotFoundError: [Errno 2] No such file or directory: \'database.sqlite\'',
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    '  File "/app/db.py", line 4, in connect',
    '    raise RuntimeError("Failed to open database") from exc',
    'app.errors.DatabaseError: Failed to open database',
    'INFO:app.db:giving up',
  ];
  const v = firstOfTwo(lines);
  assert.deepEqual([v.message, v.component, v.error_class], ['could not open the database', 'app.db', 'app.errors.DatabaseError']);
  assert.match(String(v.stack_trace), /^Traceback[\s\S]*direct cause[\s\S]*DatabaseError: Failed to open database$/);
  const [, w] = p(events(['[2024-05-01 10:00:00,123] ERROR in views: Exception on /x [GET]', 'Traceback (most recent call last):', '  File "v.py", line 1, in x', 'KeyError: \'k\'', '', 'During handling of the above exception, another exception occurred:', '', 'Traceback (most recent call last):', '  File "v.py", line 3, in x', 'ValueError: bad'])[0]!);
  assert.deepEqual([w.message, w.error_class], ['Exception on /x [GET]', 'ValueError']);
  // the interpreter's own report of an uncaught exception (no record): one ERROR event, its message
  // the raised exception's line, the whole chain its stack_trace
  const bare = 'Traceback (most recent call last):\n  File "w.py", line 2, in <module>\nKeyError: \'x\'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "w.py", line 4, in <module>\nRuntimeError: lookup failed';
  assert.deepEqual(events(bare.split('\n')), [bare]);
  const [f, b] = p(bare);
  assert.deepEqual([f, b.severity, b.message, b.error_class, b.stack_trace], ['python', 'ERROR', 'RuntimeError: lookup failed', 'RuntimeError', bare]);
});

test('uvicorn / gunicorn records with a traceback; a multi-line record message stays the message', () => {
  let v = firstOfTwo(['ERROR:    Exception in ASGI application', 'Traceback (most recent call last):', '  File "/usr/lib/python3.12/site-packages/uvicorn/protocols/http/h11_impl.py", line 408, in run_asgi', '    result = await app(  # type: ignore[func-returned-value]', '             ^^^^^^^^^^', 'RuntimeError: boom', 'INFO:     Shutting down']);
  assert.deepEqual([v.severity, v.message, v.error_class], ['ERROR', 'Exception in ASGI application', 'RuntimeError']);
  v = firstOfTwo(['[2024-05-01 10:00:00 +0000] [7] [ERROR] Exception in worker process', 'Traceback (most recent call last):', '  File "/usr/lib/python3/gunicorn/arbiter.py", line 609, in spawn_worker', '    worker.init_process()', 'ModuleNotFoundError: No module named \'app\'', '[2024-05-01 10:00:00 +0000] [7] [INFO] Worker exiting (pid: 7)']);
  assert.deepEqual([v.severity, v.message, v.error_class, attrs(v).pid], ['ERROR', 'Exception in worker process', 'ModuleNotFoundError', '7']);
  // logger.exception("first line\nsecond line"): the message keeps both lines, the traceback is apart
  v = p('WARNING:app:batch failed\n  3 of 10 rows rejected\nTraceback (most recent call last):\n  File "b.py", line 1, in <module>\nValueError: bad row')[1];
  assert.deepEqual([v.message, v.stack_trace, v.error_class], ['batch failed\n  3 of 10 rows rejected', 'Traceback (most recent call last):\n  File "b.py", line 1, in <module>\nValueError: bad row', 'ValueError']);
});

// A record formatted by `%(asctime)s %(levelname)s %(name)s: %(message)s` has the shape of a log4j
// `%d %p %c: %m` line (read by that parser): its traceback is split off the same way.
test('`asctime LEVEL name: message` records with a traceback', () => {
  const [, v] = p('2024-05-01 10:00:02,456 ERROR myapp.web: handler crashed\nTraceback (most recent call last):\n  File "/app/web.py", line 5, in handler\nKeyError: \'user\'');
  assert.deepEqual([v.severity, v.component, v.message, v.error_class, v.ts], ['ERROR', 'myapp.web', 'handler crashed', 'KeyError', T0 + 2_456_000]);
  assert.equal(v.stack_trace, 'Traceback (most recent call last):\n  File "/app/web.py", line 5, in handler\nKeyError: \'user\'');
});

// Django's default logging sends django.request errors through the default Formatter ("%(message)s").
test('message-only records (Django default) keep the message and get the traceback apart', () => {
  const [f, v] = p('Internal Server Error: /orders/\nTraceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/django/core/handlers/exception.py", line 55, in inner\n    response = get_response(request)\ndjango.core.exceptions.PermissionDenied');
  assert.deepEqual([f, v.message, v.error_class], ['fallback', 'Internal Server Error: /orders/', 'django.core.exceptions.PermissionDenied']);
});

// psycopg2's error message is libpq's (PostgreSQL "Error message fields": DETAIL / HINT / LINE n);
// pydantic's ValidationError lists field locations on bare lines (pydantic docs, Error handling).
test('exception messages that span lines stay in the event', () => {
  assert.equal(firstOfTwo(['ERROR:app.db:insert failed', 'Traceback (most recent call last):', '  File "/app/db.py", line 40, in run', '    cur.execute(sql)', 'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "users_pkey"', 'DETAIL:  Key (id)=(1) already exists.', '', 'INFO:app.db:next']).error_class, 'psycopg2.errors.UniqueViolation');
  assert.equal(firstOfTwo(['ERROR:api:bad payload', 'Traceback (most recent call last):', '  File "/app/api.py", line 9, in create', '    Item(**data)', 'pydantic_core._pydantic_core.ValidationError: 2 validation errors for Item', 'name', '  Field required [type=missing, input_value={}, input_type=dict]', 'price', '  Input should be a valid number [type=float_type, input_value=\'x\', input_type=str]', 'INFO:api:next']).error_class, 'pydantic_core._pydantic_core.ValidationError');
});

// logging's stack_info=True appends "Stack (most recent call last):" and the frames (formatStack).
test('stack_info: the Stack block joins the record and is its stack_trace', () => {
  const v = firstOfTwo(['WARNING:app:slow path taken', 'Stack (most recent call last):', '  File "/app/main.py", line 3, in <module>', '    run()', '  File "/app/main.py", line 2, in run', '    log.warning("slow path taken", stack_info=True)', 'INFO:app:done']);
  assert.deepEqual([v.message, String(v.stack_trace).split('\n')[0]], ['slow path taken', 'Stack (most recent call last):']);
});

// Tutorial §8.9: an exception group's traceback, every line inside `  | `.
test('exception groups (3.11+): the group is the error class', () => {
  const v = firstOfTwo(['ERROR:app:batch failed', '  + Exception Group Traceback (most recent call last):', '  |   File "/app/b.py", line 1, in <module>', '  |     f()', '  |     ~^^', '  | ExceptionGroup: there were problems (2 sub-exceptions)', '  +-+---------------- 1 ----------------', '    | OSError: error 1', '    +---------------- 2 ----------------', '    | SystemError: error 2', '    +------------------------------------', 'INFO:app:next']);
  assert.deepEqual([v.message, v.error_class], ['batch failed', 'ExceptionGroup']);
});
