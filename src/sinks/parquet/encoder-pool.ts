/**
 * A small pool of worker threads that encode Parquet files, so parsing (main thread) and encoding
 * (workers) use both cores. Segments travel as transferred ArrayBuffers (no copy); the segments of
 * one commit window share their column views, so they travel together, as one job.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Segment } from './segment.js';
import { cutBuffers } from './segment.js';
import { LoglakeError } from '../../core/errors.js';

interface Pending { resolve: (n: number[]) => void; reject: (e: Error) => void }

export class EncoderPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /**
   * The workers start with the first file to encode, not here: a run with nothing new (a no-op
   * re-run) never pays their start-up.
   */
  constructor(private readonly size: number) {}

  private start(): void {
    const size = this.size;
    const js = fileURLToPath(new URL('./encoder-worker.js', import.meta.url));
    const ts = js.replace(/\.js$/, '.ts');
    const file = existsSync(js) ? js : ts;
    for (let i = 0; i < size; i++) {
      // from sources (tsx, tests) the worker registers the TypeScript loader itself
      const w = file.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`, { eval: true })
        : new Worker(file);
      w.on('message', (m: { id: number; sizes?: number[]; error?: string; io?: boolean }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.load[i]!--;
        if (m.error !== undefined) p.reject(m.io ? new LoglakeError('IO', m.error) : new Error('parquet encode failed: ' + m.error));
        else p.resolve(m.sizes!);
      });
      w.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.load.push(0);
    }
  }

  /** Encodes each segment into a Parquet file at `paths[i]`; resolves with the file sizes. */
  encodeToFiles(segs: Segment[], paths: string[]): Promise<number[]> {
    if (this.workers.length === 0) this.start();
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[best]!) best = i;
    const id = this.nextId++;
    this.load[best]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[best]!.postMessage({ id, segs, paths }, cutBuffers(segs));
    });
  }

  /** Jobs queued or running. */
  get inFlight(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
