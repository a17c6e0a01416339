/**
 * Several OS processes append to one table through one SQLite catalog file (WAL + busy timeout):
 * every commit lands, none is lost, sequence numbers are 1..N.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import { canonicalIcebergSchema } from '../spec/canonical-schema.js';
import { loglakePartitionSpec } from '../spec/partition-spec.js';
import { snapshotAncestry } from '../spec/table-metadata.js';
import { listLiveDataFiles } from './list-live-data-files.js';
import { readCommittedProperty } from './read-committed-property.js';

const dir = mkdtempSync(join(tmpdir(), 'loglake-iceberg-mp-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const worker = fileURLToPath(new URL(`../testing/append-worker.${ext}`, import.meta.url));

function runWorker(tag: string, offset: number): Promise<{ snapshotId: string; retries: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv.filter((a) => !a.startsWith('--test')), worker, dir, 'loglake', tag, String(offset)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker ${tag} exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as { snapshotId: string; retries: number });
    });
  });
}

test('four processes append concurrently through one SQLite catalog; all snapshots land', async () => {
  const catalog = await openSqliteCatalog({ warehouse: dir });
  const id = { namespace: ['logs'], name: 'events' };
  try {
    await catalog.createNamespace(['logs']);
    const schema = canonicalIcebergSchema();
    await catalog.createTable(id, { schema, partitionSpec: loglakePartitionSpec(schema) });
    const N = 4;
    const results = await Promise.all(Array.from({ length: N }, (_, i) => runWorker(`p${i}`, i)));
    const t = await catalog.loadTable(id);
    const chain = snapshotAncestry(t.metadata);
    assert.equal(chain.length, N);
    assert.deepEqual(new Set(chain.map((s) => String(s['snapshot-id']))), new Set(results.map((r) => r.snapshotId)));
    assert.deepEqual(chain.map((s) => s['sequence-number']).reverse(), [1n, 2n, 3n, 4n]);
    assert.equal((await listLiveDataFiles(t)).length, N);
    for (const [i, r] of results.entries()) {
      assert.equal(readCommittedProperty(t, 'loglake.offsets', { snapshotId: BigInt(r.snapshotId) }), JSON.stringify({ [`p${i}`]: i }));
    }
  } finally {
    await catalog.close();
  }
});
