/**
 * `patterns/`: incremental template mining over the lake (stable ids, row → template assignment
 * table), the templates table, and the top / trending / new templates report.
 * May import `analytics/sql`, `analytics/templates` and `core/`.
 */
export { minePatterns, type PatternOptions, type PatternRow, type PatternsResult } from './mine-patterns.js';
export { renderPatterns } from './render-patterns.js';
export { patternsCommand } from './patterns-command.js';
export { updateTemplateAssignments, patternPaths, LAKE_MINER_OPTIONS, type MiningSummary, type PatternPaths } from './template-assignments.js';
export { parseDurationSecs, parseTimeBound, sqlString, humanSecs } from './sql-text.js';
