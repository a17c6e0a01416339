/**
 * Realistic stack traces (Java, Go, Node.js) as arrays of text lines, in the shapes the runtimes
 * print them: Java `\tat a.b.C.m(File.java:12)` with `Caused by:` and `... N more`; Go
 * `goroutine N [running]:` blocks; Node `    at fn (file:line:col)`.
 *
 * Imports only the PRNG.
 */
import type { Rng } from './prng.js';

/** Java frames per subsystem. */
const JAVA_FRAMES: Record<string, readonly string[]> = {
  kafkaNetwork: [
    'org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)',
    'kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:113)',
    'kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)',
    'kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:316)',
    'kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3(AbstractFetcherThread.scala:130)',
    'kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3$adapted(AbstractFetcherThread.scala:129)',
    'scala.Option.foreach(Option.scala:437)',
    'kafka.server.AbstractFetcherThread.maybeFetch(AbstractFetcherThread.scala:129)',
    'kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:112)',
    'kafka.server.ReplicaFetcherThread.doWork(ReplicaFetcherThread.scala:98)',
    'org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:130)',
  ],
  kafkaApis: [
    'kafka.server.ReplicaManager.appendToLocalLog(ReplicaManager.scala:1233)',
    'kafka.server.ReplicaManager.appendRecords(ReplicaManager.scala:754)',
    'kafka.server.KafkaApis.handleProduceRequest(KafkaApis.scala:686)',
    'kafka.server.KafkaApis.handle(KafkaApis.scala:180)',
    'kafka.server.KafkaRequestHandler.run(KafkaRequestHandler.scala:154)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
  ],
  kafkaSelector: [
    'org.apache.kafka.common.network.NetworkReceive.readFrom(NetworkReceive.java:94)',
    'org.apache.kafka.common.network.KafkaChannel.receive(KafkaChannel.java:452)',
    'org.apache.kafka.common.network.KafkaChannel.read(KafkaChannel.java:402)',
    'org.apache.kafka.common.network.Selector.attemptRead(Selector.java:674)',
    'org.apache.kafka.common.network.Selector.pollSelectionKeys(Selector.java:576)',
    'org.apache.kafka.common.network.Selector.poll(Selector.java:481)',
    'kafka.network.Processor.poll(SocketServer.scala:1143)',
    'kafka.network.Processor.run(SocketServer.scala:1046)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
  ],
  sparkTask: [
    'org.apache.spark.sql.catalyst.expressions.UnsafeRow.copy(UnsafeRow.java:513)',
    'org.apache.spark.sql.execution.aggregate.TungstenAggregationIterator.processInputs(TungstenAggregationIterator.scala:183)',
    'org.apache.spark.sql.execution.aggregate.TungstenAggregationIterator.<init>(TungstenAggregationIterator.scala:360)',
    'org.apache.spark.sql.execution.aggregate.HashAggregateExec.$anonfun$doExecute$2(HashAggregateExec.scala:120)',
    'org.apache.spark.rdd.RDD.$anonfun$mapPartitionsWithIndexInternal$2(RDD.scala:896)',
    'org.apache.spark.rdd.MapPartitionsRDD.compute(MapPartitionsRDD.scala:52)',
    'org.apache.spark.rdd.RDD.computeOrReadCheckpoint(RDD.scala:367)',
    'org.apache.spark.rdd.RDD.iterator(RDD.scala:331)',
    'org.apache.spark.shuffle.ShuffleWriteProcessor.write(ShuffleWriteProcessor.scala:59)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:54)',
    'org.apache.spark.TaskContext.runTaskWithListeners(TaskContext.scala:161)',
    'org.apache.spark.scheduler.Task.run(Task.scala:141)',
    'org.apache.spark.executor.Executor$TaskRunner.$anonfun$run$4(Executor.scala:620)',
    'org.apache.spark.util.SparkErrorUtils.tryWithSafeFinally(SparkErrorUtils.scala:64)',
    'org.apache.spark.util.SparkErrorUtils.tryWithSafeFinally$(SparkErrorUtils.scala:61)',
    'org.apache.spark.util.Utils$.tryWithSafeFinally(Utils.scala:94)',
    'org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:623)',
    'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
    'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
  ],
  sparkFetch: [
    'org.apache.spark.errors.SparkCoreErrors$.fetchFailedError(SparkCoreErrors.scala:437)',
    'org.apache.spark.storage.ShuffleBlockFetcherIterator.throwFetchFailedException(ShuffleBlockFetcherIterator.scala:1239)',
    'org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:971)',
    'org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:86)',
    'org.apache.spark.util.CompletionIterator.next(CompletionIterator.scala:29)',
    'scala.collection.Iterator$$anon$10.nextCur(Iterator.scala:587)',
    'scala.collection.Iterator$$anon$10.hasNext(Iterator.scala:601)',
    'org.apache.spark.sql.execution.UnsafeRowSerializerInstance$$anon$2$$anon$3.hasNext(UnsafeRowSerializer.scala:99)',
    'org.apache.spark.sql.execution.exchange.ShuffleExchangeExec$.$anonfun$prepareShuffleDependency$10(ShuffleExchangeExec.scala:375)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)',
    'org.apache.spark.scheduler.Task.run(Task.scala:141)',
    'org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:623)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
  ],
  sparkNetty: [
    'org.apache.spark.network.client.TransportResponseHandler.channelInactive(TransportResponseHandler.java:147)',
    'org.apache.spark.network.server.TransportChannelHandler.channelInactive(TransportChannelHandler.java:117)',
    'io.netty.channel.AbstractChannelHandlerContext.invokeChannelInactive(AbstractChannelHandlerContext.java:305)',
    'io.netty.channel.AbstractChannelHandlerContext.invokeChannelInactive(AbstractChannelHandlerContext.java:281)',
    'io.netty.handler.timeout.IdleStateHandler.channelInactive(IdleStateHandler.java:277)',
    'io.netty.channel.DefaultChannelPipeline.fireChannelInactive(DefaultChannelPipeline.java:901)',
    'io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:562)',
    'io.netty.util.internal.ThreadExecutorMap$2.run(ThreadExecutorMap.java:74)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
  ],
};

/** Subsystems with Java frames. */
export type JavaFrames = keyof typeof JAVA_FRAMES;

/**
 * A Java exception as printed by log4j/`printStackTrace`: the header line, `\tat` frames and
 * optionally a `Caused by:` section ending in `\t... N more`.
 */
export function javaStack(rng: Rng, header: string, frames: JavaFrames, cause?: { header: string; frames: JavaFrames }): string[] {
  const f = JAVA_FRAMES[frames] as readonly string[];
  const take = Math.max(3, f.length - rng.int(0, 2));
  const out = [header];
  for (let i = 0; i < take; i++) out.push('\tat ' + f[i]);
  if (cause) {
    const cf = JAVA_FRAMES[cause.frames] as readonly string[];
    const n = rng.int(2, Math.min(5, cf.length));
    out.push('Caused by: ' + cause.header);
    for (let i = 0; i < n; i++) out.push('\tat ' + cf[i]);
    out.push(`\t... ${take - 1} more`);
  }
  return out;
}

/** Frames of a Java stack trace as Spark 4's JSON layout writes them (array of objects). */
export function javaStackObjects(rng: Rng, frames: JavaFrames): { class: string; method: string; file: string; line: number }[] {
  const f = JAVA_FRAMES[frames] as readonly string[];
  const take = Math.max(3, f.length - rng.int(0, 2));
  const out: { class: string; method: string; file: string; line: number }[] = [];
  for (let i = 0; i < take; i++) {
    const m = /^(.*)\.([^.(]+)\(([^:)]+):?(\d*)\)$/.exec(f[i] as string);
    if (!m) continue;
    out.push({ class: m[1] as string, method: m[2] as string, file: m[3] as string, line: Number(m[4] || 0) });
  }
  return out;
}

/**
 * A Go panic recovered by net/http and printed through the standard `log` package:
 * `2026/03/02 08:00:01 http: panic serving 10.0.3.7:51234: runtime error: ...` + goroutine dump.
 */
export function goHttpPanic(rng: Rng, stamp: string, remote: string): string[] {
  const g = rng.int(1000, 90000);
  return [
    `${stamp} http: panic serving ${remote}: runtime error: invalid memory address or nil pointer dereference`,
    `goroutine ${g} [running]:`,
    'net/http.(*conn).serve.func1()',
    '\t/usr/local/go/src/net/http/server.go:1898 +0xbe',
    `panic({0x${rng.hex(6)}?, 0x${rng.hex(7)}?})`,
    '\t/usr/local/go/src/runtime/panic.go:770 +0x132',
    'github.com/acme/payments/internal/psp.(*Client).Capture(0x0, {0xc000a1e2d0, 0x24})',
    '\t/src/internal/psp/client.go:141 +0x2f',
    'github.com/acme/payments/internal/server.(*Handler).capture(0xc0001b2000, {0x' + rng.hex(6) + ', 0xc00041a0e0}, 0xc000532c00)',
    '\t/src/internal/server/handler.go:212 +0x3a5',
    'net/http.HandlerFunc.ServeHTTP(0x' + rng.hex(6) + '?, {0x' + rng.hex(6) + '?, 0xc00041a0e0?}, 0x' + rng.hex(6) + '?)',
    '\t/usr/local/go/src/net/http/server.go:2166 +0x29',
    'net/http.serverHandler.ServeHTTP({0xc000190f00?}, {0x' + rng.hex(6) + '?, 0xc00041a0e0?}, 0x6?)',
    '\t/usr/local/go/src/net/http/server.go:3137 +0x8e',
    'net/http.(*conn).serve(0xc0002a6240, {0x' + rng.hex(6) + ', 0xc000190e10})',
    '\t/usr/local/go/src/net/http/server.go:2039 +0x5e8',
    'created by net/http.(*Server).Serve in goroutine 1',
    '\t/usr/local/go/src/net/http/server.go:3285 +0x4b4',
  ];
}

/** The text Node.js prints to stderr for an uncaught exception, then its version line. */
export function nodeUncaught(rng: Rng): string[] {
  return [
    '/app/node_modules/pg-pool/index.js:45',
    '    Error.captureStackTrace(err)',
    '          ^',
    '',
    'Error: timeout exceeded when trying to connect',
    '    at /app/node_modules/pg-pool/index.js:45:11',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    `    at async OrderRepository.create (/app/dist/repositories/order-repository.js:${rng.int(20, 60)}:20)`,
    '    at async OrdersController.create (/app/dist/controllers/orders-controller.js:57:19)',
    '',
    'Node.js v20.11.1',
  ];
}

/** A Node.js error stack as pino serializes it into `err.stack` (one string with `\n`). */
export function nodeErrorStack(message: string, kind: 'pool' | 'upstream' | 'validation'): string {
  const frames = kind === 'pool'
    ? ['    at /app/node_modules/pg-pool/index.js:45:11', '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)', '    at async OrderRepository.create (/app/dist/repositories/order-repository.js:31:20)', '    at async OrdersController.create (/app/dist/controllers/orders-controller.js:57:19)']
    : kind === 'upstream'
      ? ['    at Timeout._onTimeout (/app/node_modules/undici/lib/client.js:1074:24)', '    at listOnTimeout (node:internal/timers:573:17)', '    at process.processTimers (node:internal/timers:514:7)', '    at async PaymentsClient.authorize (/app/dist/clients/payments-client.js:42:17)', '    at async OrdersController.create (/app/dist/controllers/orders-controller.js:64:23)']
      : ['    at OrderSchema.parse (/app/dist/schemas/order-schema.js:18:15)', '    at OrdersController.create (/app/dist/controllers/orders-controller.js:49:31)', '    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)'];
  const name = kind === 'validation' ? 'ValidationError' : kind === 'upstream' ? 'HeadersTimeoutError' : 'Error';
  return [`${name}: ${message}`, ...frames].join('\n');
}

/** A Go stack as zap writes it in the `stacktrace` field (one string with `\n`). */
export function zapStacktrace(): string {
  return [
    'github.com/acme/payments/internal/server.(*Handler).authorize',
    '\t/src/internal/server/handler.go:131',
    'net/http.HandlerFunc.ServeHTTP',
    '\t/usr/local/go/src/net/http/server.go:2166',
    'github.com/acme/payments/internal/server.(*Server).withRequestID.func1',
    '\t/src/internal/server/middleware.go:44',
    'net/http.serverHandler.ServeHTTP',
    '\t/usr/local/go/src/net/http/server.go:3137',
  ].join('\n');
}
