/** `loglake profile` command. */
import { profileLake } from './profile-lake.js';
import { renderProfile } from './render-profile.js';
import { formatFlag, lakeTarget, LAKE_FLAGS, parseCommandArgs, runOnLake } from '../patterns/command-args.js';

/**
 * `profile --warehouse <dir> [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function profileCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('profile', argv, { warehouse: { type: 'string' }, format: { type: 'string' }, ...LAKE_FLAGS });
  const target = lakeTarget('profile', values);
  const format = formatFlag('profile', values.format);
  return runOnLake(target, out, format, (con) => profileLake(con), renderProfile);
}
