import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync, appendFileSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WarehouseState, type SourceCheckpoint, type CommittedFile } from './warehouse-state.js';

const cp = (offset: number, path = '/in/a.log'): SourceCheckpoint => ({ offset, path, lines: offset, updated_at: '2026-01-01T00:00:00.000Z' });
const file = (i: number): CommittedFile => ({ path: `logs/service=a/part-${i}.parquet`, kind: 'data', rows: 1, bytes: 1, run_id: 'r' });

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-state-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('commits append to the log; a reopened state has every commit, in order', () => {
  withDir((dir) => {
    const s = WarehouseState.open(dir);
    for (let i = 1; i <= 30; i++) s.commit([file(i)], { [`fp:${i % 5}`]: cp(i) }, i % 10 === 0 ? { run_id: `r${i}`, started_at: '', finished_at: '', summary: {} } : undefined);
    const names = readdirSync(join(dir, '_loglake')).sort();
    assert.deepEqual(names, ['state-1.log', 'state.json'], 'the first commit writes the document, the rest are log lines');
    const lines = readFileSync(join(dir, '_loglake', 'state-1.log'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 29);
    const again = WarehouseState.open(dir);
    assert.equal(again.doc.commit_seq, 30);
    assert.equal(again.doc.files.length, 30);
    assert.deepEqual(Object.keys(again.doc.sources).sort(), ['fp:0', 'fp:1', 'fp:2', 'fp:3', 'fp:4']);
    assert.equal(again.doc.sources['fp:0']!.offset, 30);
    assert.deepEqual(again.doc.runs.map((r) => r.run_id), ['r10', 'r20', 'r30']);
  });
});

test('a torn last line (a crash mid-append) is no commit, and the next commit replaces it', () => {
  withDir((dir) => {
    const s = WarehouseState.open(dir);
    s.commit([file(1)], { 'fp:a': cp(10) });
    s.commit([file(2)], { 'fp:a': cp(20) });
    const log = join(dir, '_loglake', 'state-1.log');
    const good = readFileSync(log, 'utf8');
    appendFileSync(log, good.slice(0, good.length - 5)); // half a line: no newline
    let again = WarehouseState.open(dir);
    assert.equal(again.doc.commit_seq, 2);
    assert.equal(again.doc.sources['fp:a']!.offset, 20);
    again.commit([file(3)], { 'fp:a': cp(30) });
    again = WarehouseState.open(dir);
    assert.equal(again.doc.commit_seq, 3);
    assert.equal(again.doc.sources['fp:a']!.offset, 30);
    assert.equal(again.doc.files.length, 3);
    // a complete line whose bytes were damaged fails its checksum: it and what follows are not read
    const text = readFileSync(log, 'utf8').replace('"offset":30', '"offset":99');
    writeFileSync(log, text);
    assert.equal(WarehouseState.open(dir).doc.commit_seq, 2);
  });
});

test('the log is folded into a new document once it outgrows it', () => {
  withDir((dir) => {
    const s = WarehouseState.open(dir);
    const many: Record<string, SourceCheckpoint> = {};
    for (let i = 0; i < 3000; i++) many[`fp:${i}`] = cp(i, `/in/some/rather/long/path/to/a/file-${i}.json`);
    for (let k = 0; k < 8; k++) s.commit([file(k)], Object.fromEntries(Object.entries(many).map(([key, c]) => [key, { ...c, offset: c.offset + k }])));
    const logs = readdirSync(join(dir, '_loglake')).filter((n) => n.endsWith('.log'));
    assert.equal(logs.length, 1, 'old logs are removed');
    assert.notEqual(logs[0], 'state-1.log', 'compacted at least once');
    assert.ok(statSync(join(dir, '_loglake', logs[0]!)).size <= Math.max(1 << 20, statSync(join(dir, '_loglake', 'state.json')).size));
    const again = WarehouseState.open(dir);
    assert.equal(again.doc.commit_seq, 8);
    assert.equal(again.doc.sources['fp:2999']!.offset, 2999 + 7);
    assert.equal(again.doc.files.length, 8);
  });
});

test('a version 1 state (one document, no log) is read and carried on', () => {
  withDir((dir) => {
    mkdirSync(join(dir, '_loglake'));
    writeFileSync(join(dir, '_loglake', 'state.json'), JSON.stringify({ version: 1, commit_seq: 4, schema_version: '1.0', sources: { 'fp:x': cp(7) }, files: [file(0)], runs: [] }));
    const s = WarehouseState.open(dir);
    assert.equal(s.doc.sources['fp:x']!.offset, 7);
    s.commit([file(1)], { 'fp:y': cp(1) });
    const again = WarehouseState.open(dir);
    assert.equal(again.doc.version, 2);
    assert.equal(again.doc.commit_seq, 5);
    assert.deepEqual(Object.keys(again.doc.sources).sort(), ['fp:x', 'fp:y']);
  });
});

test('a writer that opened the state before another one committed and let go of the lock keeps that commit', () => {
  withDir((dir) => {
    const first = WarehouseState.open(dir);
    first.lock();
    first.commit([file(1)], { 'fp:a': cp(10) }); // the document and its log
    first.unlock();
    const late = WarehouseState.open(dir); // opened while another writer still works
    const other = WarehouseState.open(dir);
    other.lock();
    other.commit([file(2)], { 'fp:b': cp(20) });
    other.unlock();
    late.lock(); // the other writer is done: the lock is free, the state moved on
    late.commit([file(3)], { 'fp:c': cp(30) });
    late.unlock();
    const again = WarehouseState.open(dir);
    assert.deepEqual(again.doc.files.map((f) => f.path), [file(1).path, file(2).path, file(3).path]);
    assert.deepEqual(Object.keys(again.doc.sources).sort(), ['fp:a', 'fp:b', 'fp:c']);
    assert.equal(again.doc.commit_seq, 3);
  });
});
