/** `loglake anomalies` command: flags → {@link detectAnomalies} → text or JSON. */
import { UsageError } from '../../core/errors.js';
import { detectAnomalies, type AnomalyOptions } from './detect-anomalies.js';
import { renderAnomalies } from './render-anomalies.js';
import type { AnomalyKind } from './detectors.js';
import { formatFlag, lakeTarget, parseCommandArgs, runOnLake } from '../patterns/command-args.js';
import { durationMsOf } from '../../config/time-grammar.js';
import { ANOMALIES } from '../../config/commands.js';

const KINDS: readonly AnomalyKind[] = ['volume_spike', 'error_spike', 'silence', 'new_template', 'template_burst', 'sequence'];

/**
 * `anomalies --warehouse <dir> [--window 5m] [--service s] [--since t] [--until t]
 * [--kind k]... [--season 1d|off] [--no-sequence] [--no-split-brokers] [--samples 3] [--no-write]
 * [--include-benign] [--state file] [--format text|json] [--catalog uri --catalog-* --namespace ns --cache-dir d]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function anomaliesCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandArgs(ANOMALIES, argv);
  const target = lakeTarget(v);
  const format = formatFlag(v.format);
  const windowSecs = ((v.window as number | undefined) ?? 300_000) / 1000;
  const kinds = v.kind as string[] | undefined;
  for (const k of kinds ?? []) if (!KINDS.includes(k as AnomalyKind)) throw new UsageError(`anomalies: unknown --kind ${k} (one of ${KINDS.join(', ')})`);
  const config: NonNullable<AnomalyOptions['config']> = {};
  if (v.season !== undefined && v.season !== 'off') {
    const ms = durationMsOf(String(v.season));
    if (ms === undefined || ms <= 0) throw new UsageError(`--season must be a duration like 1d, or off, got "${String(v.season)}"`);
    config.seasonPeriodWindows = Math.round(ms / 1000 / windowSecs);
  } else if (v.season === 'off') config.seasonPeriodWindows = 0;
  if (v['no-sequence']) config.sequence = false;
  const opts: Omit<AnomalyOptions, 'warehouse'> = {
    windowSecs, config,
    samples: (v.samples as number | undefined) ?? 3,
    write: !v['no-write'],
    includeBenign: v['include-benign'] === true,
    splitBrokers: !v['no-split-brokers'],
    ...(kinds ? { kinds: kinds as AnomalyKind[] } : {}),
    ...(v.service ? { service: v.service as string } : {}),
    ...(v.since !== undefined ? { since: v.since as number } : {}),
    ...(v.until !== undefined ? { until: v.until as number } : {}),
  };
  return runOnLake(target, out, format, (con, place) => detectAnomalies(con, { ...opts, ...place, ...(v.state ? { statePath: v.state as string } : {}) }), renderAnomalies);
}
