import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../core/fields.js';
import { SparkIdentityCache, sparkIdentity, writeSparkIdentity } from './spark-identity.js';
import { k8sNamesFromDocker } from './origin.js';

// Labels and names as Spark sets them (docs/running-on-kubernetes.md; Constants.scala
// SPARK_APP_ID_LABEL "spark-app-selector", SPARK_APP_NAME_LABEL "spark-app-name",
// SPARK_ROLE_LABEL "spark-role", SPARK_EXECUTOR_ID_LABEL "spark-exec-id";
// DEFAULT_DRIVER_CONTAINER_NAME "spark-kubernetes-driver", DEFAULT_EXECUTOR_CONTAINER_NAME
// "spark-kubernetes-executor"; executor pods `$prefix-exec-$id`, driver pod `$prefix-driver`).
test('Fluent Bit kubernetes{} labels of an executor pod', () => {
  const id = sparkIdentity({ 'spark-app-selector': 'spark-0123456789abcdef0123456789abcdef', 'spark-app-name': 'daily-rollup', 'spark-role': 'executor', 'spark-exec-id': '7' },
    'daily-rollup-5f1c2a9e8d7b6c5a-exec-7', 'spark-kubernetes-executor');
  assert.deepEqual(id, { role: 'executor', executorId: '7', appId: 'spark-0123456789abcdef0123456789abcdef', appName: 'daily-rollup' });
});

test('CRI paths: pod and container names only', () => {
  assert.deepEqual(sparkIdentity(undefined, 'daily-rollup-5f1c2a9e8d7b6c5a-exec-12', 'spark-kubernetes-executor'), { role: 'executor', executorId: '12', appName: 'daily-rollup' });
  assert.deepEqual(sparkIdentity(undefined, 'daily-rollup-5f1c2a9e8d7b6c5a-driver', 'spark-kubernetes-driver'), { role: 'driver', appName: 'daily-rollup' });
  assert.deepEqual(sparkIdentity(undefined, 'etl-exec-3', 'main'), { role: 'executor', executorId: '3', appName: 'etl' });
  assert.equal(sparkIdentity(undefined, 'csi-driver', 'node-driver-registrar'), undefined);
  assert.equal(sparkIdentity(undefined, 'orders-api-7d9f8c6b5d-x2x9q', 'api'), undefined);
});

test('Docker: kubelet labels or k8s_ container names', () => {
  assert.deepEqual(k8sNamesFromDocker(undefined, '/k8s_spark-kubernetes-executor_etl-0a1b2c3d4e5f6a7b-exec-2_jobs_0d5f-11ee_0'),
    { container: 'spark-kubernetes-executor', pod: 'etl-0a1b2c3d4e5f6a7b-exec-2', namespace: 'jobs' });
  assert.deepEqual(sparkIdentity({ 'io.kubernetes.pod.name': 'etl-0a1b2c3d4e5f6a7b-exec-4', 'io.kubernetes.container.name': 'spark-kubernetes-executor' }, undefined, undefined),
    { role: 'executor', executorId: '4', appName: 'etl' });
  assert.deepEqual(sparkIdentity(undefined, undefined, undefined, 'k8s_spark-kubernetes-driver_etl-0a1b2c3d4e5f6a7b-driver_jobs_uid_1'), { role: 'driver', appName: 'etl' });
});

test('precedence: the executor pod id wins over message ids; a driver keeps (executor N)', () => {
  let w = new RecordFieldWriter();
  w.str('spark_executor_id', 'driver'); // e.g. "BlockManagerId(driver, …)" in an executor's log
  w.str('spark_role', 'driver');
  writeSparkIdentity({ role: 'executor', executorId: '5' }, w);
  assert.deepEqual([w.values.spark_role, w.values.spark_executor_id], ['executor', '5']);
  w = new RecordFieldWriter();
  w.str('spark_executor_id', '3');
  writeSparkIdentity({ role: 'driver', appId: 'spark-x' }, w);
  assert.deepEqual([w.values.spark_role, w.values.spark_executor_id, w.values.spark_app_id], ['driver', '3', 'spark-x']);
});

test('the cache answers like sparkIdentity', () => {
  const c = new SparkIdentityCache();
  const a = c.get({ 'spark-role': 'executor', 'spark-exec-id': '2' }, 'app-exec-2', 'spark-kubernetes-executor');
  assert.deepEqual(a, { role: 'executor', executorId: '2', appName: 'app' });
  assert.equal(c.get({ 'spark-role': 'executor', 'spark-exec-id': '2' }, 'app-exec-2', 'spark-kubernetes-executor'), a);
  assert.equal(c.get(undefined, 'web-1', 'nginx'), undefined);
});

test('a driver pod row without an executor in its message gets spark_executor_id "driver" (docs/schema.md)', () => {
  const w = new RecordFieldWriter();
  writeSparkIdentity({ role: 'driver', appId: 'spark-x' }, w);
  assert.deepEqual([w.values.spark_role, w.values.spark_executor_id], ['driver', 'driver']);
});
