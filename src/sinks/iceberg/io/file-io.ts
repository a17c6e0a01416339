/**
 * The storage interface of the Iceberg sink: whole-object reads and atomic writes addressed by URI.
 * Implementations: local filesystem (`file://`, local-file-io.ts) and S3 (`s3://`, s3-file-io.ts),
 * chosen by URI scheme in `fileIOFor` (./index.ts).
 */

/** Options of {@link FileIO.write} and {@link FileIO.upload}. */
export interface WriteOptions {
  /**
   * When false (the default) the write fails if the object exists (create-if-absent: metadata
   * files, manifests): IcebergError PRECONDITION_FAILED where the store can tell atomically (S3
   * `If-None-Match: *`), IO_ERROR on local disks. When true an existing object is replaced atomically.
   */
  readonly overwrite?: boolean;
  /**
   * Replace the object only while its version is still this token (from {@link FileIO.readVersioned}):
   * an optimistic update. Fails with IcebergError PRECONDITION_FAILED when someone else replaced it
   * meanwhile (or NOT_FOUND when it was deleted). Implies overwrite.
   */
  readonly ifMatch?: string;
}

/** A file's content with an opaque version token for {@link WriteOptions.ifMatch}. */
export interface VersionedData {
  readonly data: Buffer;
  readonly version: string;
}

/** Minimal object-store style file access. All locations are URIs with a scheme. */
export interface FileIO {
  /** Reads a whole file. @throws IcebergError NOT_FOUND when missing, IO_ERROR otherwise. */
  read(location: string): Promise<Buffer>;
  /** Reads a whole file with its version token; undefined when the file does not exist. */
  readVersioned(location: string): Promise<VersionedData | undefined>;
  /**
   * Writes a whole file atomically: readers see either nothing (or the old content) or all of it,
   * never a partial file.
   * @throws IcebergError IO_ERROR / PRECONDITION_FAILED (see {@link WriteOptions}).
   */
  write(location: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Copies a local file to `location` (streamed; atomic like {@link write}). */
  upload(location: string, localPath: string, options?: WriteOptions): Promise<void>;
  /** Whether the file exists. */
  exists(location: string): Promise<boolean>;
  /** Size in bytes. @throws IcebergError NOT_FOUND when missing. */
  size(location: string): Promise<number>;
  /** Last modification time (ms since epoch); undefined when the file does not exist. */
  modifiedMs(location: string): Promise<number | undefined>;
  /** Deletes a file; deleting a missing file is not an error. */
  delete(location: string): Promise<void>;
  /** Locations of all files under a prefix (a "directory" URI), recursively, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Copies a file to a local path (streamed); the local file is complete when this resolves. */
  download(location: string, localPath: string): Promise<void>;
  /** Releases connections (S3 clients); optional. */
  close?(): Promise<void>;
}
