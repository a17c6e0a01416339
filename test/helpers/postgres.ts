/**
 * Test helper: a throwaway PostgreSQL cluster on 127.0.0.1. Finds the server binaries (PATH,
 * /usr/lib/postgresql/<v>/bin, /usr/local/bin, /usr/local/pgsql/bin), installs the Debian
 * `postgresql` package when none exist (CI is a fresh Debian machine), `initdb`s a cluster in a
 * temp dir (as the `postgres` system user when running as root: PostgreSQL refuses to run as root),
 * starts it on a free port and returns a connection string and stop().
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { aptInstall } from './python-avro.js';

const execFileP = promisify(execFile);

/** A running throwaway server. */
export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust auth). */
  readonly connectionString: string;
  readonly port: number;
  /** Directory holding the cluster, socket and log; removed by stop(). */
  readonly baseDir: string;
  /** Stops the server (fast shutdown) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** Why a server could not be started. */
export class PostgresUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresUnavailableError';
  }
}

function versionOf(dir: string): number {
  const m = /postgresql\/(\d+)/.exec(dir);
  return m ? Number(m[1]) : 0;
}

/** Directory containing `initdb`, `pg_ctl` and `postgres`, or undefined. */
export function findPostgresBinDir(): string | undefined {
  const dirs: string[] = [];
  for (const p of (process.env.PATH ?? '').split(delimiter)) if (p) dirs.push(p);
  try {
    const versions = readdirSync('/usr/lib/postgresql').map((v) => join('/usr/lib/postgresql', v, 'bin'));
    dirs.push(...versions.sort((a, b) => versionOf(b) - versionOf(a)));
  } catch {
    // not installed from Debian packages
  }
  dirs.push('/usr/local/bin', '/usr/local/pgsql/bin');
  return dirs.find((d) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(d, b))));
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The non-root user to run the server as (creating the `postgres` system user when absent). */
function serverUser(): { name: string; uid: number; gid: number } {
  let ids = userIds('postgres');
  if (!ids) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new PostgresUnavailableError(`running as root and cannot create a 'postgres' user: ${r.stderr}`);
    ids = userIds('postgres');
    if (!ids) throw new PostgresUnavailableError("created the 'postgres' user but cannot resolve it");
  }
  return { name: 'postgres', ...ids };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL server.
 * @throws PostgresUnavailableError with the reason when binaries cannot be found/installed or the
 * server does not start.
 */
export async function startPostgres(): Promise<PostgresServer> {
  let bin = findPostgresBinDir();
  if (!bin) {
    try {
      aptInstall(['postgresql']);
    } catch (cause) {
      throw new PostgresUnavailableError(`no PostgreSQL server binaries and apt-get install postgresql failed: ${(cause as Error).message}`, { cause });
    }
    bin = findPostgresBinDir();
    if (!bin) throw new PostgresUnavailableError('installed postgresql but found no initdb/pg_ctl/postgres');
  }
  const root = isRoot();
  const user = root ? serverUser() : undefined;
  // As root, use /tmp (world-traversable) so the postgres user can reach the directory.
  const baseDir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'loglake-pg-'));
  if (user) chownSync(baseDir, user.uid, user.gid);
  const dataDir = join(baseDir, 'data');
  const logFile = join(baseDir, 'server.log');
  const run = async (cmd: string, args: string[]): Promise<void> => {
    const full = user ? ['runuser', ['-u', user.name, '--', cmd, ...args]] as const : [cmd, args] as const;
    await execFileP(full[0], [...full[1]], { timeout: 120_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  };
  const cleanup = (): void => rmSync(baseDir, { recursive: true, force: true });
  try {
    await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (cause) {
    cleanup();
    throw new PostgresUnavailableError(`initdb failed: ${String((cause as { stderr?: string }).stderr ?? cause)}`, { cause });
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${baseDir} -c fsync=off -c max_connections=50`;
    try {
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-o', opts, '-w', '-t', '60', 'start']);
    } catch (cause) {
      lastError = cause;
      continue; // port taken meanwhile, or a slow start: try again
    }
    let stopped = false;
    const stopSync = (): void => {
      if (stopped) return;
      stopped = true;
      const args = [join(bin!, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      if (user) spawnSync('runuser', ['-u', user.name, '--', ...args]);
      else spawnSync(args[0]!, args.slice(1));
      cleanup();
    };
    process.once('exit', stopSync);
    return {
      connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      port,
      baseDir,
      async stop(): Promise<void> {
        if (stopped) return;
        process.removeListener('exit', stopSync);
        try {
          await run(join(bin!, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
        } finally {
          stopped = true;
          cleanup();
        }
      },
    };
  }
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8').slice(-2000);
  } catch {
    // no log
  }
  cleanup();
  throw new PostgresUnavailableError(`pg_ctl start failed: ${String((lastError as { stderr?: string })?.stderr ?? lastError)}\n${log}`, { cause: lastError });
}

/**
 * Starts PostgreSQL for a test file, or returns a skip reason. When `process.env.CI` is set a
 * failure to start is an error (the tests must not silently skip in CI); otherwise the reason is
 * printed loudly and returned so tests can be skipped with it.
 */
export async function startPostgresForTests(): Promise<{ server?: PostgresServer; skipReason?: string }> {
  try {
    return { server: await startPostgres() };
  } catch (e) {
    if (process.env.CI) throw e;
    const reason = `PostgreSQL unavailable, PostgreSQL tests SKIPPED: ${(e as Error).message}`;
    const bar = '!'.repeat(78);
    process.stderr.write(`\n${bar}\n${reason}\n${bar}\n\n`);
    return { skipReason: reason };
  }
}
