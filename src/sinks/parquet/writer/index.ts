/** Direct Segment[] → Parquet writer (no Arrow): see encode-segments.ts. */
export { encodeSegmentsParquet, CREATED_BY, type SegmentsParquetOptions } from './encode-segments.js';
