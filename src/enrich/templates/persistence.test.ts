import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateMiner } from './miner.js';
import { saveState, loadState, STATE_VERSION, STATE_KIND, V1_MASK_RULES } from './persistence.js';
import { DEFAULT_MASK_RULES, regexRule } from './masking.js';
import { LoglakeError } from '../../core/errors.js';

const A = [
  'Received block blk_1 of size 67108864 from /10.0.0.1',
  'Invalid user alice from 173.234.31.186',
  'Invalid user bob from 173.234.31.187',
  'Invalid user carol from 173.234.31.188',
  'Invalid user dave from 173.234.31.189',
  'Server environment:java.vendor=Oracle',
  'Block broadcast_1 stored (estimated size 5.2 KB, free 530.0 MB)',
  'Block broadcast_2 stored (estimated size 384.0 B, free 530.0 MB)',
  'Connection closed by 10.0.0.1 port 22',
];
const B = [
  'Received block blk_9 of size 1 from /10.0.0.9',
  'Invalid user erin from 1.2.3.4',
  'Accepted publickey for bob from 10.1.1.1 port 22 ssh2',
  'Connection closed by 10.0.0.3 port 2222',
  'Block broadcast_3 stored (estimated size 1.0 GB, free 1.0 MB)',
];

async function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'loglake-templates-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('ids of A are unchanged after save, load and mining B; B lands in A templates where it should', async () => {
  await withTmp(async (dir) => {
    const file = join(dir, 'templates.json');
    const m1 = new TemplateMiner();
    const idsA = A.map((s) => m1.add(s).templateId).map((id) => m1.resolveId(id));
    const before = new Map(m1.templates().map((t) => [t.id, t.template]));
    await saveState(file, m1);

    const m2 = TemplateMiner.fromJSON(await loadState(file));
    assert.deepEqual(m2.templates(), m1.templates());
    const resB = B.map((s) => m2.add(s));
    for (const id of idsA) assert.ok(m2.template(id), `template ${id} still resolves`);
    for (const [id, text] of before) assert.equal(m2.template(id)!.id, id, `id ${id} (${text}) kept`);
    assert.equal(resB[0]!.templateId, idsA[0]);
    assert.equal(resB[1]!.templateId, idsA[1]);
    assert.equal(resB[3]!.templateId, idsA[8]);
    assert.equal(resB[4]!.templateId, idsA[6]);
    assert.equal(resB[2]!.change, 'created');
  });
});

test('mining the same input twice (fresh miners) gives identical ids and state', () => {
  const run = (): [string[], unknown] => {
    const m = new TemplateMiner();
    const ids = [...A, ...B].map((s) => m.add(s).templateId);
    return [ids, m.toJSON()];
  };
  assert.deepEqual(run(), run());
});

test('mining A then B in two sessions equals mining A+B in one', async () => {
  await withTmp(async (dir) => {
    const file = join(dir, 's.json');
    const one = new TemplateMiner();
    const idsOne = [...A, ...B].map((s) => one.resolveId(one.add(s).templateId));
    const first = new TemplateMiner();
    const idsA = A.map((s) => first.add(s).templateId);
    await saveState(file, first);
    const second = TemplateMiner.fromJSON(await loadState(file));
    const idsB = B.map((s) => second.add(s).templateId);
    assert.deepEqual([...idsA, ...idsB].map((id) => second.resolveId(id)), idsOne.map((id) => one.resolveId(id)));
    assert.deepEqual(second.toJSON(), one.toJSON());
  });
});

test('the state is explicit JSON with kind and version', async () => {
  await withTmp(async (dir) => {
    const file = join(dir, 's.json');
    const m = new TemplateMiner();
    for (const s of A) m.add(s);
    await saveState(file, m);
    const json = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(json.kind, STATE_KIND);
    assert.equal(json.version, STATE_VERSION);
    assert.deepEqual(json.maskRules, DEFAULT_MASK_RULES.map((r) => r.name));
    assert.ok(Array.isArray(json.templates) && json.templates.every((t: { id: unknown }) => typeof t.id === 'string'));
    assert.equal(typeof json.aliases, 'object');
  });
});

test('unknown state version → clear STATE_CORRUPT error', () => {
  const state = { ...new TemplateMiner().toJSON(), version: 99 };
  assert.throws(
    () => TemplateMiner.fromJSON(state),
    (err: unknown) => err instanceof LoglakeError && err.code === 'STATE_CORRUPT' && /unsupported version 99 \(this build reads versions 1 and 2\)/.test(err.message),
  );
});

test('wrong kind, malformed templates and other mask rules are rejected', () => {
  const good = new TemplateMiner().toJSON();
  assert.throws(() => TemplateMiner.fromJSON({ ...good, kind: 'drain3' }), /kind is "drain3"/);
  assert.throws(() => TemplateMiner.fromJSON('nope'), /expected a JSON object/);
  assert.throws(() => TemplateMiner.fromJSON({ ...good, templates: [{ id: 'x', seq: 1, count: 1, tokens: 'a', generalized: [] }] }), /tokens must be a list of strings/);
  const custom = [...DEFAULT_MASK_RULES, regexRule('ticket', /^TCK\d+$/)];
  assert.throws(() => TemplateMiner.fromJSON(good, { maskRules: custom }), /pass the same rules to fromJSON/);
});

test('loadState: missing file and invalid JSON give clear errors', async () => {
  await withTmp(async (dir) => {
    await assert.rejects(loadState(join(dir, 'absent.json')), (e: unknown) => e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND');
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{not json');
    await assert.rejects(loadState(bad), (e: unknown) => e instanceof LoglakeError && e.code === 'STATE_CORRUPT');
  });
});

test('a version 1 state (masking v1) is migrated: same templates and ids, new rule names, version 2', () => {
  const miner = new TemplateMiner();
  for (let i = 0; i < 10; i++) miner.add(`Received block blk_${i}${i} of size ${i * 100} from 10.0.0.${i}`);
  const v2 = miner.toJSON();
  const v1 = { ...v2, version: 1, maskRules: [...V1_MASK_RULES] };
  const back = TemplateMiner.fromJSON(v1);
  const j = back.toJSON();
  assert.equal(j.version, STATE_VERSION);
  assert.deepEqual(j.maskRules, DEFAULT_MASK_RULES.map((r) => r.name));
  assert.deepEqual(j.templates.map((t) => t.id), v2.templates.map((t) => t.id));
  assert.equal(back.match('Received block blk_77 of size 700 from 10.0.0.7')?.templateId, miner.match('Received block blk_77 of size 700 from 10.0.0.7')?.templateId);
  // a v1 state with custom rules is not migrated silently
  assert.throws(() => TemplateMiner.fromJSON({ ...v1, maskRules: ['url'] }), /pass the same rules to fromJSON/);
});
