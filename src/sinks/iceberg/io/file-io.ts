/**
 * The storage interface of the Iceberg sink: whole-object reads and atomic writes addressed by URI.
 * Implementations: local filesystem (`file://`); S3 to come. Chosen by URI scheme.
 */

/** Options of {@link FileIO.write}. */
export interface WriteOptions {
  /**
   * When false (the default) the write fails with IcebergError code IO_ERROR if the object exists
   * (create-if-absent: metadata files, manifests). When true an existing object is replaced atomically.
   */
  readonly overwrite?: boolean;
}

/** Minimal object-store style file access. All locations are URIs with a scheme. */
export interface FileIO {
  /** Reads a whole file. @throws IcebergError NOT_FOUND when missing, IO_ERROR otherwise. */
  read(location: string): Promise<Buffer>;
  /**
   * Writes a whole file atomically: readers see either nothing (or the old content) or all of it,
   * never a partial file.
   * @throws IcebergError IO_ERROR (also when the file exists and `overwrite` is not set).
   */
  write(location: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Whether the file exists. */
  exists(location: string): Promise<boolean>;
  /** Size in bytes. @throws IcebergError NOT_FOUND when missing. */
  size(location: string): Promise<number>;
  /** Deletes a file; deleting a missing file is not an error. */
  delete(location: string): Promise<void>;
  /** Locations of all files under a prefix (a "directory" URI), recursively, sorted. */
  list(prefix: string): Promise<string[]>;
}
