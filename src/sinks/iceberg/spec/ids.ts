/**
 * Identifiers and file names: snapshot ids (Java's scheme: a random v4 UUID, high half XOR low half,
 * masked to a positive long), table uuids, metadata file names `<NNNNN>-<uuid>.metadata.json`.
 * Pure apart from the random source (`node:crypto`).
 */
import { randomUUID } from 'node:crypto';

const MAX_LONG = (1n << 63n) - 1n;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A new random (v4) UUID, lowercase. */
export function newUuid(): string {
  return randomUUID();
}

/** Whether `s` is a lowercase canonical UUID string. */
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

/**
 * A new positive 63-bit snapshot id that is not in `taken`.
 * @param taken ids already used by the table.
 */
export function newSnapshotId(taken: Iterable<bigint> = []): bigint {
  const used = new Set(taken);
  for (;;) {
    const hex = randomUUID().replace(/-/g, '');
    const id = (BigInt('0x' + hex.slice(0, 16)) ^ BigInt('0x' + hex.slice(16))) & MAX_LONG;
    if (id !== 0n && !used.has(id)) return id;
  }
}

const METADATA_NAME = /^(\d{5,})-([0-9a-f-]{36})\.metadata\.json$/;
const HADOOP_NAME = /^v(\d+)(?:\.gz)?\.metadata\.json$/;

/** File name of metadata version `version`: `00007-<uuid>.metadata.json`. */
export function metadataFileName(version: number, uuid: string = newUuid()): string {
  return `${String(version).padStart(5, '0')}-${uuid}.metadata.json`;
}

/**
 * The version number encoded in a metadata file location (`.../00007-<uuid>.metadata.json` → 7,
 * Hadoop-style `v7.metadata.json` → 7), or undefined when the name has neither form.
 */
export function parseMetadataVersion(location: string): number | undefined {
  const name = location.slice(location.lastIndexOf('/') + 1);
  const m = METADATA_NAME.exec(name) ?? HADOOP_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Whether a file name has the `<NNNNN>-<uuid>.metadata.json` form. */
export function isMetadataFileName(name: string): boolean {
  const m = METADATA_NAME.exec(name);
  return m !== null && isUuid(m[2]!);
}
