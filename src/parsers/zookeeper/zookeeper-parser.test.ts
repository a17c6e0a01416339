import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFields } from '../../../test/helpers/parse-event.js';

// Lines written from ZooKeeper 3.x's default pattern (conf/log4j.properties, conf/logback.xml):
//   %d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n
const parse = (text: string) => parseFields(text);

test('ZooKeeper default layout: thread, class, line, myid', () => {
  const { family, v } = parse('2023-10-04 10:15:30,123 [myid:1] - INFO  [main:QuorumPeerMain@137] - Starting quorum peer');
  assert.equal(family, 'zookeeper');
  assert.equal(v.ts, Date.UTC(2023, 9, 4, 10, 15, 30, 123) * 1000);
  assert.deepEqual([v.severity, v.thread, v.component, v.message], ['INFO', 'main', 'QuorumPeerMain', 'Starting quorum peer']);
  assert.deepEqual(v.attributes, { myid: '1', line: '137' });
});

test('ZooKeeper thread names holding colons and brackets; empty myid; WARN', () => {
  const { v } = parse('2023-10-04 10:15:31,001 [myid:] - WARN  [QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):QuorumCnxManager@401] - Cannot open channel to 2 at election address /10.0.0.2:3888');
  assert.deepEqual([v.severity, v.thread, v.component], ['WARN', 'QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled)', 'QuorumCnxManager']);
  assert.equal(v.message, 'Cannot open channel to 2 at election address /10.0.0.2:3888');
  assert.deepEqual(v.attributes, { line: '401' });
});
