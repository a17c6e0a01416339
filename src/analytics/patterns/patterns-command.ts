/** `loglake patterns` command: flags → {@link minePatterns} → text or JSON. */
import { minePatterns } from './mine-patterns.js';
import { renderPatterns } from './render-patterns.js';
import { formatFlag, lakeTarget, parseCommandArgs, runOnLake } from './command-args.js';
import { PATTERNS } from '../../config/commands.js';

/**
 * `patterns --warehouse <dir> [--service s] [--since t] [--until t] [--window 1h] [--top 20]
 * [--state file] [--format text|json]`. `--since/--until` take ISO times or durations ago (`2h`).
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function patternsCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandArgs(PATTERNS, argv);
  const target = lakeTarget(v);
  const format = formatFlag(v.format);
  const opts = {
    windowSecs: ((v.window as number | undefined) ?? 3_600_000) / 1000,
    top: (v.top as number | undefined) ?? 20,
    ...(v.service ? { service: v.service as string } : {}),
    ...(v.since !== undefined ? { since: v.since as number } : {}),
    ...(v.until !== undefined ? { until: v.until as number } : {}),
  };
  return runOnLake(target, out, format, (con, place) => minePatterns(con, { ...opts, ...place, ...(v.state ? { statePath: v.state as string } : {}) }), renderPatterns);
}
