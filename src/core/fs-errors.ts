/**
 * Operating-system errors in words: `describeErrno` turns an errno error (ENOSPC, EACCES, …) into
 * "no space left on device (ENOSPC)", and `ensureWritableDir` creates/checks a directory the CLI
 * was given, ending every failure in one clear LoglakeError instead of a hang or a stack trace
 * (Node 20's recursive mkdir loops forever under /proc).
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { LoglakeError, type ErrorCode } from './errors.js';

const TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EEXIST: 'already exists',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EBUSY: 'device or resource busy',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

/** True for an error carrying an errno-style code (`ENOSPC`, `ECONNREFUSED`, …). */
export function isErrnoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E(?!RR_)[A-Z0-9_]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** "no space left on device (ENOSPC)" for an errno error; its message otherwise. */
export function describeErrno(e: unknown): string {
  if (isErrnoError(e)) {
    const code = e.code!;
    return TEXT[code] ? `${TEXT[code]} (${code})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Kernel pseudo-filesystems: never a place for a warehouse (or for log input, see discovery). */
export const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** Whether `path` (absolute) lies in one of `roots` (or is one). */
export function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
}

/**
 * Makes sure `dir` exists (creating missing parts one level at a time) and is a writable
 * directory. `what` names it in messages ("warehouse").
 * @throws LoglakeError (code `code`, default WAREHOUSE_UNWRITABLE) with one line saying what and where.
 */
export function ensureWritableDir(dir: string, what: string, code: ErrorCode = 'WAREHOUSE_UNWRITABLE'): string {
  const abs = resolve(dir);
  const fail = (why: string): never => {
    throw new LoglakeError(code, `${what} ${abs}: ${why}`, { path: abs });
  };
  if (isUnder(abs, PSEUDO_ROOTS) && !abs.startsWith('/dev/shm')) fail(`${abs.split(sep).slice(0, 2).join(sep)} is a kernel pseudo-filesystem, not a place for files; choose a normal directory`);
  // nearest existing ancestor
  const missing: string[] = [];
  let cur = abs;
  for (;;) {
    let st;
    try {
      st = statSync(cur);
    } catch (e) {
      const c = (e as NodeJS.ErrnoException).code;
      if (c === 'ENOENT') {
        const up = dirname(cur);
        if (up === cur) fail('no existing parent directory');
        missing.unshift(cur);
        cur = up;
        continue;
      }
      fail(`cannot inspect ${cur}: ${describeErrno(e)}`);
    }
    if (!st!.isDirectory()) fail(cur === abs ? 'exists and is not a directory' : `${cur} is not a directory`);
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      fail(`cannot create ${d}: ${describeErrno(e)}`);
    }
  }
  try {
    accessSync(abs, constants.W_OK);
  } catch (e) {
    fail(`not writable: ${describeErrno(e)}`);
  }
  return abs;
}
