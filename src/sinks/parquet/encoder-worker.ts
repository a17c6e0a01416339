/** Worker thread: encodes segments into Parquet files (one per segment) and writes them durably. */
import { parentPort } from 'node:worker_threads';
import { encodeSegmentsParquet } from './writer/index.js';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { cutBuffers, type Segment } from './segment.js';

interface Job { id: number; segs: Segment[]; paths: string[] }

parentPort!.on('message', (job: Job) => {
  try {
    const sizes: number[] = [];
    for (let i = 0; i < job.segs.length; i++) {
      const bytes = encodeSegmentsParquet([job.segs[i]!]);
      writeFileAtomic(job.paths[i]!, bytes);
      sizes.push(bytes.length);
    }
    // the segment buffers go back to the main thread, where they die young: this thread's heap
    // hardly grows, so its garbage collector would leave them (most of a commit window) in memory
    const back = cutBuffers(job.segs);
    parentPort!.postMessage({ id: job.id, sizes, back }, back);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message, io: (e as { code?: unknown }).code === 'IO' });
  }
});
