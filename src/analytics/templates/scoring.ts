/**
 * Log-parsing accuracy metrics exactly as the Loghub-2.0 evaluator defines them (Jiang et al.,
 * ISSTA 2024; logpai/loghub-2.0 `benchmark/evaluation/utils/` and `benchmark/logparser/utils/evaluator.py`).
 * Inputs are the per-message template strings; templates are grouped by their text.
 *
 * - GA (grouping accuracy): share of messages whose ground-truth group is reproduced exactly:
 *   every message of a truth template got the same predicted template and that predicted template
 *   was given to no other message.
 * - FGA: F1 of PGA (correct groups / predicted templates) and RGA (correct groups / truth templates).
 * - PA (parsing accuracy): share of messages whose predicted template text equals the truth text
 *   (plain string equality, over all rows).
 * - FTA: F1 of PTA and RTA, where a predicted template counts when all its messages have one
 *   truth template and that truth text equals the predicted text.
 *
 * As in the reference, rows whose truth template is empty are left out of GA, FGA and FTA, but
 * count (as wrong) in PA's denominator.
 */

/** The four metrics plus their parts. All values are in [0, 1]. */
export interface TemplateScores {
  readonly ga: number;
  readonly fga: number;
  readonly pa: number;
  readonly fta: number;
  readonly pga: number;
  readonly rga: number;
  readonly pta: number;
  readonly rta: number;
  /** Distinct predicted / truth templates among the rows with a truth template. */
  readonly identifiedTemplates: number;
  readonly truthTemplates: number;
  readonly messages: number;
}

function f1(p: number, r: number): number {
  return p === 0 && r === 0 ? 0 : (2 * p * r) / (p + r);
}

/**
 * Scores predicted templates against truth, message by message.
 * @param truth ground-truth template per message ('' = no label)
 * @param predicted predicted template per message, same order and length
 * @throws Error when the lengths differ or there are no messages
 */
export function scoreTemplates(truth: readonly string[], predicted: readonly string[]): TemplateScores {
  if (truth.length !== predicted.length) throw new Error(`template scoring: ${truth.length} truth rows but ${predicted.length} predictions`);
  if (truth.length === 0) throw new Error('template scoring: no messages');
  let exact = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] !== '' && truth[i] === predicted[i]) exact++;
  const pa = exact / truth.length;

  // rows with a truth label
  const byTruth = new Map<string, Map<string, number>>(); // truth → predicted → count
  const byPred = new Map<string, Set<string>>(); // predicted → truths
  const predCount = new Map<string, number>();
  let labelled = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as string;
    if (t === '') continue;
    const p = predicted[i] as string;
    labelled++;
    let m = byTruth.get(t);
    if (m === undefined) byTruth.set(t, (m = new Map()));
    m.set(p, (m.get(p) ?? 0) + 1);
    let s = byPred.get(p);
    if (s === undefined) byPred.set(p, (s = new Set()));
    s.add(t);
    predCount.set(p, (predCount.get(p) ?? 0) + 1);
  }
  if (labelled === 0) throw new Error('template scoring: no labelled messages');

  let accurateEvents = 0;
  let accurateGroups = 0;
  for (const preds of byTruth.values()) {
    if (preds.size !== 1) continue;
    const [p, n] = preds.entries().next().value as [string, number];
    if (predCount.get(p) === n) {
      accurateEvents += n;
      accurateGroups++;
    }
  }
  const ga = accurateEvents / labelled;
  const pga = accurateGroups / byPred.size;
  const rga = accurateGroups / byTruth.size;

  let correctTemplates = 0;
  for (const [p, truths] of byPred) {
    if (truths.size === 1 && truths.has(p)) correctTemplates++;
  }
  const pta = correctTemplates / byPred.size;
  const rta = correctTemplates / byTruth.size;

  return {
    ga,
    fga: f1(pga, rga),
    pa,
    fta: f1(pta, rta),
    pga,
    rga,
    pta,
    rta,
    identifiedTemplates: byPred.size,
    truthTemplates: byTruth.size,
    messages: truth.length,
  };
}
