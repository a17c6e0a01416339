/**
 * Spark on Kubernetes identity from what Spark puts on its pods (running-on-kubernetes docs;
 * resource-managers/kubernetes/core `Constants.scala`: labels `spark-app-selector` (the app id),
 * `spark-app-name`, `spark-role` (`driver` / `executor`), `spark-exec-id`; pod names
 * `<prefix>-exec-<N>` for executors (BasicExecutorFeatureStep) and `<prefix>-driver` for the
 * driver (KubernetesClientApplication); container names `spark-kubernetes-driver` /
 * `spark-kubernetes-executor`), whatever envelope carried it: CRI paths (pod and container names
 * only), Docker (`config.v2.json` labels, the kubelet's `io.kubernetes.pod.name` /
 * `io.kubernetes.container.name` labels or its `k8s_<container>_<pod>_<ns>_<uid>_<n>` container
 * names), Fluent Bit `kubernetes{}` records (labels + pod/container names). Pure.
 */
import type { FieldWriter } from '../core/fields.js';
import { k8sNamesFromDocker } from './origin.js';

/** What the origin says about a Spark process; fields absent when unknown. */
export interface SparkIdentity {
  role?: 'driver' | 'executor';
  executorId?: string;
  appId?: string;
  appName?: string;
}

const EXEC_POD = /-exec-(\d+)$/;
const APP_PREFIX = /-[0-9a-f]{16}$|-[0-9a-f]{8}$/;

/**
 * Spark identity from labels and names, or undefined when nothing says "Spark". `pod` and
 * `container` may come from any envelope; `dockerName` is used when `pod` is unknown.
 */
export function sparkIdentity(labels: Record<string, string> | undefined, pod: string | undefined, container: string | undefined, dockerName?: string): SparkIdentity | undefined {
  if (pod === undefined && (dockerName !== undefined || labels?.['io.kubernetes.pod.name'])) {
    const n = k8sNamesFromDocker(labels, dockerName);
    pod = n.pod;
    container ??= n.container;
  }
  const id: SparkIdentity = {};
  let spark = false;
  if (labels) {
    const role = labels['spark-role'];
    if (role === 'driver' || role === 'executor') {
      id.role = role;
      spark = true;
    }
    const exec = labels['spark-exec-id'];
    if (exec) {
      id.executorId = exec;
      id.role = 'executor';
      spark = true;
    }
    const sel = labels['spark-app-selector'];
    if (sel) {
      id.appId = sel;
      spark = true;
    }
    const name = labels['spark-app-name'];
    if (name) {
      id.appName = name;
      spark = true;
    }
  }
  if (container === 'spark-kubernetes-executor') {
    id.role ??= 'executor';
    spark = true;
  } else if (container === 'spark-kubernetes-driver') {
    id.role ??= 'driver';
    spark = true;
  }
  if (pod) {
    const m = EXEC_POD.exec(pod);
    if (m) {
      id.executorId ??= m[1];
      id.role ??= 'executor';
      spark = true;
      if (!id.appName) id.appName = pod.slice(0, m.index).replace(APP_PREFIX, '');
    } else if (spark && pod.endsWith('-driver')) {
      id.role ??= 'driver';
      if (!id.appName) id.appName = pod.slice(0, -7).replace(APP_PREFIX, '');
    }
  }
  return spark ? id : undefined;
}

/**
 * Writes a Spark identity over what the parser found: the origin's role wins (it is where the
 * line was written), an executor pod's id wins over ids its messages mention (a driver's
 * messages name other executors: `(executor 3)` stays), a driver's other rows get the id
 * `driver`, app id / name fill gaps.
 */
export function writeSparkIdentity(id: SparkIdentity, out: FieldWriter): void {
  if (id.role) out.str('spark_role', id.role);
  if (id.executorId && id.role === 'executor') out.str('spark_executor_id', id.executorId);
  // docs/schema.md: the executor id is "driver" or a number; a driver message naming an executor keeps it
  else if (id.role === 'driver' && !out.has('spark_executor_id')) out.str('spark_executor_id', 'driver');
  if (id.appId && !out.has('spark_app_id')) out.str('spark_app_id', id.appId);
  if (id.appName && !out.has('spark_app_name')) out.str('spark_app_name', id.appName);
}

/**
 * sparkIdentity memoized by pod + container (+ Docker name): a pod's labels and names do not
 * change, and the rows of one pod repeat them. Bounded (cleared at 4,096 entries).
 */
export class SparkIdentityCache {
  private readonly map = new Map<string, SparkIdentity | null>();

  /** sparkIdentity(labels, pod, container, dockerName), computed once per pod/container. */
  get(labels: Record<string, string> | undefined, pod: string | undefined, container: string | undefined, dockerName?: string): SparkIdentity | undefined {
    if (pod === undefined && container === undefined && dockerName === undefined) return labels ? sparkIdentity(labels, pod, container, dockerName) : undefined;
    const key = `${pod ?? ''}\u0000${container ?? ''}\u0000${dockerName ?? ''}`;
    let id = this.map.get(key);
    if (id === undefined) {
      id = sparkIdentity(labels, pod, container, dockerName) ?? null;
      if (this.map.size >= 4096) this.map.clear();
      this.map.set(key, id);
    }
    return id ?? undefined;
  }
}
