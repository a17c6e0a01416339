/**
 * Kubernetes CRI container logs as containerd writes them and kubelet rotates them:
 * `/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log` with lines
 * `2026-03-02T08:00:01.123456789Z stdout F <text>`; lines longer than 16 KiB are written as `P`
 * records followed by a final `F`; rotated files `0.log.<YYYYMMDD-HHMMSS>` (the newest rotated one
 * stays plain, older ones are gzipped, as kubelet's container log manager does); and
 * `/var/log/containers/<pod>_<ns>_<container>-<container id>.log` symlinks into the pods tree.
 *
 * Imports the PRNG, the model, the layout output helpers and the formatters.
 */
import type { Rng } from './prng.js';
import type { AppEvent } from './model.js';
import { splitBySize, type BadLine, type LogFile } from './layout-output.js';
import { encodeEvents } from './docker-json-file.js';
import { rotationStamp } from './time-format.js';

/** containerd's max_container_log_line_size default. */
export const CRI_PARTIAL_BYTES = 16 * 1024;

/** One container of one pod. */
export interface CriContainer {
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  containerId: string;
  service: string;
}

/** Directory of the container's logs, relative to the k8s root (`var/log/pods/...`). */
export function criLogDir(c: CriContainer): string {
  return `var/log/pods/${c.namespace}_${c.pod}_${c.podUid}/${c.container}`;
}

/** Name of the kubelet symlink in /var/log/containers. */
export function criSymlinkName(c: CriContainer): string {
  return `${c.pod}_${c.namespace}_${c.container}-${c.containerId}.log`;
}

/** CRI records of one text line. */
export function criLineRecords(text: string, stream: string, stamp: () => string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > CRI_PARTIAL_BYTES) {
    out.push(`${stamp()} ${stream} P ${rest.slice(0, CRI_PARTIAL_BYTES)}\n`);
    rest = rest.slice(CRI_PARTIAL_BYTES);
  }
  out.push(`${stamp()} ${stream} F ${rest}\n`);
  return out;
}

/**
 * Writes a container's events as CRI files. With `rotateBytes`, older content goes to
 * `0.log.<stamp>` (newest rotated, plain) and `0.log.<stamp>.gz` (older, compressed).
 */
export function criLogFiles(c: CriContainer, events: AppEvent[], rng: Rng, root: string, rotateBytes?: number): { files: LogFile[]; bad: BadLine[] } {
  const enc = encodeEvents(events, rng, criLineRecords);
  const dir = `${root}/${criLogDir(c)}`;
  let groups = [enc];
  if (rotateBytes) {
    groups = splitBySize(enc, rotateBytes);
    while (groups.length > 3) {
      const a = groups.shift() as typeof enc;
      (groups[0] as typeof enc).unshift(...a);
    }
  }
  const files: LogFile[] = [];
  const bad: BadLine[] = [];
  groups.forEach((g, i) => {
    let path = `${dir}/0.log`;
    if (i < groups.length - 1) {
      // Rotated at the moment the next file got its first line.
      const next = groups[i + 1]?.[0];
      const stamp = rotationStamp(next ? next.t : g[g.length - 1]?.t ?? 0);
      path = `${dir}/0.log.${stamp}${i < groups.length - 2 ? '.gz' : ''}`;
    }
    const chunks: (string | Buffer)[] = [];
    let lines = 0;
    for (const e of g) {
      if (e.raw) bad.push({ path, line: lines + 1, count: 1, kind: e.raw.kind, reason: e.raw.reason });
      chunks.push(...e.records);
      lines += e.records.length;
    }
    files.push({ path, layout: 'cri', service: c.service, chunks, lines, events: g.length, gzip: path.endsWith('.gz') });
  });
  return { files, bad };
}
