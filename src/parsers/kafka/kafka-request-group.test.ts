/**
 * kafka_consumer_group from the body of a logged group request, in the shapes the Kafka sources
 * write (apache/kafka @ 1eb76443, 2024-10, and the 0.10–2.7 tags): RequestChannel.scala
 * `Completed request:` + RequestConvertToJson.requestDescMetrics (JSON: `requestHeader` with
 * `requestApiKeyName`, `request` = the generated *RequestDataJsonConverter output, fields in the
 * order of clients/src/main/resources/common/message/*Request.json), `RequestHeader(…) -- ` +
 * Struct.toString (Kafka 0.11–2.7: snake_case schema names) and the generated *RequestData.toString
 * (MessageDataGenerator.generateClassToString: `groupId='g'`, lists via MessageUtil.deepToString
 * `[a, b]`). Group, client and topic names are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { kafkaParser } from './kafka-parser.js';
import { GROUP_APIS, requestBodyGroup } from './kafka-request-group.js';

function k(line: string): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(kafkaParser.parse(line, w, {}), true, line);
  return w.values as Record<string, unknown>;
}

/** A JSON `Completed request:` line of api `key` / `name` with request body `body`. */
function json(key: number, name: string, version: number, body: string, clientId = 'consumer-billing-1'): string {
  return `[2024-05-01 10:00:00,123] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":${key},"requestApiVersion":${version},"correlationId":42,"clientId":"${clientId}","requestApiKeyName":"${name}"},`
    + `"request":${body},"response":{"throttleTimeMs":0,"errorCode":0},"connection":"10.0.0.1:9092-10.0.0.9:51234-3","totalTimeMs":1.2,"requestQueueTimeMs":0.1,`
    + '"localTimeMs":0.5,"remoteTimeMs":0.0,"throttleTimeMs":0,"responseQueueTimeMs":0.1,"sendTimeMs":0.1,"securityProtocol":"PLAINTEXT","principal":"User:ANONYMOUS",'
    + '"listener":"PLAINTEXT","clientInformation":{"softwareName":"apache-kafka-java","softwareVersion":"3.7.0"}} (kafka.request.logger)';
}

const g = (v: Record<string, unknown>): unknown[] => [v.kafka_request_type, v.kafka_consumer_group];

test('JSON form (Kafka ≥ 2.8): the groupId of the single-group APIs', () => {
  const cases: [string, string][] = [
    [json(11, 'JOIN_GROUP', 9, '{"groupId":"billing","sessionTimeoutMs":45000,"rebalanceTimeoutMs":300000,"memberId":"","groupInstanceId":null,"protocolType":"consumer","protocols":[{"name":"range","metadata":"AAMAAAABAAhwYXltZW50cw=="}],"reason":null}'), 'JoinGroup'],
    [json(14, 'SYNC_GROUP', 5, '{"groupId":"billing","generationId":3,"memberId":"consumer-billing-1-0f1e","groupInstanceId":null,"protocolType":"consumer","protocolName":"range","assignments":[]}'), 'SyncGroup'],
    [json(12, 'HEARTBEAT', 4, '{"groupId":"billing","generationId":3,"memberId":"consumer-billing-1-0f1e","groupInstanceId":null}'), 'Heartbeat'],
    [json(13, 'LEAVE_GROUP', 5, '{"groupId":"billing","members":[{"memberId":"consumer-billing-1-0f1e","groupInstanceId":null,"reason":"the consumer is being closed"}]}'), 'LeaveGroup'],
    [json(8, 'OFFSET_COMMIT', 8, '{"groupId":"billing","generationIdOrMemberEpoch":3,"memberId":"consumer-billing-1-0f1e","groupInstanceId":null,"topics":[{"name":"payments","partitions":[{"partitionIndex":4,"committedOffset":120,"committedLeaderEpoch":0,"committedMetadata":""}]}]}'), 'OffsetCommit'],
    [json(28, 'TXN_OFFSET_COMMIT', 3, '{"transactionalId":"tx-1","groupId":"billing","producerId":7,"producerEpoch":0,"generationId":3,"memberId":"m","groupInstanceId":null,"topics":[]}'), 'TxnOffsetCommit'],
    [json(9, 'OFFSET_FETCH', 7, '{"groupId":"billing","topics":null,"requireStable":true}'), 'OffsetFetch'],
    [json(68, 'CONSUMER_GROUP_HEARTBEAT', 0, '{"groupId":"billing","memberId":"mQ8","memberEpoch":4,"instanceId":null,"rackId":null,"rebalanceTimeoutMs":-1,"subscribedTopicNames":null,"serverAssignor":null,"topicPartitions":null}'), 'ConsumerGroupHeartbeat'],
    [json(47, 'OFFSET_DELETE', 0, '{"groupId":"billing","topics":[{"name":"payments","partitions":[{"partitionIndex":0}]}]}'), 'OffsetDelete'],
  ];
  for (const [line, type] of cases) assert.deepEqual(g(k(line)), [type, 'billing'], line);
  // JoinGroup's protocol name is an assignor, not a topic
  assert.equal(k(cases[0]![0]).kafka_topic, undefined);
  // the offset commit keeps its topic / partition
  const v = k(cases[4]![0]);
  assert.deepEqual([v.kafka_topic, v.kafka_partition, v.kafka_correlation_id], ['payments', 4, 42]);
});

test('JSON form: group lists give a group only when they hold exactly one', () => {
  // OffsetFetch v8+: `groups` of objects
  assert.deepEqual(g(k(json(9, 'OFFSET_FETCH', 8, '{"groups":[{"groupId":"billing","topics":null}],"requireStable":true}'))), ['OffsetFetch', 'billing']);
  assert.deepEqual(g(k(json(9, 'OFFSET_FETCH', 8, '{"groups":[{"groupId":"billing","topics":null},{"groupId":"refunds","topics":null}],"requireStable":true}'))), ['OffsetFetch', undefined]);
  // DescribeGroups / DeleteGroups / ConsumerGroupDescribe: lists of strings
  assert.deepEqual(g(k(json(15, 'DESCRIBE_GROUPS', 5, '{"groups":["billing"],"includeAuthorizedOperations":false}', 'adminclient-1'))), ['DescribeGroups', 'billing']);
  assert.deepEqual(g(k(json(15, 'DESCRIBE_GROUPS', 5, '{"groups":["billing","refunds"],"includeAuthorizedOperations":false}', 'adminclient-1'))), ['DescribeGroups', undefined]);
  assert.deepEqual(g(k(json(15, 'DESCRIBE_GROUPS', 5, '{"groups":[],"includeAuthorizedOperations":false}', 'adminclient-1'))), ['DescribeGroups', undefined]);
  assert.deepEqual(g(k(json(42, 'DELETE_GROUPS', 2, '{"groupsNames":["billing"]}', 'adminclient-1'))), ['DeleteGroups', 'billing']);
  assert.deepEqual(g(k(json(42, 'DELETE_GROUPS', 2, '{"groupsNames":["billing","old"]}', 'adminclient-1'))), ['DeleteGroups', undefined]);
  assert.deepEqual(g(k(json(69, 'CONSUMER_GROUP_DESCRIBE', 0, '{"groupIds":["billing"],"includeAuthorizedOperations":false}', 'adminclient-1'))), ['ConsumerGroupDescribe', 'billing']);
});

test('JSON form: FindCoordinator only for a group key (keyType 0)', () => {
  assert.deepEqual(g(k(json(10, 'FIND_COORDINATOR', 3, '{"key":"billing","keyType":0}'))), ['FindCoordinator', 'billing']);
  assert.deepEqual(g(k(json(10, 'FIND_COORDINATOR', 4, '{"keyType":0,"coordinatorKeys":["billing"]}'))), ['FindCoordinator', 'billing']);
  assert.deepEqual(g(k(json(10, 'FIND_COORDINATOR', 4, '{"keyType":1,"coordinatorKeys":["tx-1"]}', 'producer-1'))), ['FindCoordinator', undefined]);
  assert.deepEqual(g(k(json(10, 'FIND_COORDINATOR', 4, '{"keyType":0,"coordinatorKeys":["billing","refunds"]}'))), ['FindCoordinator', undefined]);
});

test('JSON form: escaped ids are unescaped; other APIs and the clientId give no group', () => {
  assert.equal(k(json(12, 'HEARTBEAT', 4, '{"groupId":"team \\"a\\" \\u00e9","generationId":1,"memberId":"m","groupInstanceId":null}')).kafka_consumer_group, 'team "a" é');
  // a Fetch from a consumer whose client.id names a group, a Produce: no group
  let v = k(json(1, 'FETCH', 16, '{"replicaId":-1,"maxWaitMs":500,"minBytes":1,"topics":[{"topicId":"AAAAAAAAAAAAAAAAAAAAAA","topic":"payments","partitions":[{"partition":4,"fetchOffset":12}]}],"rackId":""}', 'consumer-group billing-1'));
  assert.deepEqual([v.kafka_request_type, v.kafka_consumer_group, v.kafka_topic], ['Fetch', undefined, 'payments']);
  v = k(json(0, 'PRODUCE', 9, '{"transactionalId":null,"acks":-1,"timeoutMs":30000,"topicData":[{"name":"orders","partitionData":[{"index":2,"records":null}]}]}', 'groupId=billing'));
  assert.deepEqual([v.kafka_request_type, v.kafka_consumer_group], ['Produce', undefined]);
  // a group id inside another string (escaped quotes) is not a field
  v = k(json(13, 'LEAVE_GROUP', 5, '{"groupId":"billing","members":[{"memberId":"m","groupInstanceId":null,"reason":"x \\"groupId\\":\\"other\\""}]}'));
  assert.equal(v.kafka_consumer_group, 'billing');
});

test('Struct text form (Kafka 0.11–2.7) and the 0.10 header', () => {
  const line = (api: string, body: string): string => `[2020-03-01 10:00:00,000] DEBUG Completed request:RequestHeader(apiKey=${api}, apiVersion=2, clientId=consumer-1, correlationId=77) -- ${body},response:{throttle_time_ms=0,error_code=0} from connection 10.0.0.1:9092-10.0.0.2:4000-1;totalTime:0.6,requestQueueTime:0.1 (kafka.request.logger)`;
  assert.deepEqual(g(k(line('HEARTBEAT', '{group_id=billing,generation_id=3,member_id=consumer-1-0f1e}'))), ['Heartbeat', 'billing']);
  assert.deepEqual(g(k(line('OFFSET_COMMIT', '{group_id=billing,generation_id=3,member_id=m,retention_time=-1,topics=[{topic=payments,partitions=[{partition=0,offset=5,metadata=}]}]}'))), ['OffsetCommit', 'billing']);
  assert.deepEqual(g(k(line('TXN_OFFSET_COMMIT', '{transactional_id=tx-1,group_id=billing,producer_id=7,producer_epoch=0,topics=[]}'))), ['TxnOffsetCommit', 'billing']);
  assert.deepEqual(g(k(line('DESCRIBE_GROUPS', '{group_ids=[billing]}'))), ['DescribeGroups', 'billing']);
  assert.deepEqual(g(k(line('DESCRIBE_GROUPS', '{groups=[billing,refunds],include_authorized_operations=false}'))), ['DescribeGroups', undefined]);
  assert.deepEqual(g(k(line('DELETE_GROUPS', '{groups_names=[billing]}'))), ['DeleteGroups', 'billing']);
  assert.deepEqual(g(k(line('FIND_COORDINATOR', '{coordinator_key=billing,coordinator_type=0}'))), ['FindCoordinator', 'billing']);
  assert.deepEqual(g(k(line('FIND_COORDINATOR', '{coordinator_key=tx-1,coordinator_type=1}'))), ['FindCoordinator', undefined]);
  assert.deepEqual(g(k(line('FIND_COORDINATOR', '{group_id=billing}'))), ['FindCoordinator', 'billing']);
  // 0.10: the header is a Struct too
  const v = k('[2017-03-01 10:00:00,000] TRACE Completed request:{api_key=12,api_version=0,correlation_id=9,client_id=consumer-1} -- {group_id=billing,group_generation_id=3,member_id=m} from connection x;totalTime:1 (kafka.request.logger)');
  assert.deepEqual(g(v), ['Heartbeat', 'billing']);
});

test('generated RequestData text form (TRACE `Handling request:`, Kafka ≥ 2.4)', () => {
  const line = (api: string, body: string): string => `[2024-05-01 10:00:00,000] TRACE [KafkaApi-1] Handling request:RequestHeader(apiKey=${api}, apiVersion=8, clientId=consumer-1, correlationId=5, headerVersion=2) -- ${body} from connection 10.0.0.1:9092-10.0.0.2:4000-1;securityProtocol:PLAINTEXT,principal:User:ANONYMOUS (kafka.server.KafkaApis)`;
  assert.deepEqual(g(k(line('JOIN_GROUP', "JoinGroupRequestData(groupId='billing', sessionTimeoutMs=45000, rebalanceTimeoutMs=300000, memberId='', groupInstanceId=null, protocolType='consumer', protocols=JoinGroupRequestProtocolCollection(JoinGroupRequestProtocol(name='range', metadata=[0, 3])), reason=null)"))), ['JoinGroup', 'billing']);
  // OffsetFetch v8+: the unused top-level groupId='' and one entry in `groups`
  assert.deepEqual(g(k(line('OFFSET_FETCH', "OffsetFetchRequestData(groupId='', topics=[], requireStable=true, groups=[OffsetFetchRequestGroup(groupId='billing', memberId=null, memberEpoch=-1, topics=null)])"))), ['OffsetFetch', 'billing']);
  assert.deepEqual(g(k(line('OFFSET_FETCH', "OffsetFetchRequestData(groupId='', topics=[], requireStable=true, groups=[OffsetFetchRequestGroup(groupId='billing', memberId=null, memberEpoch=-1, topics=null), OffsetFetchRequestGroup(groupId='refunds', memberId=null, memberEpoch=-1, topics=null)])"))), ['OffsetFetch', undefined]);
  assert.deepEqual(g(k(line('DESCRIBE_GROUPS', 'DescribeGroupsRequestData(groups=[billing], includeAuthorizedOperations=false)'))), ['DescribeGroups', 'billing']);
  assert.deepEqual(g(k(line('DESCRIBE_GROUPS', 'DescribeGroupsRequestData(groups=[billing, refunds], includeAuthorizedOperations=false)'))), ['DescribeGroups', undefined]);
  assert.deepEqual(g(k(line('FIND_COORDINATOR', "FindCoordinatorRequestData(key='', keyType=0, coordinatorKeys=[billing])"))), ['FindCoordinator', 'billing']);
  assert.deepEqual(g(k(line('FIND_COORDINATOR', "FindCoordinatorRequestData(key='', keyType=1, coordinatorKeys=[tx-1])"))), ['FindCoordinator', undefined]);
});

test('requestBodyGroup: only the group APIs, only the body', () => {
  assert.equal(GROUP_APIS.has('Fetch'), false);
  const msg = '{"requestHeader":{"clientId":"x"},"request":{"groupId":"billing"},"response":{"groups":[{"groupId":"refunds"}]}}';
  const from = msg.indexOf('"request":');
  assert.equal(requestBodyGroup(msg, from, msg.indexOf('"response":'), true, 'OffsetFetch'), 'billing');
  assert.equal(requestBodyGroup(msg, from, msg.indexOf('"response":'), true, 'Metadata'), undefined);
  assert.equal(requestBodyGroup(msg, -1, -1, true, 'OffsetFetch'), undefined);
});
