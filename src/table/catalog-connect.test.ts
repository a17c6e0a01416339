import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUri } from './catalog-connect.js';

test('redactUri keeps scheme, host and path and drops credentials, also of opaque URIs', () => {
  assert.equal(redactUri('https://u:pw-rest@glue.example/iceberg?token=t'), 'https://glue.example/iceberg');
  // `new URL` parses this with an empty host and the password in the path
  const oracle = redactUri('oracle:thin:scott/pw-ora@h');
  assert.doesNotMatch(oracle, /pw-ora/);
  assert.match(oracle, /scott/);
  assert.doesNotMatch(redactUri('not a uri //tok-1@host'), /tok-1/);
});
