/** Worker thread: encodes segments into Parquet files (one per segment) and writes them durably. */
import { parentPort } from 'node:worker_threads';
import { encodeSegmentsParquet } from './writer/index.js';
import { AtomicFileBatch } from '../../core/atomic-file.js';
import { cutBuffers, type Segment } from './segment.js';
import { expectTransfers } from '../../core/jit-tuning.js';

// segment buffers go back transferred: the first transfer happens now, before the encoder is optimized
expectTransfers();

interface Job { id: number; segs: Segment[]; paths: string[] }

/** Lets the thread's event loop run (fsync completions of an earlier job) between two files. */
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * One job: the files of a commit window. Each file's fsync runs on the thread pool while the next
 * one is encoded (see AtomicFileBatch); the answer goes back once every file is durable in place.
 * Jobs may overlap (the next window is encoded while this one's syncs finish); each answers for
 * its own files.
 */
async function encodeJob(job: Job): Promise<void> {
  const batch = new AtomicFileBatch();
  try {
    const sizes: number[] = [];
    for (let i = 0; i < job.segs.length; i++) {
      if (i > 0) await yieldToLoop();
      const bytes = encodeSegmentsParquet([job.segs[i]!]);
      batch.add(job.paths[i]!, bytes);
      sizes.push(bytes.length);
    }
    await batch.commit();
    // the segment buffers go back to the main thread, where they die young: this thread's heap
    // hardly grows, so its garbage collector would leave them (most of a commit window) in memory
    const back = cutBuffers(job.segs);
    parentPort!.postMessage({ id: job.id, sizes, back }, back);
  } catch (e) {
    await batch.abort();
    parentPort!.postMessage({ id: job.id, error: (e as Error).message, io: (e as { code?: unknown }).code === 'IO' });
  }
}

parentPort!.on('message', (job: Job) => {
  void encodeJob(job);
});
