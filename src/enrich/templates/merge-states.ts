/**
 * Merging template-miner states written concurrently by several writers (ingest shards on
 * different machines, `loglake patterns`): a three-way merge of what one writer mined since it
 * loaded `base` into the state another writer stored meanwhile (`theirs`). Pure; no IO.
 *
 * Rules (ids never change meaning, so rows already written keep resolving):
 * - a template of ours that theirs has (by id, or by an alias of theirs) gains the rows we counted
 *   since `base` and the wider firstSeen/lastSeen; it takes our tokens and generalization when
 *   theirs left it as it was in `base`, else keeps theirs;
 * - a template only we have is added with its id, tokens and counts, and a fresh `seq` after theirs;
 * - our aliases (templates we merged) are added where theirs has no alias for that id and the
 *   target exists in the result; a template of theirs that we merged away stays live in theirs
 *   (both ids keep resolving);
 * - config and masking rules are theirs (the same build writes both).
 * Two writers that each create a template for the same first text create the same id (a hash of
 * the masked text), so they meet as one template.
 */
import type { ClusterState, TemplateMinerState } from './persistence.js';

/**
 * The state to store when `ours` (derived from `base`, or from nothing) meets `theirs`, a state
 * another writer stored after `base` was read. (When nobody wrote meanwhile, store ours as is.)
 */
export function mergeStates(base: TemplateMinerState | undefined, ours: TemplateMinerState, theirs: TemplateMinerState): TemplateMinerState {
  const baseById = new Map((base?.templates ?? []).map((t) => [t.id, t]));
  const out = new Map<string, ClusterState>(theirs.templates.map((t) => [t.id, cloneCluster(t)]));
  const aliases: Record<string, string> = { ...theirs.aliases };
  const resolve = (id: string): string => {
    let cur = id;
    for (let i = 0; i < 64 && aliases[cur] !== undefined && !out.has(cur); i++) cur = aliases[cur]!;
    return cur;
  };
  let nextSeq = theirs.nextSeq;
  for (const t of ours.templates) {
    const delta = t.count - (baseById.get(t.id)?.count ?? 0);
    const target = out.get(resolve(t.id));
    if (target) {
      const was = baseById.get(target.id);
      if (target.id === t.id && was && sameShape(target, was)) {
        target.tokens = [...t.tokens];
        target.generalized = t.generalized.map((g) => [...g] as [number, string, string]);
        if (t.units) target.units = [...t.units];
        else delete target.units;
      }
      if (delta > 0) target.count += delta;
      target.firstSeen = minDefined(target.firstSeen, t.firstSeen);
      target.lastSeen = maxDefined(target.lastSeen, t.lastSeen);
      continue;
    }
    const added = cloneCluster(t);
    added.seq = nextSeq++;
    out.set(added.id, added);
  }
  for (const [from, to] of Object.entries(ours.aliases)) {
    if (aliases[from] !== undefined || out.has(from)) continue;
    const target = resolve(to);
    if (out.has(target)) aliases[from] = target;
  }
  return {
    ...theirs,
    nextSeq: Math.max(nextSeq, theirs.nextSeq),
    templates: [...out.values()].sort((a, b) => a.seq - b.seq),
    aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

function sameShape(a: ClusterState, b: ClusterState): boolean {
  return JSON.stringify([a.tokens, a.generalized, a.units ?? []]) === JSON.stringify([b.tokens, b.generalized, b.units ?? []]);
}

function cloneCluster(t: ClusterState): ClusterState {
  return { ...t, tokens: [...t.tokens], generalized: t.generalized.map((g) => [...g] as [number, string, string]), ...(t.units ? { units: [...t.units] } : {}) };
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
