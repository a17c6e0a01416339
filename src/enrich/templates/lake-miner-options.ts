/** Miner settings for lake messages, shared by ingest-time template ids and `loglake patterns`. */
import type { TemplateMinerOptions } from './miner.js';

/**
 * Miner options for lake messages. Structured loggers (pino, zap, JSON Spark) write short
 * constant event names ("request completed", "request errored", "order created"); with the
 * default settings those two-token messages generalize into one `<*> <*>` template, which hides
 * exactly the difference an anomaly detector needs. Messages under three tokens therefore never
 * generalize here. Saved with the state, so an existing state keeps its own settings.
 */
export const LAKE_MINER_OPTIONS: TemplateMinerOptions = Object.freeze({ minGeneralizeLength: 3 });
