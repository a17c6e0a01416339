/**
 * The values an operator changes before applying the manifests (image, AWS account and region,
 * buckets, role, schedule, shard count) and the measured resource figures. Everything in
 * `deploy/k8s/*.yaml` is generated from these and `manifests.ts` by `npm run deploy:manifests`.
 */

/** Where and as whom loglake runs. */
export const settings = {
  namespace: 'loglake',
  /** Built from deploy/Dockerfile and pushed to ECR; `kustomize edit set image loglake=…` overrides it. */
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/loglake:0.1.0',
  region: 'us-east-1',
  account: '123456789012',
  /** IAM role assumed through IRSA (or associated through EKS Pod Identity). */
  roleArn: 'arn:aws:iam::123456789012:role/loglake-ingest',
  /** The seed's Fluent Bit output: `s3://<bucket>/<prefix>/`. */
  source: 's3://logs/eks/spark-application-logs/',
  /** Iceberg warehouse on S3 (data files, manifests, offsets documents). */
  warehouse: 's3://lake/warehouse',
  /** AWS Glue's Iceberg REST endpoint; `--catalog-warehouse` is the account id (the Glue catalog). */
  catalog: 'https://glue.us-east-1.amazonaws.com/iceberg',
  catalogWarehouse: '123456789012',
  catalogSigv4: 'glue',
  cluster: 'eks-prod-us-east-1',
  environment: 'prod',
  /** Iceberg namespace (a Glue database). */
  tableNamespace: 'loglake',
  /** The CronJob's schedule (UTC) and the node agent's commit interval. */
  schedule: '*/15 * * * *',
  followCommitInterval: '60s',
  /** Below the pod's terminationGracePeriodSeconds (30 s). */
  shutdownGrace: '20s',
  metricsPort: 9464,
  /** Backfill: shards (= Job completions = LOGLAKE_SHARD_COUNT) and pods at once. */
  backfill: { source: 's3://logs/eks/spark-application-logs/', completions: 8, parallelism: 4 },
} as const;

/**
 * Peak resident memory (MiB) measured with `/usr/bin/time -v` on this repository's synthetic cluster
 * (Node 20, defaults: 24 MiB commit window, 1 encoder worker, template miner on, Iceberg with the
 * SQLite catalog); see README "Running on EKS" → Resources. Requests sit above the measured peak;
 * limits leave room for bigger inputs (the README's Speed bench peaks at 690–820 MiB on one 216 MiB file).
 */
export const measured = {
  /** 233 MiB of Fluent Bit JSON in 4,480 objects from S3 (s3rver) → Iceberg: the CronJob's work (bench/ingest-memory.ts). */
  s3ToIcebergPeakMiB: 564,
  /** 250 MiB of Docker + CRI node logs (166 files) → Iceberg: an agent catching up on a node. */
  nodeLogsToIcebergPeakMiB: 502,
  /** 505 MiB of node logs (338 files) → Iceberg: the peak grows slowly with the number of sources. */
  nodeLogsToIceberg2xPeakMiB: 590,
} as const;
