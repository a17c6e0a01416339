import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDown, runLimited } from './sandbox.js';

test('the sandbox: no file access outside the warehouse, locked settings, row limit, time limit', async () => {
  const wh = mkdtempSync(join(tmpdir(), 'loglake-ask-sandbox-'));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run('CREATE VIEW logs AS SELECT range AS n FROM range(50)');
    await lockDown(con, wh);
    await assert.rejects(runLimited(con, "SELECT * FROM read_text('/etc/passwd')", { maxRows: 10, timeoutMs: 60_000 }), /disabled by configuration/);
    await assert.rejects(con.run('SET enable_external_access = true'), /locked/);
    const r = await runLimited(con, 'SELECT n FROM logs ORDER BY n LIMIT 40', { maxRows: 10, timeoutMs: 60_000 });
    assert.equal(r.rows.length, 10);
    assert.equal(r.truncated, true);
    await assert.rejects(runLimited(con, 'SELECT count(*) FROM range(1000000000000) a', { maxRows: 10, timeoutMs: 50 }), /time limit/);
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(wh, { recursive: true, force: true });
  }
});
