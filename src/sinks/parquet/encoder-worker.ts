/** Worker thread: encodes segments into a Parquet file and writes it durably. */
import { parentPort } from 'node:worker_threads';
import { encodeSegmentsParquet } from './writer/index.js';
import { writeFileAtomic } from '../../core/atomic-file.js';
import type { Segment } from './segment.js';

interface Job { id: number; segs: Segment[]; path: string }

parentPort!.on('message', (job: Job) => {
  try {
    const bytes = encodeSegmentsParquet(job.segs);
    writeFileAtomic(job.path, bytes);
    parentPort!.postMessage({ id: job.id, bytes: bytes.length });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message, io: (e as { code?: unknown }).code === 'IO' });
  }
});
