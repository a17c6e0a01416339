/**
 * Origin enrichment: which service, parser hint and broker a source's rows belong to, from what
 * the runtime recorded (labels, container and pod names, image) and the run's defaults.
 */
import type { SourceMeta } from '../sources/path-metadata.js';
import type { RecordK8s } from '../decoders/envelope.js';

const SERVICE_LABELS = ['loglake.service', 'com.docker.compose.service', 'app.kubernetes.io/name', 'app', 'k8s-app', 'spark-app-name', 'component'];

/** Strips the generated suffixes kubelet / ReplicaSets / StatefulSets add to pod names. */
export function podBaseName(pod: string): string {
  return pod
    .replace(/-[0-9a-f]{8,10}-[0-9a-z]{5}$/, '') // deployment: name-<rs hash>-<pod hash>
    .replace(/-[0-9a-z]{5}$/, '') // daemonset/job: name-<hash>
    .replace(/-exec-\d+$/, '') // spark executors
    .replace(/-driver$/, '');
}

/** Drops a replica / ordinal suffix: `kafka-1` → `kafka`, `web_2` → `web` (not `api-v2`). */
export function stripOrdinal(name: string): string {
  const s = name.replace(/[-_]\d+$/, '');
  return s === '' ? name : s;
}

/** Spark on Kubernetes pod names: `<app>-<hex>-driver`, `<app>-<16 hex>-exec-<n>` → `<app>`. */
export function sparkPodApp(pod: string): string {
  return pod.replace(/-exec-\d+$/, '').replace(/-driver$/, '').replace(/-[0-9a-f]{8,16}$/, '');
}

/** The service of a row's origin, before sanitizing. */
export function serviceOf(labels: Record<string, string> | undefined, container: string | undefined, pod: string | undefined): string | undefined {
  if (pod === undefined && container !== undefined && (container.startsWith('k8s_') || labels?.['io.kubernetes.pod.name'])) {
    // a kubelet-started Docker container: its real pod and container names
    const n = k8sNamesFromDocker(labels, container);
    if (n.pod) {
      pod = n.pod;
      container = n.container;
    }
  }
  if (labels) {
    for (const k of SERVICE_LABELS) {
      const v = labels[k];
      if (v) return stripOrdinal(v);
    }
  }
  if (container && pod && /^spark-kubernetes-(driver|executor)$/.test(container)) return sparkPodApp(pod);
  if (container) return stripOrdinal(container);
  if (pod) return podBaseName(pod);
  return undefined;
}

/** Parser family suggested by what we know of the source (image, names, labels). */
export function parserHint(meta: SourceMeta | undefined, k8s?: RecordK8s, service?: string): string | undefined {
  const hay = [meta?.image, meta?.container, meta?.pod, meta?.dockerName, k8s?.container_image, k8s?.container_name, service, k8s?.labels?.['spark-role'] ? 'spark' : undefined]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  if (hay.includes('kafka')) return 'kafka';
  if (hay.includes('postgres') || hay.includes('pgsql') || hay.includes('timescale')) return 'postgres';
  if (hay.includes('spark')) return 'spark';
  return undefined;
}

const NOT_A_BROKER = /connect|zookeeper|schema|registry|exporter|ksql|rest-?proxy|mirror|cruise|manager|[-_]ui\b|client|producer|consumer|operator/i;

/**
 * Broker id from a container/pod name when the line did not say: StatefulSet pods and Compose
 * replicas (`kafka-2`, `kafka-broker-2`, `my-cluster-kafka-0`, `broker-1`, `kafka1`), also inside
 * the kubelet's Docker names `k8s_<container>_<pod>_…`. Names of Kafka's companions (Connect,
 * ZooKeeper, Schema Registry, exporters, UIs, clients) give none.
 */
export function brokerIdFromName(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const k8s = /^\/?k8s_[^_]+_([^_]+)_/.exec(name);
  if (k8s) name = k8s[1]!;
  if (!/kafka|broker/i.test(name) || NOT_A_BROKER.test(name)) return undefined;
  const m = /(?:[-_]|kafka|broker)(\d{1,4})$/i.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Pod / container names of a Docker container started by the kubelet (dockershim). */
export function k8sNamesFromDocker(labels: Record<string, string> | undefined, dockerName: string | undefined): { pod?: string; container?: string; namespace?: string } {
  const pod = labels?.['io.kubernetes.pod.name'];
  if (pod) return { pod, container: labels?.['io.kubernetes.container.name'], namespace: labels?.['io.kubernetes.pod.namespace'] };
  const m = dockerName ? /^\/?k8s_([^_]+)_([^_]+)_([^_]+)_[^_]+_\d+$/.exec(dockerName) : null;
  return m ? { container: m[1], pod: m[2], namespace: m[3] } : {};
}
