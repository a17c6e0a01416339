/**
 * The many-small-files bench input: Fluent Bit JSON objects in the seed's layout,
 * `spark-team-a/spark-<app id>/<pod>/NNNN.json`, a fixed number of records each (default 20,
 * ≈ 370 bytes a record), as Fluent Bit's out_s3 uploads one small object per pod every minute or
 * so. Deterministic (a counter, no randomness): the same call writes the same bytes.
 */
import { existsSync, mkdirSync, writeFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Shape of the generated tree. */
export interface SmallFilesShape {
  files: number;
  linesPerFile: number;
}

/** Totals of a generated tree. */
export interface SmallFilesInfo {
  dir: string;
  files: number;
  lines: number;
  bytes: number;
  /** Relative paths (forward slashes) of every file, in generation order. */
  rel: string[];
}

const PODS_PER_APP = 10;
const FILES_PER_POD = 10;
const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'INFO', 'ERROR', 'INFO', 'DEBUG'];
const CLASSES = ['TaskSetManager', 'BlockManagerInfo', 'DAGScheduler', 'Executor', 'ShuffleBlockFetcherIterator', 'CodeGenerator'];

function hex(n: number, len: number): string {
  let s = '';
  let x = n >>> 0;
  while (s.length < len) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    s += x.toString(16).padStart(8, '0');
  }
  return s.slice(0, len);
}

/** The records of one file (one pod's upload). */
function fileBody(app: string, pod: string, role: string, fileNo: number, lines: number, t0: number): string {
  const out: string[] = [];
  const kube = JSON.stringify({
    pod_name: pod, namespace_name: 'spark-team-a', labels: { 'spark-app-selector': app, 'spark-role': role, app: 'taxi-trip' },
    host: `ip-10-1-${fileNo % 16}-${fileNo % 250}.us-west-2.compute.internal`,
  });
  for (let i = 0; i < lines; i++) {
    const t = new Date(t0 + i * 3001);
    const iso = t.toISOString();
    const lvl = LEVELS[(fileNo + i) % LEVELS.length]!;
    const cls = CLASSES[(fileNo * 7 + i) % CLASSES.length]!;
    const msg = `${iso.slice(2, 10).replace(/-/g, '/')} ${iso.slice(11, 19)} ${lvl} ${cls}: Finished task ${i}.0 in stage ${fileNo % 97}.0 (TID ${fileNo * lines + i}) in ${(i * 37) % 900} ms on ${pod} (executor ${fileNo % 8}) (${i}/${lines})`;
    out.push(`{"date":${(t.getTime() / 1000).toFixed(6)},"log":${JSON.stringify(msg)},"stream":"stderr","kubernetes":${kube}}`);
  }
  return out.join('\n') + '\n';
}

/** The relative path of file number `i` of the tree. */
function relPath(i: number): { rel: string; app: string; pod: string; role: string; no: number } {
  const perApp = PODS_PER_APP * FILES_PER_POD;
  const appNo = Math.floor(i / perApp);
  const podNo = Math.floor((i % perApp) / FILES_PER_POD);
  const no = i % FILES_PER_POD;
  const app = `spark-${hex(appNo + 7, 32)}`;
  const role = podNo === 0 ? 'driver' : 'exec';
  const pod = podNo === 0 ? `taxi-trip-${hex(appNo, 6)}-driver` : `taxi-trip-${hex(appNo, 6)}-exec-${podNo}`;
  return { rel: `spark-team-a/${app}/${pod}/${String(no).padStart(4, '0')}.json`, app, pod, role, no };
}

/**
 * Writes the tree under `dir` (removing what was there) unless a complete tree of this shape is
 * already there (a marker file records the shape). Returns its totals.
 */
export function ensureSmallFiles(dir: string, shape: SmallFilesShape): SmallFilesInfo {
  const marker = join(dir, `.complete-${shape.files}x${shape.linesPerFile}`);
  const rel: string[] = [];
  for (let i = 0; i < shape.files; i++) rel.push(relPath(i).rel);
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    const t0 = Date.UTC(2026, 2, 2, 9, 0, 0);
    for (let i = 0; i < shape.files; i++) {
      const p = relPath(i);
      const full = join(dir, p.rel);
      if (p.no === 0) mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, fileBody(p.app, p.pod, p.role, i, shape.linesPerFile, t0 + i * 60_000));
    }
    writeFileSync(marker, '');
  }
  let bytes = 0;
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      if (n.startsWith('.')) continue;
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else bytes += st.size;
    }
  };
  walk(join(dir, 'spark-team-a'));
  return { dir, files: shape.files, lines: shape.files * shape.linesPerFile, bytes, rel };
}
