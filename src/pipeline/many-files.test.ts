import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, statSync, utimesSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from './ingest.js';
import { WarehouseState } from '../state/warehouse-state.js';

function fluentBit(pod: string, n: number, tag: string): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += JSON.stringify({ date: 1772441000 + i, log: `26/03/02 09:00:0${i % 10} INFO Executor: ${tag} task ${i}`, stream: 'stderr', kubernetes: { pod_name: pod, namespace_name: 'spark-team-a', labels: { 'spark-app-selector': 'spark-abc', 'spark-role': 'executor' } } }) + '\n';
  }
  return s;
}

const MTIME = 1_767_225_600;

/** A tree of `files` small Fluent Bit files of 5 lines each. */
function tree(dir: string, files: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < files; i++) {
    const pod = `exec-${i % 7}`;
    mkdirSync(join(dir, 'spark-abc', pod), { recursive: true });
    const p = join(dir, 'spark-abc', pod, `${String(i).padStart(4, '0')}.json`);
    writeFileSync(p, fluentBit(pod, 5, `f${i}`));
    utimesSync(p, MTIME, MTIME); // whole seconds: a stamp the test can put back exactly
    paths.push(p);
  }
  return paths;
}

test('many small files: every line once; a re-run skips them unopened by their stamp, a changed one is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-many-'));
  try {
    const paths = tree(join(dir, 'in'), 300);
    const wh = join(dir, 'wh');
    const opts = { inputs: [join(dir, 'in')], warehouse: wh, idleSecs: 0, templates: false, commitBytes: 20_000 };
    const first = await runIngest(opts);
    assert.equal(first.files_read, 300);
    assert.equal(first.totals.rows, 1500);
    assert.ok(first.commits > 3, `commits: ${first.commits}`);
    const cps = Object.values(WarehouseState.open(wh).doc.sources);
    assert.equal(cps.length, 300);
    assert.ok(cps.every((c) => c.stamp !== undefined), 'every fully read file has its stamp');

    // unchanged: skipped without reading. Proof that they are not even opened: one file's bytes are
    // replaced behind the stamp's back (same size, same inode, mtime put back) and nothing is read
    const victim = paths[10]!;
    const st = statSync(victim);
    writeFileSync(victim, fluentBit('exec-3', 5, 'g10'));
    assert.equal(statSync(victim).size, st.size);
    utimesSync(victim, MTIME, MTIME);
    // one file grew: read from where it stopped
    appendFileSync(paths[20]!, fluentBit('exec-6', 2, 'more'));
    const second = await runIngest(opts);
    assert.equal(second.files_read, 1);
    assert.equal(second.files_skipped_unchanged, 299);
    assert.equal(second.totals.rows, 2);
    const third = await runIngest(opts);
    assert.equal(third.files_read, 0);
    assert.equal(third.files_skipped_unchanged, 300);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
