/** The `--warehouse` value of the commands that take one. */
import { resolve } from 'node:path';
import { isS3Uri } from '../core/s3/uri.js';

/** The --warehouse value: an `s3://` URI as given, else an absolute local path. */
export function warehouseArg(v: string): string {
  return isS3Uri(v) ? v : resolve(v);
}
