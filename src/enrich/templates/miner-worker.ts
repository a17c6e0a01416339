/**
 * Worker thread hosting the warehouse's template miner: receives message first lines in ingest
 * order and answers their template ids, so mining runs beside parsing instead of on its path. The
 * rows may come from the parent or, through a port handed over with `{ kind: 'port' }`, from the row
 * worker that parses them.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { TemplateMiner } from './miner.js';
import type { TemplateMinerState } from './persistence.js';
import { LAKE_MINER_OPTIONS } from './lake-miner-options.js';
import { mineLines } from './id-chunk.js';

type Msg = { id: number; kind: 'add'; lines: string[]; seenAt: Float64Array } | { id: number; kind: 'state' } | { kind: 'port'; port: MessagePort };

const init = workerData as { state?: unknown };
const miner = init.state ? TemplateMiner.fromJSON(init.state as TemplateMinerState) : new TemplateMiner(LAKE_MINER_OPTIONS);

/** Answers one request on `port` (the parent, or a port handed over for another thread's rows). */
function serve(port: MessagePort | typeof parentPort, m: Msg): void {
  if (m.kind === 'port') {
    m.port.on('message', (x: Msg) => serve(m.port, x));
    return;
  }
  try {
    if (m.kind === 'add') {
      port!.postMessage({ id: m.id, ids: mineLines(miner, m.lines, m.seenAt) });
    } else {
      port!.postMessage({ id: m.id, state: miner.toJSON() });
    }
  } catch (e) {
    port!.postMessage({ id: m.id, error: (e as Error).message });
  }
}

parentPort!.on('message', (m: Msg) => serve(parentPort, m));
