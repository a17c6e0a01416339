import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runTemplatesCommand } from './templates-command.js';
import { csvField, parseCsv } from './csv.js';
import { LoglakeError } from '../../core/errors.js';

async function run(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loglake-tpl-cmd-'));
  try {
    const file = join(dir, 'in.log');
    await writeFile(file, text);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await runTemplatesCommand(file, out);
    out.end();
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writes LineId,EventTemplate with 1-based ids, final templates, RFC 4180 quoting', async () => {
  const csv = await run(
    [
      'Changing view acls to: yarn,curi',
      'Registered signal handlers for [TERM, HUP, INT]',
      'He said "hi" to 10.0.0.1',
      'He said "hi" to 10.0.0.2',
      'plain line',
    ].join('\n') + '\n',
  );
  assert.equal(
    csv,
    [
      'LineId,EventTemplate',
      '1,"Changing view acls to: yarn,curi"',
      '2,"Registered signal handlers for [TERM, HUP, INT]"',
      '3,"He said ""hi"" to <*>"',
      '4,"He said ""hi"" to <*>"',
      '5,plain line',
      '',
    ].join('\n'),
  );
  const rows = parseCsv(csv);
  assert.deepEqual(rows[3], ['3', 'He said "hi" to <*>']);
});

test('CRLF input, no trailing newline, and empty lines keep line numbering', async () => {
  const csv = await run('a 1\r\n\r\na 2');
  assert.equal(csv, 'LineId,EventTemplate\n1,a <*>\n2,\n3,a <*>\n');
});

test('a line learned early gets the template it generalized into later', async () => {
  const users = ['alice', 'bob', 'carol', 'dave'];
  const csv = await run(users.map((u) => `Invalid user ${u} from 10.0.0.1`).join('\n'));
  assert.deepEqual(
    parseCsv(csv).slice(1).map((r) => r[1]),
    users.map(() => 'Invalid user <*> from <*>'),
  );
});

test('missing input file → INPUT_NOT_FOUND', async () => {
  await assert.rejects(runTemplatesCommand('/nonexistent/loglake/x.log', new PassThrough()), (e: unknown) => e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND');
});

test('csvField quotes only when needed; parseCsv reads quoted commas, quotes and newlines', () => {
  assert.equal(csvField('abc'), 'abc');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "x"'), '"say ""x"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.deepEqual(parseCsv('a,"b,c","d ""e""","f\r\ng"\r\n1,,3,\n'), [
    ['a', 'b,c', 'd "e"', 'f\r\ng'],
    ['1', '', '3', ''],
  ]);
});
