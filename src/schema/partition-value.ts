/** The service name as it may appear in a partition path (`service=<value>`). */
import { createHash } from 'node:crypto';

const sanitized = new Map<string, string>();

/**
 * Partition-safe value: only [A-Za-z0-9._-], no leading dot, at most 100 chars, never empty. A value
 * that had to be changed gets `-` + 6 hex digits of a hash of the original, so that names which
 * clean to the same text (`a/b`, `a b`, `a_b`) never share a partition.
 */
export function sanitizePartitionValue(v: string | undefined): string {
  if (!v) return 'unknown';
  const hit = sanitized.get(v);
  if (hit !== undefined) return hit;
  let s = v.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length));
  if (s !== v || s.length > 100) s = `${s.slice(0, 93)}-${createHash('sha256').update(v).digest('hex').slice(0, 6)}`;
  if (sanitized.size > 10_000) sanitized.clear();
  sanitized.set(v, s);
  return s;
}
