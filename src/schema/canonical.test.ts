import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../core/paths.js';
import { COLUMNS, MAP_FIELD_IDS, LAST_COLUMN_ID, SCHEMA_VERSION, V1_0_COLUMNS, V1_0_LAST_COLUMN_ID } from './canonical.js';
import { EVENT_TYPES } from '../enrich/event-type.js';

test('field ids are unique, never reused, and additive columns sit above the previous last-column-id', () => {
  const ids = [...COLUMNS.map((c) => c.id), ...Object.values(MAP_FIELD_IDS).flat()];
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(Math.max(...ids), LAST_COLUMN_ID);
  for (const c of COLUMNS.filter((x) => x.since !== '1.0')) assert.ok(c.id > V1_0_LAST_COLUMN_ID, `${c.name} id ${c.id}`);
  // v1.x only appends: the v1.0 columns are a prefix of the current list, in order
  assert.deepEqual(COLUMNS.slice(0, V1_0_COLUMNS.length).map((c) => c.name), V1_0_COLUMNS.map((c) => c.name));
  assert.equal(SCHEMA_VERSION, COLUMNS.map((c) => c.since).sort().pop());
});

test('docs/schema.md documents every column with its id, type and version, and every event_type', () => {
  const doc = readFileSync(join(repoRoot(), 'docs', 'schema.md'), 'utf8');
  for (const c of COLUMNS) {
    assert.match(doc, new RegExp(`\\| ${c.id} \\| \`${c.name}\` \\| [^|]+ \\| [a-z]+ \\| ${c.since.replace('.', '\\.')} \\|`), `column ${c.name}`);
  }
  assert.match(doc, new RegExp(`Current version: \\*\\*${SCHEMA_VERSION.replace('.', '\\.')}\\*\\*`));
  for (const t of EVENT_TYPES) assert.ok(doc.includes(t), `event_type ${t}`);
});
