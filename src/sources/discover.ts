/**
 * Input discovery: paths, directories (recursive) and globs → the list of log files to read, in
 * reading order, each once.
 *
 * - Symlinks are resolved; a file reached twice (the /var/log/containers links point into
 *   /var/log/pods) is listed once, keeping the metadata of every path that reached it.
 * - In directories, the container runtime's other files (config.v2.json, hostconfig.json, hosts,
 *   resolv.conf, ...) are left alone and not counted as bad input. Files named explicitly are always read.
 * - Rotated files come before the live file, oldest first: `x.log.3.gz, x.log.2, x.log.1, x.log`
 *   and `0.log.20250219-233547.gz, 0.log.20250220-010000, 0.log`.
 *
 * Sources know bytes and identity, not formats.
 */
import { readdirSync, statSync, realpathSync, lstatSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LoglakeError } from '../core/errors.js';

export interface DiscoveredFile {
  /** Resolved real path. */
  realPath: string;
  /** Every path through which it was reached (links included), first one given first. */
  paths: string[];
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
  gzip: boolean;
  /** True when named explicitly on the command line (never skipped as a runtime file). */
  explicit: boolean;
}

/** Files a container runtime keeps beside logs; skipped silently when met inside a directory. */
const RUNTIME_FILES = new Set([
  'config.v2.json', 'hostconfig.json', 'hosts', 'hostname', 'resolv.conf', 'resolv.conf.hash',
  'config.json', 'state.json', 'mounts', 'checkpoints', '.DS_Store', 'ground-truth.json',
]);
/** Folders never descended into (state, runtime internals, VCS). */
export const SKIP_DIRS = new Set(['_loglake', 'mounts', 'checkpoints', 'node_modules', '.git']);
const SKIP_EXT = /\.(pid|sock|lock|tmp|swp|parquet|avro|db|sqlite|png|jpg|gif|zip|tar|jar|class|so|bin)$/i;

/** True for names that look like log content (loose: anything not known to be something else). */
export function isCandidate(name: string): boolean {
  if (RUNTIME_FILES.has(name)) return false;
  if (name.startsWith('.')) return false;
  if (SKIP_EXT.test(name)) return false;
  return true;
}

/** Expands a simple glob (`*`, `?`, `**`) relative to cwd. */
function expandGlob(pattern: string): string[] {
  const abs = resolve(pattern);
  const parts = abs.split('/');
  let bases = ['/'];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const next: string[] = [];
    if (part === '**') {
      for (const b of bases) walkDirs(b, next);
    } else if (/[*?[]/.test(part)) {
      const re = globToRegex(part);
      for (const b of bases) {
        let names: string[] = [];
        try {
          names = readdirSync(b);
        } catch {
          continue;
        }
        for (const n of names) if (re.test(n)) next.push(join(b, n));
      }
    } else {
      for (const b of bases) next.push(join(b, part));
    }
    bases = next.filter((p) => existsSync(p));
  }
  return bases;
}

function walkDirs(dir: string, out: string[]): void {
  out.push(dir);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    try {
      if (statSync(p).isDirectory() && !SKIP_DIRS.has(n)) walkDirs(p, out);
    } catch {
      // dangling link
    }
  }
}

function globToRegex(g: string): RegExp {
  let s = '^';
  for (const ch of g) {
    if (ch === '*') s += '[^/]*';
    else if (ch === '?') s += '[^/]';
    else s += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(s + '$');
}

/**
 * Discovers the log files under `inputs` (files, directories, globs; "-" is handled by the caller).
 * Throws INPUT_NOT_FOUND for a path or glob that matches nothing.
 */
export function discoverFiles(inputs: string[]): DiscoveredFile[] {
  const byReal = new Map<string, DiscoveredFile>();
  const add = (p: string, explicit: boolean): void => {
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      return; // dangling symlink: nothing to read
    }
    const st = statSync(real);
    if (!st.isFile()) return;
    const seen = byReal.get(real);
    if (seen) {
      if (!seen.paths.includes(p)) seen.paths.push(p);
      seen.explicit ||= explicit;
      return;
    }
    byReal.set(real, {
      realPath: real, paths: [p], size: st.size, mtimeMs: st.mtimeMs, dev: st.dev, ino: st.ino,
      gzip: /\.gz$/i.test(real) || /\.gz$/i.test(p), explicit,
    });
  };
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      throw new LoglakeError('INPUT_NOT_FOUND', `cannot read directory ${dir}: ${(e as Error).message}`);
    }
    for (const n of names) {
      const p = join(dir, n);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // dangling link
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(n) && !lstatSync(p).isSymbolicLink()) walk(p);
      } else if (isCandidate(n)) {
        add(p, false);
      }
    }
  };
  for (const input of inputs) {
    const paths = /[*?[]/.test(input) ? expandGlob(input) : [input];
    if (paths.length === 0 || !paths.some((p) => existsSync(p))) {
      throw new LoglakeError('INPUT_NOT_FOUND', `input not found: ${input}`, { input });
    }
    for (const p of paths) {
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else add(p, true);
    }
  }
  return orderForReading([...byReal.values()]);
}

/**
 * Splits a file name into its rotation base and rank: higher rank = older. The live file has rank 0.
 * Numeric suffixes (`.1`, `.2.gz`) rank by number; dated suffixes rank by reversed date order.
 */
export function rotationKey(path: string): { base: string; rank: number; dated: string | undefined } {
  let name = path.replace(/\.gz$/i, '');
  let m = /^(.*)\.(\d{1,4})$/.exec(name);
  if (m) return { base: m[1]!, rank: Number(m[2]), dated: undefined };
  m = /^(.*)[.-](\d{8}(?:[-T]?\d{4,6})?)$/.exec(name);
  if (m) return { base: m[1]!, rank: 1, dated: m[2]! };
  name = path.replace(/\.gz$/i, '');
  return { base: name, rank: 0, dated: undefined };
}

/** Orders items by rotation: grouped by rotation base, oldest rotation first, live item last. */
export function orderByRotation<T>(items: T[], pathOf: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, k: rotationKey(pathOf(item)) }));
  keyed.sort((a, b) => {
    if (a.k.base !== b.k.base) return a.k.base < b.k.base ? -1 : 1;
    if (a.k.rank === 0 || b.k.rank === 0) return b.k.rank - a.k.rank; // live last
    if (a.k.dated !== undefined && b.k.dated !== undefined) return a.k.dated < b.k.dated ? -1 : a.k.dated > b.k.dated ? 1 : 0;
    if (a.k.dated !== undefined) return -1;
    if (b.k.dated !== undefined) return 1;
    return b.k.rank - a.k.rank; // .3 before .2 before .1
  });
  return keyed.map((x) => x.item);
}

/** Orders files: grouped by rotation base, oldest rotation first, live file last. */
export function orderForReading(files: DiscoveredFile[]): DiscoveredFile[] {
  return orderByRotation(files, (f) => f.paths[0]!);
}

