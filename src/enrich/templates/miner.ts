/**
 * Online log-template miner (Drain class). Pure: no IO, no clock; state goes in and out as
 * explicit versioned JSON (see persistence.ts).
 *
 * How a message is handled by {@link TemplateMiner.add}:
 * 1. Masking (masking.ts) turns it into tokens: whitespace-separated words in which variable
 *    parts are already `<*>`.
 * 2. Exact lookup in a bounded cache of masked texts seen before (the hot path).
 * 3. Otherwise a fixed-depth parse tree (token count → first `treeDepth` tokens, each level
 *    also following its `<*>` branch) yields the candidate templates; the most specific template
 *    that matches every token wins. A template position may be a wildcard with a literal prefix
 *    and suffix (`environment:<*>`, `<*>),`).
 * 4. Otherwise, evidence-based generalization: among templates with the same token count, those
 *    that differ from the message in exactly one position `p` are counted. When they and the
 *    message show at least `minVariants` distinct values at `p`, the position is a variable: all
 *    of them merge into the oldest (which keeps its id) with `<*>` at `p`. Positions that differ
 *    in only a few values (states such as LEADING/LOOKING, `x+`/`y+`) therefore stay constants.
 * 5. Otherwise a new template is created; its id is a hash of its first masked text.
 */
import { Masker, WILDCARD, type MaskRule, isStrongDelimiter, DEFAULT_MASK_RULES } from './masking.js';
import { renderTemplate, templateIdFor } from './template-text.js';
import { STATE_VERSION, STATE_KIND, decodeState, type TemplateMinerState, type ClusterState } from './persistence.js';

/** What {@link TemplateMiner.add} did to the template the message landed in. */
export type TemplateChange = 'created' | 'updated' | 'none';

/** Result of learning one message. */
export interface AddResult {
  /** Stable id of the template (survives generalization and save/load). */
  readonly templateId: string;
  /** Template text after this message, Loghub style (`<*>` for variables). */
  readonly template: string;
  readonly change: TemplateChange;
}

/** Result of read-only matching. */
export interface MatchResult {
  readonly templateId: string;
  readonly template: string;
}

/** One template as listed by {@link TemplateMiner.templates}. */
export interface TemplateInfo {
  readonly id: string;
  readonly template: string;
  /** Template tokens (masked words; variables contain `<*>`). */
  readonly tokens: readonly string[];
  /** Number of messages learned into this template (including merged ones). */
  readonly count: number;
  /** Smallest / largest `seenAt` passed to add() for this template, when given. */
  readonly firstSeen?: number;
  readonly lastSeen?: number;
}

/** Tuning knobs. One configuration is meant for all log sources. */
export interface TemplateMinerConfig {
  /** Token levels of the parse tree below the token-count level (Drain depth 4 = 2). */
  readonly treeDepth: number;
  /** Children per tree node before further tokens share the `<*>` branch. */
  readonly maxChildren: number;
  /** Distinct values needed at one position before it becomes a variable. */
  readonly minVariants: number;
  /** Messages shorter than this (in tokens) are never generalized. */
  readonly minGeneralizeLength: number;
  /** Entries of the masked-text → template cache (a speed aid only; not saved). */
  readonly maxCacheEntries: number;
}

/** Messages whose masked text {@link TemplateMiner.add} remembers (cleared when full). */
const MESSAGE_KEYS = 32_768;
/** Longer messages are not remembered (bounds that memory to a few MiB). */
const MESSAGE_KEY_CHARS = 256;
/** Messages per decision whether exact repeats are common enough to look every message up. */
const KEY_WINDOW = 4096;
/** While they are not, one message in this many (a power of two) is looked up. */
const KEY_SAMPLE = 16;
/** Repeats are common enough when at least one lookup in this many hits. */
const KEY_MIN_HIT_RATE = 8;

/** Default configuration. */
export const DEFAULT_MINER_CONFIG: TemplateMinerConfig = Object.freeze({
  treeDepth: 2,
  maxChildren: 100,
  minVariants: 4,
  minGeneralizeLength: 2,
  maxCacheEntries: 100_000,
});

/** Options for a new miner: config overrides plus the masking rules. */
export interface TemplateMinerOptions extends Partial<TemplateMinerConfig> {
  /** Ordered masking rules; default {@link DEFAULT_MASK_RULES}. */
  readonly maskRules?: readonly MaskRule[];
}

interface Cluster {
  id: string;
  seq: number;
  tokens: string[];
  /** Per position: literal prefix of a generalized position, or null for a literal token. */
  pre: (string | null)[];
  suf: (string | null)[];
  /** Positions holding a unit that varies (KB/B, ms/s): rendered as part of the value before it. */
  units: Set<number> | null;
  count: number;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  text: string;
  leaf: Cluster[] | null;
  mergedInto: Cluster | null;
  /** Index of the id in the answer of the {@link TemplateMiner.addAll} call numbered `stamp`. */
  stamp: number;
  slot: number;
}

/** A remembered message: its masked text, and the template the cache held for it in epoch `epoch`. */
interface KeyEntry {
  key: string;
  cached: Cluster | undefined;
  epoch: number;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: Cluster[];
}

function newNode(): TreeNode {
  return { children: new Map(), clusters: [] };
}

function fits(token: string, pre: string, suf: string): boolean {
  return token.length >= pre.length + suf.length && token.startsWith(pre) && token.endsWith(suf);
}

function tokenMatches(c: Cluster, i: number, token: string): boolean {
  const p = c.pre[i];
  if (p === null || p === undefined) return c.tokens[i] === token;
  return fits(token, p, c.suf[i] as string);
}

function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function allPunct(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isAlnumCode(s.charCodeAt(i))) return false;
  return true;
}

/** Common prefix kept when a position generalizes: up to its last strong delimiter. */
function cutPrefix(p: string): string {
  const w = p.indexOf(WILDCARD);
  if (w >= 0) p = p.slice(0, w);
  if (allPunct(p)) return p;
  for (let i = p.length - 1; i >= 0; i--) if (isStrongDelimiter(p.charCodeAt(i))) return p.slice(0, i + 1);
  return '';
}

/** Common suffix kept when a position generalizes: from its first strong delimiter. */
function cutSuffix(s: string): string {
  const w = s.lastIndexOf(WILDCARD);
  if (w >= 0) s = s.slice(w + WILDCARD.length);
  if (allPunct(s)) return s;
  for (let i = 0; i < s.length; i++) if (isStrongDelimiter(s.charCodeAt(i))) return s.slice(i);
  return '';
}

function commonPrefix(a: string, b: string): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}

function commonSuffix(a: string, b: string): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return a.slice(a.length - i);
}

/**
 * The template miner. `add` learns, `match` only infers. Ids are stable: a template's id is
 * fixed when it is created and kept when it generalizes or absorbs others (their ids become
 * aliases that still resolve), and it is saved with the state.
 */
export class TemplateMiner {
  readonly config: TemplateMinerConfig;
  private readonly masker: Masker;
  private readonly roots = new Map<number, TreeNode>();
  private readonly byLength = new Map<number, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();
  private readonly aliases = new Map<string, string>();
  private cache = new Map<string, Cluster>();
  /** Masked text of messages seen recently (masking is pure; exact repeats skip it). A speed aid only. */
  private readonly keys = new Map<string, KeyEntry>();
  /** Incremented whenever `cache` is replaced by an empty one. */
  private cacheEpoch = 0;
  /** What the last {@link learn} did to its template. */
  private change: TemplateChange = 'none';
  /** Incremented per {@link addAll} call: a template's `stamp` says its `slot` is valid in that call's answer. */
  private stamp = 0;
  /** Whether every message is looked up in `keys` (else one in KEY_SAMPLE), and the counts deciding it. */
  private keysOn = true;
  private keyTries = 0;
  private keyHits = 0;
  /** Tokens and masked text of the last message masked. */
  private lastTokens: string[] = [];
  private lastKey = '';
  private nextSeq = 1;

  /** @param options config overrides and masking rules */
  constructor(options: TemplateMinerOptions = {}) {
    const { maskRules, ...overrides } = options;
    const cfg: TemplateMinerConfig = { ...DEFAULT_MINER_CONFIG };
    for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (cfg as unknown as Record<string, unknown>)[k] = v;
    validateConfig(cfg);
    this.config = Object.freeze(cfg);
    this.masker = new Masker(maskRules ?? DEFAULT_MASK_RULES);
  }

  /** Names of the masking rules in use, in order. */
  get maskRuleNames(): string[] {
    return this.masker.rules.map((r) => r.name);
  }

  /** Number of live templates. */
  get size(): number {
    return this.byId.size;
  }

  /** Masks a message into template tokens, as the miner sees it. */
  tokenize(message: string): string[] {
    return this.masker.tokenize(message);
  }

  /**
   * Learns one message.
   * @param message the log message (header fields such as timestamp and level removed)
   * @param seenAt optional position or time (any number) recorded as firstSeen / lastSeen
   */
  add(message: string, seenAt?: number): AddResult {
    const c = this.learn(message, seenAt);
    return { templateId: c.id, template: c.text, change: this.change };
  }

  /**
   * Learns messages in order (message i seen at `seenAt[i]`), as {@link add} each, and answers their
   * template ids compactly: the distinct ids and, per message, the index of its id in `ids`.
   */
  addAll(messages: readonly string[], seenAt: ArrayLike<number>): { ids: string[]; at: Int32Array } {
    const at = new Int32Array(messages.length);
    const ids: string[] = [];
    const stamp = ++this.stamp;
    for (let i = 0; i < messages.length; i++) {
      const c = this.learn(messages[i] as string, seenAt[i]);
      if (c.stamp !== stamp) {
        c.stamp = stamp;
        c.slot = ids.length;
        ids.push(c.id);
      }
      at[i] = c.slot;
    }
    return { ids, at };
  }

  /** {@link add} without its answer: the template the message landed in; what happened is left in `change`. */
  private learn(message: string, seenAt: number | undefined): Cluster {
    // while exact repeats are rare, only one message in KEY_SAMPLE is looked up and remembered
    const useKeys = this.keysOn || (this.keyTries & (KEY_SAMPLE - 1)) === 0;
    let entry = useKeys ? this.keys.get(message) : undefined;
    let key: string;
    let tokens: string[] | undefined;
    let c: Cluster | undefined;
    if (entry === undefined) {
      tokens = this.masker.tokenize(message);
      // consecutive messages often mask alike (the masker hands out the same token strings)
      if (sameTokens(tokens, this.lastTokens)) key = this.lastKey;
      else {
        key = tokens.join(' ');
        this.lastTokens = tokens;
        this.lastKey = key;
      }
      if (useKeys && message.length <= MESSAGE_KEY_CHARS) {
        if (this.keys.size >= MESSAGE_KEYS) this.keys.clear();
        entry = { key, cached: undefined, epoch: -1 };
        this.keys.set(message, entry);
      }
    } else {
      this.keyHits++;
      key = entry.key;
      // what the cache held for the key when this entry last looked (it keeps that until it is cleared)
      if (entry.epoch === this.cacheEpoch) c = entry.cached;
    }
    if (++this.keyTries === KEY_WINDOW) this.decideKeys();
    if (c === undefined) {
      c = this.cache.get(key);
      if (c !== undefined && entry !== undefined) {
        entry.cached = c;
        entry.epoch = this.cacheEpoch;
      }
    }
    if (c !== undefined) {
      c = live(c);
      this.change = 'none';
      this.bump(c, seenAt);
      return c;
    }
    tokens ??= this.masker.tokenize(message);
    c = this.search(tokens);
    if (c !== undefined) this.change = 'none';
    else {
      c = this.generalize(tokens);
      if (c !== undefined) this.change = 'updated';
      else {
        c = this.create(tokens, key);
        this.change = 'created';
      }
    }
    this.remember(key, c);
    if (entry !== undefined) {
      entry.cached = c;
      entry.epoch = this.cacheEpoch;
    }
    this.bump(c, seenAt);
    return c;
  }

  /** Read-only inference: the template a message belongs to, or undefined. Learns nothing. */
  match(message: string): MatchResult | undefined {
    const tokens = this.masker.tokenize(message);
    const hit = this.cache.get(tokens.join(' '));
    const c = hit !== undefined ? live(hit) : this.search(tokens);
    return c === undefined ? undefined : { templateId: c.id, template: c.text };
  }

  /** The live template for an id (following merge aliases), or undefined. */
  template(id: string): TemplateInfo | undefined {
    const c = this.byId.get(this.resolveId(id));
    return c === undefined ? undefined : info(c);
  }

  /** The id a (possibly merged) template id now resolves to. Unknown ids are returned as is. */
  resolveId(id: string): string {
    let cur = id;
    for (let guard = 0; guard < 1000; guard++) {
      const next = this.aliases.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    return cur;
  }

  /** All live templates, oldest first. */
  templates(): TemplateInfo[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq).map(info);
  }

  /** Explicit, versioned JSON state (see persistence.ts). Caches are not saved. */
  toJSON(): TemplateMinerState {
    const clusters: ClusterState[] = [...this.byId.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((c) => {
        const generalized: [number, string, string][] = [];
        c.pre.forEach((p, i) => {
          if (p !== null) generalized.push([i, p, c.suf[i] as string]);
        });
        const s: ClusterState = { id: c.id, seq: c.seq, tokens: [...c.tokens], generalized, count: c.count };
        if (c.units !== null) s.units = [...c.units].sort((a, b) => a - b);
        if (c.firstSeen !== undefined) s.firstSeen = c.firstSeen;
        if (c.lastSeen !== undefined) s.lastSeen = c.lastSeen;
        return s;
      });
    return {
      kind: STATE_KIND,
      version: STATE_VERSION,
      config: { ...this.config },
      maskRules: this.maskRuleNames,
      nextSeq: this.nextSeq,
      templates: clusters,
      aliases: Object.fromEntries([...this.aliases.entries()].sort()),
    };
  }

  /**
   * Rebuilds a miner from state made by {@link toJSON} (possibly parsed from a file).
   * @param state the state object
   * @param options masking rules to use (their names must include every saved rule name,
   *   in the same order); config comes from the state
   * @throws LoglakeError STATE_CORRUPT on an unknown version or malformed state
   */
  static fromJSON(state: unknown, options: { maskRules?: readonly MaskRule[] } = {}): TemplateMiner {
    const s = decodeState(state, options.maskRules ?? DEFAULT_MASK_RULES);
    const miner = new TemplateMiner({ ...s.config, maskRules: options.maskRules ?? DEFAULT_MASK_RULES });
    for (const cs of s.templates) {
      const pre: (string | null)[] = cs.tokens.map(() => null);
      const suf: (string | null)[] = cs.tokens.map(() => null);
      for (const [i, p, q] of cs.generalized) {
        pre[i] = p;
        suf[i] = q;
      }
      const c: Cluster = {
        id: cs.id,
        seq: cs.seq,
        tokens: [...cs.tokens],
        pre,
        suf,
        count: cs.count,
        firstSeen: cs.firstSeen,
        lastSeen: cs.lastSeen,
        text: '',
        units: cs.units !== undefined && cs.units.length > 0 ? new Set(cs.units) : null,
        leaf: null,
        mergedInto: null,
        stamp: 0,
        slot: 0,
      };
      c.text = render(c);
      miner.index(c);
    }
    for (const [from, to] of Object.entries(s.aliases)) miner.aliases.set(from, to);
    miner.nextSeq = s.nextSeq;
    return miner;
  }

  // -------------------------------------------------------------------------------------------

  /** End of a window of KEY_WINDOW messages: keep looking every message up while repeats are common. */
  private decideKeys(): void {
    // on while at least one message in KEY_MIN_HIT_RATE of those looked up was a repeat
    const looked = this.keysOn ? KEY_WINDOW : KEY_WINDOW / KEY_SAMPLE;
    this.keysOn = this.keyHits * KEY_MIN_HIT_RATE >= looked;
    this.keyTries = 0;
    this.keyHits = 0;
  }

  private bump(c: Cluster, seenAt: number | undefined): void {
    c.count++;
    if (seenAt !== undefined) {
      // one read each (a second read site would have no type feedback when bump is first optimized)
      const first = c.firstSeen;
      if (first === undefined || seenAt < first) c.firstSeen = seenAt;
      const last = c.lastSeen;
      if (last === undefined || seenAt > last) c.lastSeen = seenAt;
    }
  }

  private remember(key: string, c: Cluster): void {
    if (this.cache.size >= this.config.maxCacheEntries) {
      this.cache = new Map();
      this.cacheEpoch++;
    }
    this.cache.set(key, c);
  }

  /** Most specific live template matching every token, via the parse tree. */
  private search(tokens: string[]): Cluster | undefined {
    const root = this.roots.get(tokens.length);
    if (root === undefined) return undefined;
    const depth = Math.min(this.config.treeDepth, tokens.length);
    let best: Cluster | undefined;
    let bestWild = Infinity;
    const visit = (node: TreeNode, level: number): void => {
      if (level === depth) {
        for (const c of node.clusters) {
          let ok = true;
          for (let i = 0; i < tokens.length; i++) {
            if (!tokenMatches(c, i, tokens[i] as string)) { ok = false; break; }
          }
          if (!ok) continue;
          const wild = wildCount(c);
          if (wild < bestWild || (wild === bestWild && best !== undefined && c.seq < best.seq)) {
            best = c;
            bestWild = wild;
          }
        }
        return;
      }
      const tok = tokens[level] as string;
      const exact = node.children.get(tok);
      if (exact !== undefined) visit(exact, level + 1);
      if (tok !== WILDCARD) {
        const w = node.children.get(WILDCARD);
        if (w !== undefined) visit(w, level + 1);
      }
    };
    visit(root, 0);
    return best;
  }

  /** Evidence-based generalization; returns the template the message joined, if any. */
  private generalize(tokens: string[]): Cluster | undefined {
    const n = tokens.length;
    if (n < this.config.minGeneralizeLength) return undefined;
    const list = this.byLength.get(n);
    if (list === undefined || list.length === 0) return undefined;
    let byPos: Map<number, Cluster[]> | undefined;
    for (const c of list) {
      let diff = -1;
      let ok = true;
      for (let i = 0; i < n; i++) {
        if (!tokenMatches(c, i, tokens[i] as string)) {
          if (diff >= 0) { ok = false; break; }
          diff = i;
        }
      }
      if (!ok || diff < 0 || c.pre[diff] !== null) continue;
      byPos ??= new Map();
      const arr = byPos.get(diff);
      if (arr === undefined) byPos.set(diff, [c]);
      else arr.push(c);
    }
    if (byPos === undefined) return undefined;
    let bestPos = -1;
    let bestScore = 0;
    let bestUnit = false;
    for (const [p, arr] of byPos) {
      const values = new Set<string>();
      for (const c of arr) values.add(c.tokens[p] as string);
      values.add(tokens[p] as string);
      // a unit that varies after a value (5.2 KB / 512 B) belongs to the value: two variants suffice
      let unit = p > 0 && tokens[p - 1] === WILDCARD;
      if (unit) for (const v of values) if (!UNITS.has(stripPunct(v))) { unit = false; break; }
      const needed = unit ? 2 : this.config.minVariants;
      if (values.size < needed) continue;
      // never generalize into a template without any literal word (`<*> <*>`)
      if (!unit && !keepsLiteral(tokens, p)) continue;
      const score = values.size / needed;
      if (score > bestScore || (score === bestScore && p < bestPos)) {
        bestScore = score;
        bestPos = p;
        bestUnit = unit;
      }
    }
    if (bestPos < 0) return undefined;
    const members = (byPos.get(bestPos) as Cluster[]).slice().sort((a, b) => a.seq - b.seq);
    const survivor = members[0] as Cluster;
    this.unindexTree(survivor);
    for (let k = 1; k < members.length; k++) this.absorb(survivor, members[k] as Cluster);
    for (let i = 0; i < n; i++) widenWithToken(survivor, i, tokens[i] as string);
    if (bestUnit) (survivor.units ??= new Set()).add(bestPos);
    // anything else the wider template now covers joins it too
    const same = this.byLength.get(n) as Cluster[];
    for (const o of same.slice()) if (o !== survivor && subsumes(survivor, o)) this.absorb(survivor, o);
    survivor.text = render(survivor);
    this.insertTree(survivor);
    return survivor;
  }

  /** Merges `o` into `s`: widens `s` where they differ, adds counts, leaves an alias. */
  private absorb(s: Cluster, o: Cluster): void {
    for (let i = 0; i < s.tokens.length; i++) {
      const op = o.pre[i];
      if (op === null || op === undefined) widenWithToken(s, i, o.tokens[i] as string);
      else widen(s, i, op, o.suf[i] as string, op.length + (o.suf[i] as string).length);
    }
    if (o.units !== null) for (const u of o.units) (s.units ??= new Set()).add(u);
    s.count += o.count;
    if (o.firstSeen !== undefined && (s.firstSeen === undefined || o.firstSeen < s.firstSeen)) s.firstSeen = o.firstSeen;
    if (o.lastSeen !== undefined && (s.lastSeen === undefined || o.lastSeen > s.lastSeen)) s.lastSeen = o.lastSeen;
    o.mergedInto = s;
    this.aliases.set(o.id, s.id);
    this.unindex(o);
  }

  private create(tokens: string[], key: string): Cluster {
    let id = templateIdFor(key);
    if (this.byId.has(id) || this.aliases.has(id)) id = `${id}-${this.nextSeq}`;
    const c: Cluster = {
      id,
      seq: this.nextSeq++,
      tokens: tokens.slice(),
      pre: tokens.map(() => null),
      suf: tokens.map(() => null),
      count: 0,
      firstSeen: undefined,
      lastSeen: undefined,
      text: renderTemplate(tokens),
      units: null,
      leaf: null,
      mergedInto: null,
      stamp: 0,
      slot: 0,
    };
    this.index(c);
    return c;
  }

  private index(c: Cluster): void {
    this.byId.set(c.id, c);
    const list = this.byLength.get(c.tokens.length);
    if (list === undefined) this.byLength.set(c.tokens.length, [c]);
    else list.push(c);
    this.insertTree(c);
  }

  private unindex(c: Cluster): void {
    this.byId.delete(c.id);
    const list = this.byLength.get(c.tokens.length);
    if (list !== undefined) {
      const k = list.indexOf(c);
      if (k >= 0) list.splice(k, 1);
    }
    this.unindexTree(c);
  }

  private insertTree(c: Cluster): void {
    const n = c.tokens.length;
    let node: TreeNode | undefined = this.roots.get(n);
    if (node === undefined) {
      node = newNode();
      this.roots.set(n, node);
    }
    const depth = Math.min(this.config.treeDepth, n);
    for (let level = 0; level < depth; level++) {
      let key = c.pre[level] !== null ? WILDCARD : (c.tokens[level] as string);
      let child: TreeNode | undefined = node.children.get(key);
      if (child === undefined && key !== WILDCARD && node.children.size >= this.config.maxChildren) {
        key = WILDCARD;
        child = node.children.get(key);
      }
      if (child === undefined) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
    }
    node.clusters.push(c);
    c.leaf = node.clusters;
  }

  private unindexTree(c: Cluster): void {
    if (c.leaf === null) return;
    const k = c.leaf.indexOf(c);
    if (k >= 0) c.leaf.splice(k, 1);
    c.leaf = null;
  }
}

/** Same non-empty token lists (the masker's cached tokens are the same strings, so this is cheap). */
function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Does the message keep a token with a letter outside `<*>` when position p becomes a variable? */
function keepsLiteral(tokens: readonly string[], p: number): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (i === p) continue;
    const t = tokens[i] as string;
    for (let k = 0; k < t.length; k++) {
      const c = t.charCodeAt(k);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
    }
  }
  return false;
}

/** Size and time units that may follow a value. */
const UNITS = new Set([
  'B', 'KB', 'MB', 'GB', 'TB', 'PB', 'KiB', 'MiB', 'GiB', 'TiB', 'k', 'K', 'M', 'G', 'bytes',
  'ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'seconds', 'm', 'min', 'mins', 'minutes', 'h', 'hr', 'hrs', 'hours', 'd', 'days',
]);

/** The word without trailing punctuation (`KB,` → `KB`). */
function stripPunct(v: string): string {
  let e = v.length;
  while (e > 0 && !isAlnumCode(v.charCodeAt(e - 1))) e--;
  return e === v.length ? v : v.slice(0, e);
}

/** Template text; a varying unit is folded into the value before it (keeping its trailing punctuation). */
function render(c: Cluster): string {
  const units = c.units;
  if (units === null) return renderTemplate(c.tokens);
  const out: string[] = [];
  c.tokens.forEach((t, i) => {
    if (units.has(i) && out.length > 0) out[out.length - 1] += c.suf[i] ?? '';
    else out.push(t);
  });
  return renderTemplate(out);
}

function live(c: Cluster): Cluster {
  while (c.mergedInto !== null) c = c.mergedInto;
  return c;
}

function wildCount(c: Cluster): number {
  let w = 0;
  for (const p of c.pre) if (p !== null) w++;
  return w;
}

function info(c: Cluster): TemplateInfo {
  const t: { -readonly [K in keyof TemplateInfo]: TemplateInfo[K] } = {
    id: c.id,
    template: c.text,
    tokens: c.tokens.slice(),
    count: c.count,
  };
  if (c.firstSeen !== undefined) t.firstSeen = c.firstSeen;
  if (c.lastSeen !== undefined) t.lastSeen = c.lastSeen;
  return t;
}

/** Does template `s` cover every message template `o` covers? */
function subsumes(s: Cluster, o: Cluster): boolean {
  for (let i = 0; i < s.tokens.length; i++) {
    const sp = s.pre[i];
    if (sp === null || sp === undefined) {
      if (o.pre[i] !== null || s.tokens[i] !== o.tokens[i]) return false;
    } else if (!fits(o.tokens[i] as string, sp, s.suf[i] as string)) return false;
  }
  return true;
}

function widenWithToken(s: Cluster, i: number, token: string): void {
  const sp = s.pre[i];
  if ((sp === null || sp === undefined) && s.tokens[i] === token) return;
  widen(s, i, token, token, token.length);
}

/**
 * Makes position i of s a wildcard that also covers a value with the given prefix/suffix;
 * `otherRoom` is the length the kept prefix + suffix may not exceed for the other value.
 */
function widen(s: Cluster, i: number, otherPre: string, otherSuf: string, otherRoom: number): void {
  const cur = s.tokens[i] as string;
  const curPre = s.pre[i];
  const sp = curPre ?? cur;
  const ss = curPre === null || curPre === undefined ? cur : (s.suf[i] as string);
  const ownRoom = curPre === null || curPre === undefined ? cur.length : sp.length + ss.length;
  const room = Math.min(ownRoom, otherRoom);
  let p = cutPrefix(commonPrefix(sp, otherPre));
  let q = cutSuffix(commonSuffix(ss, otherSuf));
  if (p.length > room) p = '';
  if (p.length + q.length > room) q = '';
  s.pre[i] = p;
  s.suf[i] = q;
  s.tokens[i] = p + WILDCARD + q;
}

function validateConfig(c: TemplateMinerConfig): void {
  const ints: (keyof TemplateMinerConfig)[] = ['treeDepth', 'maxChildren', 'minVariants', 'minGeneralizeLength', 'maxCacheEntries'];
  for (const k of ints) {
    const v = c[k];
    if (!Number.isInteger(v) || v < 0) throw new Error(`template miner: config ${k} must be a non-negative integer, got ${String(v)}`);
  }
  if (c.minVariants < 2) throw new Error(`template miner: config minVariants must be at least 2, got ${c.minVariants}`);
  if (c.maxChildren < 1) throw new Error(`template miner: config maxChildren must be at least 1, got ${c.maxChildren}`);
}
