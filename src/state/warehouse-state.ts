/**
 * The Parquet dataset's commit log: which files are committed and up to which byte of which
 * source (keyed by fingerprint, not path) they cover. A versioned JSON document (`state.json`,
 * replaced atomically) plus the log of the commits made since it was written (`state-<seq>.log`,
 * named by the document, `<seq>` its commit_seq): a commit appends one line — what it adds,
 * checksummed — and fsyncs, so its cost follows the commit's size, not the warehouse's (100,000
 * sources must not be rewritten at every commit). When the log outgrows the document the two are
 * folded into a new document (compaction). The fsynced line, or the rename of a new document, is
 * the commit point.
 *
 * Protocol (exactly once):
 *   1. data + quarantine files are written under their final names (unique per run) and fsynced;
 *   2. the commit's line is appended to the log and fsynced (or a new document renamed in place);
 *   3. at start, any dataset file the state does not list is a leftover of a crashed run and is
 *      deleted before anything else happens (`recover`).
 * A crash before 2 leaves orphans (removed by 3) and old offsets (so the bytes are read again); a
 * crash inside 2 leaves a torn last line, which fails its checksum and is not a commit (the writer
 * cuts it off before appending); a crash after 2 leaves a complete commit.
 *
 * Readers (query) take no lock: a reader that finds the log it was told of gone (compacted
 * meanwhile) starts over from the new document; a line being written is not yet complete and is
 * not read.
 */
import { mkdirSync, readdirSync, statSync, openSync, closeSync, writeSync, readFileSync, unlinkSync, rmdirSync, ftruncateSync, fdatasyncSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { hostname } from 'node:os';
import { LoglakeError } from '../core/errors.js';
import { listFilesRecursive } from '../core/list-files.js';
import { readFileIfExists, writeFileAtomic, unlinkIfExists } from '../core/atomic-file.js';
import { describeErrno } from '../core/fs-errors.js';

/** Version 2: the document names its commit log (`log`); version 1 documents (no log) are read too. */
export const STATE_VERSION = 2;

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
   * The local file (`device:inode`) last read for this content: a plain file shorter than `offset`
   * is a truncation when it is that file, and a copy still being written (copytruncate) when not.
   */
  file_id?: string;
  /**
   * Set when the source's content itself cannot be read past `offset` (a corrupt gzip): the error,
   * recorded once, and the stored size it was seen at. The source is not read again until its size
   * changes.
   */
  error?: string;
  size?: number;
  /**
   * The source's stamp (Source.stamp: device/inode/size/mtime of a file, URI/ETag/size of an
   * object) when it was read to its end at `offset`: a later run that lists a source with the same
   * stamp skips it without opening it.
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
  /** File name (in `_loglake/`) of the log of commits after `commit_seq` (version 2). */
  log?: string;
}

/** One line of the commit log: what commit `seq` added. */
interface LogEntry {
  seq: number;
  sources: Record<string, SourceCheckpoint>;
  files: CommittedFile[];
  run?: RunRecord;
}

/** Runs kept in the state. */
const MAX_RUNS = 50;
/** The log is folded into the document once it is this large and larger than the document. */
const MIN_COMPACT_BYTES = 1 << 20;

const DATA_DIRS = ['logs', 'quarantine', 'tables'];

/** Handle on a warehouse directory's `_loglake/` state. */
export class WarehouseState {
  readonly stateDir: string;
  private readonly statePath: string;
  private readonly lockPath: string;
  private locked = false;
  doc: WarehouseStateDoc;
  /** Bytes of the document and of the valid part of its log (what a commit appends after). */
  private docBytes: number;
  private logBytes: number;
  /** The state files as they were before they were read (see {@link filesStamp}). */
  private readStamp = '';

  private constructor(readonly root: string, doc: WarehouseStateDoc, docBytes: number, logBytes: number) {
    this.stateDir = join(root, '_loglake');
    this.statePath = join(this.stateDir, 'state.json');
    this.lockPath = join(this.stateDir, 'lock');
    this.doc = doc;
    this.docBytes = docBytes;
    this.logBytes = logBytes;
  }

  /** Opens (creating when needed) the warehouse at `root`. Throws WAREHOUSE_UNWRITABLE / STATE_CORRUPT. */
  static open(root: string): WarehouseState {
    const stateDir = join(root, '_loglake');
    try {
      mkdirSync(stateDir, { recursive: true });
    } catch (e) {
      throw new LoglakeError('WAREHOUSE_UNWRITABLE', `cannot create warehouse directory ${stateDir}: ${(e as Error).message}`, { root });
    }
    // a reader racing a compaction may find the log its document names already replaced: start over
    for (let attempt = 0; ; attempt++) {
      const before = filesStamp(stateDir);
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
        if (doc.version !== 1 && doc.version !== STATE_VERSION) {
          throw new LoglakeError('STATE_CORRUPT', `warehouse state version ${String(doc.version)} is not supported by this loglake (expects ${STATE_VERSION})`);
        }
      }
      let logBytes = 0;
      if (doc.log !== undefined) {
        let log: Buffer;
        try {
          log = readFileSync(join(stateDir, doc.log));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 20) continue;
          throw new LoglakeError('STATE_CORRUPT', `warehouse state log ${join(stateDir, doc.log)} cannot be read: ${(e as Error).message}`);
        }
        logBytes = replayLog(doc, log);
      }
      const state = new WarehouseState(root, doc, text === undefined ? 0 : Buffer.byteLength(text), logBytes);
      state.readStamp = before;
      return state;
    }
  }

  /**
   * Takes the single-writer lock (`_loglake/lock`, O_EXCL). A lock left by a dead process on this
   * host is taken over. Throws WAREHOUSE_LOCKED when a live process holds it. The state is read
   * again once locked: another writer may have committed (and let go of the lock) since it was
   * opened, and a commit on a stale state would drop that writer's commit.
   */
  lock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockPath, 'wx');
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
        closeSync(fd);
        this.locked = true;
        // unchanged since they were read (the common case): no second parse of a large state
        if (filesStamp(this.stateDir) === this.readStamp) return;
        const fresh = WarehouseState.open(this.root);
        this.doc = fresh.doc;
        this.docBytes = fresh.docBytes;
        this.logBytes = fresh.logBytes;
        this.readStamp = fresh.readStamp;
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

  /**
   * Atomically and durably commits new files and source positions (the commit point): one line
   * appended to the log, or — when the log has outgrown the document, or there is none yet — a new
   * document with an empty log. Throws IO when the disk refuses (nothing is committed then).
   */
  commit(files: CommittedFile[], sources: Record<string, SourceCheckpoint>, run?: RunRecord): void {
    const entry: LogEntry = run ? { seq: this.doc.commit_seq + 1, sources, files, run } : { seq: this.doc.commit_seq + 1, sources, files };
    const json = JSON.stringify(entry);
    const line = Buffer.from(`${checksum(json)} ${json}\n`);
    if (this.doc.log === undefined || this.logBytes + line.length > Math.max(MIN_COMPACT_BYTES, this.docBytes)) {
      const next = { ...this.doc, sources: { ...this.doc.sources }, files: [...this.doc.files], runs: [...this.doc.runs] };
      applyEntry(next, entry);
      this.compact(next);
      return;
    }
    const logPath = join(this.stateDir, this.doc.log);
    try {
      const fd = openSync(logPath, 'r+');
      try {
        // a torn line of a crashed writer beyond the valid part is cut off first
        ftruncateSync(fd, this.logBytes);
        let off = 0;
        while (off < line.length) off += writeSync(fd, line, off, line.length - off, this.logBytes + off);
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new LoglakeError('IO', `cannot write ${logPath}: ${describeErrno(e)}`, { path: logPath }, false, { cause: e });
    }
    this.logBytes += line.length;
    applyEntry(this.doc, entry);
  }

  /**
   * Writes `next` as the document with a new, empty log: the log is created first, then the
   * document that names it is renamed in place (the commit point), then older logs are removed.
   */
  private compact(next: WarehouseStateDoc): void {
    const log = `state-${next.commit_seq}.log`;
    writeFileAtomic(join(this.stateDir, log), '');
    const doc: WarehouseStateDoc = { ...next, version: STATE_VERSION, log };
    const text = JSON.stringify(doc);
    writeFileAtomic(this.statePath, text);
    for (const name of readdirSync(this.stateDir)) {
      if (/^state-\d+\.log$/.test(name) && name !== log) unlinkIfExists(join(this.stateDir, name));
    }
    this.doc = doc;
    this.docBytes = Buffer.byteLength(text);
    this.logBytes = 0;
  }

  /** Committed files of a kind, as absolute paths. */
  committedFiles(kind: CommittedFile['kind']): string[] {
    return this.doc.files.filter((f) => f.kind === kind).map((f) => join(this.root, f.path));
  }
}

/**
 * Identity of the state files as they are now: inode, size and modification time (ns) of
 * `state.json` and of every commit log beside it. A commit appends to a log (its size grows) or
 * renames a new document in place (a new inode), so equal stamps mean nothing was committed between them.
 */
function filesStamp(stateDir: string): string {
  let names: string[];
  try {
    names = readdirSync(stateDir).filter((n) => n === 'state.json' || /^state-\d+\.log$/.test(n)).sort();
  } catch {
    return '';
  }
  let stamp = '';
  for (const n of names) {
    const st = statSync(join(stateDir, n), { bigint: true, throwIfNoEntry: false });
    if (st) stamp += `${n}:${st.ino}:${st.size}:${st.mtimeNs};`;
  }
  return stamp;
}

/** The first 16 hex digits of the SHA-256 of a log line's JSON (a torn or altered line fails it). */
function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

/** Adds what one commit added to `doc` (in place). */
function applyEntry(doc: WarehouseStateDoc, e: LogEntry): void {
  Object.assign(doc.sources, e.sources);
  for (const f of e.files) doc.files.push(f);
  if (e.run) {
    doc.runs.push(e.run);
    if (doc.runs.length > MAX_RUNS) doc.runs.splice(0, doc.runs.length - MAX_RUNS);
  }
  doc.commit_seq = e.seq;
}

/**
 * Applies the complete, intact lines of a commit log to `doc`, in order; stops at the first line
 * that is torn (no newline yet, a crash or a write in progress) or fails its checksum. Returns the
 * bytes of the valid part.
 */
function replayLog(doc: WarehouseStateDoc, log: Buffer): number {
  let pos = 0;
  while (pos < log.length) {
    const nl = log.indexOf(10, pos);
    if (nl < 0) break;
    const text = log.toString('utf8', pos, nl);
    const sp = text.indexOf(' ');
    const json = text.slice(sp + 1);
    if (sp !== 16 || checksum(json) !== text.slice(0, 16)) break;
    const e = JSON.parse(json) as LogEntry;
    if (e.seq !== doc.commit_seq + 1) break;
    applyEntry(doc, e);
    pos = nl + 1;
  }
  return pos;
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
