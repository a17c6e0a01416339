/**
 * Configuration: the option table of every command (flags, JSON config file, --help) and the one
 * time grammar of durations and times. Imports only `core/`.
 */
export { parseCommandLine, renderUsage, renderOverview, wantsHelp, convertValue, loadConfigFile, type CommandSpec, type OptionSpec, type OptionKind, type OptionValues } from './option-table.js';
export { parseDuration, parseTime, durationMsOf, isoTimeMsOf } from './time-grammar.js';
export { COMMANDS, OVERVIEW_NOTES, commandSpec, INGEST, QUERY, GENERATE, TEMPLATES, PATTERNS, ANOMALIES, FEATURES, PROFILE, MAINTAIN, DEMO, ASK, REPORT, SERVE } from './commands.js';
