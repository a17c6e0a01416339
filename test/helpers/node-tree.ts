/**
 * A small, hand-made node log tree with every envelope and the awkward cases, for end-to-end
 * tests: Docker json-file (+config.v2.json, rotation, 16 KiB partial, stack trace, bad lines),
 * Kubernetes CRI (pods tree + containers symlink, P/F partials, non-UTF-8 and binary lines),
 * a Fluent Bit S3 file in the seed's layout, and `docker logs --timestamps` text for stdin.
 */
import { mkdirSync, writeFileSync, symlinkSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DOCKER_ID = 'c0ffee'.padEnd(64, '1');
const CRI_ID = 'beef'.padEnd(64, '2');
export const SELECTOR = 'spark-1b3b78e281664cefb74ca64a1ed5a2d9';

export interface NodeTree {
  root: string;
  docker: string;
  dockerLog: string;
  pods: string;
  containers: string;
  criLog: string;
  s3: string;
  stdinText: string;
  /** Physical lines in files (not stdin). */
  fileLines: number;
  stdinLines: number;
  /** Lines that must be quarantined, by reason prefix. */
  badLines: Record<string, number>;
}

const dj = (log: string, stream: string, time: string): string => JSON.stringify({ log, stream, time });

export function makeNodeTree(): NodeTree {
  const root = mkdtempSync(join(tmpdir(), 'loglake-node-'));
  let fileLines = 0;
  const write = (p: string, content: string | Buffer): void => {
    writeFileSync(p, content);
    const s = content.toString('latin1');
    fileLines += s.split('\n').length - 1;
  };

  // ---- Docker json-file: orders (pino JSON) with a Java stack trace and bad lines
  const docker = join(root, 'var/lib/docker/containers');
  const c = join(docker, DOCKER_ID);
  mkdirSync(c, { recursive: true });
  writeFileSync(join(c, 'config.v2.json'), JSON.stringify({
    ID: DOCKER_ID, Name: '/shop-orders-1',
    Config: { Image: 'shop/orders:1.4.2', Hostname: 'orders-host', Labels: { 'com.docker.compose.service': 'orders', 'com.docker.compose.project': 'shop' } },
  }));
  writeFileSync(join(c, 'hostconfig.json'), '{}');
  writeFileSync(join(c, 'hosts'), '127.0.0.1 localhost\n');
  writeFileSync(join(c, 'resolv.conf'), 'nameserver 10.0.0.2\n');
  const rotated = [
    dj('{"level":30,"time":1772438400100,"pid":1,"hostname":"orders-host","reqId":"req-1","msg":"server listening"}\n', 'stdout', '2026-03-02T08:00:00.100000000Z'),
    dj('{"level":40,"time":1772438401000,"pid":1,"hostname":"orders-host","reqId":"req-2","msg":"slow downstream"}\n', 'stdout', '2026-03-02T08:00:01.000000000Z'),
  ];
  write(join(c, `${DOCKER_ID}-json.log.1`), rotated.join('\n') + '\n');
  const big = 'x'.repeat(16384);
  const live = [
    dj('{"level":30,"time":1772438402000,"pid":1,"hostname":"orders-host","reqId":"req-3","msg":"request completed","responseTime":12}\n', 'stdout', '2026-03-02T08:00:02.000000000Z'),
    dj('2026-03-02 08:00:03,000 ERROR [main] com.shop.OrderService - order failed\n', 'stderr', '2026-03-02T08:00:03.000000000Z'),
    dj('java.lang.IllegalStateException: inventory unavailable\n', 'stderr', '2026-03-02T08:00:03.000100000Z'),
    dj('\tat com.shop.OrderService.place(OrderService.java:42)\n', 'stderr', '2026-03-02T08:00:03.000200000Z'),
    dj('\tat com.shop.Api.handle(Api.java:7)\n', 'stderr', '2026-03-02T08:00:03.000300000Z'),
    dj(big, 'stdout', '2026-03-02T08:00:04.000000000Z'), // 16 KiB partial record
    dj('tail of the long line\n', 'stdout', '2026-03-02T08:00:04.000100000Z'),
    '{"log":"broken json\\n","stream":"stdout",', // invalid JSON
    dj('impossible time\n', 'stdout', '2026-13-02T08:00:05.000000000Z'), // month 13
    dj('{"level":50,"time":1772442000000,"pid":1,"hostname":"orders-host","reqId":"req-4","msg":"payment declined","err":{"type":"PaymentError","message":"declined"}}\n', 'stdout', '2026-03-02T09:00:00.000000000Z'),
  ];
  const dockerLog = join(c, `${DOCKER_ID}-json.log`);
  write(dockerLog, live.join('\n') + '\n');

  // ---- Kubernetes CRI: a Kafka broker pod
  const pods = join(root, 'var/log/pods');
  const pd = join(pods, 'streaming_kafka-1_11111111-2222-3333-4444-555555555555/kafka');
  mkdirSync(pd, { recursive: true });
  const criLog = join(pd, '0.log');
  const cri = Buffer.concat([
    Buffer.from([
      '2026-03-02T08:10:00.000000001Z stdout F [2026-03-02 08:10:00,000] INFO [KafkaServer id=1] started (kafka.server.KafkaServer)',
      '2026-03-02T08:10:01.000000001Z stdout P [2026-03-02 08:10:01,000] WARN [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Error in response for fetch request ',
      '2026-03-02T08:10:01.000000002Z stdout F on partition orders-3 (kafka.server.ReplicaFetcherThread)',
      '2026-03-02T08:10:02.000000001Z stderr F [2026-03-02 08:10:02,000] ERROR [KafkaApi-1] Error when handling request (kafka.server.KafkaApis)',
      '2026-03-02T08:10:02.000000002Z stderr F org.apache.kafka.common.errors.NotLeaderOrFollowerException: not leader for orders-3',
      '2026-03-02T08:10:02.000000003Z stderr F \tat kafka.server.ReplicaManager.getPartition(ReplicaManager.scala:100)',
      '',
    ].join('\n')),
    Buffer.from('2026-03-02T08:10:03.000000001Z stdout F bad utf8 \xc3\x28 here\n', 'latin1'),
    Buffer.from('2026-03-02T08:10:04.000000001Z stdout F binary \x00\x01\x02 junk\n', 'latin1'),
    Buffer.from('2026-03-02T08:10:05.000000001Z stdout F [2026-03-02 08:10:05,000] INFO [GroupCoordinator 1]: Preparing to rebalance group orders-consumers in state PreparingRebalance with old generation 4 (__consumer_offsets-17) (reason: member left) (kafka.coordinator.group.GroupCoordinator)\n'),
  ]);
  write(criLog, cri);
  const containers = join(root, 'var/log/containers');
  mkdirSync(containers, { recursive: true });
  symlinkSync(criLog, join(containers, `kafka-1_streaming_kafka-${CRI_ID}.log`));

  // ---- Fluent Bit JSON records in the seed's S3 layout
  const s3 = join(root, 's3/spark-application-logs/spark-team-a');
  const fd = join(s3, SELECTOR, 'taxi-trip-driver');
  mkdirSync(fd, { recursive: true });
  const k8s = {
    pod_name: 'taxi-trip-driver', namespace_name: 'spark-team-a', container_name: 'spark-kubernetes-driver', container_image: 'apache/spark:3.5.1', host: 'ip-10-1-2-3',
    labels: { app: 'taxi-trip', 'spark-app-selector': SELECTOR, 'spark-role': 'driver', 'spark-app-name': 'taxi-trip', 'spark-version': '3.5.1', 'submission-id': 'sub-1', queue: 'root.spark-team-a' },
  };
  const rec = (ts: string, lvl: string, msg: string): string => JSON.stringify({ timestamp: ts, log_level: lvl, message: msg, stream: 'stderr', kubernetes: k8s });
  write(join(fd, 'taxi-trip-driver_080000_abcd1234.json'), [
    rec('2026-03-02T08:20:00.000Z', 'INFO', 'Running Spark version 3.5.1'),
    rec('2026-03-02T08:20:01.000Z', 'INFO', 'Submitted application app-20260302082000-0001'),
    rec('2026-03-02T08:20:02.000Z', 'WARN', 'TaskSetManager: Lost task 3.0 in stage 1.0 (TID 7) (10.0.1.5 executor 2): ExecutorLostFailure (executor 2 exited)'),
  ].join('\n') + '\n');

  const stdinText = [
    '2026-03-02T08:30:00.000000001Z 2026-03-02 08:30:00.000 UTC [42] LOG:  database system is ready to accept connections',
    '2026-03-02T08:30:01.000000001Z 2026-03-02 08:30:01.000 UTC [43] ERROR:  duplicate key value violates unique constraint "orders_pkey"',
    '2026-03-02T08:30:01.000000002Z 2026-03-02 08:30:01.000 UTC [43] DETAIL:  Key (id)=(7) already exists.',
    '2026-03-02T08:30:01.000000003Z 2026-03-02 08:30:01.000 UTC [43] STATEMENT:  INSERT INTO orders VALUES (7)',
    '',
  ].join('\n');

  return {
    root, docker, dockerLog, pods, containers, criLog, s3, stdinText, fileLines, stdinLines: 4,
    badLines: { invalid_json: 1, invalid_time: 1, invalid_utf8: 1, binary_content: 1 },
  };
}
