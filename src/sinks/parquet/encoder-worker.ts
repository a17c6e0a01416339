/** Worker thread: encodes segments into a Parquet file and writes it durably. */
import { parentPort } from 'node:worker_threads';
import { encodeSegmentsParquet } from './writer/index.js';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { segmentBuffers, type Segment } from './segment.js';

interface Job { id: number; segs: Segment[]; path: string }

parentPort!.on('message', (job: Job) => {
  try {
    const bytes = encodeSegmentsParquet(job.segs);
    writeFileAtomic(job.path, bytes);
    // the segment buffers go back to the main thread, where they die young: this thread's heap
    // hardly grows, so its garbage collector would leave them (most of a commit window) in memory
    const back = job.segs.flatMap(segmentBuffers);
    parentPort!.postMessage({ id: job.id, bytes: bytes.length, back }, back);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message, io: (e as { code?: unknown }).code === 'IO' });
  }
});
