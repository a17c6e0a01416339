/**
 * Crash-safe small-file writes: temp file + fsync + rename + fsync of the directory, so that a
 * reader sees either the old or the new content, never a torn or empty file (the failure mode of
 * vector#20753).
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { LoglakeError } from './errors.js';
import { describeErrno } from './fs-errors.js';

/** fsyncs a directory so that a rename inside it is durable. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on directories; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `data` to `path` atomically and durably. The temp file sits beside the target as
 * `.<name>.<pid>.tmp` (never matched by `*.parquet` globs).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    // a full disk or a failing device: say what and where (the caller commits nothing)
    try {
      unlinkSync(tmp);
    } catch {
      // not created
    }
    throw new LoglakeError('IO', `cannot write ${path}: ${describeErrno(e)}`, { path }, false, { cause: e });
  }
  fsyncDir(dirname(path));
}

/** Reads a file as UTF-8, or returns undefined when it does not exist. */
export function readFileIfExists(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8');
}

/** Deletes a file if it exists. */
export function unlinkIfExists(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
