/**
 * Template-miner state as explicit, versioned JSON (no serialized objects): the schema, its
 * validation, and atomic save/load to a file (temp file + fsync + rename).
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { describeErrno } from '../../core/fs-errors.js';
import { LoglakeError } from '../../core/errors.js';
import { DEFAULT_MASK_RULES, type MaskRule } from './masking.js';

/** The `kind` field of a state document. */
export const STATE_KIND = 'loglake.template-miner';
/**
 * The state version this code writes. Version 2 (masking v2) added the mask rules `email`,
 * `host-port`, `clf-date` and `random-token` and the PRI-before-date step; version 1 states are
 * migrated on load (see {@link decodeState}).
 */
export const STATE_VERSION = 2;

/** The mask rule names of a version 1 state (masking v1), in order. */
export const V1_MASK_RULES: readonly string[] = Object.freeze([
  'url', 'ipv6-mac', 'path-query', 'windows-path', 'unix-path', 'uuid', 'hostname', 'bool-null-user', 'number',
  'dash-date', 'hex-id', 'number-with-unit', 'prefixed-id', 'compound-id', 'date-phrase',
]);

/** One template in the state. */
export interface ClusterState {
  id: string;
  /** Creation order; the oldest template survives a merge. */
  seq: number;
  /** Template tokens; a generalized position is `prefix<*>suffix`. */
  tokens: string[];
  /** Generalized positions as [index, literal prefix, literal suffix]. */
  generalized: [number, string, string][];
  /** Positions of varying units folded into the value before them (rendered without them). */
  units?: number[];
  count: number;
  firstSeen?: number;
  lastSeen?: number;
}

/** The whole state document (version 2). */
export interface TemplateMinerState {
  kind: typeof STATE_KIND;
  version: typeof STATE_VERSION;
  config: {
    treeDepth: number;
    maxChildren: number;
    minVariants: number;
    minGeneralizeLength: number;
    maxCacheEntries: number;
  };
  /** Names of the masking rules, in order, used to mine these templates. */
  maskRules: string[];
  nextSeq: number;
  templates: ClusterState[];
  /** Ids of templates merged into others → the id they merged into. */
  aliases: Record<string, string>;
}

function corrupt(message: string, context: Record<string, unknown> = {}): LoglakeError {
  return new LoglakeError('STATE_CORRUPT', `template state: ${message}`, context);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * Validates a parsed state document.
 * @param state parsed JSON
 * @param rules the masking rules the miner will use; every saved rule name must be among them, in the same order
 * @throws LoglakeError STATE_CORRUPT (unknown version, wrong kind, malformed fields, missing mask rules)
 */
export function decodeState(state: unknown, rules: readonly MaskRule[]): TemplateMinerState {
  if (!isObj(state)) throw corrupt('expected a JSON object');
  if (state['kind'] !== STATE_KIND) throw corrupt(`kind is ${JSON.stringify(state['kind'])}, expected "${STATE_KIND}"`);
  const version = state['version'];
  if (version === 1) return decodeState(migrateV1(state, rules), rules);
  if (version !== STATE_VERSION) {
    throw corrupt(`unsupported version ${JSON.stringify(version)} (this build reads versions 1 and ${STATE_VERSION}); re-mine the templates or upgrade loglake`, { version });
  }
  const config = state['config'];
  if (!isObj(config)) throw corrupt('config missing');
  for (const k of ['treeDepth', 'maxChildren', 'minVariants', 'minGeneralizeLength', 'maxCacheEntries']) {
    if (!isNonNegInt(config[k])) throw corrupt(`config.${k} must be a non-negative integer`);
  }
  const maskRules = state['maskRules'];
  if (!Array.isArray(maskRules) || !maskRules.every((n) => typeof n === 'string')) throw corrupt('maskRules must be a list of names');
  const available = rules.map((r) => r.name);
  if (maskRules.join('\u0000') !== available.join('\u0000')) {
    throw corrupt(`saved with masking rules [${maskRules.join(', ')}] but the miner has [${available.join(', ')}]; pass the same rules to fromJSON`);
  }
  if (!isNonNegInt(state['nextSeq'])) throw corrupt('nextSeq must be a non-negative integer');
  const templates = state['templates'];
  if (!Array.isArray(templates)) throw corrupt('templates must be a list');
  const ids = new Set<string>();
  templates.forEach((t, k) => {
    if (!isObj(t)) throw corrupt(`templates[${k}] is not an object`);
    if (typeof t['id'] !== 'string' || t['id'] === '') throw corrupt(`templates[${k}].id must be a non-empty string`);
    if (ids.has(t['id'])) throw corrupt(`duplicate template id ${t['id']}`);
    ids.add(t['id']);
    if (!isNonNegInt(t['seq']) || !isNonNegInt(t['count'])) throw corrupt(`templates[${k}] seq/count must be non-negative integers`);
    const tokens = t['tokens'];
    if (!Array.isArray(tokens) || !tokens.every((x) => typeof x === 'string')) throw corrupt(`templates[${k}].tokens must be a list of strings`);
    const gen = t['generalized'];
    if (!Array.isArray(gen)) throw corrupt(`templates[${k}].generalized must be a list`);
    for (const g of gen) {
      if (!Array.isArray(g) || g.length !== 3 || !isNonNegInt(g[0]) || g[0] >= tokens.length || typeof g[1] !== 'string' || typeof g[2] !== 'string') {
        throw corrupt(`templates[${k}].generalized has a bad entry ${JSON.stringify(g)}`);
      }
    }
    const units = t['units'];
    if (units !== undefined && (!Array.isArray(units) || !units.every((u) => isNonNegInt(u) && u < tokens.length))) {
      throw corrupt(`templates[${k}].units must be a list of token positions`);
    }
    for (const f of ['firstSeen', 'lastSeen']) {
      if (t[f] !== undefined && typeof t[f] !== 'number') throw corrupt(`templates[${k}].${f} must be a number`);
    }
  });
  const aliases = state['aliases'];
  if (!isObj(aliases) || !Object.values(aliases).every((v) => typeof v === 'string')) throw corrupt('aliases must map ids to ids');
  return state as unknown as TemplateMinerState;
}

/**
 * Migrates a version 1 state saved with the v1 default rules to version 2 with today's default
 * rules. Templates, ids, aliases and counts are kept as they are: every template whose lines mask
 * the same way keeps its id, and lines that the new rules mask differently (e-mail addresses,
 * host:port pairs, CLF dates, random tokens, a PRI glued to a syslog date) start new templates.
 * A version 1 state saved with custom rules is not migrated (its rules are checked as before).
 */
function migrateV1(state: Record<string, unknown>, rules: readonly MaskRule[]): Record<string, unknown> {
  const saved = state['maskRules'];
  const names = rules.map((r) => r.name);
  const isV1Defaults = Array.isArray(saved) && saved.join('\u0000') === V1_MASK_RULES.join('\u0000');
  const isV2Defaults = names.join('\u0000') === DEFAULT_MASK_RULES.map((r) => r.name).join('\u0000');
  if (!isV1Defaults || !isV2Defaults) return { ...state, version: STATE_VERSION };
  return { ...state, version: STATE_VERSION, maskRules: names };
}

/**
 * Writes a miner's state to a file atomically: temp file, fsync, rename.
 * @param file destination path
 * @param miner anything with `toJSON()` returning the state (a TemplateMiner)
 */
export async function saveState(file: string, miner: { toJSON(): TemplateMinerState }): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(miner.toJSON()) + '\n', 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new LoglakeError('IO', `template state: cannot write ${file}: ${describeErrno(err)}`, { file }, false, { cause: err });
  }
}

/**
 * Reads a state file written by {@link saveState}. Pass the result to `TemplateMiner.fromJSON`,
 * which validates it.
 * @throws LoglakeError INPUT_NOT_FOUND when the file is missing, STATE_CORRUPT when it is not JSON
 */
export async function loadState(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new LoglakeError('INPUT_NOT_FOUND', `template state: cannot read ${file}`, { file }, false, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new LoglakeError('STATE_CORRUPT', `template state: ${file} is not valid JSON`, { file }, false, { cause: err });
  }
}
