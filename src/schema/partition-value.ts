/** The service name as it may appear in a partition path (`service=<value>`). */

/** Partition-safe value: only [A-Za-z0-9._-], no leading dot, at most 100 chars, never empty. */
export function sanitizePartitionValue(v: string | undefined): string {
  if (!v) return 'unknown';
  let s = v.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length));
  if (s.length > 100) s = s.slice(0, 100);
  return s;
}
