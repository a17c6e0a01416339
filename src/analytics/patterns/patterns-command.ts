/** `loglake patterns` command: flags → {@link minePatterns} → text or JSON. */
import { minePatterns } from './mine-patterns.js';
import { renderPatterns } from './render-patterns.js';
import { parseDurationSecs, parseTimeBound } from './sql-text.js';
import { formatFlag, intFlag, lakeTarget, LAKE_FLAGS, parseCommandArgs, runOnLake } from './command-args.js';

/**
 * `patterns --warehouse <dir> [--service s] [--since t] [--until t] [--window 1h] [--top 20]
 * [--state file] [--format text|json] [--catalog uri] [--namespace ns] [--cache-dir dir]`. `--since/--until` take ISO times or durations ago (`2h`).
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function patternsCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('patterns', argv, {
    warehouse: { type: 'string' }, service: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
    window: { type: 'string' }, top: { type: 'string' }, state: { type: 'string' }, format: { type: 'string' }, ...LAKE_FLAGS,
  });
  const target = lakeTarget('patterns', values);
  const format = formatFlag('patterns', values.format);
  const opts = {
    windowSecs: parseDurationSecs(values.window ?? '1h'),
    top: intFlag('patterns', 'top', values.top, 20),
    ...(values.service ? { service: values.service } : {}),
    ...(values.since ? { since: parseTimeBound(values.since) } : {}),
    ...(values.until ? { until: parseTimeBound(values.until) } : {}),
  };
  return runOnLake(target, out, format, (con, place) => minePatterns(con, { ...opts, ...place, ...(values.state ? { statePath: values.state } : {}) }), renderPatterns);
}
