/** A LineSink for source tests that collects every line as text (no overlong line expected). */
import assert from 'node:assert/strict';
import type { LineSink } from '../../src/sources/line-reader.js';

export function collectLines(): { got: string[]; sink: LineSink } {
  const got: string[] = [];
  return {
    got,
    sink: {
      onLine: (b, s, e) => got.push(b.toString('utf8', s, e)),
      onText: (line) => got.push(line),
      onOverlong: () => assert.fail('no overlong line here'),
    },
  };
}
