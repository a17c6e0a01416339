/**
 * The Kubernetes manifests of `deploy/k8s/`, as typed objects: every literal is checked against
 * kubernetes-models' interfaces, so `tsc` rejects a misspelt field (`concurencyPolicy`) that a schema
 * validator would let through. `npm run deploy:manifests` renders them to YAML; a test asserts the
 * committed YAML equals the rendering and validates each object against the Kubernetes schemas.
 *
 * Imports types only: no runtime dependency on kubernetes-models.
 */
import type { IConfigMap, IContainer, INamespace, IPodSecurityContext, IPodSpec, IResourceRequirements, IServiceAccount, IVolume, IVolumeMount, IEnvVar } from 'kubernetes-models/v1';
import type { ICronJob, IJob, IJobSpec } from 'kubernetes-models/batch/v1';
import type { IDaemonSet } from 'kubernetes-models/apps/v1';
import { settings as s } from './settings.js';

const APP = 'loglake';
const labels = (component: string): Record<string, string> => ({ 'app.kubernetes.io/name': APP, 'app.kubernetes.io/component': component });
const meta = (name: string, component: string): { name: string; namespace: string; labels: Record<string, string> } => ({ name, namespace: s.namespace, labels: labels(component) });

const CONFIG = 'loglake-settings';
const CONFIG_FILE_DIR = '/etc/loglake';
const SERVICE_ACCOUNT = 'loglake';

/** Settings shared by every workload: catalog, warehouse, region (env) and row defaults (config file). */
export const configMap: IConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(CONFIG, 'settings'),
  data: {
    AWS_REGION: s.region,
    LOGLAKE_SOURCE: s.source,
    LOGLAKE_BACKFILL_SOURCE: s.backfill.source,
    LOGLAKE_WAREHOUSE: s.warehouse,
    LOGLAKE_CATALOG: s.catalog,
    LOGLAKE_CATALOG_WAREHOUSE: s.catalogWarehouse,
    LOGLAKE_CATALOG_SIGV4: s.catalogSigv4,
    'loglake.json': JSON.stringify({ cluster: s.cluster, environment: s.environment, namespace: s.tableNamespace }, null, 2) + '\n',
  },
};

export const namespace: INamespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: s.namespace, labels: { 'app.kubernetes.io/name': APP } } };

/**
 * IRSA: the EKS pod-identity webhook injects AWS_ROLE_ARN + a projected web-identity token for pods
 * of this ServiceAccount. With EKS Pod Identity instead, drop the annotation and create an
 * association (`aws eks create-pod-identity-association --namespace loglake --service-account
 * loglake --role-arn …`); the AWS SDK's default chain picks up either.
 */
export const serviceAccount: IServiceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { ...meta(SERVICE_ACCOUNT, 'identity'), annotations: { 'eks.amazonaws.com/role-arn': s.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' } },
};

/** Sizes from the measured peaks (see settings.ts `measured`). */
export const batchResources: IResourceRequirements = {
  requests: { cpu: '1', memory: '768Mi' },
  limits: { memory: '1536Mi' },
};
export const agentResources: IResourceRequirements = {
  requests: { cpu: '250m', memory: '640Mi' },
  limits: { cpu: '1', memory: '1024Mi' },
};

/** The Iceberg target: S3 warehouse, Glue's REST endpoint, SigV4 (credentials: the AWS default chain). */
const icebergArgs = [
  '--table-format', 'iceberg', '--warehouse', '$(LOGLAKE_WAREHOUSE)', '--catalog', '$(LOGLAKE_CATALOG)',
  '--catalog-warehouse', '$(LOGLAKE_CATALOG_WAREHOUSE)', '--catalog-sigv4', '$(LOGLAKE_CATALOG_SIGV4)',
  '--config', `${CONFIG_FILE_DIR}/loglake.json`,
];

const tmpVolume: IVolume = { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } };
const configVolume: IVolume = { name: 'settings', configMap: { name: CONFIG, items: [{ key: 'loglake.json', path: 'loglake.json' }] } };
const baseMounts: IVolumeMount[] = [
  { name: 'tmp', mountPath: '/tmp' },
  { name: 'settings', mountPath: CONFIG_FILE_DIR, readOnly: true },
];

/** V8's old space at about 60 % of the memory limit, so GC works before the kernel OOM-kills. */
function nodeOptions(resources: IResourceRequirements): IEnvVar {
  const limitMiB = Number(/^(\d+)Mi$/.exec(String(resources.limits?.memory))?.[1]);
  if (!limitMiB) throw new Error('memory limits are written in Mi');
  return { name: 'NODE_OPTIONS', value: `--max-old-space-size=${Math.floor(limitMiB * 0.6)}` };
}

function container(args: string[], resources: IResourceRequirements, extra: { env?: IEnvVar[]; mounts?: IVolumeMount[]; runAsRoot?: boolean } = {}): IContainer {
  return {
    name: APP,
    image: s.image,
    imagePullPolicy: 'IfNotPresent',
    args,
    envFrom: [{ configMapRef: { name: CONFIG } }],
    env: [{ name: 'TMPDIR', value: '/tmp' }, ...(extra.env ?? [])],
    resources,
    volumeMounts: [...baseMounts, ...(extra.mounts ?? [])],
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      ...(extra.runAsRoot ? { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false } : {}),
    },
  };
}

/** The image's user (`USER 1000:1000` in the Dockerfile), numeric so runAsNonRoot can be verified. */
const nonRoot: IPodSecurityContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };

function batchPod(args: string[], env: IEnvVar[] = []): IPodSpec {
  return {
    serviceAccountName: SERVICE_ACCOUNT,
    restartPolicy: 'Never',
    securityContext: nonRoot,
    terminationGracePeriodSeconds: 30,
    containers: [container(args, batchResources, { env: [nodeOptions(batchResources), ...env] })],
    volumes: [tmpVolume, configVolume],
  };
}

/** Exit code 2 is a usage/configuration error: retrying cannot help, so fail at once. */
const failOnUsageError: NonNullable<IJobSpec['podFailurePolicy']> = {
  rules: [
    { action: 'FailJob', onExitCodes: { containerName: APP, operator: 'In', values: [2] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
  ],
};

/** The seed's incremental job: every run ingests only the objects (and bytes) not committed yet. */
export const cronJob: ICronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: meta('loglake-ingest', 'ingest'),
  spec: {
    schedule: s.schedule,
    timeZone: 'Etc/UTC',
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 300,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      metadata: { labels: labels('ingest') },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 3600,
        ttlSecondsAfterFinished: 86400,
        podFailurePolicy: failOnUsageError,
        template: {
          metadata: { labels: labels('ingest') },
          spec: batchPod(['ingest', '$(LOGLAKE_SOURCE)', ...icebergArgs, '--no-progress']),
        },
      },
    },
  },
};

/** Backfill: pod i of N ingests the sources of shard i (`--shard auto` reads JOB_COMPLETION_INDEX). */
export const backfillJob: IJob = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: meta('loglake-backfill', 'backfill'),
  spec: {
    completionMode: 'Indexed',
    completions: s.backfill.completions,
    parallelism: s.backfill.parallelism,
    backoffLimitPerIndex: 2,
    maxFailedIndexes: 0,
    ttlSecondsAfterFinished: 86400,
    podFailurePolicy: failOnUsageError,
    template: {
      metadata: { labels: labels('backfill') },
      spec: batchPod(['ingest', '$(LOGLAKE_BACKFILL_SOURCE)', ...icebergArgs, '--shard', 'auto', '--no-progress'],
        [{ name: 'LOGLAKE_SHARD_COUNT', value: String(s.backfill.completions) }]),
    },
  },
};

/** The node's log roots, read-only at the same paths (the /var/log/containers symlinks point into them). */
const nodeLogRoots: Array<{ name: string; path: string; type: 'Directory' | 'DirectoryOrCreate' }> = [
  { name: 'var-log-pods', path: '/var/log/pods', type: 'Directory' },
  { name: 'var-log-containers', path: '/var/log/containers', type: 'Directory' },
  { name: 'docker-containers', path: '/var/lib/docker/containers', type: 'DirectoryOrCreate' },
];

function agent(name: string, target: string[], extraVolumes: IVolume[], extraMounts: IVolumeMount[]): IDaemonSet {
  const args = ['ingest', ...nodeLogRoots.map((r) => r.path), '--follow', ...target,
    '--commit-interval', s.followCommitInterval, '--shutdown-grace', s.shutdownGrace,
    '--metrics-addr', `0.0.0.0:${s.metricsPort}`, '--no-progress'];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(name, 'agent'),
    spec: {
      selector: { matchLabels: labels('agent') },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: {
          labels: labels('agent'),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(s.metricsPort), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          serviceAccountName: SERVICE_ACCOUNT,
          // Log files are root:root 0640: the agent reads them as uid 0 with every capability dropped.
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 30,
          tolerations: [{ operator: 'Exists' }],
          containers: [{
            ...container(args, agentResources, {
              env: [nodeOptions(agentResources)],
              mounts: [...nodeLogRoots.map((r): IVolumeMount => ({ name: r.name, mountPath: r.path, readOnly: true })), ...extraMounts],
              runAsRoot: true,
            }),
            ports: [{ name: 'metrics', containerPort: s.metricsPort, protocol: 'TCP' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' }, periodSeconds: 20, failureThreshold: 3 },
            readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 30, failureThreshold: 3 },
            startupProbe: { httpGet: { path: '/healthz', port: 'metrics' }, periodSeconds: 5, failureThreshold: 24 },
          }],
          volumes: [tmpVolume, configVolume, ...nodeLogRoots.map((r): IVolume => ({ name: r.name, hostPath: { path: r.path, type: r.type } })), ...extraVolumes],
        },
      },
    },
  };
}

/**
 * Follow mode on every node into the shared Iceberg table: the committed offsets live in the table
 * (offsets document referenced by each snapshot), so a restarted or rescheduled pod resumes there.
 */
export const daemonSet: IDaemonSet = agent('loglake-agent', icebergArgs, [], []);

/** Variant: a Parquet dataset on the node itself; its commit log (the offsets) is on a hostPath. */
export const daemonSetParquet: IDaemonSet = agent('loglake-agent-parquet',
  ['--warehouse', '/var/lib/loglake/warehouse', '--config', `${CONFIG_FILE_DIR}/loglake.json`],
  [{ name: 'state', hostPath: { path: '/var/lib/loglake', type: 'DirectoryOrCreate' } }],
  [{ name: 'state', mountPath: '/var/lib/loglake' }]);

/** A kustomize Kustomization (not a Kubernetes API object). */
export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  namespace: string;
  resources: string[];
}

/** Every generated file: path under deploy/k8s/ → object. Order = kustomization order. */
export const manifests: Array<{ file: string; object: { kind: string } }> = [
  { file: 'namespace.yaml', object: namespace },
  { file: 'serviceaccount.yaml', object: serviceAccount },
  { file: 'configmap.yaml', object: configMap },
  { file: 'cronjob.yaml', object: cronJob },
  { file: 'daemonset.yaml', object: daemonSet },
  { file: 'backfill-job.yaml', object: backfillJob },
  { file: 'variants/daemonset-parquet.yaml', object: daemonSetParquet },
];

/** `kubectl apply -k deploy/k8s`: the always-on parts (the backfill Job and the variant are applied by hand). */
export const kustomization: Kustomization = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  namespace: s.namespace,
  resources: ['namespace.yaml', 'serviceaccount.yaml', 'configmap.yaml', 'cronjob.yaml', 'daemonset.yaml'],
};
