/**
 * The committed source positions of an Iceberg table, kept as a chain of immutable JSON documents
 * (`<table>/metadata/loglake-offsets-<uuid>.json`) so that a commit writes what it changed, not every
 * source the table has ever seen:
 * - a *full* document holds every source's position and every committed quarantine file;
 * - a *delta* document names its `base` (the previous document, by file name in the same
 *   directory, so a relocated warehouse keeps its chains) and holds only the sources and quarantine
 *   files its commit added or moved.
 * A writer folds the chain into a new full document when the deltas since the last full one add up
 * to more bytes than it, or after {@link MAX_DEPTH} deltas: a commit writes O(its changes) amortized
 * (at most twice what the deltas hold), and a reader follows at most MAX_DEPTH links.
 *
 * Documents never change once written, so the merged view of the last document read is kept and a
 * later head that extends it costs only the new deltas. Version 1 documents (every position in
 * `sources`, written by earlier loglake versions) read as full documents.
 */
import type { SourceCheckpoint, CommittedFile } from '../state/warehouse-state.js';
import { LoglakeError } from '../core/errors.js';

/** The merged committed state: every source's position, every committed quarantine file. */
export interface OffsetsDoc {
  version: 1;
  sources: Record<string, SourceCheckpoint>;
  quarantine_files: CommittedFile[];
}

/**
 * One stored document (version 2). The changes sit under `set` (not at the top level as in
 * version 1), so an older loglake that cannot follow `base` fails on it instead of taking a delta
 * for every position.
 */
interface StoredDoc {
  version: 2;
  /** File name of the document this one adds to (same directory); absent in a full document. */
  base?: string;
  set: { sources: Record<string, SourceCheckpoint>; quarantine_files: CommittedFile[] };
}

/** Longest chain of deltas before a full document is written again. */
export const MAX_DEPTH = 32;

/** Reads one file's bytes (the table's FileIO). */
export type ReadFile = (uri: string) => Promise<Uint8Array>;

interface Head {
  uri: string;
  doc: OffsetsDoc;
  /** Deltas since the last full document (0 for a full one). */
  depth: number;
  /** Bytes of those deltas, and of that full document. */
  deltaBytes: number;
  fullBytes: number;
}

const dirOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/'));
const nameOf = (uri: string): string => uri.slice(uri.lastIndexOf('/') + 1);

function parse(uri: string, bytes: Uint8Array): StoredDoc | (OffsetsDoc & { base?: undefined }) {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new LoglakeError('IO', `the committed offsets document ${uri} is not JSON: ${(e as Error).message}`);
  }
  const d = v as { version?: unknown; base?: unknown; set?: unknown; sources?: unknown };
  if (d.version === 1 && typeof d.sources === 'object' && d.sources !== null) return v as OffsetsDoc;
  if (d.version === 2 && typeof d.set === 'object' && d.set !== null && (d.base === undefined || (typeof d.base === 'string' && /^[\w.-]+$/.test(d.base)))) return v as StoredDoc;
  throw new LoglakeError('IO', `the committed offsets document ${uri} has an unknown form (version ${JSON.stringify(d.version)}): written by a newer loglake?`);
}

/** The committed offsets of the chain ending at a document, reading only what a cached view lacks. */
export class OffsetsChain {
  private head: Head | undefined;

  constructor(private readonly read: ReadFile) {}

  /**
   * The merged state at `uri` (undefined: nothing committed yet). The result is shared with the
   * cache: callers must not change it ({@link readCopy} for one to keep).
   */
  async load(uri: string | undefined): Promise<Head> {
    if (uri === undefined) return { uri: '', doc: { version: 1, sources: {}, quarantine_files: [] }, depth: 0, deltaBytes: 0, fullBytes: 0 };
    if (this.head?.uri === uri) return this.head;
    // walk back to the cached head or to a full document
    const deltas: { uri: string; doc: StoredDoc; bytes: number }[] = [];
    let at = uri;
    let start: Head | undefined;
    for (;;) {
      if (this.head && at === this.head.uri) {
        start = this.head;
        break;
      }
      if (deltas.length > 4 * MAX_DEPTH) throw new LoglakeError('IO', `the committed offsets chain ending at ${uri} is longer than ${4 * MAX_DEPTH} documents (a loop?)`);
      const bytes = await this.read(at);
      const d = parse(at, bytes);
      if (d.version === 1 || d.base === undefined) {
        const doc: OffsetsDoc = d.version === 1
          ? { version: 1, sources: d.sources, quarantine_files: d.quarantine_files ?? [] }
          : { version: 1, sources: d.set.sources, quarantine_files: d.set.quarantine_files };
        start = { uri: at, doc, depth: 0, deltaBytes: 0, fullBytes: bytes.length };
        break;
      }
      deltas.push({ uri: at, doc: d, bytes: bytes.length });
      at = `${dirOf(at)}/${d.base}`;
    }
    // extend in place: documents are immutable, so the older view is not needed again (a later
    // load of it reads its chain anew)
    const head = start;
    for (let i = deltas.length - 1; i >= 0; i--) {
      const { doc, bytes } = deltas[i]!;
      Object.assign(head.doc.sources, doc.set.sources);
      for (const f of doc.set.quarantine_files) head.doc.quarantine_files.push(f);
      head.depth++;
      head.deltaBytes += bytes;
    }
    head.uri = uri;
    this.head = head;
    return head;
  }

  /**
   * A document this process wrote at `uri` was committed: the cached view follows it without
   * reading it back (it extends the view when it is a delta on the cached head, or is a full one).
   */
  adopt(uri: string, bytes: Uint8Array): void {
    const d = parse(uri, bytes);
    if (d.version === 2 && d.base === undefined) {
      this.head = { uri, doc: { version: 1, sources: d.set.sources, quarantine_files: d.set.quarantine_files }, depth: 0, deltaBytes: 0, fullBytes: bytes.length };
    } else if (d.version === 2 && this.head && `${dirOf(uri)}/${d.base}` === this.head.uri) {
      Object.assign(this.head.doc.sources, d.set.sources);
      for (const f of d.set.quarantine_files) this.head.doc.quarantine_files.push(f);
      this.head.depth++;
      this.head.deltaBytes += bytes.length;
      this.head.uri = uri;
    }
  }

  /** A chain reading through `read` that starts from this one's cached view (no document read again). */
  rebind(read: ReadFile): OffsetsChain {
    const c = new OffsetsChain(read);
    c.head = this.head;
    return c;
  }

  /** A copy of the merged state at `uri` that the caller may keep and change. */
  async readCopy(uri: string | undefined): Promise<OffsetsDoc> {
    const { doc } = await this.load(uri);
    return { version: 1, sources: { ...doc.sources }, quarantine_files: [...doc.quarantine_files] };
  }

  /**
   * The document to write at `newUri` on top of the chain ending at `baseUri`: a delta holding
   * `sources` and `quarantine`, or a full document when the chain is due for folding. Does not
   * change the cached view (the commit may still fail).
   */
  async next(baseUri: string | undefined, newUri: string, sources: Record<string, SourceCheckpoint>, quarantine: CommittedFile[]): Promise<Buffer> {
    const head = await this.load(baseUri);
    if (baseUri !== undefined && dirOf(baseUri) === dirOf(newUri)) {
      const delta = Buffer.from(JSON.stringify({ version: 2, base: nameOf(baseUri), set: { sources, quarantine_files: quarantine } } satisfies StoredDoc));
      if (head.depth + 1 <= MAX_DEPTH && head.deltaBytes + delta.length <= head.fullBytes) return delta;
    }
    const full: StoredDoc = { version: 2, set: { sources: { ...head.doc.sources, ...sources }, quarantine_files: [...head.doc.quarantine_files, ...quarantine] } };
    return Buffer.from(JSON.stringify(full));
  }

  /** Every document of the chain ending at `uri`, newest first (what `maintain` must keep). */
  async documents(uri: string): Promise<string[]> {
    const out: string[] = [];
    for (let at: string | undefined = uri; at !== undefined && out.length <= 4 * MAX_DEPTH;) {
      out.push(at);
      const d = parse(at, await this.read(at));
      at = d.version === 2 && d.base !== undefined ? `${dirOf(at)}/${d.base}` : undefined;
    }
    return out;
  }
}
