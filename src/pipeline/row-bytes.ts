/**
 * The row stage's byte accounting, apart from row-sink.ts so that the main thread, when a row
 * worker parses, does not load the parsers (row-sink.ts imports them all) just for this formula.
 */

/** Approximate bytes a row holds in the batch (the same formula as RowBatch.endRow). */
export function rowBytes(textLength: number): number {
  return textLength * 2 + 160;
}
