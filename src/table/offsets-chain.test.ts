import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OffsetsChain, MAX_DEPTH } from './offsets-chain.js';
import type { SourceCheckpoint, CommittedFile } from '../state/warehouse-state.js';
import { Rng } from '../generate/prng.js';

/** An in-memory object store with read counting. */
function store(): { files: Map<string, Uint8Array>; reads: string[]; read: (u: string) => Promise<Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const reads: string[] = [];
  return {
    files, reads,
    read: async (u) => {
      reads.push(u);
      const b = files.get(u);
      if (!b) throw new Error(`not found: ${u}`);
      return b;
    },
  };
}

const cp = (path: string, offset: number): SourceCheckpoint => ({ path, offset, lines: offset, updated_at: '2026-11-30T16:00:00Z', head_len: 64, head_hash: `h-${path}` });
const qf = (n: number): CommittedFile => ({ kind: 'quarantine', path: `quarantine/q-${n}.parquet`, bytes: n } as unknown as CommittedFile);
const DIR = 's3://b/wh/iceberg/loglake.db/logs/metadata';

test('a chain of commits reads back as the merge of every change, folds within MAX_DEPTH, and writes far less than whole documents', async () => {
  const s = store();
  const writer = new OffsetsChain(s.read);
  const rng = new Rng(7);
  const model: Record<string, SourceCheckpoint> = {};
  const modelQ: CommittedFile[] = [];
  for (let i = 0; i < 3000; i++) model[`src-${i}`] = cp(`/var/log/pods/p${i}/0.log`, 1);
  let head: string | undefined;
  // the first commit holds every source
  head = `${DIR}/loglake-offsets-0.json`;
  s.files.set(head, await writer.next(undefined, head, { ...model }, []));
  let written = 0;
  let fullSize = 0;
  let maxDepth = 0;
  let depth = 0;
  for (let c = 1; c <= 300; c++) {
    const changed: Record<string, SourceCheckpoint> = {};
    for (let k = 0; k < 5; k++) {
      const key = `src-${rng.int(0, 3999)}`; // some new sources too
      changed[key] = cp(`/var/log/pods/${key}/0.log`, (model[key]?.offset ?? 0) + 1 + rng.int(0, 999));
    }
    const q = c % 7 === 0 ? [qf(c)] : [];
    const uri = `${DIR}/loglake-offsets-${c}.json`;
    const bytes = await writer.next(head, uri, changed, q);
    s.files.set(uri, bytes);
    written += bytes.length;
    const doc = JSON.parse(bytes.toString()) as { base?: string };
    depth = doc.base === undefined ? 0 : depth + 1;
    if (doc.base === undefined) fullSize = bytes.length;
    else assert.equal(doc.base, `loglake-offsets-${c - 1}.json`, 'the base is named relative to its directory');
    maxDepth = Math.max(maxDepth, depth);
    Object.assign(model, changed);
    modelQ.push(...q);
    head = uri;
    if (c % 50 === 0) {
      // a fresh reader (another process, a restart) follows the chain to the same state
      const fresh = await new OffsetsChain(s.read).readCopy(head);
      assert.deepEqual(fresh.sources, model);
      assert.deepEqual(fresh.quarantine_files, modelQ);
    }
  }
  assert.equal(maxDepth, MAX_DEPTH, 'chains grow to MAX_DEPTH deltas, then fold');
  assert.ok(written < (300 * fullSize) / 10, `300 commits wrote ${written} bytes; whole documents would be ${300 * fullSize}`);
  // the writer's own view followed along reading only what it wrote itself
  assert.deepEqual((await writer.load(head)).doc.sources, model);
});

test('a reader with a cached view reads only the new documents; the chain lists its documents; a copy is independent', async () => {
  const s = store();
  const a = new OffsetsChain(s.read);
  const u0 = `${DIR}/o0.json`;
  const others = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`o${i}`, cp(`/o${i}`, 1)]));
  s.files.set(u0, await a.next(undefined, u0, { ...others, x: cp('/x', 1), y: cp('/y', 1), z: cp('/z', 1) }, []));
  const u1 = `${DIR}/o1.json`;
  s.files.set(u1, await a.next(u0, u1, { x: cp('/x', 5) }, [qf(1)]));
  const reader = new OffsetsChain(s.read);
  s.reads.length = 0;
  assert.equal((await reader.load(u1)).doc.sources.x!.offset, 5);
  assert.deepEqual(s.reads, [u1, u0]);
  const u2 = `${DIR}/o2.json`;
  s.files.set(u2, await a.next(u1, u2, { y: cp('/y', 9) }, []));
  s.reads.length = 0;
  const copy = await reader.readCopy(u2);
  assert.deepEqual(s.reads, [u2], 'only the new delta is read');
  assert.deepEqual([copy.sources.x!.offset, copy.sources.y!.offset, copy.sources.z!.offset, Object.keys(copy.sources).length], [5, 9, 1, 53]);
  assert.deepEqual(copy.quarantine_files, [qf(1)]);
  copy.sources.z = cp('/z', 100);
  assert.equal((await reader.load(u2)).doc.sources.z!.offset, 1, 'the copy does not change the cache');
  assert.deepEqual(await reader.documents(u2), [u2, u1, u0]);
  // an older head read after a newer one is read anew, not from the extended view
  assert.equal((await reader.load(u1)).doc.sources.y!.offset, 1);
  // the writer adopts what it committed: no read of its own documents
  const w = new OffsetsChain(s.read);
  await w.load(u2);
  const u3 = `${DIR}/o3.json`;
  const b3 = await w.next(u2, u3, { z: cp('/z', 7) }, []);
  s.files.set(u3, b3);
  w.adopt(u3, b3);
  s.reads.length = 0;
  assert.equal((await w.load(u3)).doc.sources.z!.offset, 7);
  assert.deepEqual(s.reads, []);
  // a chain rebound to another reader (the target after open) starts from the cached view
  const reads2: string[] = [];
  const r2 = w.rebind(async (u) => {
    reads2.push(u);
    return s.files.get(u)!;
  });
  assert.equal((await r2.load(u3)).doc.sources.z!.offset, 7);
  assert.deepEqual(reads2, []);
});

test('a relocated chain (same file names, another directory) still reads; version 1 documents read as full; unknown forms fail clearly', async () => {
  const s = store();
  const a = new OffsetsChain(s.read);
  const v1 = `${DIR}/old.json`;
  s.files.set(v1, Buffer.from(JSON.stringify({ version: 1, sources: { x: cp('/x', 3) }, quarantine_files: [qf(2)] })));
  const u1 = `${DIR}/new.json`;
  s.files.set(u1, await a.next(v1, u1, { y: cp('/y', 4) }, []));
  assert.match(s.files.get(u1)!.toString(), /"base":"old.json"/, 'a delta on top of a version 1 document');
  const moved = 'file:///copy/iceberg/loglake.db/logs/metadata';
  for (const [u, b] of [...s.files]) s.files.set(u.replace(DIR, moved), b);
  const doc = await new OffsetsChain(s.read).readCopy(`${moved}/new.json`);
  assert.deepEqual(Object.keys(doc.sources).sort(), ['x', 'y']);
  assert.deepEqual(doc.quarantine_files, [qf(2)]);
  s.files.set(`${DIR}/bad.json`, Buffer.from(JSON.stringify({ version: 3, whatever: true })));
  await assert.rejects(new OffsetsChain(s.read).load(`${DIR}/bad.json`), /unknown form \(version 3\)/);
  s.files.set(`${DIR}/evil.json`, Buffer.from(JSON.stringify({ version: 2, base: '../../../../etc/passwd', set: { sources: {}, quarantine_files: [] } })));
  await assert.rejects(new OffsetsChain(s.read).load(`${DIR}/evil.json`), /unknown form/, 'a base is a file name, never a path');
  s.files.set(`${DIR}/loop.json`, Buffer.from(JSON.stringify({ version: 2, base: 'loop.json', set: { sources: {}, quarantine_files: [] } })));
  await assert.rejects(new OffsetsChain(s.read).load(`${DIR}/loop.json`), /longer than/);
});
