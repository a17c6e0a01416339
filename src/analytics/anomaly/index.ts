/**
 * `anomaly/`: unsupervised anomaly detection over the lake, per service (Kafka: per broker) and
 * time window: robust z-score volume / error spikes, silences, Good–Turing new templates,
 * template bursts, a PCA/SPE model over template-count vectors, merging of adjacent windows,
 * lead/lag correlation across services, long-history recurrence/overdispersion checks, benign
 * labels (deploy, periodic, scheduled), incidents with a ranked root cause, and the `anomalies` table.
 * May import `analytics/sql`, `analytics/patterns`, `analytics/templates` and `core/`.
 */
export { detectAnomalies, detectInSeries, writeAnomalies, type AnomalyOptions, type AnomaliesResult } from './detect-anomalies.js';
export { renderAnomalies } from './render-anomalies.js';
export { anomaliesCommand } from './anomalies-command.js';
export { runDetectors, detectCounts, detectTemplates, detectSequence, baselineIndices, historyIndices, beyondHistory, poissonTail, DEFAULT_DETECTOR_CONFIG, type AnomalyKind, type DetectorConfig, type WindowFlag, type Activity, type DetectionOutput } from './detectors.js';
export { assembleAnomalies, entityLabel, type Anomaly, type Correlation, type EvidenceTemplate, type SampleRow, type AssembleOptions } from './assemble-anomalies.js';
export { loadWindowSeries, makeEntitySeries, windowStart, deploysOf, type WindowSeries, type EntitySeries, type TemplateSeries, type DeployEvent } from './window-series.js';
export { classifyBenign, benignReason, periodOf, episodeStart, episodeStarts, type BenignOptions } from './classify-benign.js';
export { groupIncidents, type Incident, type RootCauseCandidate, type GroupOptions } from './group-incidents.js';
export { median, mad, robustBaseline, robustZ, countScaleFloor, quantile, MAD_SCALE, type RobustBaseline } from './robust-stats.js';
export { fitPca, spe, jacobiEigen, normalUpperQuantile, type PcaModel, type PcaOptions, type Eigen } from './pca-model.js';
