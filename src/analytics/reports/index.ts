/**
 * `reports/`: the data behind `loglake report` and `loglake serve` — overview, templates,
 * anomalies (grouped into incidents), Kafka, PostgreSQL, Spark and processing metadata, gathered
 * with parameterized DuckDB SQL; drill-down to the rows behind a chart point; the sandboxed SQL
 * console. May import `analytics/sql`, `analytics/patterns`, `analytics/anomaly` and `core/`.
 */
export { gatherReport, type ReportData } from './gather-report.js';
export { resolveScope, chooseBucketSecs, type ReportRequest, type ReportScope, type TimeSeries } from './scope.js';
export { groupIncidents, type Incident } from './gather-anomalies.js';
export { drillRows, drillWhere, parseDrillFilter, type DrillFilter, type DrillResult } from './drill-rows.js';
export { openSqlConsole, type SqlConsole, type SqlConsoleOptions } from './sql-console.js';
