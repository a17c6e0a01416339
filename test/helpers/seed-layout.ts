/**
 * Test helper: the first seed's S3 layout as Fluent Bit writes it —
 * `<prefix>/<spark-app-selector>/<pod>/<pod>_<HHMMSS>_<id>.json`, one JSON record per line with the
 * `kubernetes` block (pod, namespace, container, image, Spark labels).
 */

/** `n` Fluent Bit records of one Spark pod, one second apart from `start` (ms since epoch). */
export function fluentBitRecords(selector: string, app: string, pod: string, role: string, n: number, start: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const lvl = i % 10 === 0 ? 'WARN' : i % 25 === 0 ? 'ERROR' : 'INFO';
    out.push(JSON.stringify({
      timestamp: new Date(start + i * 1000).toISOString(), log_level: lvl, message: `${pod} message ${i}`, stream: 'stderr',
      kubernetes: {
        pod_name: pod, namespace_name: 'spark-team-a', container_name: 'spark-kubernetes-' + role, container_image: 'apache/spark:3.5.1',
        labels: { app, 'spark-app-selector': selector, 'spark-role': role, 'spark-app-name': app, 'spark-version': '3.5.1', 'submission-id': 'sub-' + app, queue: 'root.spark-team-a' },
      },
    }));
  }
  return out.join('\n') + '\n';
}
