/**
 * `writeQuietStreamFile`: a Docker json-file log for memory tests and benchmarks: one stderr line at the top (a quiet stream whose event
 * may still continue), then `bytes` of stdout lines — log4j, JSON and PostgreSQL-style messages with
 * a Java stack trace now and then. Written in ~1 MiB chunks (bounded memory).
 */
import { openSync, writeSync, closeSync } from 'node:fs';

/** Writes the file; returns its size and line count. */
export function writeQuietStreamFile(path: string, bytes: number): { bytes: number; lines: number } {
  const fd = openSync(path, 'w');
  let t = Date.parse('2026-03-02T10:00:00Z');
  let written = 0;
  let lines = 0;
  const rec = (log: string, stream: string): string => {
    t += 3;
    const time = new Date(t).toISOString().replace('Z', '123456Z');
    lines++;
    return `{"log":${JSON.stringify(log + '\n')},"stream":"${stream}","time":"${time}"}\n`;
  };
  try {
    let chunk = rec('Picked up JAVA_TOOL_OPTIONS: -XX:+UseContainerSupport', 'stderr');
    for (let i = 0; written + chunk.length < bytes; i++) {
      const ts = new Date(t).toISOString().replace('T', ' ').slice(0, 23);
      if (i % 4 === 0) chunk += rec(`${ts} INFO  [worker-${i % 7}] com.example.orders.OrderService: order ${i} accepted for customer ${i * 7919 % 100000} in ${i % 97} ms`, 'stdout');
      else if (i % 4 === 1) chunk += rec(JSON.stringify({ level: 'info', ts: t / 1000, msg: 'request served', path: `/api/v1/orders/${i}`, status: 200, latency_ms: i % 300, request_id: `req-${i}` }), 'stdout');
      else if (i % 4 === 2) chunk += rec(`${ts} UTC [${1000 + (i % 50)}] LOG:  duration: ${(i % 1000) / 10} ms  statement: SELECT * FROM orders WHERE id = ${i}`, 'stdout');
      else if (i % 200 === 3) {
        chunk += rec(`${ts} ERROR [worker-1] com.example.orders.OrderService: order ${i} failed`, 'stdout');
        chunk += rec('java.lang.IllegalStateException: inventory unavailable', 'stdout');
        for (let k = 0; k < 8; k++) chunk += rec(`\tat com.example.orders.Step${k}.run(Step${k}.java:${10 + k})`, 'stdout');
      } else chunk += rec(`${ts} WARN  [worker-${i % 7}] com.example.orders.Inventory: stock for sku-${i % 5000} is low (${i % 9} left)`, 'stdout');
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        written += chunk.length;
        chunk = '';
      }
    }
    if (chunk.length > 0) {
      writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes: written, lines };
}
