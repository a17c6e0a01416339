/** `loglake features` command. */
import { buildFeatures } from './build-features.js';
import { renderFeatures } from './render-features.js';
import { parseDurationSecs } from '../patterns/sql-text.js';
import { formatFlag, lakeTarget, LAKE_FLAGS, parseCommandArgs, runOnLake } from '../patterns/command-args.js';

/**
 * `features --warehouse <dir> [--window 5m] [--rolling 1h] [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function featuresCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('features', argv, {
    warehouse: { type: 'string' }, window: { type: 'string' }, rolling: { type: 'string' }, format: { type: 'string' }, ...LAKE_FLAGS,
  });
  const target = lakeTarget('features', values);
  const format = formatFlag('features', values.format);
  const window = values.window ?? '5m';
  parseDurationSecs(window);
  const rollingSecs = parseDurationSecs(values.rolling ?? '1h');
  return runOnLake(target, out, format, (con, place) => buildFeatures(con, { ...place, window, rollingSecs }), renderFeatures, (r) => ({ ...r, head: undefined }));
}
