import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, renderUsage, wantsHelp, type CommandSpec } from './option-table.js';
import { COMMANDS } from './commands.js';
import { LoglakeError, UsageError } from '../core/errors.js';

const SPEC: CommandSpec = {
  name: 'demo-cmd', usage: 'demo-cmd --out <dir>', summary: 'test', positionals: 'none',
  options: [
    { name: 'out', kind: 'string', help: 'out', required: true },
    { name: 'config', kind: 'string', help: 'config file' },
    { name: 'n', kind: 'int', min: 1, help: 'n', config: 'n' },
    { name: 'every', kind: 'duration', help: 'every', config: 'every' },
    { name: 'mode', kind: 'choice', choices: ['a', 'b'], help: 'mode', config: 'mode' },
    { name: 'quiet', kind: 'boolean', help: 'quiet' },
  ],
};

test('flags are converted per kind; the config file fills what flags do not set', () => {
  const cfg = join(mkdtempSync(join(tmpdir(), 'loglake-cfg-')), 'c.json');
  writeFileSync(cfg, JSON.stringify({ n: 3, every: '10s', mode: 'b' }));
  const { values } = parseCommandLine(SPEC, ['--out', 'x', '--config', cfg, '--n', '5', '--quiet']);
  assert.deepEqual({ ...values }, { out: 'x', config: cfg, n: 5, every: 10_000, mode: 'b', quiet: true });
  writeFileSync(cfg, JSON.stringify({ nn: 3 }));
  assert.throws(() => parseCommandLine(SPEC, ['--out', 'x', '--config', cfg]), (e: unknown) => e instanceof LoglakeError && /unknown key "nn"/.test(e.message));
});

test('bad values, unknown flags and missing required flags are one-line usage errors', () => {
  for (const [argv, msg] of [
    [['--n', '5'], /needs --out/],
    [['--out', 'x', '--n', '0'], /--n must be an integer >= 1/],
    [['--out', 'x', '--every', '1'], /--every must be a duration/],
    [['--out', 'x', '--mode', 'c'], /--mode must be one of a, b/],
    [['--out', 'x', '--bogus'], /bogus/],
    [['--out', 'x', 'extra'], /positional/],
  ] as Array<[string[], RegExp]>) {
    assert.throws(() => parseCommandLine(SPEC, argv), (e: unknown) => e instanceof UsageError && msg.test(e.message) && !e.message.includes('\n'), argv.join(' '));
  }
});

test('every command has usage text naming each of its flags', () => {
  for (const c of COMMANDS) {
    const u = renderUsage(c);
    assert.match(u, new RegExp(`^Usage: loglake ${c.name}`));
    for (const o of c.options) assert.ok(u.includes(`--${o.name}`), `${c.name} --${o.name}`);
    assert.equal(new Set(c.options.map((o) => o.name)).size, c.options.length, `${c.name}: duplicate flag`);
  }
  assert.ok(wantsHelp(['--warehouse', 'x', '--help']));
  assert.ok(!wantsHelp(['--', '--help']));
});
