/** `loglake features` command. */
import { buildFeatures } from './build-features.js';
import { renderFeatures } from './render-features.js';
import { parseDurationSecs } from '../patterns/sql-text.js';
import { formatFlag, lakeTarget, parseCommandArgs, runOnLake } from '../patterns/command-args.js';
import { FEATURES } from '../../config/commands.js';

/**
 * `features --warehouse <dir> [--window 5m] [--rolling 1h] [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function featuresCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandArgs(FEATURES, argv);
  const target = lakeTarget(v);
  const format = formatFlag(v.format);
  const window = (v.window as string | undefined) ?? '5m';
  parseDurationSecs(window);
  const rollingSecs = ((v.rolling as number | undefined) ?? 3_600_000) / 1000;
  return runOnLake(target, out, format, (con, place) => buildFeatures(con, { ...place, window, rollingSecs }), renderFeatures, (r) => ({ ...r, head: undefined }));
}
