// Python services: logging.Formatter emulation (docs: "LogRecord attributes", Formatter(fmt, datefmt, style),
// Formatter.formatTime / default_time_format '%Y-%m-%d %H:%M:%S' + default_msec_format '%s,%03d',
// Formatter.format appends "\n" + exc_text), tracebacks as printed by the traceback module
// (chained: "During handling of the above exception, another exception occurred:" and
// "The above exception was the direct cause of the following exception:").
import { strftime } from './common.mjs';

/** The user-defined formats under test. res = resolution of the time the line carries (ms); null = no time. */
export const FORMATS = {
  'cookbook-dash': { fmt: '%(asctime)s - %(name)s - %(levelname)s - %(message)s', datefmt: null, style: '%' },
  'basic-format': { fmt: '%(levelname)s:%(name)s:%(message)s', datefmt: null, style: '%' },
  'cookbook-columns': { fmt: '%(asctime)s %(name)-12s %(levelname)-8s %(message)s', datefmt: '%m-%d %H:%M', style: '%' },
  'msecs-thread': { fmt: '%(asctime)s.%(msecs)03d %(levelname)-8s [%(threadName)s] %(name)s - %(message)s', datefmt: '%Y-%m-%d %H:%M:%S', style: '%' },
  'pipe-funcname': { fmt: '%(asctime)s | %(levelname)-8s | %(name)s:%(funcName)s:%(lineno)d - %(message)s', datefmt: '%Y-%m-%d %H:%M:%S', style: '%' },
  'brace-iso-tz': { fmt: '{asctime} [{levelname}] {name} ({threadName}): {message}', datefmt: '%Y-%m-%dT%H:%M:%S%z', style: '{' },
  'bracket-process': { fmt: '[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s', datefmt: '%d/%b/%Y %H:%M:%S', style: '%' },
  'module-in': { fmt: '[%(asctime)s] %(levelname)s in %(module)s: %(message)s', datefmt: null, style: '%' },
};

export function formatInfo(f) {
  const hasTime = /asctime/.test(f.fmt);
  let res = null;
  if (hasTime) {
    if (!f.datefmt || /msecs/.test(f.fmt)) res = 1;
    else if (/%S/.test(f.datefmt)) res = 1000;
    else res = 60000;
  }
  const comp = /\bname\b/.test(f.fmt) ? 'name' : (/module/.test(f.fmt) ? 'module' : null);
  return { res, comp, thread: /threadName/.test(f.fmt) };
}

function fmtField(val, spec) { // %-style: "-12s", "03d", "s", "d"
  const m = /^(-)?(0)?(\d+)?([sd])$/.exec(spec);
  let s = String(val);
  if (!m) return s;
  const w = m[3] ? Number(m[3]) : 0;
  if (s.length >= w) return s;
  if (m[1]) return s.padEnd(w);
  return s.padStart(w, m[2] ? '0' : ' ');
}

export function formatRecord(f, rec, offMin) {
  const created = rec.created;
  const asctime = f.datefmt ? strftime(created, f.datefmt, offMin) : strftime(created, '%Y-%m-%d %H:%M:%S', offMin) + ',' + String(created % 1000).padStart(3, '0');
  const vals = { ...rec, asctime, msecs: created % 1000 };
  let s;
  if (f.style === '%') s = f.fmt.replace(/%\((\w+)\)([-0-9]*[sd])/g, (_, k, spec) => fmtField(vals[k], spec));
  else s = f.fmt.replace(/\{(\w+)(?::([<>]?)(\d+))?\}/g, (_, k, al, w) => { const v = String(vals[k]); return w ? (al === '>' ? v.padStart(+w) : v.padEnd(+w)) : v; });
  if (rec.exc_text) { if (!s.endsWith('\n')) s += '\n'; s += rec.exc_text; }
  return s;
}

// ---- tracebacks -----------------------------------------------------------------------------
function frame(r, file, func, code, caret) {
  let s = `  File "${file}", line ${r.int(12, 480)}, in ${func}\n    ${code}`;
  if (caret) s += `\n    ${' '.repeat(caret[0])}${caret[1]}`;
  return s;
}

const SITE = '/usr/local/lib/python3.12/site-packages';

/** Exceptions: each returns { frames: [...], last: 'Cls: msg' (may be multi-line), cls }. */
const EXC = [
  (r) => ({ cls: 'KeyError', last: `KeyError: '${r.pick(['customer_id', 'sku', 'tenant'])}'`, frames: [frame(r, '/app/orders/handlers.py', 'create_order', "customer = payload['customer_id']", [15, '~~~~~~~^^^^^^^^^^^^^^^'])] }),
  (r) => ({ cls: 'requests.exceptions.ConnectionError', last: `requests.exceptions.ConnectionError: HTTPConnectionPool(host='inventory', port=8080): Max retries exceeded with url: /api/v1/stock/${r.int(1, 999)} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f${r.hex(10)}>: Failed to establish a new connection: [Errno 111] Connection refused'))`,
    frames: [frame(r, '/app/orders/clients/inventory.py', 'reserve', 'resp = self.session.post(url, json=body, timeout=5)'), frame(r, `${SITE}/requests/sessions.py`, 'post', 'return self.request("POST", url, data=data, json=json, **kwargs)'), frame(r, `${SITE}/requests/adapters.py`, 'send', 'raise ConnectionError(e, request=request)')] }),
  (r) => ({ cls: 'ValueError', last: `ValueError: invalid literal for int() with base 10: '${r.pick(['abc', '12x', ''])}'`, frames: [frame(r, '/app/billing/parse.py', 'parse_amount', 'cents = int(raw)')] }),
  (r) => ({ cls: 'psycopg2.errors.UniqueViolation', last: `psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "orders_pkey"\nDETAIL:  Key (id)=(${r.int(1, 9999)}) already exists.`,
    frames: [frame(r, '/app/orders/repo.py', 'insert', 'cur.execute(INSERT_ORDER, row)')] }),
  (r) => ({ cls: 'sqlalchemy.exc.OperationalError', last: `sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n\n(Background on this error at: https://sqlalche.me/e/20/e3q8)`,
    frames: [frame(r, '/app/reports/jobs.py', 'run', 'with engine.connect() as conn:'), frame(r, `${SITE}/sqlalchemy/engine/base.py`, 'connect', 'return self._connection_cls(self)'), frame(r, `${SITE}/psycopg2/__init__.py`, 'connect', 'conn = _connect(dsn, connection_factory=connection_factory, **kwasync)')] }),
  (r) => ({ cls: 'json.decoder.JSONDecodeError', last: 'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    frames: [frame(r, '/app/gateway/webhooks.py', 'handle', 'event = json.loads(body)'), frame(r, '/usr/local/lib/python3.12/json/__init__.py', 'loads', 'return _default_decoder.decode(s)'), frame(r, '/usr/local/lib/python3.12/json/decoder.py', 'raw_decode', 'raise JSONDecodeError("Expecting value", s, err.value) from None')] }),
  (r) => ({ cls: 'ZeroDivisionError', last: 'ZeroDivisionError: division by zero', frames: [frame(r, '/app/billing/metrics.py', 'ratio', 'return paid / total', [11, '~~~~~^~~~~~~'])] }),
  (r) => ({ cls: 'pydantic_core._pydantic_core.ValidationError', last: `pydantic_core._pydantic_core.ValidationError: 1 validation error for OrderIn\nquantity\n  Input should be greater than 0 [type=greater_than, input_value=${r.pick([0, -1, -5])}, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.6/v/greater_than`,
    frames: [frame(r, '/app/orders/api.py', 'submit', 'order = OrderIn.model_validate(data)'), frame(r, `${SITE}/pydantic/main.py`, 'model_validate', 'return cls.__pydantic_validator__.validate_python(')] }),
  (r) => ({ cls: 'TimeoutError', last: 'TimeoutError', frames: [frame(r, '/app/worker/tasks.py', 'fetch_rates', 'async with asyncio.timeout(2):'), frame(r, '/usr/local/lib/python3.12/asyncio/timeouts.py', '__aexit__', 'raise TimeoutError from exc_val')] }),
];

const CHAINS = [
  // implicit chaining
  (r) => {
    const a = { cls: 'KeyError', last: `KeyError: 'session:${r.hex(8)}'`, frames: [frame(r, '/app/common/cache.py', 'get', 'return self._data[key]', [11, '~~~~~~~~~~^^^^^'])] };
    const b = { cls: 'RuntimeError', last: 'RuntimeError: cache backend unavailable', frames: [frame(r, '/app/common/cache.py', 'get', 'raise RuntimeError("cache backend unavailable")')] };
    return [a, 'During handling of the above exception, another exception occurred:', b];
  },
  // explicit cause
  (r) => {
    const a = { cls: 'ConnectionRefusedError', last: 'ConnectionRefusedError: [Errno 111] Connection refused', frames: [frame(r, `${SITE}/redis/connection.py`, '_connect', 'sock.connect(socket_address)')] };
    const b = { cls: 'redis.exceptions.ConnectionError', last: 'redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.', frames: [frame(r, '/app/common/locks.py', 'acquire', 'self.client.set(name, token, nx=True, px=ttl)'), frame(r, `${SITE}/redis/connection.py`, 'connect', 'raise ConnectionError(self._error_message(e))')] };
    return [a, 'The above exception was the direct cause of the following exception:', b];
  },
  (r) => {
    const a = { cls: 'TimeoutError', last: 'TimeoutError: timed out', frames: [frame(r, '/usr/local/lib/python3.12/socket.py', 'readinto', 'return self._sock.recv_into(b)', [11, '^^^^^^^^^^^^^^^^^^^^^^^^^^'])] };
    const b = { cls: 'urllib3.exceptions.ReadTimeoutError', last: "urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='api.rates.example', port=443): Read timed out. (read timeout=5)", frames: [frame(r, `${SITE}/urllib3/connectionpool.py`, '_raise_timeout', 'raise ReadTimeoutError(')] };
    const c = { cls: 'app.errors.UpstreamUnavailable', last: 'app.errors.UpstreamUnavailable: exchange rates service did not answer', frames: [frame(r, '/app/app/rates.py', 'refresh', 'raise UpstreamUnavailable("exchange rates service did not answer") from exc')] };
    return [a, 'During handling of the above exception, another exception occurred:', b, 'The above exception was the direct cause of the following exception:', c];
  },
];

/** A traceback text (traceback.format_exception) and its error_class (the last exception printed). */
export function makeTraceback(r, { chained = r.chance(0.3), entry = null } = {}) {
  const parts = chained ? r.pick(CHAINS)(r) : [r.pick(EXC)(r)];
  const out = [];
  let cls = null;
  parts.forEach((p, i) => {
    if (typeof p === 'string') { out.push('', p, ''); return; }
    const frames = [...p.frames];
    if (entry && i === parts.length - 1) frames.unshift(...entry);
    out.push('Traceback (most recent call last):', ...frames, p.last);
    cls = p.cls;
  });
  return { text: out.join('\n'), cls };
}

export function crashEntry(r) {
  return [frame(r, '/app/main.py', '<module>', 'main()'), frame(r, '/app/main.py', 'main', 'asyncio.run(serve(settings))'), frame(r, '/usr/local/lib/python3.12/asyncio/runners.py', 'run', 'return runner.run(main)')];
}

// ---- a Python service ---------------------------------------------------------------------------
const SEV = { DEBUG: 'DEBUG', INFO: 'INFO', WARNING: 'WARN', ERROR: 'ERROR', CRITICAL: 'FATAL' };

const MSGS = [
  [30, 'INFO', 'app.http', 'handlers', 'dispatch', (r) => `${r.pick(['GET', 'POST', 'PUT'])} /api/v1/orders/${r.int(1, 9999)} -> ${r.pick([200, 201, 204, 404])} in ${r.int(2, 900)}ms`],
  [15, 'INFO', 'app.orders', 'service', 'process', (r) => `Processing order ${r.int(10000, 99999)} for customer ${r.int(1, 500)} - ${r.int(1, 9)} items`],
  [8, 'DEBUG', 'app.cache', 'cache', 'get', (r) => `cache miss for key=orders:${r.int(1, 999)} (ttl=${r.int(30, 600)}s)`],
  [8, 'INFO', 'urllib3.connectionpool', 'connectionpool', '_new_conn', (r) => `Starting new HTTPS connection (${r.int(1, 3)}): api.stripe.com:443`],
  [6, 'DEBUG', 'urllib3.connectionpool', 'connectionpool', '_make_request', (r) => `https://api.stripe.com:443 "POST /v1/charges HTTP/1.1" ${r.pick([200, 402, 500])} ${r.int(200, 4000)}`],
  [6, 'WARNING', 'urllib3.connectionpool', 'connectionpool', 'urlopen', (r) => `Retrying (Retry(total=${r.int(0, 3)}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))': /v1/charges`],
  [6, 'WARNING', 'app.orders', 'service', 'reserve', (r) => `Inventory low for sku=${r.hex(6)}: ${r.int(0, 4)} left [threshold=5]`],
  [5, 'INFO', 'app.worker', 'worker', 'heartbeat', (r) => `worker alive: queue depth ${r.int(0, 200)}, processed ${r.int(0, 100000)} jobs`],
  [4, 'ERROR', 'app.payments', 'payments', 'charge', (r) => `Payment declined for order ${r.int(10000, 99999)}: card_declined (ERROR code 402)`],
  [3, 'INFO', 'sqlalchemy.engine.Engine', 'base', '_execute_context', (r) => `SELECT orders.id, orders.status FROM orders WHERE orders.customer_id = %(customer_id_1)s`],
  [2, 'CRITICAL', 'app.main', 'main', 'check_config', (r) => `configuration invalid: DATABASE_URL is not set`],
  [0.6, 'DEBUG', 'app.http', 'handlers', 'dispatch', (r) => `request body: {"items": [${Array.from({ length: r.int(700, 1100) }, (_, i) => `{"sku": "${r.hex(8)}", "qty": ${r.int(1, 9)}, "line": ${i}}`).join(', ')}]}`],
  [2, 'INFO', 'app.main', 'main', 'load_config', (r) => `Loaded configuration:\n  database=postgresql://db:5432/orders\n  pool_size=${r.int(5, 20)}\n  workers=${r.int(1, 8)}`],
];

const EXC_MSGS = [
  ['app.orders', 'service', 'process', (r) => `Failed to process order ${r.int(10000, 99999)}`],
  ['app.payments', 'payments', 'charge', (r) => `Unhandled error while charging customer ${r.int(1, 500)}`],
  ['app.worker', 'worker', 'run_job', (r) => `Job ${r.uuid()} crashed - will retry`],
  ['app.http', 'handlers', 'dispatch', (r) => `Exception on /api/v1/orders [POST]`],
];

const THREADS = ['MainThread', 'ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1', 'Thread-3 (process_request_thread)', 'asyncio_0', 'Dummy-1'];

/**
 * Writes one service's log into container c. opts: {format, stream, offMin, start, n, crashes}.
 * Returns nothing; truth events are recorded on the container.
 */
export function genPythonService(r, c, { formatName, stream, offMin = 0, start, n, crashes = 0 }) {
  const f = FORMATS[formatName];
  const info = formatInfo(f);
  let t = start;
  let pid = r.int(1, 60);
  const crashAt = new Set();
  for (let i = 0; i < crashes; i++) crashAt.add(r.int(Math.floor(n * 0.2), n - 5));
  for (let i = 0; i < n; i++) {
    t += r.int(20, 9000);
    const created = t;
    let level, name, module, func, message, tb = null;
    let stackInfo = null;
    if (r.chance(0.01)) {
      // logger.warning(..., stack_info=True): Formatter.format appends "\n" + formatStack(record.stack_info)
      [name, module, func] = ['app.orders', 'service', 'reserve']; level = 'WARNING'; message = `slow inventory reservation (${r.int(2, 30)} s) - dumping stack`;
      stackInfo = ['Stack (most recent call last):', frame(r, '/app/main.py', '<module>', 'main()'), frame(r, '/app/orders/service.py', 'process', 'self.reserve(order)'), frame(r, '/app/orders/service.py', 'reserve', 'log.warning("slow inventory reservation (%d s) - dumping stack", secs, stack_info=True)')].join('\n');
    } else if (r.chance(0.12)) {
      const e = r.pick(EXC_MSGS);
      [name, module, func] = e; message = e[3](r); level = r.chance(0.85) ? 'ERROR' : 'CRITICAL';
      tb = makeTraceback(r);
    } else {
      const m = r.weighted(MSGS.map((x) => [x[0], x]));
      [, level, name, module, func] = m; message = m[5](r);
    }
    const rec = { created, name, levelname: level, message, module, funcName: func, lineno: r.int(10, 700), threadName: r.pick(THREADS), process: pid, exc_text: tb?.text ?? null };
    let text = formatRecord(f, rec, offMin);
    if (stackInfo) text += '\n' + stackInfo;
    const fields = {
      ts: info.res ? new Date(Math.floor(created / info.res) * info.res).toISOString() : new Date(created).toISOString(),
      ts_res_ms: info.res ?? 1000, // no time in the line: the runtime's time (written ≤ a few ms after the record)
      severity: SEV[level],
      component: info.comp === 'name' ? name : info.comp === 'module' ? module : null,
      thread: info.thread ? rec.threadName : null,
      message,
      // docs/schema.md: a multi-line event keeps its continuation lines in stack_trace too; the Python
      // exception is a record followed by its traceback (stack_trace = the traceback).
      stack_trace: tb ? tb.text : stackInfo ?? (message.includes('\n') ? message.split('\n').slice(1).join('\n') : null),
      error_class: tb ? tb.cls : null,
      kafka_topic: null, kafka_partition: null, kafka_consumer_group: null, pg_sqlstate: null,
    };
    c.emit(stream, created + r.int(0, 3), text, { family: `python/${formatName}`, fields, tags: { traceback: !!tb, stack_info: !!stackInfo, multiline_message: message.includes('\n'), long_line: text.length > 16384 } });
    if (crashAt.has(i)) {
      // the interpreter's own report of an uncaught exception (sys.excepthook → stderr), later, then a restart
      t += r.int(1500, 30000);
      const crash = makeTraceback(r, { chained: r.chance(0.5), entry: crashEntry(r) });
      c.emit('stderr', t, crash.text, { family: 'python/crash', fields: {
        ts: new Date(t).toISOString(), ts_res_ms: 1000, component: null, thread: null, message: crash.text, stack_trace: crash.text, error_class: crash.cls,
        kafka_topic: null, kafka_partition: null, kafka_consumer_group: null, pg_sqlstate: null,
      }, tags: { traceback: true } });
      t += r.int(2000, 60000); // restart policy brings the container back
      pid = r.int(1, 60);
    }
  }
}
