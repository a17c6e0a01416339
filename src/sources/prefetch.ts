/**
 * Fetching ahead: while the pipeline reads sources one after another (their order is the reading
 * order, and it stays so), the next ones that can be fetched whole (small S3 objects, where each
 * GET costs a round trip; small local files once the page cache shows cold, see read-ahead.ts) are
 * fetched concurrently, within a count and a byte budget. The pipeline
 * calls `advance(i)` before it reads source `i`; sources before `i` are released (their bytes, if
 * unread because the source was skipped, are dropped).
 */
import type { Source } from './source.js';

/** A source that can be fetched ahead of its turn (see S3ObjectSource.prefetch, FileSource.prefetch). */
export interface PrefetchableSource extends Source {
  prefetch(): void;
  release(): void;
}

function prefetchable(s: Source): s is PrefetchableSource {
  return typeof (s as Partial<PrefetchableSource>).prefetch === 'function';
}

/** Budgets of {@link Prefetcher}. */
export interface PrefetchLimits {
  /** Sources fetched ahead at most (default 32). */
  maxAhead?: number;
  /** Stored bytes of the sources fetched ahead and not yet read, at most (default 64 MiB). */
  maxBytes?: number;
}

export class Prefetcher {
  private next = 0;
  private readonly maxAhead: number;
  private readonly maxBytes: number;

  /**
   * @param wanted whether a source will be read (one that will be skipped, e.g. unchanged since
   *   the last run, is not fetched)
   */
  constructor(private readonly sources: readonly Source[], private readonly wanted: (s: Source) => boolean, limits: PrefetchLimits = {}) {
    this.maxAhead = limits.maxAhead ?? 32;
    this.maxBytes = limits.maxBytes ?? 64 << 20;
  }

  /** Source `i` is about to be read: releases those before it and starts fetching the ones after it within the budgets. */
  advance(i: number): void {
    if (i > 0) {
      const prev = this.sources[i - 1];
      if (prev && prefetchable(prev)) prev.release();
    }
    if (this.next < i) this.next = i;
    let bytes = 0;
    for (let k = i; k < this.next; k++) bytes += this.sources[k]!.size ?? 0;
    while (this.next < this.sources.length && this.next - i < this.maxAhead) {
      const s = this.sources[this.next]!;
      const size = s.size ?? 0;
      if (bytes > 0 && bytes + size > this.maxBytes) break;
      if (prefetchable(s) && this.wanted(s)) {
        s.prefetch();
        bytes += size;
      }
      this.next++;
    }
  }
}
