/**
 * `--shard i/N | auto`: which share of the sources this writer ingests.
 *
 * `auto` (and, without `--shard`, the presence of both variables) takes the shard from a
 * Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (set by Kubernetes in every pod of an Indexed Job)
 * is i, and `LOGLAKE_SHARD_COUNT` (set in the manifest to the Job's `completions`; Kubernetes does
 * not expose that count to the pod) is N. Missing or inconsistent values are one usage error line.
 */
import { UsageError } from '../core/errors.js';

/** Shard i of N (0 <= index < count). */
export interface Shard {
  index: number;
  count: number;
}

/** Kubernetes sets this in each pod of a Job with `completionMode: Indexed`. */
export const INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** The number of shards; the manifest sets it to the Job's `spec.completions`. */
export const COUNT_ENV = 'LOGLAKE_SHARD_COUNT';

const NON_NEGATIVE_INT = /^(0|[1-9]\d{0,8})$/;

/**
 * Resolves the shard from the `--shard` flag value and the environment.
 * An explicit `i/N` wins over the environment; `auto` requires both variables; without the flag,
 * both variables set means `auto`, only `LOGLAKE_SHARD_COUNT` set is an error, and neither (or only
 * `JOB_COMPLETION_INDEX`, e.g. an Indexed Job that does not shard) means no sharding.
 * @throws UsageError on a malformed flag or missing/inconsistent variables.
 */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flag !== undefined && flag !== 'auto') {
    const m = /^(\d+)\/(\d+)$/.exec(flag);
    if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be i/N with 0 <= i < N, or auto, got "${flag}"`);
    return { index: Number(m[1]), count: Number(m[2]) };
  }
  const index = env[INDEX_ENV];
  const count = env[COUNT_ENV];
  if (flag === undefined && count === undefined) return undefined;
  const what = flag === 'auto' ? '--shard auto' : `${COUNT_ENV}=${count} without --shard`;
  if (index === undefined || count === undefined) {
    const missing = [index === undefined ? INDEX_ENV : '', count === undefined ? COUNT_ENV : ''].filter(Boolean).join(' and ');
    throw new UsageError(`${what} needs ${INDEX_ENV} (set in each pod of an Indexed Job) and ${COUNT_ENV} (the Job's completions) in the environment; missing: ${missing}`);
  }
  if (!NON_NEGATIVE_INT.test(count) || Number(count) < 1) throw new UsageError(`${what}: ${COUNT_ENV} must be an integer >= 1, got "${count}"`);
  if (!NON_NEGATIVE_INT.test(index)) throw new UsageError(`${what}: ${INDEX_ENV} must be an integer >= 0, got "${index}"`);
  if (Number(index) >= Number(count)) {
    throw new UsageError(`${what}: ${INDEX_ENV}=${index} is not below ${COUNT_ENV}=${count}; set ${COUNT_ENV} to the Job's completions`);
  }
  return { index: Number(index), count: Number(count) };
}
