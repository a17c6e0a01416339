/**
 * Worker thread hosting the warehouse's template miner: receives message first lines in ingest
 * order and answers their template ids, so mining runs beside parsing instead of on its path.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TemplateMiner } from './miner.js';
import type { TemplateMinerState } from './persistence.js';
import { LAKE_MINER_OPTIONS } from './lake-miner-options.js';

type Msg = { id: number; kind: 'add'; lines: string[]; seenAt: Float64Array } | { id: number; kind: 'state' };

const init = workerData as { state?: unknown };
const miner = init.state ? TemplateMiner.fromJSON(init.state as TemplateMinerState) : new TemplateMiner(LAKE_MINER_OPTIONS);

parentPort!.on('message', (m: Msg) => {
  try {
    if (m.kind === 'add') {
      const ids = new Array<string>(m.lines.length);
      for (let i = 0; i < m.lines.length; i++) ids[i] = miner.add(m.lines[i]!, m.seenAt[i]).templateId;
      parentPort!.postMessage({ id: m.id, ids });
    } else {
      parentPort!.postMessage({ id: m.id, state: miner.toJSON() });
    }
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});
