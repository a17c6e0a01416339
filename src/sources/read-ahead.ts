/**
 * Reading small local files ahead of their turn when the page cache is cold.
 *
 * Local files are read synchronously, one after another: on a warm page cache that is the
 * cheapest way (an asynchronous read costs the main thread about twice the CPU of a synchronous
 * one in thread-pool hand-offs). On a cold cache — a batch run over logs written hours ago, an
 * agent started after a node's reboot, a network disk — every small file waits for the device
 * in turn, and the waits add up to more than the parsing. So the run watches how long its
 * synchronous small-file reads take; once a window of them is slow enough to be device reads,
 * later small files are read ahead asynchronously (in the thread pool, within the
 * {@link Prefetcher}'s count and byte budgets) while the pipeline parses the ones before them.
 * The switch is one-way for the run.
 *
 * What an early read returns is what {@link readFileHead} returns for a small file: its bytes and
 * its status taken on the same descriptor after they were read — so the identity, stamp and
 * "nothing beyond these bytes" decisions are the same as for a read at the file's turn.
 */
import { open, read, fstat, close } from 'node:fs';
import type { FileHead } from './line-reader.js';

/**
 * Median duration (µs) of a window of synchronous small-file reads (open, read, fstat, close) above
 * which the cache is taken for cold: warm reads of a few KiB take 10–20 µs on the 2-core machine
 * here even under load, reads that go to its (fast, virtio) disk 60 µs and more, to a network
 * disk hundreds.
 */
export const COLD_READ_MICROS = 40;
/** Reads per window. */
const WINDOW = 16;

/** A run's switch between reading at each file's turn and reading ahead (see module comment). */
export class ReadAhead {
  private readonly window = new Float64Array(WINDOW);
  private filled = 0;
  private on = false;

  /** Whether small files are read ahead. */
  get cold(): boolean {
    return this.on;
  }

  /** A synchronous read of a small file took `ms` milliseconds. */
  observe(ms: number): void {
    if (this.on) return;
    this.window[this.filled++] = ms;
    if (this.filled < WINDOW) return;
    this.filled = 0;
    const sorted = this.window.slice().sort();
    if (sorted[WINDOW >> 1]! * 1000 > COLD_READ_MICROS) this.on = true;
  }
}

/**
 * Reads a small file whole, asynchronously: one buffer of `size + 1` bytes (its listed size and
 * one byte to see growth), then its status on the same descriptor. Undefined when the file is not
 * that small any more (it grew, or its status says more is there): the caller reads it at its turn.
 * Rejects with what opening or reading threw (the caller reads it at its turn too, and reports that).
 */
export function readSmallFileAhead(path: string, size: number): Promise<FileHead | undefined> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (err, fd) => {
      if (err) return reject(err);
      const done = (e: Error | null, result?: FileHead): void => {
        close(fd, () => (e ? reject(e) : resolve(result)));
      };
      const buf = Buffer.allocUnsafe(size + 1);
      read(fd, buf, 0, buf.length, 0, (e, got) => {
        if (e) return done(e);
        if (got === buf.length) return done(null); // grew since it was listed
        fstat(fd, (e2, stat) => {
          if (e2) return done(e2);
          done(null, stat.size <= got ? { bytes: buf.subarray(0, got), stat } : undefined);
        });
      });
    });
  });
}
