// Runs the whole suite on another Node release, from a clean copy of the committed tree.
// Usage: node scripts/test-on-node.mjs <major|version> [--keep] [test-filter...]
//        npm run test:node -- 24
// 1. The official Node binary with its headers comes from the npm registry as the package
//    node-<platform>-<arch>@<version> (`npm pack`), unpacked once into <cache>/<version> and reused:
//    $LOGLAKE_NODE_CACHE, else ~/.cache/loglake/node (root: /var/cache/loglake/node).
//    A major (24) means the newest release of it on the registry (or, offline, the newest cached).
// 2. `git archive HEAD` into a temp folder (uncommitted changes are not part of the run), with the
//    repository's ../shared linked beside it, as the tests look for it (repoRoot()/../shared).
// 3. `npm ci` and `npm test` there, that Node first on PATH, npm_config_nodedir = its folder (the
//    native addons compile against its headers, nothing else downloaded), CI=true unless CI is set.
// Ends with one summary line and the suite's exit status. --keep leaves the temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NAME = 'test-on-node';
const USAGE = `usage: node scripts/${NAME}.mjs <major|version> [--keep] [test-filter...]   (e.g. 24, 22.23.5)`;

/** An error to print as one line, with the exit status to end with. */
class Stop extends Error {
  constructor(message, status = 2) {
    super(message);
    this.status = status;
  }
}

/** Lowest major allowed by package.json `engines.node` (">=20" → 20), or 0 if it says none. */
export function minMajor(enginesNode) {
  const m = /^\s*>=?\s*v?(\d+)/.exec(enginesNode ?? '');
  return m ? Number(m[1]) : 0;
}

/**
 * The command line → { major, version (undefined for a bare major), keep, filters }.
 * Throws Stop (status 2) with one line on anything else.
 */
export function parseArgs(argv, lowest = 0) {
  const rest = argv.filter((a) => a !== '--keep');
  const keep = rest.length !== argv.length;
  const [target, ...filters] = rest;
  if (target === undefined || target === '') throw new Stop(`${NAME}: no Node version given. ${USAGE}`);
  for (const f of filters) if (f.startsWith('-')) throw new Stop(`${NAME}: unknown option "${f}". ${USAGE}`);
  const m = /^v?(\d{1,3})(?:\.(\d{1,4})\.(\d{1,4}))?$/.exec(target);
  if (!m) throw new Stop(`${NAME}: "${target}" is not a Node major (24) or version (24.11.1). ${USAGE}`);
  const major = Number(m[1]);
  if (major < lowest) throw new Stop(`${NAME}: Node ${major} is below what package.json engines allows (>=${lowest})`);
  const version = m[2] === undefined ? undefined : `${major}.${Number(m[2])}.${Number(m[3])}`;
  return { major, version, keep, filters };
}

/** Compares "a.b.c" versions numerically. */
function cmp(a, b) {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The newest plain release (no pre-release tag) of `major` in a list of versions, or undefined. */
export function newestOfMajor(versions, major) {
  return versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && Number(v.split('.')[0]) === major).sort(cmp).at(-1);
}

/** The registry package holding the official Node binary for this machine. */
export function nodePackage(platform = process.platform, arch = process.arch) {
  if (!['linux', 'darwin'].includes(platform) || !['x64', 'arm64'].includes(arch)) {
    throw new Stop(`${NAME}: no Node package on the registry for ${platform}-${arch} (linux/darwin, x64/arm64 only)`, 1);
  }
  return `node-${platform}-${arch}`;
}

/**
 * Where the Node releases are kept: $LOGLAKE_NODE_CACHE, else ~/.cache/loglake/node; for root
 * /var/cache/loglake/node, because the suite runs the CLI as `nobody` too (bad-sources test) and
 * /root is not open to it.
 */
function cacheRoot() {
  if (process.env.LOGLAKE_NODE_CACHE) return process.env.LOGLAKE_NODE_CACHE;
  if (process.getuid?.() === 0) return '/var/cache/loglake/node';
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'loglake', 'node');
}

/** The process environment without npm's own npm_* variables (set when this runs under `npm run`). */
function baseEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return env;
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: baseEnv(), ...opts });
}

/** The last line of npm's (or another tool's) error output that says something (not the log-file pointer). */
function lastLine(text) {
  return (text ?? '').trim().split('\n').filter((l) => l.trim() !== '' && !/complete log of this run/.test(l)).at(-1) ?? '';
}

/** The version to run: the given one, else the newest of the major on the registry (or in the cache, offline). */
function resolveVersion(pkg, { major, version }) {
  if (version) return version;
  const view = run('npm', ['view', `${pkg}@${major}`, 'version', '--json']);
  if (view.status === 0) {
    let listed = [];
    try {
      const parsed = JSON.parse(view.stdout || '[]');
      listed = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      listed = [];
    }
    const newest = newestOfMajor(listed.map(String), major);
    if (newest) return newest;
    throw new Stop(`${NAME}: the registry has no ${pkg} release for Node ${major}`, 1);
  }
  if (/E404/.test(view.stdout + view.stderr)) throw new Stop(`${NAME}: the registry has no ${pkg} release for Node ${major}`, 1);
  const cached = existsSync(cacheRoot()) ? newestOfMajor(readdirSync(cacheRoot()), major) : undefined;
  if (cached) {
    process.stderr.write(`${NAME}: registry not reachable (${lastLine(view.stderr)}); using the cached Node ${cached}\n`);
    return cached;
  }
  throw new Stop(`${NAME}: cannot list ${pkg}@${major} on the registry: ${lastLine(view.stderr) || `npm exit ${view.status}`}`, 1);
}

/** Folder holding bin/node and include/node of `version`, fetched with `npm pack` unless cached. */
function nodeDir(pkg, version) {
  const dir = join(cacheRoot(), version);
  const ok = (d) => existsSync(join(d, 'bin', 'node')) && existsSync(join(d, 'include', 'node', 'node.h'));
  if (ok(join(dir, 'package'))) return join(dir, 'package');
  mkdirSync(cacheRoot(), { recursive: true });
  const part = mkdtempSync(join(cacheRoot(), `.${version}-`));
  try {
    process.stderr.write(`${NAME}: fetching ${pkg}@${version} into ${dir}\n`);
    const pack = run('npm', ['pack', `${pkg}@${version}`, '--json', '--pack-destination', part], { cwd: part });
    if (pack.status !== 0) {
      const why = /E404|No matching version|notarget/i.test(pack.stderr) ? 'is not on the registry' : `could not be fetched: ${lastLine(pack.stderr)}`;
      throw new Stop(`${NAME}: ${pkg}@${version} ${why}`, 1);
    }
    const tgz = readdirSync(part).find((f) => f.endsWith('.tgz'));
    const untar = run('tar', ['-xzf', join(part, tgz ?? 'missing.tgz'), '-C', part]);
    if (!tgz || untar.status !== 0) throw new Stop(`${NAME}: could not unpack ${pkg}@${version}: ${lastLine(untar.stderr)}`, 1);
    rmSync(join(part, tgz));
    if (!ok(join(part, 'package'))) throw new Stop(`${NAME}: ${pkg}@${version} has no bin/node with include/node headers`, 1);
    chmodSync(part, 0o755); // mkdtemp made it 0700
    rmSync(dir, { recursive: true, force: true });
    renameSync(part, dir);
  } finally {
    rmSync(part, { recursive: true, force: true });
  }
  return join(dir, 'package');
}

/** Runs `cmd` with output passed through; returns its status and the suite totals seen in its output. */
function runVisible(cmd, args, opts) {
  return new Promise((resolve) => {
    const totals = {};
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const scan = (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const l of lines) {
        const m = /^(?:ℹ|#) (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(l);
        if (m) totals[m[1]] = Number(m[2]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (d) => { process.stdout.write(d); scan(d); });
    child.stderr.setEncoding('utf8').on('data', (d) => process.stderr.write(d));
    child.on('error', (e) => resolve({ status: 127, totals, error: e.message }));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 128 : 1), totals }));
  });
}

function secs(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

async function main(argv) {
  const repo = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..'));
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const pkgJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const args = parseArgs(argv, minMajor(pkgJson.engines?.node));
  const pkg = nodePackage();
  const head = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo });
  if (head.status !== 0) throw new Stop(`${NAME}: ${repo} is not a git checkout (${lastLine(head.stderr)})`, 1);
  const version = resolveVersion(pkg, args);
  const dir = nodeDir(pkg, version);
  const nodeBin = join(dir, 'bin', 'node');
  const reported = run(nodeBin, ['--version']);
  if (reported.status !== 0 || reported.stdout.trim() !== `v${version}`) {
    throw new Stop(`${NAME}: ${nodeBin} does not run as v${version} (${lastLine(reported.stdout + reported.stderr)})`, 1);
  }

  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo }).stdout.trim() !== '';
  const work = mkdtempSync(join(tmpdir(), 'loglake-node' + args.major + '-'));
  const copy = join(work, 'loglake');
  let status = 1;
  try {
    chmodSync(work, 0o755); // the suite also runs the CLI as another user (as the checkout normally allows)
    mkdirSync(copy);
    const tar = join(work, 'head.tar');
    const archive = run('git', ['archive', '--format=tar', '-o', tar, 'HEAD'], { cwd: repo });
    if (archive.status !== 0) throw new Stop(`${NAME}: git archive failed: ${lastLine(archive.stderr)}`, 1);
    const untar = run('tar', ['-xf', tar, '-C', copy]);
    if (untar.status !== 0) throw new Stop(`${NAME}: could not unpack the archive: ${lastLine(untar.stderr)}`, 1);
    rmSync(tar);
    const shared = join(repo, '..', 'shared');
    if (existsSync(shared)) symlinkSync(realpathSync(shared), join(work, 'shared'));
    process.stderr.write(`${NAME}: Node v${version} (${dir}) on HEAD ${head.stdout.trim()} in ${copy}` +
      `${dirty ? ' (uncommitted changes are not included)' : ''}${existsSync(shared) ? '' : ' (no ../shared beside the repository)'}\n`);

    // addons compiled from their sources against these headers, as in deploy/Dockerfile (no attempt to
    // download prebuilt binaries first, whose code also warns DEP0176 on Node 24)
    const env = { ...baseEnv(), PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: dir, npm_config_build_from_source: 'true' };
    if (env.CI === undefined) env.CI = 'true';
    const t0 = Date.now();
    const ci = await runVisible('npm', ['ci', '--no-audit', '--no-fund'], { cwd: copy, env });
    const t1 = Date.now();
    if (ci.status !== 0) {
      process.stdout.write(`${NAME}: Node v${version}: FAIL — npm ci exited ${ci.status}${ci.error ? ` (${ci.error})` : ''} after ${secs(t1 - t0)}\n`);
      return ci.status || 1;
    }
    const suite = await runVisible('npm', ['test', ...(args.filters.length ? ['--', ...args.filters] : [])], { cwd: copy, env });
    const t2 = Date.now();
    const t = suite.totals;
    const counts = t.tests === undefined ? 'no test totals in the output'
      : `${t.tests} tests, ${t.pass ?? 0} passed, ${t.fail ?? 0} failed, ${t.skipped ?? 0} skipped, ${t.cancelled ?? 0} cancelled`;
    status = suite.status;
    const verdict = status === 0 && t.tests !== undefined ? 'PASS' : 'FAIL';
    process.stdout.write(`${NAME}: Node v${version}: ${verdict} — ${counts} (exit ${status}; npm ci ${secs(t1 - t0)}, suite ${secs(t2 - t1)}; HEAD ${head.stdout.trim()})\n`);
    if (status === 0 && t.tests === undefined) status = 1;
    return status;
  } finally {
    if (args.keep) process.stderr.write(`${NAME}: kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  // Ctrl-C reaches the children too (same process group); this process stays to clean up after them.
  process.on('SIGINT', () => {});
  main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (e) => {
      process.stderr.write((e instanceof Stop ? e.message : `${NAME}: ${e?.message ?? e}`) + '\n');
      process.exit(e instanceof Stop ? e.status : 1);
    },
  );
}
