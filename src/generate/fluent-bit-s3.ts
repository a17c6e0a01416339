/**
 * Spark driver/executor logs as Fluent Bit ships them to S3 in the data-on-eks layout the seed
 * reads: `spark-application-logs/<namespace>/<spark-app-selector>/<pod>/<pod>_<HHMMSS>_<8 chars>.json`,
 * one JSON record per line after the `kubernetes` filter and a Spark log parser:
 * `{"timestamp","log_level","message","stream","logtag","kubernetes":{pod_name, namespace_name,
 * pod_id, labels{app, spark-app-selector, spark-role, spark-app-name, spark-version,
 * submission-id, queue}, host, container_name, docker_id, container_hash, container_image}}`.
 * Java stack traces were already joined into `message` by Fluent Bit's multiline `java` filter,
 * so one record = one logical event. Objects are uploaded every 10 minutes (`upload_timeout`).
 *
 * Imports the PRNG, the plan, the Spark simulation, the layout output helpers and the formatters.
 */
import type { Rng } from './prng.js';
import type { SparkRun } from './plan.js';
import { renderSparkText, type SparkAppSpec, type SparkPods, type SparkRecord } from './spark-logs.js';
import type { LogFile } from './layout-output.js';
import { hhmmss, isoMillis } from './time-format.js';

/** Fluent Bit's out_s3 `upload_timeout`. */
const UPLOAD_MS = 10 * 60_000;

/** Prefix of the Spark logs under the S3 root. */
export const SPARK_S3_PREFIX = 'spark-application-logs';

/** Writes one Spark run's records as Fluent Bit S3 objects; `root` is the bucket folder. */
export function fluentBitSparkFiles(spec: SparkAppSpec, run: SparkRun, records: SparkRecord[], pods: SparkPods, rng: Rng, root: string): LogFile[] {
  const image = `public.ecr.aws/data-on-eks/spark:${spec.version}-scala2.12-java17-python3-ubuntu`;
  const imageHash = `public.ecr.aws/data-on-eks/spark@sha256:${rng.hex(64)}`;
  const meta = new Map<string, string>();
  const podOf = (id: string): { pod: string; role: string } =>
    id === 'driver' ? { pod: pods.driver.pod, role: 'driver' } : { pod: (pods.executors.get(id) as { pod: string }).pod, role: 'executor' };
  const kube = (id: string): string => {
    const cached = meta.get(id);
    if (cached) return cached;
    const { pod, role } = podOf(id);
    const labels: Record<string, string> = {
      app: spec.name,
      'spark-app-selector': run.appId,
      'spark-role': role,
      'spark-app-name': spec.name,
      'spark-version': spec.version,
      'submission-id': run.submissionId,
      queue: `root.${spec.namespace}`,
    };
    if (role === 'executor') {
      labels['spark-exec-id'] = id;
      labels['spark-exec-resourceprofile-id'] = '0';
    }
    const k = JSON.stringify({
      pod_name: pod,
      namespace_name: spec.namespace,
      pod_id: rng.uuid(),
      labels,
      host: `ip-10-1-${rng.int(0, 15)}-${rng.int(2, 250)}.us-west-2.compute.internal`,
      container_name: role === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor',
      docker_id: rng.hex(64),
      container_hash: imageHash,
      container_image: image,
    });
    meta.set(id, k);
    return k;
  };
  const byPod = new Map<string, SparkRecord[]>();
  for (const r of records) {
    const list = byPod.get(r.pod) ?? [];
    list.push(r);
    byPod.set(r.pod, list);
  }
  const files: LogFile[] = [];
  for (const id of [...byPod.keys()].sort()) {
    const recs = byPod.get(id) as SparkRecord[];
    const { pod } = podOf(id);
    const k = kube(id);
    let cur: LogFile | undefined;
    let opened = 0;
    for (const r of recs) {
      if (!cur || r.t >= opened + UPLOAD_MS) {
        opened = r.t;
        cur = { path: `${root}/${SPARK_S3_PREFIX}/${spec.namespace}/${run.appId}/${pod}/${pod}_${hhmmss(r.t)}_${rng.alnum(8)}.json`, layout: 'fluentbit', service: spec.name, chunks: [], lines: 0, events: 0, gzip: false };
        files.push(cur);
      }
      const lines = renderSparkText(r, rng);
      const first = lines[0] as string;
      const message = [first.slice(first.indexOf(r.level) + r.level.length + 1), ...lines.slice(1)].join('\n');
      cur.chunks.push(`{"timestamp":"${isoMillis(r.t)}","log_level":"${r.level}","message":${JSON.stringify(message)},"stream":"stderr","logtag":"F","kubernetes":${k}}\n`);
      cur.lines++;
      cur.events++;
    }
  }
  return files;
}
