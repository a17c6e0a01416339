/**
 * The Parquet dataset's commit log: which files are committed and up to which byte of which
 * source (keyed by fingerprint, not path) they cover. One versioned JSON document, replaced
 * atomically; the rename is the commit point.
 *
 * Protocol (exactly once):
 *   1. data + quarantine files are written under their final names (unique per run) and fsynced;
 *   2. the new state (old files + new files, new offsets) is written atomically;
 *   3. at start, any dataset file the state does not list is a leftover of a crashed run and is
 *      deleted before anything else happens (`recover`).
 * A crash before 2 leaves orphans (removed by 3) and old offsets (so the bytes are read again); a
 * crash after 2 leaves a complete commit.
 */
import { mkdirSync, readdirSync, statSync, openSync, closeSync, writeSync, readFileSync, unlinkSync, rmdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { hostname } from 'node:os';
import { LoglakeError } from '../core/errors.js';
import { listFilesRecursive } from '../core/list-files.js';
import { readFileIfExists, writeFileAtomic, unlinkIfExists } from '../core/atomic-file.js';

export const STATE_VERSION = 1;

/** Read position of one source, keyed by its fingerprint. */
export interface SourceCheckpoint {
  /** Byte offset (in the decompressed stream) up to which every line is committed. */
  offset: number;
  /** Last path the source was seen at (informational: identity is the fingerprint). */
  path: string;
  /** Physical lines committed so far. */
  lines: number;
  /** Set when the source ended in a complete state (gzip or rotated file fully read). */
  complete?: boolean;
  updated_at: string;
  /** How many leading bytes `head_hash` covers (identity check beyond the first line). */
  head_len?: number;
  head_hash?: string;
  /**
   * Set when the source's content itself cannot be read past `offset` (a corrupt gzip): the error,
   * recorded once, and the stored size it was seen at. The source is not read again until its size
   * changes.
   */
  error?: string;
  size?: number;
  /**
   * The source's stamp (Source.stamp: inode/size/mtime of a file, ETag/size of an object) when it
   * was read to its end at `offset`: a later run that lists the same path with the same stamp skips
   * it without opening it.
   */
  stamp?: string;
}

export interface CommittedFile {
  /** Path relative to the warehouse root, with forward slashes. */
  path: string;
  kind: 'data' | 'quarantine' | 'processing';
  rows: number;
  bytes: number;
  run_id: string;
}

export interface RunRecord {
  run_id: string;
  started_at: string;
  finished_at: string;
  summary: unknown;
}

export interface WarehouseStateDoc {
  version: number;
  commit_seq: number;
  schema_version: string;
  sources: Record<string, SourceCheckpoint>;
  files: CommittedFile[];
  runs: RunRecord[];
}

const DATA_DIRS = ['logs', 'quarantine', 'tables'];

/** Handle on a warehouse directory's `_loglake/` state. */
export class WarehouseState {
  readonly stateDir: string;
  private readonly statePath: string;
  private readonly lockPath: string;
  private locked = false;
  doc: WarehouseStateDoc;

  private constructor(readonly root: string, doc: WarehouseStateDoc) {
    this.stateDir = join(root, '_loglake');
    this.statePath = join(this.stateDir, 'state.json');
    this.lockPath = join(this.stateDir, 'lock');
    this.doc = doc;
  }

  /** Opens (creating when needed) the warehouse at `root`. Throws WAREHOUSE_UNWRITABLE / STATE_CORRUPT. */
  static open(root: string): WarehouseState {
    const stateDir = join(root, '_loglake');
    try {
      mkdirSync(stateDir, { recursive: true });
    } catch (e) {
      throw new LoglakeError('WAREHOUSE_UNWRITABLE', `cannot create warehouse directory ${stateDir}: ${(e as Error).message}`, { root });
    }
    const text = readFileIfExists(join(stateDir, 'state.json'));
    let doc: WarehouseStateDoc;
    if (text === undefined) {
      doc = { version: STATE_VERSION, commit_seq: 0, schema_version: '1.0', sources: {}, files: [], runs: [] };
    } else {
      try {
        doc = JSON.parse(text) as WarehouseStateDoc;
      } catch (e) {
        throw new LoglakeError('STATE_CORRUPT', `warehouse state ${join(stateDir, 'state.json')} is not valid JSON: ${(e as Error).message}`);
      }
      if (doc.version !== STATE_VERSION) {
        throw new LoglakeError('STATE_CORRUPT', `warehouse state version ${String(doc.version)} is not supported by this loglake (expects ${STATE_VERSION})`);
      }
    }
    return new WarehouseState(root, doc);
  }

  /**
   * Takes the single-writer lock (`_loglake/lock`, O_EXCL). A lock left by a dead process on this
   * host is taken over. Throws WAREHOUSE_LOCKED when a live process holds it.
   */
  lock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockPath, 'wx');
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
        closeSync(fd);
        this.locked = true;
        return;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EACCES' || err.code === 'EROFS' || err.code === 'EPERM') {
          throw new LoglakeError('WAREHOUSE_UNWRITABLE', `warehouse ${this.root} is not writable (${err.code})`);
        }
        if (err.code !== 'EEXIST') throw err;
        let holder: { pid?: number; host?: string } = {};
        try {
          holder = JSON.parse(readFileSync(this.lockPath, 'utf8')) as { pid?: number; host?: string };
        } catch {
          // an empty/torn lock file is stale by definition (written by a process killed mid-write)
        }
        if (holder.pid && holder.host === hostname() && isAlive(holder.pid) && holder.pid !== process.pid) {
          throw new LoglakeError('WAREHOUSE_LOCKED', `warehouse ${this.root} is in use by process ${holder.pid}`, { pid: holder.pid });
        }
        unlinkIfExists(this.lockPath);
      }
    }
    throw new LoglakeError('WAREHOUSE_LOCKED', `could not lock warehouse ${this.root}`);
  }

  unlock(): void {
    if (this.locked) unlinkIfExists(this.lockPath);
    this.locked = false;
  }

  /**
   * Deletes files that no commit lists (leftovers of a crashed run) and temp files.
   * Returns how many were removed.
   */
  recover(): number {
    const committed = new Set(this.doc.files.map((f) => f.path));
    let removed = 0;
    for (const d of DATA_DIRS) {
      const dir = join(this.root, d);
      for (const f of listFilesRecursive(dir)) {
        const rel = relative(this.root, f).split(sep).join('/');
        if (!committed.has(rel)) {
          unlinkSync(f);
          removed++;
        }
      }
      pruneEmptyDirs(dir);
    }
    return removed;
  }

  /** Atomically commits new files and source positions (the commit point). */
  commit(files: CommittedFile[], sources: Record<string, SourceCheckpoint>, run?: RunRecord): void {
    const next: WarehouseStateDoc = {
      ...this.doc,
      commit_seq: this.doc.commit_seq + 1,
      sources: { ...this.doc.sources, ...sources },
      files: [...this.doc.files, ...files],
      runs: run ? [...this.doc.runs, run].slice(-50) : this.doc.runs,
    };
    writeFileAtomic(this.statePath, JSON.stringify(next));
    this.doc = next;
  }

  /** Committed files of a kind, as absolute paths. */
  committedFiles(kind: CommittedFile['kind']): string[] {
    return this.doc.files.filter((f) => f.kind === kind).map((f) => join(this.root, f.path));
  }
}

/** Whether a process with this id runs on this machine. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pruneEmptyDirs(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  let empty = true;
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) {
      if (!pruneEmptyDirs(p)) empty = false;
      else rmdirSync(p);
    } else empty = false;
  }
  return empty;
}
