import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceOf, parserHint, brokerIdFromName, podBaseName } from './origin.js';
import { sourceOrigin } from './event-fields.js';

test('service: labels first, replica ordinals dropped, Spark pods by application', () => {
  assert.equal(serviceOf({ 'com.docker.compose.service': 'kafka-2' }, 'kafka-2', undefined), 'kafka');
  assert.equal(serviceOf({ app: 'orders-api' }, 'x', 'y'), 'orders-api');
  assert.equal(serviceOf(undefined, 'api-v2', undefined), 'api-v2');
  assert.equal(serviceOf(undefined, 'spark-kubernetes-executor', 'nyc-etl-287db7e893c46c9f-exec-2'), 'nyc-etl');
  assert.equal(serviceOf(undefined, 'spark-kubernetes-driver', 'nyc-etl-764fe250-driver'), 'nyc-etl');
  assert.equal(serviceOf(undefined, undefined, 'payments-6c8d9b7f5-bp5ep'), 'payments');
  assert.equal(serviceOf(undefined, undefined, undefined), undefined);
  assert.equal(podBaseName('web-7d9f8c6b5d-x2x9q'), 'web');
  // kubelet-started Docker containers (dockershim names / io.kubernetes.* labels)
  assert.equal(serviceOf(undefined, 'k8s_api_payments-6c8d9b7f5-bp5ep_shop_0d5f-11ee_0', undefined), 'api');
  assert.equal(serviceOf({ 'io.kubernetes.pod.name': 'nyc-etl-287db7e893c46c9f-exec-2', 'io.kubernetes.container.name': 'spark-kubernetes-executor' }, 'k8s_x', undefined), 'nyc-etl');
});

test('parser hints and broker ids from names', () => {
  assert.equal(parserHint({ image: 'bitnami/kafka:3.7' }), 'kafka');
  assert.equal(parserHint({ image: 'postgres:16' }), 'postgres');
  assert.equal(parserHint({ container: 'spark-kubernetes-driver' }), 'spark');
  assert.equal(parserHint({ image: 'nginx' }), undefined);
  assert.equal(brokerIdFromName('kafka-2'), 2);
  assert.equal(brokerIdFromName('orders-2'), undefined);
  assert.equal(brokerIdFromName('my-cluster-kafka-0'), 0);
  assert.equal(brokerIdFromName('broker-3'), 3);
  assert.equal(brokerIdFromName('kafka1'), 1);
  assert.equal(brokerIdFromName('k8s_kafka_kafka-4_streaming_0d5f-11ee_0'), 4);
  assert.equal(brokerIdFromName('kafka-connect-1'), undefined);
  assert.equal(brokerIdFromName('kafka-exporter-7d9f8c6b5d-x2x9q'), undefined);
});

test('a Docker container without config.v2.json is known by its short id, not its file name', () => {
  const id = 'c'.repeat(64);
  const o = sourceOrigin(`/var/lib/docker/containers/${id}/${id}-json.log`, { containerId: id }, undefined, 'docker-json', undefined, `${id}-json`);
  assert.equal(o.service, 'cccccccccccc');
});
