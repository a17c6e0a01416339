/** `loglake profile` command. */
import { profileLake } from './profile-lake.js';
import { renderProfile } from './render-profile.js';
import { formatFlag, lakeTarget, parseCommandArgs, runOnLake } from '../patterns/command-args.js';
import { PROFILE } from '../../config/commands.js';

/**
 * `profile --warehouse <dir> [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function profileCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandArgs(PROFILE, argv);
  const target = lakeTarget(v);
  const format = formatFlag(v.format);
  return runOnLake(target, out, format, (con) => profileLake(con), renderProfile);
}
