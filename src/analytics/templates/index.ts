/**
 * Log-template mining: an online, Drain-class miner with generic masking, stable template ids
 * and versioned JSON state; plus the Loghub-style `templates` command and the Loghub-2.0
 * accuracy metrics. The pipeline can use `TemplateMiner.add` / `match` to give each row a
 * `template_id`.
 *
 * The miner core (miner, masking, persistence, template text) lives in `enrich/templates/`, where
 * ingest uses it; this module re-exports it beside the analytics parts.
 *
 * May import: `core/`, `enrich/templates/`. Never imports sources, sinks or the pipeline.
 */
export {
  TemplateMiner,
  DEFAULT_MINER_CONFIG,
  type AddResult,
  type MatchResult,
  type TemplateChange,
  type TemplateInfo,
  type TemplateMinerConfig,
  type TemplateMinerOptions,
} from '../../enrich/templates/miner.js';
export {
  Masker,
  DEFAULT_MASK_RULES,
  WILDCARD,
  TRAILING_LIST_MIN,
  regexRule,
  builtInRule,
  applyRule,
  type MaskRule,
  type MaskScope,
} from '../../enrich/templates/masking.js';
export {
  saveState,
  loadState,
  decodeState,
  STATE_KIND,
  STATE_VERSION,
  V1_MASK_RULES,
  type TemplateMinerState,
  type ClusterState,
} from '../../enrich/templates/persistence.js';
export { renderTemplate, templateIdFor } from '../../enrich/templates/template-text.js';
export { scoreTemplates, type TemplateScores } from './scoring.js';
export { runTemplatesCommand } from './templates-command.js';
export { csvField, parseCsv, parseCsvRecords } from './csv.js';
