/**
 * Input discovery: paths, directories (recursive) and globs → the list of log files to read, in
 * reading order, each once.
 *
 * - Symlinks are resolved; a file reached twice (the /var/log/containers links point into
 *   /var/log/pods) is listed once, keeping the metadata of every path that reached it.
 * - A symlink is followed only to a target inside the input roots or the runtimes' log roots
 *   (/var/log, /var/lib/docker/containers, /var/lib/containerd, and the `pods` folder beside an
 *   input `containers` folder), never into /proc, /sys, /dev or /etc; other links are refused and
 *   reported (`refused`), unless `followAnySymlink` is set. A named non-regular file (a device,
 *   FIFO, socket) is an error with a clear message, not a silent skip.
 * - In directories, the container runtime's other files (config.v2.json, hostconfig.json, hosts,
 *   resolv.conf, ...) are left alone and not counted as bad input. Files named explicitly are always read.
 * - Rotated files come before the live file, oldest first: `x.log.3.gz, x.log.2, x.log.1, x.log`
 *   and `0.log.20250219-233547.gz, 0.log.20250220-010000, 0.log`.
 *
 * Sources know bytes and identity, not formats.
 */
import { readdirSync, statSync, realpathSync, lstatSync, existsSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { LoglakeError, UsageError } from '../core/errors.js';

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

/** A symlinked file that discovery did not follow. */
export interface RefusedLink {
  /** The link as found. */
  path: string;
  /** Where it points (resolved). */
  target: string;
  /** Why: `symlink_outside_inputs` or `symlink_to_system_path`. */
  reason: 'symlink_outside_inputs' | 'symlink_to_system_path';
}

/** Options of {@link discoverSources}. */
export interface DiscoverOptions {
  /** Follow symlinks to any target (the user's explicit opt-in; system paths included). */
  followAnySymlink?: boolean;
}

/** Never followed through a link: kernel pseudo-filesystems and system configuration (secrets). */
export const SYSTEM_ROOTS = ['/proc', '/sys', '/dev', '/etc'];
/** Where container runtimes keep logs; links into them are followed. */
export const RUNTIME_LOG_ROOTS = ['/var/log', '/var/lib/docker/containers', '/var/lib/containerd'];

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

function inside(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r === sep ? r : r + sep));
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Discovers the log files under `inputs` (files, directories, globs; "-" is handled by the caller)
 * and the symlinks it refused to follow.
 * Throws INPUT_NOT_FOUND for a path or glob that matches nothing, USAGE for a named device/FIFO/socket
 * or a named file in /proc, /sys or /dev (without `followAnySymlink`).
 */
export function discoverSources(inputs: string[], options: DiscoverOptions = {}): { files: DiscoveredFile[]; refused: RefusedLink[] } {
  const byReal = new Map<string, DiscoveredFile>();
  const refused: RefusedLink[] = [];
  const roots: string[] = [...RUNTIME_LOG_ROOTS.map(realOr)];
  const system = SYSTEM_ROOTS.map(realOr);
  /**
   * `knownReal`: the real path when the caller knows it (a regular file met in a directory);
   * `direct`: that directory is reached through no link, so `knownReal` is the path itself.
   */
  const add = (p: string, explicit: boolean, knownReal?: string, direct = false): void => {
    let real: string;
    if (knownReal !== undefined) {
      real = knownReal;
    } else {
      try {
        real = realpathSync(p);
      } catch {
        return; // dangling symlink: nothing to read
      }
    }
    if (!direct && !options.followAnySymlink && real !== resolve(p)) {
      // reached through a symlink (the file itself or a folder on the way)
      if (inside(real, system)) {
        refused.push({ path: p, target: real, reason: 'symlink_to_system_path' });
        return;
      }
      if (!inside(real, roots)) {
        refused.push({ path: p, target: real, reason: 'symlink_outside_inputs' });
        return;
      }
    }
    const st = statSync(real);
    if (!st.isFile()) {
      if (explicit) throw new UsageError(`input ${p} is ${kindOf(st)}, not a log file (loglake reads regular files, directories, globs, s3:// and "-" for standard input)`);
      return;
    }
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
  /**
   * `realDir` is the real path of `dir`: a regular file or a directory listed in it (not a link)
   * has the real path `realDir/name`, so thousands of files cost one stat each, not a realpath walk.
   */
  const walk = (dir: string, realDir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw new LoglakeError('INPUT_NOT_FOUND', `cannot read directory ${dir}: ${(e as Error).message}`);
    }
    // `join(dir, name)` of a plain name is one prefix plus the name: computed once per folder, not
    // once per file (thousands of small files), and so is whether the folder is reached directly
    const direct = resolve(dir) === realDir;
    let prefix: string | undefined;
    let realPrefix: string | undefined;
    for (const entry of entries) {
      const n = entry.name;
      if (prefix === undefined) {
        const first = join(dir, n);
        prefix = first.slice(0, first.length - n.length);
        const firstReal = join(realDir, n);
        realPrefix = firstReal.slice(0, firstReal.length - n.length);
      }
      const p = prefix + n;
      if (entry.isFile()) {
        if (isCandidate(n)) add(p, false, realPrefix + n, direct);
        continue;
      }
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(n)) walk(p, join(realDir, n));
        continue;
      }
      // a link, or a type the listing does not tell: stat it as it is
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // dangling link
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(n) && !lstatSync(p).isSymbolicLink()) walk(p, realOr(p));
      } else if (isCandidate(n)) {
        add(p, false);
      }
    }
  };
  const expanded = inputs.map((input) => {
    const paths = /[*?[]/.test(input) ? expandGlob(input) : [input];
    if (paths.length === 0 || !paths.some((p) => existsSync(p))) {
      throw new LoglakeError('INPUT_NOT_FOUND', `input not found: ${input}`, { input });
    }
    return paths;
  });
  // the input roots: what was named (a named file is its own root), and the pods tree beside a
  // named `containers` folder (kubelet's /var/log/containers links point there)
  for (const p of expanded.flat()) {
    const real = realOr(p);
    roots.push(real);
    if (basename(real) === 'containers') roots.push(join(dirname(real), 'pods'));
  }
  for (const p of expanded.flat()) {
    const real = realOr(p);
    if (!options.followAnySymlink && inside(real, ['/proc', '/sys', '/dev'].map(realOr)) && !statSync(p).isDirectory()) {
      const st = statSync(p);
      throw new UsageError(st.isFile()
        ? `input ${p} lies in ${real.split(sep).slice(0, 2).join(sep)}, a kernel pseudo-filesystem, not a log file (pass --follow-any-symlink to read it anyway)`
        : `input ${p} is ${kindOf(st)}, not a log file (loglake reads regular files, directories, globs, s3:// and "-" for standard input)`);
    }
    const st = statSync(p);
    if (st.isDirectory()) walk(p, realOr(p));
    else add(p, true);
  }
  return { files: orderForReading([...byReal.values()]), refused };
}

/** The files of {@link discoverSources} (refused links dropped). */
export function discoverFiles(inputs: string[], options: DiscoverOptions = {}): DiscoveredFile[] {
  return discoverSources(inputs, options).files;
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

