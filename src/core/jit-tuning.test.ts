import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { JIT_FLAGS } from './jit-tuning.js';

// v8.setFlagsFromString ignores a flag this V8 does not know: after a Node upgrade that renames one,
// the tuning would silently stop. Every flag must be listed by `node --v8-options`.
test('every JIT flag is one this V8 knows', () => {
  const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
  for (const f of JIT_FLAGS) {
    const name = f.replace(/^--(no-)?/, '').replace(/=.*$/, '');
    assert.match(known, new RegExp(`^\\s+--${name} `, 'm'), `${f} is not a V8 flag here`);
  }
});
