/**
 * End to end: a Python service's Docker json-file log with user-defined logging formats (Formatter
 * `%`-style strings with `|` and `-` separators, `[%(threadName)s]`, `%(filename)s:%(lineno)d`, a
 * `%d/%m/%Y` datefmt), a `logger.exception` record whose traceback comes in the same write, a JSON
 * line, and the interpreter's own report of the uncaught exception that ends the process (a chained
 * one, printed a second later). Every record is one row with its fields; the crash report is its own
 * ERROR row. Names and values are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';

/** [runtime time (ms after 10:00:00 UTC), stream, line] */
const LINES: [number, string, string][] = [
  // %(asctime)s | %(levelname)-8s | %(name)s | %(message)s
  [0, 'stderr', '2024-05-01 10:00:00,010 | INFO     | shop.app | starting worker pool'],
  // %(asctime)s [%(threadName)s] %(levelname)s %(name)s - %(message)s
  [5, 'stderr', '2024-05-01 10:00:00,015 [MainThread] WARNING shop.cache - cache cold - warming'],
  // %(asctime)s %(levelname)s [%(name)s] %(filename)s:%(lineno)d %(message)s, datefmt %d/%m/%Y %H:%M:%S + zone
  [20, 'stderr', '01/05/2024 12:00:00 +0200 INFO [shop.db] pool.py:88 pool ready size=4'],
  [30, 'stdout', '{"level":"info","msg":"health ok"}'],
  // logger.exception: the traceback in the same write as the record
  [40, 'stderr', '2024-05-01 10:00:00,040 | ERROR    | shop.pay | charge failed for order 7'],
  [40, 'stderr', 'Traceback (most recent call last):'],
  [40, 'stderr', '  File "/app/shop/pay.py", line 12, in charge'],
  [40, 'stderr', 'ZeroDivisionError: division by zero'],
  [900, 'stderr', '2024-05-01 10:00:00,900 - shop.app - CRITICAL - giving up'],
  // the crash, a second later: sys.excepthook's report of a chained exception
  [1900, 'stderr', 'Traceback (most recent call last):'],
  [1900, 'stderr', '  File "/app/main.py", line 30, in <module>'],
  [1900, 'stderr', 'KeyError: \'sku\''],
  [1900, 'stderr', ''],
  [1900, 'stderr', 'During handling of the above exception, another exception occurred:'],
  [1900, 'stderr', ''],
  [1900, 'stderr', 'Traceback (most recent call last):'],
  [1900, 'stderr', '  File "/app/main.py", line 32, in <module>'],
  [1900, 'stderr', 'ValueError: bad input'],
];

test('Python service: user-defined formats, a logged traceback and the crash report, from a Docker json-file log', () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-pyapp-'));
  try {
    const dir = join(root, 'in', 'containers', 'shop');
    mkdirSync(dir, { recursive: true });
    const t = (ms: number): string => new Date(Date.UTC(2024, 4, 1, 10) + ms).toISOString().replace('Z', '000000Z');
    writeFileSync(join(dir, 'shop-json.log'), LINES.map(([ms, s, l]) => JSON.stringify({ log: l + '\n', stream: s, time: t(ms) }) + '\n').join(''));
    const wh = join(root, 'wh');
    const r = runCli(['ingest', '--json', join(root, 'in'), '--warehouse', wh, '--idle-secs', '0']);
    assert.equal(r.status, 0, r.stderr);
    const rows = sql(wh, "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts, severity, component, thread, message, error_class, stack_trace, attributes['file'] AS file, attributes['line'] AS line, source_format FROM logs WHERE stream = 'stderr' ORDER BY source_offset");
    assert.deepEqual(rows.map((x) => [x.ts, x.severity, x.component, x.thread, x.message, x.error_class, x.file, x.line]), [
      ['2024-05-01 10:00:00.010', 'INFO', 'shop.app', null, 'starting worker pool', null, null, null],
      ['2024-05-01 10:00:00.015', 'WARN', 'shop.cache', 'MainThread', 'cache cold - warming', null, null, null],
      ['2024-05-01 10:00:00.000', 'INFO', 'shop.db', null, 'pool ready size=4', null, 'pool.py', '88'],
      ['2024-05-01 10:00:00.040', 'ERROR', 'shop.pay', null, 'charge failed for order 7', 'ZeroDivisionError', null, null],
      ['2024-05-01 10:00:00.900', 'FATAL', 'shop.app', null, 'giving up', null, null, null],
      // no time in the report: the runtime's
      ['2024-05-01 10:00:01.900', 'ERROR', null, null, 'ValueError: bad input', 'ValueError', null, null],
    ]);
    assert.equal(rows[3]!.stack_trace, LINES.slice(5, 8).map((x) => x[2]).join('\n'));
    assert.equal(rows[5]!.stack_trace, LINES.slice(9).map((x) => x[2]).join('\n'));
    assert.ok(rows.every((x) => String(x.source_format).endsWith('/python')), JSON.stringify(rows.map((x) => x.source_format)));
    assert.deepEqual(sql(wh, "SELECT message FROM logs WHERE stream = 'stdout'"), [{ message: 'health ok' }]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * The logging cookbook's "Logging to multiple destinations" file format
 * `%(asctime)s %(name)-12s %(levelname)-8s %(message)s` with `datefmt='%m-%d %H:%M'` (no year, no
 * seconds) written across New Year, `%(asctime)s.%(msecs)03d` after a `%Y-%m-%d %H:%M:%S` datefmt,
 * and `%H:%M:%S`-only datefmts: the year and the day come from the Docker runtime time. Made up.
 */
const NEW_YEAR: [number, string][] = [
  // runtime time in ms after 2025-01-01 00:00:00 UTC (negative: the evening before)
  [-30_000, '12-31 23:59 shop.app     INFO     closing the books'],
  [-20_000, '12-31 23:59 shop.payments.refunds WARNING  refund queue long'],
  [10_000, '01-01 00:00 root         ERROR    year rollover failed'],
  // %(asctime)s.%(msecs)03d [%(threadName)s] %(levelname)s %(name)s - %(message)s, datefmt %Y-%m-%d %H:%M:%S
  [12_000, '2025-01-01 00:00:12.345 [MainThread] INFO shop.app - rollover retried'],
  // %(asctime)s %(levelname)-8s %(name)s %(message)s, datefmt %H:%M:%S
  [13_000, '00:00:13 DEBUG    shop.db.pool checked out 3'],
  // %(asctime)s [%(levelname)s] %(name)s: %(message)s, datefmt %H:%M:%S
  [14_000, '00:00:14 [INFO] shop.db: pool ready'],
];

test('Python service: cookbook %m-%d %H:%M datefmt across New Year, msecs after a datefmt, time-only datefmts', () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-pyapp-'));
  try {
    const dir = join(root, 'in', 'containers', 'shop');
    mkdirSync(dir, { recursive: true });
    const t = (ms: number): string => new Date(Date.UTC(2025, 0, 1) + ms).toISOString().replace('Z', '000000Z');
    writeFileSync(join(dir, 'shop-json.log'), NEW_YEAR.map(([ms, l]) => JSON.stringify({ log: l + '\n', stream: 'stderr', time: t(ms) }) + '\n').join(''));
    const wh = join(root, 'wh');
    const r = runCli(['ingest', '--json', join(root, 'in'), '--warehouse', wh, '--idle-secs', '0']);
    assert.equal(r.status, 0, r.stderr);
    const rows = sql(wh, "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts, severity, component, thread, message, source_format FROM logs ORDER BY source_offset");
    assert.deepEqual(rows.map((x) => [x.ts, x.severity, x.component, x.thread, x.message]), [
      ['2024-12-31 23:59:00.000', 'INFO', 'shop.app', null, 'closing the books'],
      ['2024-12-31 23:59:00.000', 'WARN', 'shop.payments.refunds', null, 'refund queue long'],
      ['2025-01-01 00:00:00.000', 'ERROR', 'root', null, 'year rollover failed'],
      ['2025-01-01 00:00:12.345', 'INFO', 'shop.app', 'MainThread', 'rollover retried'],
      ['2025-01-01 00:00:13.000', 'DEBUG', 'shop.db.pool', null, 'checked out 3'],
      ['2025-01-01 00:00:14.000', 'INFO', 'shop.db', null, 'pool ready'],
    ]);
    assert.ok(rows.every((x) => String(x.source_format).endsWith('/python')), JSON.stringify(rows.map((x) => x.source_format)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
