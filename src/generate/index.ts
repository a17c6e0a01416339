/**
 * `generate/`: a seeded, deterministic generator of a realistic synthetic cluster's runtime logs
 * (3 Kafka brokers, PostgreSQL, two Spark applications, two JSON-logging services) in Docker
 * json-file, Kubernetes CRI, Fluent Bit S3 and `docker logs` layouts, with injected incidents and
 * a ground truth; plus a fast single-file benchmark input generator.
 *
 * The demo data of the product and the reference for anomaly-detection evaluation. Uses only Node
 * built-ins and imports nothing outside this folder.
 */
export { generateCluster, type GenerateOptions, type GenerateResult } from './cluster.js';
export { generateBenchFile } from './bench-file.js';
export type { GroundTruth, ServiceInfo, Counts } from './ground-truth.js';
export { EVENT_START } from './ground-truth.js';
export type { Incident, IncidentType, ExpectedSignal } from './plan.js';
export { PG_LOG_LINE_PREFIX } from './postgres-logs.js';
