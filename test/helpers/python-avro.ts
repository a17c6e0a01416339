/**
 * Test helper: a Python interpreter that can `import avro` (the official Apache Avro library,
 * Debian package `python3-avro`), used by the independent Iceberg verifier. Installs the package
 * with apt when missing (CI starts from a fresh Debian machine; root or passwordless sudo needed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';

/** Where the interpreter was found and whether this call installed the package. */
export interface PythonAvro {
  /** Interpreter path that imports `avro`. */
  readonly python: string;
  /** True when this call ran apt-get. */
  readonly installed: boolean;
}

const LOCK_DIR = '/tmp/loglake-apt.lock';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn` while holding a machine-wide lock (a directory), so parallel test files do not run apt
 * at the same time. A lock older than 15 minutes is considered stale.
 */
export function withAptLock<T>(fn: () => T): T {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK_DIR).mtimeMs > 15 * 60_000) rmdirSync(LOCK_DIR);
      } catch {
        // raced with the owner; retry
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK_DIR}`);
      sleepSync(500);
    }
  }
  try {
    return fn();
  } finally {
    try {
      rmdirSync(LOCK_DIR);
    } catch {
      // already gone
    }
  }
}

let aptUpdated = false;

/**
 * Installs Debian packages with apt-get (update once per process, then install -y). Uses sudo -n
 * when not root.
 * @throws Error with apt's output when installation fails or apt is unavailable.
 */
export function aptInstall(packages: readonly string[]): void {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  if (!existsSync('/usr/bin/apt-get')) throw new Error(`cannot install ${packages.join(' ')}: apt-get not found`);
  const run = (args: string[]): void => {
    const cmd = [...prefix, 'apt-get', ...args];
    const r = spawnSync(cmd[0]!, cmd.slice(1), {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 15 * 60_000,
    });
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (status ${r.status}): ${(r.stderr || r.stdout || String(r.error)).slice(-2000)}`);
  };
  withAptLock(() => {
    if (!aptUpdated) {
      run(['-o', 'DPkg::Lock::Timeout=300', 'update']);
      aptUpdated = true;
    }
    run(['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...packages]);
  });
}

function canImportAvro(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import avro.datafile, avro.io, avro.schema'], { encoding: 'utf8' });
  return r.status === 0;
}

function candidates(): string[] {
  // Debian's python3-avro lives in /usr/lib/python3/dist-packages, seen by /usr/bin/python3 only
  // (a pyenv or venv python3 on PATH does not see it).
  const out = ['/usr/bin/python3'].filter((p) => existsSync(p));
  out.push('python3');
  return out;
}

/**
 * A Python that imports `avro`, installing `python3-avro` with apt when none does.
 * @throws Error when no interpreter can import avro even after installing.
 */
export function ensurePythonAvro(): PythonAvro {
  for (const p of candidates()) if (canImportAvro(p)) return { python: p, installed: false };
  aptInstall(['python3', 'python3-avro']);
  for (const p of candidates()) if (canImportAvro(p)) return { python: p, installed: true };
  throw new Error('python3-avro was installed but no python3 can import avro');
}
