/**
 * Where the template-miner state lives and how concurrent writers update it without losing each
 * other's templates: `<warehouse>/_loglake/templates.json` through the warehouse's FileIO (local
 * disk or S3), replaced only with a conditional write (`If-Match` on the version that was read).
 * When another writer stored a state after ours was loaded, ours is merged into theirs
 * (merge-states.ts) and the write retried; ids stay stable.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { LoglakeError } from '../../core/errors.js';
import { isS3Uri } from '../../core/s3/uri.js';
import { pathToFileUri } from '../../sinks/iceberg/io/local-file-io.js';
import { deferredFileIOFor } from '../../sinks/iceberg/io/lazy-file-io.js';
import type { FileIO } from '../../sinks/iceberg/io/file-io.js';
import { IcebergError } from '../../sinks/iceberg/spec/iceberg-error.js';
import { DEFAULT_MASK_RULES } from './masking.js';
import { mergeStates } from './merge-states.js';
import { decodeState, type TemplateMinerState } from './persistence.js';

/** The miner state location of a warehouse (local directory or `s3://…`). */
export function templateStateLocation(warehouse: string): string {
  if (isS3Uri(warehouse)) return `${warehouse.replace(/\/+$/, '')}/_loglake/templates.json`;
  return pathToFileUri(join(warehouse, '_loglake', 'templates.json'));
}

/** Loads and saves one miner state document with optimistic, merging updates. */
export class TemplateStateStore {
  /** What was last read or written (bytes) and the state our miner's counts derive from. */
  private base: { bytes: Buffer; state: TemplateMinerState } | undefined;
  private readonly io: FileIO;
  private readonly ownsIo: boolean;

  /**
   * @param location URI of the state document
   * @param io FileIO for it (default: by scheme; closed by {@link close} then)
   */
  constructor(readonly location: string, io?: FileIO) {
    this.io = io ?? deferredFileIOFor(location);
    this.ownsIo = io === undefined;
  }

  /** A store for a warehouse's shared state, or for an explicit state file (`--state`). */
  static open(warehouse: string, statePath?: string): TemplateStateStore {
    const loc = statePath ? (isS3Uri(statePath) || statePath.startsWith('file:') ? statePath : pathToFileUri(statePath)) : templateStateLocation(warehouse);
    return new TemplateStateStore(loc);
  }

  /**
   * The stored state as parsed JSON (validated later by `TemplateMiner.fromJSON`), or undefined
   * when there is none yet. Remembered as the base of the next {@link save}.
   * @throws LoglakeError STATE_CORRUPT when it is not JSON
   */
  async load(): Promise<unknown> {
    const cur = await this.io.readVersioned(this.location);
    if (!cur) {
      this.base = undefined;
      return undefined;
    }
    const parsed = this.parse(cur.data);
    this.base = { bytes: cur.data, state: parsed as TemplateMinerState };
    return parsed;
  }

  private parse(data: Buffer): unknown {
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch (err) {
      throw new LoglakeError('STATE_CORRUPT', `template state: ${this.location} is not valid JSON`, { location: this.location }, false, { cause: err });
    }
  }

  /**
   * Stores `state`: as is when nobody else stored a state since {@link load}, else merged into
   * theirs; retried (with backoff) while other writers keep winning the conditional write.
   * @returns whether a merge happened
   */
  async save(state: TemplateMinerState): Promise<{ merged: boolean }> {
    const mine = Buffer.from(JSON.stringify(state) + '\n', 'utf8');
    for (let attempt = 0; attempt < 30; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 20 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random()));
      const cur = await this.io.readVersioned(this.location);
      let bytes = mine;
      let next = state;
      let merged = false;
      if (cur && !(this.base && cur.data.equals(this.base.bytes))) {
        const theirs = decodeState(this.parse(cur.data), DEFAULT_MASK_RULES);
        next = mergeStates(this.base?.state, state, theirs);
        bytes = Buffer.from(JSON.stringify(next) + '\n', 'utf8');
        merged = true;
      }
      try {
        await this.io.write(this.location, bytes, cur ? { ifMatch: cur.version } : {});
      } catch (e) {
        if (e instanceof IcebergError && (e.code === 'PRECONDITION_FAILED' || e.code === 'NOT_FOUND' || (!cur && e.code === 'IO_ERROR' && /exists/.test(e.message)))) continue;
        throw new LoglakeError('IO', `template state: cannot write ${this.location}: ${(e as Error).message}`, { location: this.location }, false, { cause: e });
      }
      // our miner goes on from `state`: the next save's delta is counted from it; after a merge
      // the stored document is not ours, so the next save must merge again (empty bytes never match)
      this.base = { bytes: merged ? Buffer.alloc(0) : bytes, state };
      return { merged };
    }
    throw new LoglakeError('IO', `template state: ${this.location} kept changing under 30 attempts to update it`, { location: this.location }, true);
  }

  /** Releases the FileIO when this store made it. */
  async close(): Promise<void> {
    if (this.ownsIo) await this.io.close?.();
  }
}
