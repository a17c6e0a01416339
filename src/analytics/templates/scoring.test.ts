import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreTemplates } from './scoring.js';

test('hand-made sample: grouping right but one template text wrong', () => {
  // truth groups: send(2) recv(2) close(1); the recv group is grouped right but its text is wrong
  const truth = ['send <*>', 'send <*>', 'recv <*>', 'recv <*>', 'close'];
  const pred = ['send <*>', 'send <*>', 'recv x', 'recv x', 'close'];
  const s = scoreTemplates(truth, pred);
  assert.equal(s.ga, 1);
  assert.equal(s.fga, 1);
  assert.equal(s.pa, 3 / 5);
  assert.equal(s.pta, 2 / 3);
  assert.equal(s.rta, 2 / 3);
  assert.ok(Math.abs(s.fta - 2 / 3) < 1e-12);
  assert.equal(s.identifiedTemplates, 3);
  assert.equal(s.truthTemplates, 3);
});

test('hand-made sample: a split group and a merged group', () => {
  // A is grouped right; B is split over X and Y; C shares X with B
  const truth = ['A', 'A', 'B', 'B', 'C'];
  const pred = ['A', 'A', 'X', 'Y', 'X'];
  const s = scoreTemplates(truth, pred);
  assert.equal(s.ga, 2 / 5);
  assert.equal(s.pga, 1 / 3); // predicted templates A, X, Y; only A is a correct group
  assert.equal(s.rga, 1 / 3); // truth templates A, B, C
  assert.ok(Math.abs(s.fga - 1 / 3) < 1e-12);
  assert.equal(s.pa, 2 / 5);
  assert.ok(Math.abs(s.fta - 1 / 3) < 1e-12);
});

test('a group counts for GA only when its prediction is used by no other message', () => {
  const s = scoreTemplates(['A', 'A', 'B'], ['P', 'P', 'P']);
  assert.equal(s.ga, 0);
  assert.equal(s.fga, 0);
  assert.equal(s.fta, 0);
});

test('rows without a truth label are left out of GA/FTA but count in PA', () => {
  const s = scoreTemplates(['A', '', 'A'], ['A', 'A', 'A']);
  assert.equal(s.ga, 1); // only the 2 labelled rows; predicted A holds both
  assert.equal(s.pa, 2 / 3);
  assert.equal(s.fta, 1);
});

test('PA is exact string equality (no whitespace normalization)', () => {
  const s = scoreTemplates(['a <*> b'], ['a <*>  b']);
  assert.equal(s.pa, 0);
  assert.equal(s.ga, 1);
});

test('length mismatch and empty input are errors', () => {
  assert.throws(() => scoreTemplates(['a'], []), /1 truth rows but 0 predictions/);
  assert.throws(() => scoreTemplates([], []), /no messages/);
});
