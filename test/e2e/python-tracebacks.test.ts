/**
 * End to end: a Python service's stderr — logging records (`%(asctime)s - %(name)s - %(levelname)s -
 * %(message)s`, logging HOWTO) with a `logger.exception` traceback (Python ≥ 3.11 carets) and a
 * chained one (tutorial §8.5), interleaved with stdout lines — in a Docker json-file log, a CRI log
 * and a plain file: every record is one row with its traceback in stack_trace, whatever the envelope.
 * Names and values are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';

const STDERR = [
  '2024-05-01 10:00:00,123 - shop.cart - ERROR - price lookup failed for sku 7',
  'Traceback (most recent call last):',
  '  File "/app/shop/cart.py", line 31, in price',
  '    return prices[sku]["eur"]',
  '           ~~~~~~^^^^^',
  'KeyError: 7',
  '2024-05-01 10:00:01,000 - shop.db - ERROR - could not open the database',
  'Traceback (most recent call last):',
  '  File "/app/shop/db.py", line 2, in connect',
  'FileNotFoundError: [Errno 2] No such file or directory: \'shop.sqlite\'',
  '',
  'The above exception was the direct cause of the following exception:',
  '',
  'Traceback (most recent call last):',
  '  File "/app/shop/db.py", line 4, in connect',
  'shop.errors.DatabaseError: Failed to open database',
  '2024-05-01 10:00:02,000 - shop.web - INFO - retrying',
];
const STDOUT = ['listening on :8000', 'GET /health 200'];

test('Python records with tracebacks: one row each in Docker json-file, CRI and plain files', () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-pytb-'));
  try {
    const dir = join(root, 'in');
    mkdirSync(dir);
    // stdout and stderr interleaved line by line, as a runtime writes them
    const both: [string, string][] = [];
    for (let i = 0; i < STDERR.length; i++) {
      both.push(['stderr', STDERR[i]!]);
      if (i < STDOUT.length) both.push(['stdout', STDOUT[i]!]);
    }
    // runtime times 1 ms apart: a record and its traceback reach the runtime in one write (a gap of
    // over 100 ms before a `Traceback` line means an uncaught-exception report: python-app.test.ts)
    const t = (i: number): string => `2024-05-01T10:00:00.${String(i).padStart(3, '0')}000000Z`;
    writeFileSync(join(dir, 'app-json.log'), both.map(([s, l], i) => JSON.stringify({ log: l + '\n', stream: s, time: t(i) }) + '\n').join(''));
    writeFileSync(join(dir, 'app-cri.log'), both.map(([s, l], i) => `${t(i)} ${s} F ${l}\n`).join(''));
    writeFileSync(join(dir, 'app-plain.log'), STDERR.join('\n') + '\n');
    const wh = join(root, 'wh');
    const r = runCli(['ingest', '--json', dir, '--warehouse', wh, '--idle-secs', '0']);
    assert.equal(r.status, 0, r.stderr);
    const rows = sql(wh, "SELECT split_part(source_format, '/', 1) AS env, component, severity, message, error_class, stack_trace FROM logs WHERE stream IS DISTINCT FROM 'stdout' ORDER BY env, source_offset");
    for (const env of ['cri', 'docker-json', 'plain']) {
      const mine = rows.filter((x) => x.env === env);
      assert.deepEqual(mine.map((x) => [x.component, x.severity, x.message, x.error_class]), [
        ['shop.cart', 'ERROR', 'price lookup failed for sku 7', 'KeyError'],
        ['shop.db', 'ERROR', 'could not open the database', 'shop.errors.DatabaseError'],
        ['shop.web', 'INFO', 'retrying', null],
      ], env);
      assert.equal(mine[0]!.stack_trace, STDERR.slice(1, 6).join('\n'), env);
      assert.equal(mine[1]!.stack_trace, STDERR.slice(7, 16).join('\n'), env);
    }
    assert.equal(sql(wh, "SELECT count(*) AS n FROM logs WHERE stream = 'stdout'")[0]!.n, 4);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
