import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateMiner } from './miner.js';
import { mergeStates } from './merge-states.js';
import { TemplateStateStore, templateStateLocation } from './state-store.js';
import type { TemplateMinerState } from './persistence.js';
import { LocalFileIO, pathToFileUri } from '../../sinks/iceberg/io/index.js';

const COMMON = ['Invalid user alice from 173.234.31.186', 'Invalid user bob from 173.234.31.187', 'Connection closed by 10.0.0.1 port 22'];
const ONLY_A = ['Received block blk_1 of size 67108864 from /10.0.0.1', 'Server environment:java.vendor=Oracle'];
const ONLY_B = ['Accepted publickey for bob from 10.1.1.1 port 22 ssh2', 'Block broadcast_3 stored (estimated size 1.0 GB, free 1.0 MB)'];

function mine(state: TemplateMinerState | undefined, lines: string[]): { miner: TemplateMiner; ids: string[] } {
  const miner = state ? TemplateMiner.fromJSON(state) : new TemplateMiner();
  const ids = lines.map((l) => miner.add(l, 1000).templateId);
  return { miner, ids };
}

const root = mkdtempSync(join(tmpdir(), 'loglake-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, String(dirs++));

test('merge: both writers keep their templates and ids, counts add up, no id changes meaning', () => {
  const base = mine(undefined, COMMON).miner.toJSON();
  const a = mine(base, [...ONLY_A, COMMON[0]!]);
  const b = mine(base, [...ONLY_B, COMMON[2]!]);
  const theirs = b.miner.toJSON();
  const merged = mergeStates(base, a.miner.toJSON(), theirs);
  const m = TemplateMiner.fromJSON(merged);
  // every id either writer handed out still resolves, to the template it named
  for (const [w, lines] of [[a, [...ONLY_A, COMMON[0]!]], [b, [...ONLY_B, COMMON[2]!]]] as const) {
    w.ids.forEach((id, i) => {
      const t = m.template(id);
      assert.ok(t, `id ${id} of "${lines[i]}" survives the merge`);
      assert.equal(t.template, w.miner.template(id)!.template);
    });
  }
  const total = (s: TemplateMinerState): number => s.templates.reduce((n, t) => n + t.count, 0);
  assert.equal(total(merged), COMMON.length + ONLY_A.length + 1 + ONLY_B.length + 1);
  assert.equal(new Set(merged.templates.map((t) => t.seq)).size, merged.templates.length, 'seq unique');
  // re-mining a line of A with the merged state finds A's template
  assert.equal(m.match(ONLY_A[0]!)?.templateId, a.ids[0]);
});

test('store: two writers saving from the same base both land (conditional write + merge); one writer alone writes exactly its state', async () => {
  {
    const dir = freshDir();
    const loc = templateStateLocation(dir);
    assert.equal(loc, pathToFileUri(join(dir, '_loglake', 'templates.json')));
    const solo = new TemplateStateStore(loc, new LocalFileIO());
    assert.equal(await solo.load(), undefined);
    const s0 = mine(undefined, COMMON).miner.toJSON();
    assert.deepEqual(await solo.save(s0), { merged: false });

    const wa = new TemplateStateStore(loc, new LocalFileIO());
    const wb = new TemplateStateStore(loc, new LocalFileIO());
    const baseA = (await wa.load()) as TemplateMinerState;
    const baseB = (await wb.load()) as TemplateMinerState;
    assert.deepEqual(baseA, s0);
    const a = mine(baseA, ONLY_A);
    const b = mine(baseB, ONLY_B);
    assert.deepEqual(await wa.save(a.miner.toJSON()), { merged: false });
    assert.deepEqual(await wb.save(b.miner.toJSON()), { merged: true }, 'B sees A\'s state and merges');
    const stored = (await new TemplateStateStore(loc, new LocalFileIO()).load()) as TemplateMinerState;
    const ids = new Set(stored.templates.map((t) => t.id));
    for (const id of [...a.ids, ...b.ids]) assert.ok(ids.has(id) || stored.aliases[id], `template ${id} kept`);
    // A saves again after mining more: its second delta lands on top of the merged state, nothing lost
    const more = ['Invalid user zed from 1.1.1.1'];
    for (const l of more) a.miner.add(l, 2000);
    await wa.save(a.miner.toJSON());
    const stored2 = (await new TemplateStateStore(loc, new LocalFileIO()).load()) as TemplateMinerState;
    const total = (s: TemplateMinerState): number => s.templates.reduce((n, t) => n + t.count, 0);
    assert.equal(total(stored2), COMMON.length + ONLY_A.length + ONLY_B.length + more.length);
  }
});

test('store: eight concurrent savers, none loses its templates', async () => {
  {
    const loc = templateStateLocation(freshDir());
    const lines = Array.from({ length: 8 }, (_, i) => [`worker${i} started task alpha${i} in queue q${i}`, `unique event kind${i} happened`]);
    const results = await Promise.all(lines.map(async (ls) => {
      const store = new TemplateStateStore(loc, new LocalFileIO());
      const base = (await store.load()) as TemplateMinerState | undefined;
      const w = mine(base, ls);
      await store.save(w.miner.toJSON());
      return w.ids;
    }));
    const stored = (await new TemplateStateStore(loc, new LocalFileIO()).load()) as TemplateMinerState;
    const m = TemplateMiner.fromJSON(stored);
    for (const ids of results) for (const id of ids) assert.ok(m.template(id), `id ${id} resolves`);
    assert.equal(stored.templates.reduce((n, t) => n + t.count, 0), 16);
  }
});
