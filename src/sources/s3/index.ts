/**
 * S3 (and S3-API compatible) sources: discovery, byte streams with resume, heads for fingerprints.
 * The object-store counterparts of ../discover.ts and ../line-reader.ts.
 */
export { parseS3Uri, formatS3Uri, isS3Uri, type S3Location } from '../../core/s3/uri.js';
export { s3ClientFromEnv, s3EndpointFromEnv, DEFAULT_S3_MAX_ATTEMPTS } from '../../core/s3/client.js';
export { discoverS3, orderS3ForReading, isS3LogKey, isDirectoryMarker, type S3Object } from './discover-s3.js';
export { openS3Stream, readS3Head, readS3Object, type S3ObjectRef, type S3ReadOptions } from './object-stream.js';
export { s3Failure, httpStatusOf } from '../../core/s3/s3-errors.js';
