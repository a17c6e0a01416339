/**
 * Follow mode: the same per-source loop, run again whenever the inputs change, with commits on an
 * interval (or when --commit-bytes are buffered) instead of once at the end.
 *
 * - Discovery runs on every pass, so new containers and pods are picked up as their files appear.
 * - A source is its content (first-line fingerprint), not its name: after a rename rotation
 *   (`app.log` → `app.log.1`), a copytruncate (copy keeps the content, the truncated file starts
 *   new content) or compression of a rotated file (`app.log.1.gz`), reading continues where it
 *   stopped, under whatever name the content has now. A file rewritten shorter under the same
 *   identity is read again from its start. A `.gz` is read once it has been idle for --idle-secs
 *   (compression writes it progressively).
 * - Every commit carries the position of every open source (see CommitSchedule), so a SIGKILL at
 *   any moment leaves each line committed exactly once.
 * - Each content keeps one open reading: multi-line events still open at the end of the data stay
 *   open until more lines arrive or the file has been idle for --idle-secs.
 * - Backpressure: a commit is awaited before reading goes on, so a slow table slows reading
 *   instead of growing buffers; memory stays bounded by --commit-bytes.
 * - Abort (SIGTERM/SIGINT): reading stops at the next chunk, open events are closed, and the
 *   final commit records everything read.
 * - `s3://` inputs are listed again every --s3-poll-interval (objects are written whole, so each
 *   new object is read to its end like in a batch run; what is committed is skipped by identity).
 *   A prefix with no object yet is waited for. A listing that fails after the S3 client's own
 *   retries is reported (onWarning, loglake_list_errors_total) and tried again at the next poll;
 *   only a failure of an input's first listing that retrying cannot fix (access denied, no such
 *   bucket) ends the run, because then the configuration is wrong.
 */
import { statSync } from 'node:fs';
import { discoverSources, type DiscoveredFile, type DiscoverOptions, type RefusedLink } from '../sources/discover.js';
import { FileSource } from '../sources/file-source.js';
import { ChangeWatcher } from '../sources/change-watcher.js';
import { isS3Uri } from '../core/s3/uri.js';
import { LoglakeError, UsageError } from '../core/errors.js';
import { openSources } from '../sources/open-sources.js';
import { SourceReading, unreadable } from './read-source.js';
import { withRun, readSources, recordRefusedLinks, type IngestOptions, type RunParts } from './ingest.js';
import type { RunSummary } from './run-summary.js';

export interface FollowOptions extends IngestOptions {
  /** Commit at least this often while data arrives (ms; default 10 s). */
  commitIntervalMs?: number;
  /** Poll the inputs this often even without notifications (ms; default 1 s). */
  pollMs?: number;
  /** List `s3://` inputs this often (ms; default 30 s): each listing is a paid request per 1,000 objects. */
  s3PollMs?: number;
  /** Stops following (then flush and final commit). Required: follow mode runs until it aborts. */
  signal: AbortSignal;
  /** Told the time of each successful commit. */
  onCommitted?: (at: number) => void;
  /** Told of problems the follower survives (a failed listing, tried again at the next poll). */
  onWarning?: (message: string) => void;
}

interface Live {
  reading: SourceReading;
  lastGrowth: number;
  /** The last pass that found this content under some listed name. */
  seenPass: number;
}

/** Follows `opts.inputs` until `opts.signal` aborts; returns the run summary after the final commit. */
export async function runFollow(opts: FollowOptions): Promise<RunSummary> {
  if (opts.inputs.includes('-')) throw new UsageError('--follow reads files, directories and s3:// prefixes; "-" (standard input) cannot be followed');
  const localInputs = opts.inputs.filter((i) => !isS3Uri(i));
  const s3Inputs = opts.inputs.filter((i) => isS3Uri(i));
  const s3PollMs = opts.s3PollMs ?? 30_000;
  const idleMs = (opts.idleSecs ?? 2) * 1000;
  const intervalMs = opts.commitIntervalMs ?? 10_000;
  const pollMs = opts.pollMs ?? 1000;
  const signal = opts.signal;
  opts.metrics?.setCommitInterval(intervalMs / 1000);
  return withRun(opts, async (run: RunParts) => {
    const { schedule, summary } = run;
    const watcher = new ChangeWatcher(localInputs);
    run.closeSources = () => watcher.close();
    const live = new Map<string, Live>();
    /** Files whose (inode, size, mtime) were read to their end and have not changed since. */
    const unchanged = new Map<string, string>();
    const seenFiles = new Set<string>();
    const seenObjects = new Set<string>();
    /** s3:// inputs listed successfully at least once. */
    const listedOnce = new Set<string>();
    let nextS3 = 0;
    let lastCommit = Date.now();
    let pass = 0;
    const stamp = (f: DiscoveredFile): string => `${f.dev}:${f.ino}:${f.size}:${f.mtimeMs}`;

    while (!signal.aborted) {
      pass++;
      if (s3Inputs.length > 0 && Date.now() >= nextS3) {
        await readS3();
        nextS3 = Date.now() + s3PollMs;
      }
      const { files, refused } = localInputs.length > 0 ? discover(localInputs, { followAnySymlink: opts.followAnySymlink }) : { files: [], refused: [] };
      recordRefusedLinks(run, refused);
      opts.metrics?.setFilesTracked(files.length + seenObjects.size);
      // forget files that are gone, so that the maps stay as large as the listing
      const listed = new Set(files.map((f) => f.realPath));
      for (const p of unchanged.keys()) if (!listed.has(p)) unchanged.delete(p);
      for (const p of seenFiles) if (!listed.has(p)) seenFiles.delete(p);
      for (const f of files) {
        if (signal.aborted) break;
        if (unchanged.get(f.realPath) === stamp(f)) continue;
        if (!seenFiles.has(f.realPath)) {
          seenFiles.add(f.realPath);
          summary.files_seen++;
        }
        await readFile(f);
      }
      const now = Date.now();
      for (const [key, l] of live) {
        // idle: no growth for --idle-secs → close its open events (the next growth reopens it);
        // one still holding an unterminated line waits for it, unless no listed name leads to it
        // any more (its first line was caught half-written, so its content now has another identity)
        if (now - l.lastGrowth > idleMs && (l.reading.pendingTail === 0 || l.seenPass !== pass)) {
          l.reading.finish(false);
          live.delete(key);
        }
      }
      // every open source records its position first; at the interval, open events that block
      // a source's commit point are closed (a multi-line flush timeout) so the commit happens
      const intervalDue = now - lastCommit >= intervalMs;
      if ((schedule.due || intervalDue) && schedule.recordOpenPositions(intervalDue)) {
        await schedule.commit(false);
        await schedule.settle();
        lastCommit = Date.now();
        opts.onCommitted?.(lastCommit);
      }
      const untilS3 = s3Inputs.length > 0 ? nextS3 - Date.now() : Infinity;
      await watcher.wait(Math.min(pollMs, lastCommit + intervalMs - Date.now(), untilS3), signal);
    }
    for (const l of live.values()) l.reading.finish(false);
    live.clear();

    /** One listing of every s3:// input; new objects are read to their ends. */
    async function readS3(): Promise<void> {
      const listed = new Set<string>();
      let failed = false;
      for (const input of s3Inputs) {
        if (signal.aborted) return;
        let set;
        try {
          set = await openSources([input], { idleMs });
          listedOnce.add(input);
        } catch (e) {
          if (!(e instanceof LoglakeError)) throw e;
          const noBucket = e.context.errorName === 'NoSuchBucket';
          if (e.code === 'INPUT_NOT_FOUND' && !noBucket) { // nothing uploaded yet
            listedOnce.add(input);
            continue;
          }
          // the first listing fails for good: wrong bucket or credentials → stop with the error
          if (!listedOnce.has(input) && (noBucket || !e.retryable)) throw e;
          failed = true;
          opts.metrics?.listError();
          opts.onWarning?.(`${e.message}; listing again in ${formatSeconds(s3PollMs)}`);
          continue;
        }
        try {
          for (const s of set.sources) {
            listed.add(s.path);
            if (!seenObjects.has(s.path)) {
              seenObjects.add(s.path);
              summary.files_seen++;
            }
          }
          await readSources(run, { ...opts, signal }, set.sources);
        } finally {
          set.close();
        }
      }
      // an input whose listing failed keeps what it had (not counted again as seen when it is back)
      if (!failed) for (const p of seenObjects) if (!listed.has(p)) seenObjects.delete(p);
    }

    async function readFile(f: DiscoveredFile): Promise<void> {
      // a compressed rotation is written progressively (logrotate's `compress`): until it has been
      // idle for --idle-secs it may be cut, and a cut gzip neither names its content reliably nor
      // reads to its end; its content is still read under the uncompressed name meanwhile
      if (f.gzip && Date.now() - f.mtimeMs < idleMs) return;
      const source = new FileSource(f, idleMs);
      let reading: SourceReading | undefined;
      try {
        reading = await SourceReading.open(source, run.parts, (k) => live.get(k)?.reading);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return; // rotated away between listing and opening
        if (e instanceof LoglakeError || code === undefined) throw e;
        // cannot be opened (EACCES, EISDIR, not gzip…): quarantined as a read error once, tried
        // again when the file changes
        const r = unreadable(source, run.parts, e);
        if (r.read) opts.metrics?.readError();
        unchanged.set(f.realPath, stamp(f));
        return;
      }
      if (!reading) {
        unchanged.set(f.realPath, stamp(f));
        return;
      }
      if (!f.gzip && f.size < reading.offset) {
        // same identity, shorter: another file is a copy still being written (copytruncate) → wait
        // for it to grow; the same file was truncated and rewritten in place → read it from the start
        if (reading.lastFileId !== undefined && reading.lastFileId !== source.fileId) return;
        reading.finish(false);
        live.delete(reading.key);
        reading = await SourceReading.open(source, run.parts);
        if (!reading) return;
      }
      const entry = live.get(reading.key) ?? { reading, lastGrowth: Date.now(), seenPass: pass };
      entry.seenPass = pass;
      live.set(reading.key, entry);
      const before = reading.offset;
      const error = await reading.read(source, true);
      if (error === 'gone') return; // renamed or removed since listing: met again under its new name
      if (reading.offset !== before) entry.lastGrowth = Date.now();
      if (error !== undefined || f.gzip) {
        // a compressed rotation is complete; a read error is recorded once and retried when the file changes
        reading.finish(f.gzip && error === undefined);
        live.delete(reading.key);
        if (error !== undefined) {
          opts.metrics?.readError();
          unchanged.set(f.realPath, stamp(f)); // recorded once; read again when the file changes
          return;
        }
      }
      if (reading.pendingTail === 0 && !signal.aborted) {
        // only a file read to its end (nothing held back) may be skipped until it changes
        try {
          const st = statSync(f.realPath);
          if (st.size === reading.offset || f.gzip) unchanged.set(f.realPath, `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`);
        } catch {
          // gone: discovery will not list it again
        }
      }
    }
  });
}

/**
 * Lists the inputs' files; an input that vanished (a pod's folder removed) or a file removed while
 * listing is skipped for this pass instead of stopping the agent.
 */
function discover(inputs: readonly string[], options: DiscoverOptions): { files: DiscoveredFile[]; refused: RefusedLink[] } {
  try {
    return discoverSources([...inputs], options);
  } catch (e) {
    if (!(e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND') && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const out = { files: [] as DiscoveredFile[], refused: [] as RefusedLink[] };
  for (const input of inputs) {
    try {
      const found = discoverSources([input], options);
      out.files.push(...found.files);
      out.refused.push(...found.refused);
    } catch (e) {
      if (!(e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND') && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return out;
}

/** `30 s`, `300 ms`: a poll interval as a person reads it. */
function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${String(Math.round(ms / 100) / 10)} s` : `${String(ms)} ms`;
}
