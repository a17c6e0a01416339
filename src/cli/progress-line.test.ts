import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from './ingest-command.js';

test('the progress line shows files done / total for a many-file run', () => {
  const line = progressLine({ bytes: 10 * 1048576, lines: 20_000, rows: 19_000, file: '/x/0001.json', filesDone: 1_234, filesTotal: 10_000 }, 2);
  assert.equal(line, '  1,234/10,000 files  10.0 MiB  5.0 MiB/s  20,000 lines  10,000 lines/s  19,000 rows');
});

test('a single-file run shows no file count', () => {
  const line = progressLine({ bytes: 1048576, lines: 10, rows: 10, file: '/x/a.log', filesDone: 0, filesTotal: 1 }, 1);
  assert.doesNotMatch(line, /files/);
});
