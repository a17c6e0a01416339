import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { checkSql, bindSql } from './sql-guard.js';

test('the guard accepts read-only SELECTs over the views and refuses everything else', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run("CREATE VIEW logs AS SELECT 'a' AS service, 'ERROR' AS severity, TIMESTAMPTZ '2026-03-02 10:00:00+00' AS ts");
    await con.run('CREATE VIEW spark_logs AS SELECT 1 AS x');
    await con.run('CREATE VIEW quarantine AS SELECT 1 AS y');
    const ok = [
      'SELECT service, count(*) FROM logs GROUP BY 1',
      'WITH e AS (SELECT * FROM logs WHERE severity = \'ERROR\') SELECT count(*) FROM e',
      'SELECT l.service FROM logs l JOIN spark_logs s ON l.service = s.x::VARCHAR',
      'SELECT service FROM logs WHERE service IN (SELECT service FROM logs)',
    ];
    for (const q of ok) assert.deepEqual(await checkSql(con, q), { ok: true }, q);
    const bad: Array<[string, RegExp]> = [
      ["COPY logs TO '/tmp/x.csv'", /single read-only SELECT/],
      ["COPY (SELECT * FROM logs) TO '/tmp/x.parquet' (FORMAT parquet)", /single read-only SELECT/],
      ["ATTACH '/tmp/evil.db' AS evil", /single read-only SELECT/],
      ['INSTALL httpfs', /single read-only SELECT/],
      ['LOAD httpfs', /single read-only SELECT/],
      ['PRAGMA database_list', /single read-only SELECT/],
      ['SET enable_external_access = true', /single read-only SELECT/],
      ['DROP VIEW logs', /single read-only SELECT/],
      ["SELECT * FROM read_text('/etc/passwd')", /table function read_text/],
      ["SELECT * FROM read_csv('/etc/passwd')", /table function read_csv/],
      ["SELECT * FROM glob('/*')", /table function glob/],
      ["SELECT * FROM '/etc/passwd'", /unknown table|not allowed/],
      ["SELECT service, (SELECT content FROM read_text('/etc/passwd')) FROM logs", /read_text/],
      ["SELECT getenv('HOME')", /getenv/],
      ["SELECT current_setting('allowed_directories')", /current_setting/],
      ['SELECT * FROM logs, spark_logs, quarantine', /cross join/],
      ['SELECT * FROM logs CROSS JOIN spark_logs', /cross join/],
      ['SELECT 1 FROM logs; SELECT 2', /exactly one statement/],
      ['SELECT * FROM duckdb_settings()', /duckdb_settings/],
      ['SELECT * FROM other_db.main.logs', /not allowed/],
      ['SELECT * FROM information_schema.tables', /not allowed/],
      ['SELECT * FROM secrets', /unknown table secrets/],
    ];
    for (const [q, why] of bad) {
      const r = await checkSql(con, q);
      assert.equal(r.ok, false, `accepted: ${q}`);
      if (!r.ok) assert.match(r.reason, why, q);
    }
    const parse = await checkSql(con, 'SELEC oops');
    assert.ok(!parse.ok && parse.kind === 'parse');
    const bind = await bindSql(con, 'SELECT nosuch FROM logs');
    assert.ok(!bind.ok && /nosuch/.test(bind.reason));
  } finally {
    con.closeSync();
    db.closeSync();
  }
});
