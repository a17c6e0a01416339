import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets } from './errors.js';

test('redactSecrets masks the user:password part of every URI in a message', () => {
  assert.equal(
    redactSecrets('cannot reach postgresql://loglake:hunter2@db:5432/lake and http://u:p@127.0.0.1:9000/x'),
    'cannot reach postgresql://***@db:5432/lake and http://***@127.0.0.1:9000/x',
  );
  assert.equal(redactSecrets('s3://bucket/key with no user'), 's3://bucket/key with no user');
});
