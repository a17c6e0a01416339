/**
 * What can be tested of the image without a Docker daemon: the package and its install, in a clean
 * folder, exactly as deploy/Dockerfile does it.
 * 1. `npm pack` (the build stage's last step): the tarball holds bin/ and dist/src/, no tests or sources.
 * 2. The deps stage: the unpacked tarball + package-lock.json, then the stage's own RUN line read from
 *    the Dockerfile (`npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 zstd-napi …`):
 *    no dev dependency, both native addons compiled, no allowScripts warning.
 * 3. The runtime: the `loglake` entry point (chmod + symlink as in the Dockerfile) prints --help and
 *    --version, and ingests a tiny Docker log into Iceberg with the ConfigMap's config file, outside
 *    the repository; a query reads it back.
 * Slow (compiles better-sqlite3 and zstd from source, as the image build does).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, readFileSync, existsSync, chmodSync, symlinkSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { repoRoot } from '../../src/core/paths.js';
import { dockerStages, stageRun, stageEnv } from '../helpers/dockerfile-stages.js';
import { configMap } from '../../deploy/manifests/manifests.js';

/** The environment without npm's own npm_* variables (set when this runs under `npm test`). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return { ...env, ...extra };
}

function sh(cmd: string, args: string[], cwd: string, env = cleanEnv()): { status: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

test('npm pack → the Dockerfile install steps in a clean folder → loglake --help and a tiny ingest', () => {
  const root = repoRoot();
  const work = mkdtempSync(join(tmpdir(), 'loglake-pkg-'));
  try {
    // 1. the package
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, env: cleanEnv(), encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const info = (JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
    const files = info.files.map((f) => f.path);
    for (const f of ['bin/loglake.js', 'package.json', 'dist/src/cli/main.js', 'dist/src/sinks/parquet/encoder-worker.js', 'dist/src/enrich/templates/miner-worker.js']) assert.ok(files.includes(f), `tarball has ${f}`);
    assert.deepEqual(files.filter((f) => /^(src|test|bench|deploy|dist\/(test|bench|deploy|scripts))\/|\.test\.js/.test(f)), [], 'no sources, tests or benches in the tarball');

    // 2. the deps stage
    const app = join(work, 'app');
    mkdirSync(app);
    assert.equal(sh('tar', ['-xzf', join(work, info.filename), '-C', app, '--strip-components=1'], work).status, 0);
    copyFileSync(join(root, 'package-lock.json'), join(app, 'package-lock.json'));
    const stages = dockerStages(readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8'));
    // the stage's ENV, except a nodedir that only exists in the node image (/usr/local, the image's Node
    // prefix): here the headers of the Node running this test, so the addons match its ABI whatever
    // Node runs the suite (this machine's npm config names the system Node's headers, cleanEnv drops npm_*)
    const stageVars = stageEnv(stages, 'deps');
    if (stageVars.npm_config_nodedir && !existsSync(join(stageVars.npm_config_nodedir, 'include', 'node', 'node.h'))) {
      const ownPrefix = dirname(dirname(realpathSync(process.execPath)));
      if (existsSync(join(ownPrefix, 'include', 'node', 'node.h'))) stageVars.npm_config_nodedir = ownPrefix;
      else delete stageVars.npm_config_nodedir;
    }
    assert.equal(stageVars.npm_config_build_from_source, 'true', 'no prebuilt binaries downloaded');
    const install = sh('sh', ['-c', stageRun(stages, 'deps')], app, cleanEnv(stageVars));
    assert.equal(install.status, 0, install.out.slice(-3000));
    assert.doesNotMatch(install.out, /not yet covered by allowScripts/);
    for (const dev of ['typescript', 'tsx', 's3rver', 'kubernetes-models', 'dockerfile-utils']) assert.ok(!existsSync(join(app, 'node_modules', dev)), `dev dependency ${dev} installed`);
    for (const addon of ['better-sqlite3/build/Release/better_sqlite3.node', 'zstd-napi/build/Release/binding.node']) assert.ok(existsSync(join(app, 'node_modules', addon)), `${addon} built`);
    assert.ok(!existsSync(join(app, 'dist', 'src', 'cli', 'main.test.js')));

    // 3. the runtime's entry point
    chmodSync(join(app, 'bin', 'loglake.js'), 0o755);
    const binDir = join(work, 'usr-local-bin');
    mkdirSync(binDir);
    symlinkSync(join(app, 'bin', 'loglake.js'), join(binDir, 'loglake'));
    const env = cleanEnv({ PATH: `${binDir}:${dirname(process.execPath)}:${process.env.PATH ?? ''}` });
    const loglake = (...args: string[]): { status: number; out: string } => sh('loglake', args, work, env);
    const help = loglake('--help');
    assert.equal(help.status, 0, help.out);
    assert.match(help.out, /^ {2}ingest {2,}/m);
    const ingestHelp = loglake('ingest', '--help');
    assert.equal(ingestHelp.status, 0, ingestHelp.out);
    assert.match(ingestHelp.out, /--warehouse/);
    const version = loglake('--version');
    assert.equal(version.status, 0, version.out);
    assert.match(version.out, /0\.1\.0/);

    const logs = join(work, 'containers', 'c1');
    mkdirSync(logs, { recursive: true });
    const line = (msg: string, s: number): string => JSON.stringify({ log: `{"level":30,"time":${Date.UTC(2026, 2, 2, 6, 0, s)},"msg":"${msg}"}\n`, stream: 'stdout', time: `2026-03-02T06:00:0${s}.000000000Z` });
    writeFileSync(join(logs, 'c1-json.log'), [line('started', 1), line('ready', 2), line('served', 3), '{"log":"broken'].join('\n') + '\n');
    writeFileSync(join(work, 'loglake.json'), configMap.data!['loglake.json']!);
    const wh = join(work, 'wh');
    const ingest = loglake('ingest', join(work, 'containers'), '--warehouse', wh, '--table-format', 'iceberg', '--config', join(work, 'loglake.json'), '--service', 'tiny', '--json');
    assert.equal(ingest.status, 0, ingest.out);
    const summary = JSON.parse(ingest.out.slice(ingest.out.indexOf('{'), ingest.out.lastIndexOf('}') + 1)) as { totals: { rows: number; quarantined: number } };
    assert.deepEqual([summary.totals.rows, summary.totals.quarantined], [3, 1]);
    const q = loglake('query', '--warehouse', wh, '--format', 'csv', 'SELECT cluster_id, environment, count(*) AS n FROM logs GROUP BY ALL');
    assert.equal(q.status, 0, q.out);
    assert.match(q.out, /eks-prod-us-east-1,prod,3/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
