/**
 * Crash-safe small-file writes: temp file + fsync + rename + fsync of the directory, so that a
 * reader sees either the old or the new content, never a torn or empty file (the failure mode of
 * vector#20753); one file at a time, or many as one batch whose syncs overlap.
 */
import { close, closeSync, fsync, fsyncSync, mkdirSync, openSync, renameSync, writeSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
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

/** A temp file of an {@link AtomicFileBatch}: written, its fsync running on the thread pool. */
interface BatchFile {
  path: string;
  tmp: string;
  fd: number | undefined;
  synced: Promise<void>;
}

/** fsync and close of `fd` on the thread pool; rejects with the fsync's error (the descriptor is closed either way). */
function syncAndClose(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (e) => {
      close(fd, (e2) => {
        if (e ?? e2) reject(e ?? e2);
        else resolve();
      });
    });
  });
}

/** fsync of a directory on the thread pool, best effort like {@link fsyncDir}. */
function syncDirAsync(dir: string): Promise<void> {
  return new Promise((resolve) => {
    let fd: number;
    try {
      fd = openSync(dir, 'r');
    } catch {
      resolve();
      return;
    }
    fsync(fd, () => close(fd, () => resolve()));
  });
}

/**
 * Many files written atomically and durably as one step, with the guarantees of
 * {@link writeFileAtomic} for each (temp file fsynced before its rename, the rename made durable by
 * an fsync of its directory before {@link commit} resolves) but not one after another: each file's
 * fsync starts on the thread pool as soon as it is written, so the caller goes on (encoding the
 * next file) while the disk works, the syncs of many files share the file system's journal
 * commits, and each directory is synced once, after all renames into it.
 */
export class AtomicFileBatch {
  private readonly files: BatchFile[] = [];

  /**
   * Writes `data` to the temp file of `path` (making its directory when missing) and starts its
   * fsync. Throws IO (the batch must then be aborted).
   */
  add(path: string, data: Uint8Array): void {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    const f: BatchFile = { path, tmp, fd: undefined, synced: Promise.resolve() };
    this.files.push(f);
    try {
      try {
        f.fd = openSync(tmp, 'w');
      } catch (e) {
        // a directory not there yet (a new partition) is made on first use: no mkdir per file
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        mkdirSync(dirname(path), { recursive: true });
        f.fd = openSync(tmp, 'w');
      }
      let off = 0;
      while (off < data.length) off += writeSync(f.fd, data, off, data.length - off);
    } catch (e) {
      throw new LoglakeError('IO', `cannot write ${path}: ${describeErrno(e)}`, { path }, false, { cause: e });
    }
    const fd = f.fd;
    f.fd = undefined; // closed by syncAndClose
    f.synced = syncAndClose(fd).catch((e: unknown) => {
      throw new LoglakeError('IO', `cannot write ${path}: ${describeErrno(e)}`, { path }, false, { cause: e });
    });
    f.synced.catch(() => undefined); // reported by commit()
  }

  /**
   * Waits for every temp file to be durable, renames them into place, then syncs each directory
   * once. Throws IO on the first failure (then call {@link abort}).
   */
  async commit(): Promise<void> {
    await Promise.all(this.files.map((f) => f.synced));
    const dirs = new Set<string>();
    for (const f of this.files) {
      try {
        renameSync(f.tmp, f.path);
      } catch (e) {
        throw new LoglakeError('IO', `cannot write ${f.path}: ${describeErrno(e)}`, { path: f.path }, false, { cause: e });
      }
      f.tmp = '';
      dirs.add(dirname(f.path));
    }
    await Promise.all([...dirs].map(syncDirAsync));
  }

  /** After a failure: closes what is open and removes the temp files not renamed yet (after their syncs settle). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.files.map((f) => f.synced));
    for (const f of this.files) {
      if (f.fd !== undefined) {
        try {
          closeSync(f.fd);
        } catch {
          // already closed
        }
      }
      if (f.tmp) {
        try {
          unlinkSync(f.tmp);
        } catch {
          // not created
        }
      }
    }
  }
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
