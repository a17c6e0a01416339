/**
 * `features/`: the per (service, window) feature table for ML, built with DuckDB SQL over the
 * lake. May import `analytics/sql`, `analytics/patterns` (template assignments) and `core/`.
 */
export { buildFeatures, FEATURE_COLUMNS, type FeatureOptions, type FeaturesResult } from './build-features.js';
export { renderFeatures } from './render-features.js';
export { featuresCommand } from './features-command.js';
