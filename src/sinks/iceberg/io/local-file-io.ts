/**
 * FileIO over the local filesystem. Locations are `file:///abs/path` (also accepted: `file:/abs`,
 * `file://localhost/abs`, and bare absolute paths). Paths are not percent-encoded, as Hadoop and
 * Spark write them. Writes go to a temp file in the same directory, are fsynced, then renamed
 * (overwrite) or hard-linked (create-if-absent, fails when the target exists). A conditional
 * replace (`ifMatch`, version = SHA-256 of the content) holds `<file>.lock` (O_EXCL) while it
 * compares and renames, so writers on one machine serialize.
 */
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promises as fs } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { IcebergError } from '../spec/iceberg-error.js';
import type { FileIO, VersionedData, WriteOptions } from './file-io.js';

/**
 * Local path of a `file:` URI or absolute path.
 * @throws IcebergError INVALID_ARGUMENT for other schemes or relative paths.
 */
export function fileUriToPath(location: string): string {
  let p: string;
  if (location.startsWith('file://localhost/')) p = location.slice('file://localhost'.length);
  else if (location.startsWith('file:///')) p = location.slice('file://'.length);
  else if (location.startsWith('file:/')) p = location.slice('file:'.length);
  else if (isAbsolute(location)) p = location;
  else throw new IcebergError('INVALID_ARGUMENT', `not a local file location: ${location}`);
  return resolve(p);
}

/** `file:///abs/path` for a local path (resolved against the cwd when relative). */
export function pathToFileUri(path: string): string {
  return 'file://' + resolve(path);
}

function ioError(op: string, location: string, cause: unknown): IcebergError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new IcebergError('NOT_FOUND', `${op}: file not found: ${location}`, { cause, context: { location } });
  return new IcebergError('IO_ERROR', `${op} failed for ${location}: ${String((cause as Error)?.message ?? cause)}`, { cause, context: { location } });
}

/** Options of {@link LocalFileIO}. */
export interface LocalFileIOOptions {
  /**
   * The warehouse directory: writes and deletes anywhere else fail with IcebergError
   * OUTSIDE_WAREHOUSE, so that no command can change files of another warehouse (e.g. the
   * original of a copied one, whose metadata still names the original's absolute paths).
   */
  readonly root?: string;
}

function under(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** FileIO for `file:` locations. */
export class LocalFileIO implements FileIO {
  private readonly root: string | undefined;
  private readMap: { from: string; to: string } | undefined;

  constructor(options: LocalFileIOOptions = {}) {
    this.root = options.root === undefined ? undefined : resolve(options.root);
  }

  /**
   * Read-only relocation: reads of files under directory `from` go to the same relative path under
   * `to` (a warehouse copied or moved from `from` to `to` stays readable before its metadata is
   * rewritten). Writes and deletes are never redirected.
   */
  mapReads(from: string, to: string): void {
    this.readMap = { from: resolve(from), to: resolve(to) };
  }

  /** Local path to read `location` from (after the read mapping). */
  readPath(location: string): string {
    const p = fileUriToPath(location);
    const m = this.readMap;
    return m && under(p, m.from) ? m.to + p.slice(m.from.length) : p;
  }

  private writePath(op: string, location: string): string {
    const p = fileUriToPath(location);
    if (this.root !== undefined && !under(p, this.root)) {
      throw new IcebergError('OUTSIDE_WAREHOUSE', `refusing to ${op} ${location}: it lies outside the warehouse ${this.root}`, { context: { location } });
    }
    return p;
  }

  /** Reads a whole file. */
  async read(location: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.readPath(location));
    } catch (e) {
      throw ioError('read', location, e);
    }
  }

  /** Reads a whole file with its version (SHA-256 of the content); undefined when missing. */
  async readVersioned(location: string): Promise<VersionedData | undefined> {
    try {
      const data = await fs.readFile(this.readPath(location));
      return { data, version: contentVersion(data) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError('read', location, e);
    }
  }

  /** Writes atomically via temp file + fsync + rename/link, creating parent directories. */
  async write(location: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    await this.place(location, options, async (tmp) => {
      const fh = await fs.open(tmp, 'wx');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
  }

  /** Copies a local file into place atomically (same rules as {@link write}). */
  async upload(location: string, localPath: string, options: WriteOptions = {}): Promise<void> {
    await this.place(location, options, async (tmp) => {
      await fs.copyFile(localPath, tmp, fs.constants.COPYFILE_EXCL);
      const fh = await fs.open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
  }

  private async place(location: string, options: WriteOptions, fill: (tmp: string) => Promise<void>): Promise<void> {
    const path = this.writePath('write', location);
    const dir = dirname(path);
    const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    let unlock: (() => Promise<void>) | undefined;
    try {
      await fs.mkdir(dir, { recursive: true });
      await fill(tmp);
      if (options.ifMatch !== undefined) {
        unlock = await lockFile(path + '.lock');
        let current: Buffer;
        try {
          current = await fs.readFile(path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new IcebergError('NOT_FOUND', `write: ${location} was deleted since it was read`, { context: { location } });
          throw e;
        }
        if (contentVersion(current) !== options.ifMatch) {
          throw new IcebergError('PRECONDITION_FAILED', `write: ${location} changed since it was read`, { context: { location } });
        }
        await fs.rename(tmp, path);
      } else if (options.overwrite) {
        await fs.rename(tmp, path);
      } else {
        try {
          await fs.link(tmp, path); // atomic create-if-absent
        } finally {
          await fs.rm(tmp, { force: true });
        }
      }
      await syncDir(dir);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      if (e instanceof IcebergError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new IcebergError('IO_ERROR', `write: file already exists: ${location}`, { cause: e, context: { location } });
      }
      throw ioError('write', location, e);
    } finally {
      await unlock?.();
    }
  }

  /** Whether the file exists. */
  async exists(location: string): Promise<boolean> {
    try {
      await fs.access(this.readPath(location));
      return true;
    } catch {
      return false;
    }
  }

  /** Size in bytes. */
  async size(location: string): Promise<number> {
    try {
      return (await fs.stat(this.readPath(location))).size;
    } catch (e) {
      throw ioError('stat', location, e);
    }
  }

  /** Modification time, or undefined when missing. */
  async modifiedMs(location: string): Promise<number | undefined> {
    try {
      return (await fs.stat(fileUriToPath(location))).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /** Deletes a file if present. */
  async delete(location: string): Promise<void> {
    const path = this.writePath('delete', location);
    try {
      await fs.rm(path, { force: true });
    } catch (e) {
      throw ioError('delete', location, e);
    }
  }

  /** Copies the file to a local path. */
  async download(location: string, localPath: string): Promise<void> {
    try {
      await fs.copyFile(this.readPath(location), localPath);
    } catch (e) {
      throw ioError('download', location, e);
    }
  }

  /** All files under a directory URI, recursively, as `file://` URIs, sorted. */
  async list(prefix: string): Promise<string[]> {
    const root = fileUriToPath(prefix);
    const mapped = this.readPath(prefix);
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw ioError('list', prefix, e);
      }
      for (const ent of entries) {
        const p = join(dir, ent.name);
        if (ent.isDirectory()) await walk(p);
        else out.push(pathToFileUri(root + p.slice(mapped.length)));
      }
    };
    await walk(mapped);
    return out.sort();
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // directory fsync is best effort (not supported everywhere)
  }
}

/** The version token of local content. */
function contentVersion(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Takes an O_EXCL lock file (a lock older than 60 s is stale and taken over); returns the release. */
async function lockFile(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await fs.open(path, 'wx');
      await fh.close();
      return () => fs.rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.stat(path).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > 60_000) await fs.rm(path, { force: true });
      else await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random()));
    }
  }
}
