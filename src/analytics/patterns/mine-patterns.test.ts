import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from '../../pipeline/ingest.js';
import { openLake, query } from '../sql/lake.js';
import { minePatterns } from './mine-patterns.js';
import { renderPatterns } from './render-patterns.js';
import { patternsCommand } from './patterns-command.js';
import { UsageError } from '../../core/errors.js';

function jsonLine(iso: string, level: string, msg: string): string {
  return JSON.stringify({ level, time: iso, msg }) + '\n';
}

function batch(hour: number, users: number[]): string {
  let s = '';
  users.forEach((u, i) => {
    const t = `2026-03-02T${String(hour).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`;
    s += jsonLine(t, 'info', `user ${u} logged in from 10.0.0.${u}`);
    s += jsonLine(t, 'info', 'request completed');
  });
  return s;
}

/** Ingests without ingest-time template ids (schema v1.0 behaviour), so `patterns` mines the rows. */
async function ingest(dir: string, wh: string, name: string, text: string, templates = false): Promise<void> {
  const inDir = join(dir, 'in-' + name);
  mkdirSync(inDir, { recursive: true });
  writeFileSync(join(inDir, 'app.log'), text);
  await runIngest({ inputs: [inDir], warehouse: wh, service: 'svc', workers: 0, templates });
}

async function mine(wh: string) {
  const { con, close } = await openLake(wh);
  try {
    const r = await minePatterns(con, { warehouse: wh, windowSecs: 3600 });
    const joined = await query(con, 'SELECT count(*), count(a.template_id) FROM logs l LEFT JOIN template_assignments a ON a.source_path = l.source_path AND a.source_offset = l.source_offset');
    return { r, joined: joined.rows[0] as [number, number] };
  } finally {
    close();
  }
}

test('pattern ids are stable across runs and mining is incremental', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-patterns-'));
  try {
    const wh = join(dir, 'wh');
    await ingest(dir, wh, 'a', batch(8, [1, 2, 3, 4, 5, 6]));
    const first = await mine(wh);
    assert.equal(first.r.mining.newRows, 12);
    assert.deepEqual(first.joined, [12, 12]);
    const idOf = (r: typeof first.r, text: string): string | undefined => r.top.find((t) => t.text === text)?.id;
    const login = idOf(first.r, 'user <*> logged in from <*>');
    const done = idOf(first.r, 'request completed');
    assert.ok(login && done, renderPatterns(first.r));
    assert.ok(existsSync(join(wh, 'analytics', 'templates.parquet')));
    assert.ok(existsSync(join(wh, '_loglake', 'templates.json')));

    // Second ingest: same templates plus a new one, an hour later.
    await ingest(dir, wh, 'b', batch(9, [7, 8, 9]) + jsonLine('2026-03-02T09:30:00.000Z', 'error', 'disk full on /data'));
    const second = await mine(wh);
    assert.equal(second.r.mining.newRows, 7, 'only the new rows are mined');
    assert.deepEqual(second.joined, [19, 19]);
    assert.equal(idOf(second.r, 'user <*> logged in from <*>'), login);
    assert.equal(idOf(second.r, 'request completed'), done);
    const fresh = second.r.new_in_window.map((t) => t.text);
    assert.deepEqual(fresh, ['disk full on <*>'], 'paths are masked');
    const doneRow = second.r.top.find((t) => t.id === done)!;
    assert.equal(doneRow.count, 9);
    assert.equal(doneRow.last_window, 3);
    assert.equal(doneRow.previous_window, 6);

    // A third run with nothing new changes nothing.
    const third = await mine(wh);
    assert.equal(third.r.mining.newRows, 0);
    assert.equal(idOf(third.r, 'request completed'), done);

    // A separate warehouse fed the same lines gets the same ids (ids derive from the first text).
    const wh2 = join(dir, 'wh2');
    await ingest(dir, wh2, 'c', batch(8, [1, 2, 3, 4, 5, 6]));
    const other = await mine(wh2);
    assert.equal(idOf(other.r, 'request completed'), done);
    assert.equal(idOf(other.r, 'user <*> logged in from <*>'), login);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('patterns command rejects unknown flags and a missing warehouse', async () => {
  await assert.rejects(patternsCommand(['--bogus'], process.stdout), UsageError);
  await assert.rejects(patternsCommand([], process.stdout), /--warehouse/);
  await assert.rejects(patternsCommand(['--warehouse', '/x', '--window', 'soon'], process.stdout), UsageError);
});

test('ids assigned at ingest (schema v1.1) are the ids patterns would mine; such rows are not mined again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-patterns-'));
  try {
    const text = batch(8, [1, 2, 3, 4, 5, 6]);
    const mined = join(dir, 'mined');
    const atIngest = join(dir, 'at-ingest');
    await ingest(dir, mined, 'a', text, false);
    await ingest(dir, atIngest, 'b', text, true);
    const a = await mine(mined);
    const b = await mine(atIngest);
    assert.equal(a.r.mining.newRows, 12);
    assert.equal(b.r.mining.newRows, 0, 'rows with a template_id are not mined again');
    assert.deepEqual(b.joined, [12, 12], 'every row has a template id');
    const ids = (r: typeof a.r): string[] => r.top.map((t) => `${t.id} ${t.text} ${t.count}`).sort();
    assert.deepEqual(ids(b.r), ids(a.r));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rows committed after a mining pass although read before its newest row (another writer, a late commit) are still mined, once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-patterns-late-'));
  try {
    const wh = join(dir, 'wh');
    await ingest(dir, wh, 'a', batch(8, [1, 2, 3]));
    const first = await mine(wh);
    assert.equal(first.r.mining.newRows, 6);
    // a writer whose clock read these rows 5 minutes before the first pass's newest row commits now
    const { con, close } = await openLake(wh);
    const mark = Number((await query(con, 'SELECT epoch_ms(max(ingest_ts)) FROM logs')).rows[0]![0]);
    close();
    // Date.now() shifted by hand (ingest_ts is read with Date.now() on the main thread): node:test's
    // mock.timers would do it too, but is experimental on Node 20/22 and prints an ExperimentalWarning
    const realNow = Date.now;
    const behind = mark - 300_000 - realNow();
    Date.now = () => realNow() + behind;
    try {
      await ingest(dir, wh, 'b', batch(9, [7, 8]));
    } finally {
      Date.now = realNow;
    }
    {
      const { con: c2, close: close2 } = await openLake(wh);
      const late = Number((await query(c2, "SELECT epoch_ms(max(ingest_ts)) FROM logs WHERE source_path LIKE '%in-b%'")).rows[0]![0]);
      close2();
      assert.ok(late < mark, 'the late rows carry an ingest_ts before the first pass\'s newest row');
    }
    const second = await mine(wh);
    assert.equal(second.r.mining.newRows, 4, 'the late rows are mined');
    assert.deepEqual(second.joined, [10, 10], 'every row has exactly one assignment');
    const third = await mine(wh);
    assert.equal(third.r.mining.newRows, 0, 'and not again');
    assert.deepEqual(third.joined, [10, 10]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
