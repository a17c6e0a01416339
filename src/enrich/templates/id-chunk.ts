/**
 * The miner worker's answer for a chunk of rows: the distinct template ids and, per row, the
 * index of its id. A chunk has few distinct ids, so this serialises (and rebuilds on the row
 * worker, the busiest thread) a handful of strings instead of one per row.
 */
import type { TemplateMiner } from './miner.js';

/** Template ids of a chunk: the distinct ids and, per line, the index of its id in `ids`. */
export interface IdChunk {
  ids: string[];
  at: Int32Array;
}

/** Learns `lines` in order (line i seen at `seenAt[i]`) and answers their template ids. */
export function mineLines(miner: TemplateMiner, lines: readonly string[], seenAt: Float64Array): IdChunk {
  return miner.addAll(lines, seenAt);
}
