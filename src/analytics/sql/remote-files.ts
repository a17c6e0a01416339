/**
 * How DuckDB reads files of a table that lives in S3. Two paths, tried in this order:
 * 1. DuckDB's httpfs extension, when it is already installed locally (`LOAD httpfs`; never
 *    INSTALL: autoinstall and autoload are switched off first, so nothing is downloaded): the
 *    `s3://` URIs are read in place with a secret built from the AWS default credential chain and
 *    the custom endpoint (path style) of the environment.
 * 2. Otherwise a local cache: exactly the files the manifests leave after pruning are fetched
 *    through the table's FileIO (resumed ranged reads) into `<cacheDir>/files/<xx>/<sha256>.parquet`.
 *    Names are a hash of the file URI (Iceberg data files are immutable and uniquely named, and the
 *    size from the manifest is checked), so log content never becomes a path; a cached file is
 *    complete (written to a temp name, then renamed) and reused by later queries.
 * `summary()` is the one line the CLI prints on stderr saying which path was taken.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isS3Uri } from '../../core/s3/uri.js';
import { s3EndpointFromEnv } from '../../core/s3/client.js';
import { S3FileIO, type FileIO } from '../../sinks/iceberg/io/index.js';

/** The default cache directory: `$XDG_CACHE_HOME/loglake`, else `~/.cache/loglake`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'loglake');
}

/** A file to make readable: its URI and, when known, its size in bytes. */
export interface RemoteFile {
  readonly uri: string;
  readonly size?: number | bigint;
}

/** Options of {@link RemoteFiles}. */
export interface RemoteFilesOptions {
  /** FileIO of the table (S3). */
  readonly io: FileIO;
  /** Cache directory (default {@link defaultCacheDir}). */
  readonly cacheDir?: string;
  /** Skip the httpfs attempt (tests of the cache path). */
  readonly noHttpfs?: boolean;
  /** Parallel downloads (default 4). */
  readonly concurrency?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Makes remote files readable by one DuckDB connection (httpfs in place, or a local cache). */
export class RemoteFiles {
  private mode: 'local' | 'httpfs' | 'cache' = 'local';
  private httpfsError: string | undefined;
  private prepared = false;
  private fetched = 0;
  private fetchedBytes = 0;
  private reused = 0;
  private remote = 0;
  readonly cacheDir: string;

  constructor(private readonly con: DuckDBConnection, private readonly options: RemoteFilesOptions) {
    this.cacheDir = options.cacheDir ?? defaultCacheDir(options.env);
  }

  /** Which path reads the remote files (after the first {@link resolve} with a remote file). */
  get path(): 'local' | 'httpfs' | 'cache' {
    return this.mode;
  }

  /**
   * Paths DuckDB can open for `files`, keyed by URI: local files as paths, remote ones as `s3://`
   * (httpfs) or as cached local copies (fetched now when missing).
   */
  async resolve(files: readonly RemoteFile[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const remote: RemoteFile[] = [];
    for (const f of files) {
      if (isS3Uri(f.uri)) remote.push(f);
      else out.set(f.uri, f.uri.startsWith('file://') ? f.uri.slice('file://'.length) : f.uri.replace(/^file:/, ''));
    }
    if (remote.length === 0) return out;
    this.remote += remote.length;
    if (!this.prepared) {
      this.prepared = true;
      this.mode = (await this.tryHttpfs()) ? 'httpfs' : 'cache';
    }
    if (this.mode === 'httpfs') {
      for (const f of remote) out.set(f.uri, f.uri);
      return out;
    }
    const queue = [...remote];
    const worker = async (): Promise<void> => {
      for (let f = queue.shift(); f; f = queue.shift()) out.set(f.uri, await this.cached(f));
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, queue.length) }, worker));
    return out;
  }

  private async cached(f: RemoteFile): Promise<string> {
    const h = createHash('sha256').update(f.uri).digest('hex');
    const dir = join(this.cacheDir, 'files', h.slice(0, 2));
    const path = join(dir, `${h}.parquet`);
    const want = f.size === undefined ? undefined : Number(f.size);
    try {
      const st = statSync(path);
      if (want === undefined || st.size === want) {
        this.reused++;
        return path;
      }
    } catch {
      // not cached yet
    }
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await this.options.io.download(f.uri, tmp);
      const size = statSync(tmp).size;
      if (want !== undefined && size !== want) throw new Error(`${f.uri}: fetched ${size} bytes, the manifest says ${want}`);
      renameSync(tmp, path);
      this.fetched++;
      this.fetchedBytes += size;
    } finally {
      rmSync(tmp, { force: true });
    }
    return path;
  }

  /** LOADs httpfs if it is installed locally (never installs) and configures S3 access. */
  private async tryHttpfs(): Promise<boolean> {
    if (this.options.noHttpfs) {
      this.httpfsError = 'disabled';
      return false;
    }
    try {
      await this.con.run('SET autoinstall_known_extensions = false');
      await this.con.run('SET autoload_known_extensions = false');
      await this.con.run('LOAD httpfs');
    } catch (e) {
      this.httpfsError = (e as Error).message.split('\n')[0]!.replace(/\s+/g, ' ').slice(0, 120);
      return false;
    }
    try {
      await this.con.run(await this.secretSql());
      return true;
    } catch {
      // the message could echo the secret: say only that it failed
      this.httpfsError = 'httpfs loaded, but the S3 secret could not be configured';
      return false;
    }
  }

  /** `CREATE SECRET` for the environment's endpoint and the default-chain credentials. */
  private async secretSql(): Promise<string> {
    const env = this.options.env ?? process.env;
    const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
    const parts = ['TYPE s3'];
    const io = this.options.io;
    if (io instanceof S3FileIO) {
      const c = await io.credentials();
      if (c) {
        parts.push(`KEY_ID ${lit(c.accessKeyId)}`, `SECRET ${lit(c.secretAccessKey)}`);
        if (c.sessionToken) parts.push(`SESSION_TOKEN ${lit(c.sessionToken)}`);
      }
      parts.push(`REGION ${lit(await io.region())}`);
    }
    const endpoint = s3EndpointFromEnv(env);
    if (endpoint) {
      const u = new URL(endpoint);
      parts.push(`ENDPOINT ${lit(u.host)}`, `USE_SSL ${u.protocol === 'https:' ? 'true' : 'false'}`);
      if (!/^(false|0|no)$/i.test(env.LOGLAKE_S3_FORCE_PATH_STYLE ?? '')) parts.push("URL_STYLE 'path'");
    }
    return `CREATE OR REPLACE SECRET loglake_s3 (${parts.join(', ')})`;
  }

  /** One line for stderr: which path was taken, and what the cache did. Empty when all files were local. */
  summary(): string {
    if (this.mode === 'local') return '';
    if (this.mode === 'httpfs') return `loglake: reading ${this.remote} S3 file(s) in place with DuckDB httpfs`;
    return `loglake: DuckDB httpfs not available (${this.httpfsError ?? 'unknown'}); ${this.remote} S3 file(s) left after manifest pruning read from the local cache ${this.cacheDir} (${this.fetched} fetched, ${(this.fetchedBytes / 1048576).toFixed(1)} MiB; ${this.reused} already cached)`;
  }
}
