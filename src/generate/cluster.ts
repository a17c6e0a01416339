/**
 * `generateCluster`: the whole synthetic cluster. Draws the plan (time range, Spark runs,
 * incidents), runs every application generator, injects the deliberately bad lines, renders each
 * container in its runtime layout (Docker json-file, Kubernetes CRI, Fluent Bit S3 records,
 * `docker logs --timestamps`), writes the tree and its ground truth.
 *
 * Output tree under `out`:
 *   docker/containers/<id>/{<id>-json.log[.1|.2.gz], config.v2.json, hostconfig.json, hosts, resolv.conf, hostname}
 *   k8s/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log[.<stamp>[.gz]]
 *   k8s/var/log/containers/<pod>_<ns>_<container>-<id>.log -> ../pods/...  (relative symlinks)
 *   s3/spark-application-logs/spark-team-a/<spark-app-selector>/<pod>/<pod>_<HHMMSS>_<rand>.json
 *   stdin/docker-logs-timestamps.txt
 *   ground-truth.json
 *
 * Imports every generator and writer of this folder; nothing outside it.
 */
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { Rng } from './prng.js';
import type { AppEvent } from './model.js';
import { makePlan, type ClusterPlan } from './plan.js';
import { kafkaBrokerEvents } from './kafka-broker-logs.js';
import { postgresEvents, PG_LOG_LINE_PREFIX } from './postgres-logs.js';
import { ordersApiEvents, ordersWorkerEvents, paymentsEvents } from './json-service-logs.js';
import { simulateSparkRun, renderSparkJson, type SparkAppSpec, type SparkRecord } from './spark-logs.js';
import { dockerLogFiles, dockerMetaFiles, dockerRecord, type DockerContainer } from './docker-json-file.js';
import { criLogDir, criLogFiles, criSymlinkName, type CriContainer } from './cri-layout.js';
import { fluentBitSparkFiles } from './fluent-bit-s3.js';
import { dockerLogsTimestampsFile } from './docker-logs-stdin.js';
import { fileBytes, type BadLine, type LayoutName, type LogFile } from './layout-output.js';
import { buildGroundTruth, type ServiceInfo } from './ground-truth.js';

/** Options of {@link generateCluster}. */
export interface GenerateOptions {
  /** Output directory (created if missing; its docker/, k8s/, s3/, stdin/ and ground-truth.json are replaced). */
  out: string;
  /** Seed; the same seed always yields byte-identical output. */
  seed: number;
  /** `small`: 6 hours, ~60k lines, a few seconds. `large`: 24 hours, ~1M lines. */
  scale: 'small' | 'large';
  /** Start of the generated period (default 2026-03-02T08:00:00Z). */
  start?: Date;
}

/** Summary of a generated tree. */
export interface GenerateResult {
  /** Log files written (rotated and gzipped ones included; Docker metadata, symlinks and the ground truth not counted). */
  files: number;
  /** Physical log lines (records) in all log files, decompressed. */
  lines: number;
  /** Bytes of all log files as stored (gzipped files count compressed). */
  bytes: number;
  /** Physical lines per layout: `docker`, `cri`, `fluentbit`, `stdin`. */
  layouts: Record<string, number>;
  /** Absolute path of ground-truth.json. */
  groundTruthPath: string;
}

const COMPOSE_PROJECT = 'shop';

const TAXI: SparkAppSpec = {
  name: 'taxi-trip',
  version: '3.5.1',
  namespace: 'spark-team-a',
  executors: 3,
  coresPerExecutor: 2,
  script: 'local:///opt/spark/work-dir/taxi_trip.py',
  stages: [
    { tasks: 8, kind: 'ResultStage', callSite: 'parquet at NativeMethodAccessorImpl.java:0', readsShuffle: false, job: 0 },
    { tasks: 32, kind: 'ShuffleMapStage', callSite: 'count at NativeMethodAccessorImpl.java:0', readsShuffle: false, job: 1 },
    { tasks: 1, kind: 'ResultStage', callSite: 'count at NativeMethodAccessorImpl.java:0', readsShuffle: true, job: 1 },
    { tasks: 32, kind: 'ShuffleMapStage', callSite: 'parquet at NativeMethodAccessorImpl.java:0', readsShuffle: false, job: 2 },
    { tasks: 24, kind: 'ResultStage', callSite: 'parquet at NativeMethodAccessorImpl.java:0', readsShuffle: true, job: 2 },
  ],
};

const ETL: SparkAppSpec = {
  name: 'nyc-etl',
  version: '4.0.0',
  namespace: 'spark-team-a',
  executors: 2,
  coresPerExecutor: 2,
  script: 'local:///opt/spark/work-dir/nyc_etl.py',
  stages: [
    { tasks: 8, kind: 'ResultStage', callSite: 'json at NativeMethodAccessorImpl.java:0', readsShuffle: false, job: 0 },
    { tasks: 48, kind: 'ShuffleMapStage', callSite: 'save at NativeMethodAccessorImpl.java:0', readsShuffle: false, job: 1 },
    { tasks: 24, kind: 'ResultStage', callSite: 'save at NativeMethodAccessorImpl.java:0', readsShuffle: true, job: 1 },
  ],
};

/** Inserts a bad event next to the event at `fraction` of the list (same timestamp). */
function inject(events: AppEvent[], fraction: number, raw: NonNullable<AppEvent['raw']>, stream: AppEvent['stream'] = 'stdout'): void {
  const i = Math.min(events.length - 1, Math.max(1, Math.floor(events.length * fraction)));
  const t = (events[i] as AppEvent).t;
  events.splice(i, 0, { t, stream, lines: [], raw });
}

interface Built {
  plan: ClusterPlan;
  bad: BadLine[];
  services: ServiceInfo[];
  sparkApps: SparkAppInfo[];
}

type SparkAppInfo = { app_id: string; name: string; version: string; layout: LayoutName; start: number; end: number; pods: string[] };

/** Where generated files go; log files are written (and their memory released) as soon as they are made. */
interface Sink {
  logs(files: LogFile[]): Promise<void>;
  meta(path: string, content: string): Promise<void>;
  link(path: string, target: string): Promise<void>;
}

/** Generates everything, container by container, handing files to the sink. */
async function build(opts: GenerateOptions, sink: Sink): Promise<Built> {
  const plan = makePlan(opts.seed, opts.scale, opts.start);
  const root = new Rng(opts.seed);
  const bad: BadLine[] = [];
  const services: ServiceInfo[] = [];

  // --- Docker json-file: Kafka brokers, PostgreSQL, orders-api.
  const ids = root.fork('docker/ids');
  const dockerRng = root.fork('docker/write');
  const writeDocker = async (d: { c: DockerContainer; events: AppEvent[]; kind: string; format: string }): Promise<void> => {
    const dir = `docker/containers/${d.c.id}`;
    const { files, bad: b, maxSize } = dockerLogFiles(d.c, d.events, dockerRng, dir);
    await sink.logs(files);
    bad.push(...b);
    for (const [name, content] of Object.entries(dockerMetaFiles(d.c, maxSize, COMPOSE_PROJECT, dockerRng))) await sink.meta(`${dir}/${name}`, content);
    services.push({ name: d.c.service, kind: d.kind, layout: 'docker', format: d.format, container_id: d.c.id, container_name: d.c.name, image: d.c.image, labels: { 'com.docker.compose.project': COMPOSE_PROJECT, 'com.docker.compose.service': d.c.name } });
  };
  const kafka = kafkaBrokerEvents(plan, root.fork('kafka'));
  for (const b of [1, 2, 3]) {
    await writeDocker({
      c: {
        id: ids.hex(64), name: `kafka-${b}`, service: `kafka-${b}`, image: 'apache/kafka:3.7.0', imageId: 'sha256:' + ids.hex(64),
        hostname: `kafka-${b}`, ip: `172.18.0.${b + 2}`, created: plan.start - 2_000,
        env: [`KAFKA_NODE_ID=${b}`, 'KAFKA_PROCESS_ROLES=broker,controller', 'KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093', `KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka-${b}:9092`, 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        cmd: ['/__cacert_entrypoint.sh', '/etc/kafka/docker/run'],
      },
      events: kafka.get(b) as AppEvent[], kind: 'kafka', format: 'log4j [%d] %p %m (%c)%n',
    });
    kafka.delete(b);
  }
  const pg = postgresEvents(plan, root.fork('postgres'));
  inject(pg, 0.62, { text: '\u0000'.repeat(389) + '\u0001\u00ff\u00fe\u0013\u0088PGW\u0000\u0000\u0007\u00b3', reason: 'block of NUL and binary bytes left by an unclean host shutdown (not JSON, not UTF-8)', kind: 'binary_nul', binary: true });
  await writeDocker({
    c: {
      id: ids.hex(64), name: 'postgres', service: 'postgres', image: 'postgres:16.2', imageId: 'sha256:' + ids.hex(64),
      hostname: 'postgres', ip: '172.18.0.6', created: plan.start - 1_000,
      env: ['POSTGRES_DB=orders', 'POSTGRES_USER=postgres', 'PG_MAJOR=16', 'PGDATA=/var/lib/postgresql/data', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/16/bin'],
      cmd: ['docker-entrypoint.sh', 'postgres', '-c', `log_line_prefix=${PG_LOG_LINE_PREFIX}`, '-c', 'log_connections=on', '-c', 'log_disconnections=on', '-c', 'log_lock_waits=on', '-c', 'log_min_duration_statement=500', '-c', 'log_autovacuum_min_duration=0', '-c', 'log_checkpoints=on'],
    },
    events: pg, kind: 'postgres', format: `stderr, log_line_prefix='${PG_LOG_LINE_PREFIX}'`,
  });
  const api = ordersApiEvents(plan, root.fork('orders-api'));
  {
    const victim = api[Math.floor(api.length * 0.37)] as AppEvent;
    const full = dockerRecord((victim.lines[0] ?? '') + '\n', 'stdout', '2026-03-02T00:00:00Z');
    inject(api, 0.37, { text: full.slice(0, Math.floor(full.length * 0.55)), reason: 'json-file record truncated mid-write (dockerd killed): invalid JSON', kind: 'invalid_json' });
  }
  await writeDocker({
    c: {
      id: ids.hex(64), name: 'orders-api', service: 'orders-api', image: 'ghcr.io/acme/orders-api:2.14.3', imageId: 'sha256:' + ids.hex(64),
      hostname: 'orders-api-7d9f', ip: '172.18.0.10', created: plan.start - 500,
      env: ['NODE_ENV=production', 'PORT=3000', 'DATABASE_URL=postgres://orders_app@postgres:5432/orders', 'KAFKA_BROKERS=kafka-1:9092,kafka-2:9092,kafka-3:9092', 'PATH=/usr/local/bin:/usr/bin:/bin'],
      cmd: ['docker-entrypoint.sh', 'node', 'dist/server.js'],
    },
    events: api, kind: 'pino', format: 'pino JSON on stdout; Node uncaught exceptions as text on stderr',
  });
  // --- Kubernetes CRI: payments, and the Spark 4 JSON-logging application.
  const k8s = root.fork('k8s');
  const criAdd = async (c: CriContainer, events: AppEvent[], rotate?: number): Promise<void> => {
    const { files, bad: b } = criLogFiles(c, events, k8s, 'k8s', rotate);
    await sink.logs(files);
    bad.push(...b);
    await sink.link(`k8s/var/log/containers/${criSymlinkName(c)}`, posix.relative('k8s/var/log/containers', `k8s/${criLogDir(c)}/0.log`));
  };
  const pay = paymentsEvents(plan, root.fork('payments'));
  {
    const at = pay[Math.floor(pay.length * 0.48)] as AppEvent;
    const text = `${new Date(at.t).toISOString().replace(/^(\d{4})-\d\d/, '$1-13').replace('Z', '417305Z')} stderr F ${at.lines[0] ?? ''}`;
    inject(pay, 0.48, { text, reason: 'CRI record with an impossible timestamp (month 13)', kind: 'bad_timestamp' }, 'stderr');
  }
  const payC: CriContainer = { namespace: 'payments', pod: `payments-6c8d9b7f5-${k8s.lowerAlnum(5)}`, podUid: k8s.uuid(), container: 'payments', containerId: k8s.hex(64), service: 'payments' };
  const payBytes = pay.reduce((n, e) => n + e.lines.reduce((m, l) => m + l.length + 40, 0), 0);
  await criAdd(payC, pay, Math.ceil(payBytes / 2.6));
  services.push({ name: 'payments', kind: 'zap', layout: 'cri', format: 'zap production JSON on stderr; net/http panics as text', namespace: payC.namespace, pod: payC.pod, container: payC.container, container_id: payC.containerId });

  const sparkApps: SparkAppInfo[] = [];
  const etlRng = root.fork('nyc-etl');
  for (const [i, run] of plan.etlRuns.entries()) {
    const names = etlRng.fork('names' + i);
    const execPrefix = `${ETL.name}-${names.hex(16)}`;
    const { records, pods } = simulateSparkRun(ETL, run, etlRng.fork('run' + i), { driver: `${ETL.name}-${names.hex(8)}-driver`, execPrefix });
    if (i % 4 === 1) {
      // Deep Catalyst recursion: one very long JSON line (CRI P records + F).
      const last = records.filter((r) => r.pod === 'driver').at(-12) as SparkRecord;
      records.push({ t: last.t + 1, pod: 'driver', level: 'WARN', logger: 'Optimizer', msg: 'Failed to apply rule org.apache.spark.sql.catalyst.optimizer.PushDownPredicates; plan is left unchanged', exception: { class: 'java.lang.StackOverflowError', msg: '', frames: 'sparkTask', deep: 900 } });
      records.sort((a, b) => a.t - b.t);
    }
    const render = etlRng.fork('render' + i);
    const podNames: string[] = [];
    const byPod = new Map<string, AppEvent[]>();
    for (const r of records) {
      const list = byPod.get(r.pod) ?? [];
      list.push({ t: r.t, stream: 'stderr', lines: [renderSparkJson(r, render)] });
      byPod.set(r.pod, list);
    }
    for (const [id, events] of [...byPod.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const pod = id === 'driver' ? pods.driver.pod : (pods.executors.get(id) as { pod: string }).pod;
      podNames.push(pod);
      await criAdd({ namespace: ETL.namespace, pod, podUid: render.uuid(), container: id === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor', containerId: render.hex(64), service: ETL.name }, events);
    }
    sparkApps.push({ app_id: run.appId, name: ETL.name, version: ETL.version, layout: 'cri', start: run.start, end: run.end, pods: podNames });
  }
  services.push({ name: ETL.name, kind: 'spark-json', layout: 'cri', format: 'Spark 4 structured JSON logging on stderr', namespace: ETL.namespace });

  // --- Fluent Bit records in S3: the taxi-trip Spark 3.5 application.
  const taxiRng = root.fork('taxi-trip');
  for (const [i, run] of plan.taxiRuns.entries()) {
    const { records, pods } = simulateSparkRun(TAXI, run, taxiRng.fork('run' + i));
    await sink.logs(fluentBitSparkFiles(TAXI, run, records, pods, taxiRng.fork('s3-' + i), 's3'));
    sparkApps.push({ app_id: run.appId, name: TAXI.name, version: TAXI.version, layout: 'fluentbit', start: run.start, end: run.end, pods: [pods.driver.pod, ...[...pods.executors.values()].map((e) => e.pod)] });
  }
  services.push({ name: TAXI.name, kind: 'spark', layout: 'fluentbit', format: 'Fluent Bit JSON records (kubernetes filter + Spark log4j parser)', namespace: TAXI.namespace });

  // --- `docker logs --timestamps` of orders-worker on stdin.
  const worker = ordersWorkerEvents(plan, root.fork('orders-worker'));
  if (plan.scale === 'small') {
    const big = root.fork('worker/big');
    const at = worker[Math.floor(worker.length * 0.71)] as AppEvent;
    const payload = big.alnum(1_200_000);
    inject(worker, 0.71, { text: `${new Date(at.t).toISOString().replace('Z', '') + '000000Z'} ${JSON.stringify({ level: 40, time: at.t, pid: 1, hostname: 'orders-worker-5b2c', msg: 'message exceeds max.partition.fetch.bytes, dumping payload', topic: 'orders', payload })}`, reason: 'over-long line (1.2 MB > 1 MiB), a dumped message payload', kind: 'over_long' });
  }
  const stdin = dockerLogsTimestampsFile('stdin/docker-logs-timestamps.txt', 'orders-worker', worker, root.fork('stdin'));
  await sink.logs([stdin.file]);
  bad.push(...stdin.bad);
  services.push({ name: 'orders-worker', kind: 'pino', layout: 'stdin', format: '`docker logs --timestamps` output of a pino service' });

  return { plan, bad, services, sparkApps };
}

/**
 * Generates the synthetic cluster's logs under `opts.out` and writes `ground-truth.json` there.
 * Deterministic: the same options produce byte-identical trees.
 * @throws when the output directory cannot be written.
 */
export async function generateCluster(opts: GenerateOptions): Promise<GenerateResult> {
  const out = opts.out;
  for (const sub of ['docker', 'k8s', 's3', 'stdin', 'ground-truth.json']) await rm(join(out, sub), { recursive: true, force: true });
  const dirs = new Set<string>();
  const ensureDir = async (abs: string): Promise<void> => {
    const dir = dirname(abs);
    if (dirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    dirs.add(dir);
  };
  const written: { file: LogFile; bytes: number }[] = [];
  const sink: Sink = {
    async logs(files) {
      for (const f of files) {
        const data = fileBytes(f);
        const abs = join(out, f.path);
        await ensureDir(abs);
        await writeFile(abs, data);
        written.push({ file: f, bytes: data.length });
        f.chunks = [];
      }
    },
    async meta(path, content) {
      const abs = join(out, path);
      await ensureDir(abs);
      await writeFile(abs, content);
    },
    async link(path, target) {
      const abs = join(out, path);
      await ensureDir(abs);
      await symlink(target, abs);
    },
  };
  const built = await build(opts, sink);
  for (const s of built.services) s.paths = written.filter((w) => w.file.service === s.name).map((w) => w.file.path);
  const gt = buildGroundTruth({ plan: built.plan, files: written, bad: built.bad, services: built.services, sparkApps: built.sparkApps });
  const groundTruthPath = join(out, 'ground-truth.json');
  await writeFile(groundTruthPath, JSON.stringify(gt, null, 2) + '\n');
  const layouts: Record<string, number> = { docker: 0, cri: 0, fluentbit: 0, stdin: 0 };
  let lines = 0;
  let bytes = 0;
  for (const w of written) {
    layouts[w.file.layout] = (layouts[w.file.layout] ?? 0) + w.file.lines;
    lines += w.file.lines;
    bytes += w.bytes;
  }
  return { files: written.length, lines, bytes, layouts, groundTruthPath };
}
