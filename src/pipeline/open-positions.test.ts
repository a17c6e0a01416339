/**
 * Exactly once with several sources open at once (follow mode keeps every growing file open): a
 * commit carries the rows of every open source, so each commit must carry each one's position too.
 * Before the fix, a commit made due while reading file A recorded only A's position; the rows
 * already read from B were committed with B's position missing, and a SIGKILL before the next
 * interval commit made the restart read B's lines a second time (the follow kill test's duplicates).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { withRun } from './ingest.js';
import { SourceReading } from './read-source.js';
import { FileSource } from '../sources/file-source.js';
import { discoverSources } from '../sources/discover.js';

function dockerLines(from: number, n: number, pad = 0): string {
  let out = '';
  for (let i = from; i < from + n; i++) out += JSON.stringify({ log: `2026-11-30 05:00:00 INFO worker: m${i} ${'x'.repeat(pad)}\n`, stream: 'stdout', time: '2026-11-30T05:00:00.000000000Z' }) + '\n';
  return out;
}

interface State { sources: Record<string, { offset: number; path: string }>; files: { path: string; kind: string }[] }

test('every commit carries the position of every open source, not only of the one being read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-open-'));
  const wh = join(dir, 'wh');
  try {
    const b = join(dir, 'b-json.log');
    const a = join(dir, 'a-json.log');
    writeFileSync(b, dockerLines(0, 10));
    writeFileSync(a, dockerLines(1000, 40_000, 150)); // ≈ 9 MiB: several read chunks, each with a due commit
    const file = (p: string): FileSource => new FileSource(discoverSources([p]).files[0]!, 60_000);
    let checked = 0;
    await withRun({ inputs: [dir], warehouse: wh, commitBytes: 200_000, templates: false, workers: 0, idleSecs: 60 }, async (run) => {
      const rb = (await SourceReading.open(file(b), run.parts))!;
      await rb.read(file(b), true); // B stays open (follow mode): its last event may continue
      const ra = (await SourceReading.open(file(a), run.parts))!;
      await ra.read(file(a), true); // commits become due while A is read
      await run.schedule.settle();
      const state = JSON.parse(readFileSync(join(wh, '_loglake', 'state.json'), 'utf8')) as State;
      const data = state.files.filter((f) => f.kind === 'data').map((f) => join(wh, f.path));
      assert.ok(data.length > 0, 'commits happened while A was read');
      const db = await DuckDBInstance.create(':memory:');
      const con = await db.connect();
      const r = await con.runAndReadAll(`SELECT max(source_offset)::BIGINT AS hi, count(*)::BIGINT AS n FROM read_parquet([${data.map((p) => `'${p}'`).join(',')}]) WHERE source_path = '${b}'`);
      const [hi, n] = r.getRows()[0]! as [bigint | null, bigint];
      con.closeSync();
      db.closeSync();
      assert.ok(Number(n) > 0, "B's rows are in the committed files");
      const cp = state.sources[rb.key];
      assert.ok(cp !== undefined, "B's position is committed with B's rows");
      assert.ok(cp.offset > Number(hi), `B's committed position ${cp.offset} lies past its last committed row at ${hi}`);
      checked++;
      ra.finish(false);
      rb.finish(false);
    });
    assert.equal(checked, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
