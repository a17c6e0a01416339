import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveShard } from './shard-option.js';
import { UsageError } from '../core/errors.js';

const env = (index?: string, count?: string): NodeJS.ProcessEnv => ({
  ...(index !== undefined ? { JOB_COMPLETION_INDEX: index } : {}),
  ...(count !== undefined ? { LOGLAKE_SHARD_COUNT: count } : {}),
});

test('explicit i/N wins over the environment', () => {
  assert.deepEqual(resolveShard('1/4', env('3', '8')), { index: 1, count: 4 });
  assert.throws(() => resolveShard('4/4', env()), /--shard must be i\/N with 0 <= i < N, or auto, got "4\/4"/);
  assert.throws(() => resolveShard('x', env()), UsageError);
});

test('auto takes index and count from an Indexed Job environment', () => {
  assert.deepEqual(resolveShard('auto', env('0', '1')), { index: 0, count: 1 });
  assert.deepEqual(resolveShard('auto', env('7', '8')), { index: 7, count: 8 });
  assert.deepEqual(resolveShard(undefined, env('2', '3')), { index: 2, count: 3 }, 'both variables set imply auto');
});

test('no flag and no count: not sharded, even inside an Indexed Job', () => {
  assert.equal(resolveShard(undefined, env()), undefined);
  assert.equal(resolveShard(undefined, env('3')), undefined);
});

test('missing or inconsistent variables: one clear usage line', () => {
  assert.throws(() => resolveShard('auto', env()), /--shard auto needs JOB_COMPLETION_INDEX .* and LOGLAKE_SHARD_COUNT .*; missing: JOB_COMPLETION_INDEX and LOGLAKE_SHARD_COUNT$/);
  assert.throws(() => resolveShard('auto', env('1')), /missing: LOGLAKE_SHARD_COUNT$/);
  assert.throws(() => resolveShard(undefined, env(undefined, '4')), /^UsageError: LOGLAKE_SHARD_COUNT=4 without --shard needs .*missing: JOB_COMPLETION_INDEX$/);
  assert.throws(() => resolveShard('auto', env('4', '4')), /JOB_COMPLETION_INDEX=4 is not below LOGLAKE_SHARD_COUNT=4/);
  assert.throws(() => resolveShard('auto', env('1', '0')), /LOGLAKE_SHARD_COUNT must be an integer >= 1, got "0"/);
  assert.throws(() => resolveShard('auto', env('-1', '4')), /JOB_COMPLETION_INDEX must be an integer >= 0, got "-1"/);
  assert.throws(() => resolveShard('auto', env('1', '4 ')), /LOGLAKE_SHARD_COUNT must be an integer >= 1/);
  for (const bad of [env(), env('9', '4')]) {
    try {
      resolveShard('auto', bad);
      assert.fail('expected a usage error');
    } catch (e) {
      assert.ok(e instanceof UsageError);
      assert.ok(!(e as Error).message.includes('\n'), 'one line');
    }
  }
});
