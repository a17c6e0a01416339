/**
 * Source identity and resume positions, beside the commit log that stores them: which checkpoint
 * key a source has (content fingerprint, not path), where to resume reading it, which shard of a
 * parallel run owns it, and the checkpoint that records a read position.
 *
 * Pure apart from hashing; imports only `core/` and the checkpoint type.
 */
import * as crypto from 'node:crypto';
import { nowIso } from '../core/now-iso.js';
import type { SourceCheckpoint } from './warehouse-state.js';

/** Where to start reading a source and how many physical lines lie before that offset. */
export interface StartPosition {
  start: number;
  startLines: number;
}

/**
 * Where to resume a source: its committed offset, or 0 when a plain source is now shorter than
 * that (truncated and rewritten). Undefined when there is nothing new: a gzip source read to its
 * end, a source whose content failed (corrupt gzip) and has the same size since, a plain source
 * whose size equals the committed offset, or a plain source shorter than the offset that is not
 * the file last read (`fileId` differs from the checkpoint's: a copy of content already read, still
 * being written by copytruncate). A stream of unknown size (`size` undefined, e.g. stdin) resumes
 * at its committed offset.
 */
export function startPosition(cp: SourceCheckpoint | undefined, gzip: boolean, size: number | undefined, fileId?: string): StartPosition | undefined {
  if (!cp) return { start: 0, startLines: 0 };
  if (size === undefined) return { start: cp.offset, startLines: cp.lines };
  if (gzip && cp.complete) return undefined;
  if (cp.error !== undefined && cp.size === size) return undefined; // corrupt content, recorded once: unchanged since
  if (!gzip && cp.offset > size && isCopy(cp, fileId)) return undefined;
  const resume = gzip || cp.offset <= size;
  const start = resume ? cp.offset : 0;
  if (!gzip && start === size) return undefined;
  return { start, startLines: resume ? cp.lines : 0 };
}

/** Whether a plain file is another file than the one a checkpoint's content was last read from. */
export function isCopy(cp: SourceCheckpoint, fileId: string | undefined): boolean {
  return cp.file_id !== undefined && fileId !== undefined && cp.file_id !== fileId;
}

/**
 * Whether `head` has the first-line fingerprint of a known content but is shorter than the bytes
 * that content's identity check covers: a copy (or compressed copy) of it still being written, or
 * another content with the same first line — which one is only known once the file stops growing.
 */
export function headTooShort(head: Uint8Array, lookup: (k: string) => SourceCheckpoint | undefined): boolean {
  const cp = lookup('fp:' + fingerprint(head).id);
  return cp?.head_len !== undefined && head.length < cp.head_len;
}

/** Stable shard of a source identity (FNV-1a of its key). */
export function shardOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

/** Node's one-shot hash (20.12+): no Hash object per call (two per source read). */
const hashOnce = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** SHA-256 of `b` in hex. */
function sha256Hex(b: Uint8Array): string {
  return hashOnce ? hashOnce('sha256', b, 'hex') : crypto.createHash('sha256').update(b).digest('hex');
}

/** Short content hash used for head checks (hex, 128 bits). */
export function hashBytes(b: Uint8Array): string {
  return sha256Hex(b).slice(0, 32);
}

/**
 * Identity of a source: a hash of its first line (through the newline), so that a renamed or
 * compressed rotation is recognized as the same content. `complete` is false while the first
 * line is not yet terminated (the fingerprint may still change).
 */
export function fingerprint(head: Uint8Array): { id: string; complete: boolean } {
  const nl = head.indexOf(10);
  const part = nl >= 0 ? head.subarray(0, nl + 1) : head;
  return { id: sha256Hex(part).slice(0, 32), complete: nl >= 0 };
}

/**
 * The checkpoint key of a source: its first-line fingerprint, unless a checkpoint with that
 * fingerprint belongs to different content (its recorded head bytes differ), in which case the
 * path is added so that the two never share a read position.
 */
export function sourceKey(head: Uint8Array, path: string, lookup: (k: string) => SourceCheckpoint | undefined): string {
  const base = 'fp:' + fingerprint(head).id;
  for (const key of [base, base + ':' + path]) {
    const cp = lookup(key);
    if (!cp) return key;
    if (cp.head_len === undefined || cp.head_hash === undefined) return key;
    if (head.length >= cp.head_len && hashBytes(head.subarray(0, cp.head_len)) === cp.head_hash) return key;
  }
  return base + ':' + path;
}

/**
 * The checkpoint recording that `path` (identified by `head`) is read up to `offset` with `lines`
 * physical lines before it; `complete` when the source ended for good (gzip or whole object).
 */
export function checkpointAt(head: Uint8Array, path: string, offset: number, lines: number, complete?: boolean, fileId?: string): SourceCheckpoint {
  const head_len = Math.min(head.length, offset);
  const head_hash = hashBytes(head.subarray(0, head_len));
  const updated_at = nowIso();
  const cp: SourceCheckpoint = complete === undefined ? { offset, path, lines, updated_at, head_len, head_hash } : { offset, path, lines, complete, updated_at, head_len, head_hash };
  if (fileId !== undefined) cp.file_id = fileId;
  return cp;
}
