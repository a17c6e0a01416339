#!/usr/bin/env node
// Evaluation set generator: a Docker json-file node (/var/lib/docker/containers/<id>/<id>-json.log +
// config.v2.json) with Python services, a Kafka broker + Kafka Connect, and PostgreSQL servers; and
// DIR/truth.jsonl with one object per expected event. Usage: node eval/blind4/gen.mjs --seed N --out DIR [--scale K]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rng, Container } from './lib/common.mjs';
import { genPythonService } from './lib/python.mjs';
import { genKafkaBroker, genKafkaConnect } from './lib/kafka.mjs';
import { genPostgres } from './lib/postgres.mjs';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, out: { type: 'string' }, scale: { type: 'string', default: '1' } } });
if (!values.out) { console.error('usage: gen.mjs --seed N --out DIR [--scale K]'); process.exit(2); }
const seed = Number(values.seed), scale = Number(values.scale);
const r = rng(seed * 7919 + 17);
const out = path.resolve(values.out);
fs.rmSync(path.join(out, 'var'), { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const start = Date.UTC(2026, 2, 2, 9, 0, 0) + r.int(0, 86400) * 1000;
const compose = (project, service, n = 1) => ({
  'com.docker.compose.project': project, 'com.docker.compose.service': service, 'com.docker.compose.container-number': String(n),
  'com.docker.compose.oneoff': 'False', 'com.docker.compose.version': '2.29.1', 'com.docker.compose.config-hash': r.hex(64),
});
const mk = (name, image, labels, env = [], cmd = []) => new Container({ id: r.hex(64), name, image, labels, env: ['PATH=/usr/local/bin:/usr/bin:/bin', ...env], cmd });
const containers = [];
const N = (k) => Math.round(k * scale);

// Python services: [service, format, stream, tz offset (min), crashes]
const PY = [
  ['orders-api', 'cookbook-dash', 'stderr', 0, 3],
  ['billing-worker', 'basic-format', 'stderr', 0, 2],
  ['report-builder', 'cookbook-columns', 'stdout', 0, 2],
  ['inventory-sync', 'msecs-thread', 'stdout', 0, 2],
  ['notifier', 'pipe-funcname', 'stderr', 0, 3],
  ['rates-fetcher', 'brace-iso-tz', 'stdout', -300, 2],
  ['webhook-gw', 'bracket-process', 'stderr', 0, 2],
  ['admin-ui', 'module-in', 'stderr', 0, 2],
];
for (const [svc, formatName, stream, offMin, crashes] of PY) {
  const env = offMin ? ['TZ=America/New_York'] : [];
  const c = mk(`shop-${svc}-1`, `registry.example.com/shop/${svc}:1.${r.int(0, 20)}.${r.int(0, 9)}`, { ...compose('shop', svc), 'org.opencontainers.image.source': `https://git.example.com/shop/${svc}` }, [...env, 'PYTHONUNBUFFERED=1'], ['python', '-m', svc.replace(/-/g, '_')]);
  genPythonService(r, c, { formatName, stream, offMin, start: start + r.int(0, 60000), n: N(260), crashes });
  containers.push(c);
}

const kafka = mk('kafka-1', 'apache/kafka:3.7.1', compose('streaming', 'kafka-1'), ['KAFKA_NODE_ID=1', 'KAFKA_PROCESS_ROLES=broker'], ['/__cacert_entrypoint.sh', '/etc/kafka/docker/run']);
genKafkaBroker(r, kafka, { id: 1, start: start + r.int(0, 60000), n: N(700) });
containers.push(kafka);
const connect = mk('connect-1', 'confluentinc/cp-kafka-connect:7.6.1', compose('streaming', 'connect'), ['CONNECT_GROUP_ID=connect-cluster'], ['/etc/confluent/docker/run']);
genKafkaConnect(r, connect, { worker: 1, start: start + r.int(0, 60000), n: N(300) });
containers.push(connect);

for (const [svc, prefixName] of [['orders-db', 'default-m-p'], ['shop-db', 'debian-q-u-d'], ['analytics-db', 'pgbadger-t-l'], ['billing-db', 'sqlstate-e-app'], ['audit-db', 'sqlstate-e-colon']]) {
  const c = mk(`shop-${svc}-1`, 'postgres:16.4', compose('shop', svc), ['PGDATA=/var/lib/postgresql/data', 'POSTGRES_DB=shop'], ['docker-entrypoint.sh', 'postgres', '-c', `log_line_prefix=${prefixName}`]);
  genPostgres(r, c, { prefixName, start: start + r.int(0, 60000), n: N(300) });
  containers.push(c);
}

const truth = [];
for (const c of containers) truth.push(...c.write(out));
fs.writeFileSync(path.join(out, 'truth.jsonl'), truth.map((t) => JSON.stringify(t)).join('\n') + '\n');
const lines = containers.reduce((s, c) => s + c.records.length, 0);
console.log(`seed ${seed}: ${containers.length} containers, ${lines} lines, ${truth.length} events → ${out}`);
