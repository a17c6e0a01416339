import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner, DEFAULT_MINER_CONFIG } from './miner.js';

test('same shape, different numbers: one template; first add creates, then none', () => {
  const m = new TemplateMiner();
  const a = m.add('Received block blk_1 of size 67108864 from /10.0.0.1');
  const b = m.add('Received block blk_2 of size 512 from /10.0.0.2');
  assert.equal(a.change, 'created');
  assert.equal(b.change, 'none');
  assert.equal(a.templateId, b.templateId);
  assert.equal(b.template, 'Received block <*> of size <*> from <*>');
  assert.equal(m.size, 1);
});

test('different token counts never share a template', () => {
  const m = new TemplateMiner();
  const a = m.add('Starting quorum peer');
  const b = m.add('Starting quorum peer now please');
  assert.notEqual(a.templateId, b.templateId);
});

test('a position with fewer than minVariants values stays constant (enum-like states)', () => {
  const m = new TemplateMiner();
  const states = ['LOOKING', 'FOLLOWING', 'LEADING'];
  const ids = states.map((s) => m.add(`Notification: 1 (n.leader), 0x0 (n.zxid), ${s} (n.state)`).templateId);
  assert.equal(new Set(ids).size, 3);
  assert.deepEqual(m.templates().map((t) => t.template), states.map((s) => `Notification: <*> (n.leader), <*> (n.zxid), ${s} (n.state)`));
});

test('minVariants distinct values merge into the oldest template, which keeps its id', () => {
  const m = new TemplateMiner();
  assert.equal(DEFAULT_MINER_CONFIG.minVariants, 4);
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const results = users.map((u) => m.add(`Invalid user ${u} from 173.234.31.186`));
  const first = results[0]!.templateId;
  assert.deepEqual(results.slice(0, 3).map((r) => r.change), ['created', 'created', 'created']);
  assert.equal(results[3]!.change, 'updated');
  assert.equal(results[3]!.templateId, first);
  assert.equal(results[4]!.change, 'none');
  assert.equal(results[5]!.change, 'none');
  assert.equal(results[5]!.templateId, first);
  assert.equal(m.size, 1);
  const t = m.template(first)!;
  assert.equal(t.template, 'Invalid user <*> from <*>');
  assert.equal(t.count, 6);
  // the absorbed templates' ids still resolve to the survivor
  assert.equal(m.resolveId(results[1]!.templateId), first);
  assert.equal(m.template(results[2]!.templateId)!.id, first);
});

test('generalizing keeps a literal prefix up to a strong delimiter', () => {
  const m = new TemplateMiner({ minVariants: 3 });
  for (const k of ['java.vendor=Oracle', 'os.name=Linux', 'user.name=zk']) m.add(`Server environment:${k}`);
  assert.equal(m.templates()[0]!.template, 'Server environment:<*>');
  assert.equal(m.add('Server environment:user.home=nowhere').change, 'none');
});

test('a unit that varies after a value is folded into the value', () => {
  const m = new TemplateMiner();
  const a = m.add('Block broadcast_1 stored (estimated size 5.2 KB, free 530.0 MB)');
  const b = m.add('Block broadcast_2 stored (estimated size 384.0 B, free 530.0 MB)');
  assert.equal(b.change, 'updated');
  assert.equal(b.templateId, a.templateId);
  assert.equal(b.template, 'Block <*> stored (estimated size <*>, free <*> MB)');
});

test('first tokens that are variables are found through the <*> branch of the tree', () => {
  const m = new TemplateMiner();
  const a = m.add('10.0.0.1:50010 Served block blk_1 to /10.0.0.2');
  const b = m.add('10.0.0.9:50010 Served block blk_7 to /10.0.0.3');
  assert.equal(a.templateId, b.templateId);
  assert.equal(b.template, '<*>:<*> Served block <*> to <*>');
});

test('match() infers without learning', () => {
  const m = new TemplateMiner();
  const a = m.add('Connection closed by 10.0.0.1 port 22');
  const before = m.templates();
  const hit = m.match('Connection closed by 10.9.9.9 port 2222');
  assert.deepEqual(hit, { templateId: a.templateId, template: 'Connection closed by <*> port <*>' });
  assert.equal(m.match('Something entirely new here'), undefined);
  assert.deepEqual(m.templates(), before);
  assert.equal(m.size, 1);
});

test('templates() lists id, text, tokens, count and first/last seen, oldest first', () => {
  const m = new TemplateMiner();
  m.add('alpha 1', 100);
  m.add('beta gamma', 101);
  m.add('alpha 2', 105);
  const list = m.templates();
  assert.equal(list.length, 2);
  assert.deepEqual({ ...list[0]!, id: 'x' }, { id: 'x', template: 'alpha <*>', tokens: ['alpha', '<*>'], count: 2, firstSeen: 100, lastSeen: 105 });
  assert.equal(list[1]!.template, 'beta gamma');
});

test('same input twice gives the same ids (ids are a hash of the first masked text)', () => {
  const input = ['a 1', 'b c d', 'a 2', 'user x logged in', 'e f 0x1f'];
  const run = (): string[] => {
    const m = new TemplateMiner();
    return input.map((s) => m.add(s).templateId);
  };
  assert.deepEqual(run(), run());
});

test('empty and whitespace-only messages get one (empty) template', () => {
  const m = new TemplateMiner();
  const a = m.add('');
  const b = m.add('   ');
  assert.equal(a.templateId, b.templateId);
  assert.equal(b.template, '');
});

test('bad config is rejected with the offending value', () => {
  assert.throws(() => new TemplateMiner({ minVariants: 1 }), /minVariants must be at least 2, got 1/);
  assert.throws(() => new TemplateMiner({ treeDepth: -1 }), /treeDepth must be a non-negative integer/);
});

test('exact repeats get the same template whether the message lookup is on or sampled', () => {
  const m = new TemplateMiner();
  const first = new Map<string, string>();
  const msg = (i: number): string => `job ${i} of stage ${i % 5} done on node-${(i * 7919) % 10007}a in ${i % 13} ms`;
  // unique messages turn the lookup of whole messages down to a sample, repeats turn it on again
  for (let i = 0; i < 20_000; i++) first.set(msg(i), m.add(msg(i)).templateId);
  for (let r = 0; r < 3; r++) {
    for (let i = 0; i < 20_000; i += 3) {
      const a = m.add(msg(i));
      assert.equal(a.templateId, m.resolveId(first.get(msg(i))!));
      assert.equal(a.template, m.template(a.templateId)!.template);
    }
  }
});

test('messages that mask alike in a row share the masked text, also after a different one', () => {
  const m = new TemplateMiner();
  const ids = ['took 1 ms', 'took 2 ms', 'took 3 ms', 'ran 4 jobs', 'took 5 ms', 'took 6 ms'].map((s) => m.add(s).templateId);
  assert.deepEqual(ids.map((id) => ids.indexOf(id)), [0, 0, 0, 3, 0, 0]);
  assert.equal(m.template(ids[0]!)!.count, 5);
});

test('remembered repeats answer as if every message were masked and looked up anew, also while the cache is cleared', () => {
  // repeats of few shapes, values that later generalize, and a cache that is cleared every 7 keys
  const lines: string[] = [];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'];
  for (let i = 0; i < 4000; i++) {
    const u = users[(i * 7) % users.length]!;
    lines.push(`Invalid user ${u} from 10.0.0.${i % 3}`);
    if (i % 5 === 0) lines.push(`session ${u} closed`, `session ${users[i % 4]} opened by ${u}`);
    if (i % 11 === 0) lines.push(`disk ${i % 4} at ${i % 9} percent`, `state ${['LEADING', 'LOOKING', 'FOLLOWING'][i % 3]} entered`);
  }
  const options = { maxCacheEntries: 7, minGeneralizeLength: 3 };
  const remembered = new TemplateMiner(options);
  const got = lines.map((l, i) => {
    const r = remembered.add(l, i);
    return `${r.templateId} ${r.change} ${r.template}`;
  });
  // messages longer than 256 characters are never remembered: the same messages, padded, take the long way
  const fresh = new TemplateMiner(options);
  const pad = ' '.repeat(260);
  const want = lines.map((l, i) => {
    const r = fresh.add(l + pad, i);
    return `${r.templateId} ${r.change} ${r.template}`;
  });
  assert.deepEqual(got, want);
  assert.deepEqual(remembered.toJSON(), fresh.toJSON());
});
