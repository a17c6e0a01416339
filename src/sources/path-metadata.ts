/**
 * Metadata a log file's location tells about its origin:
 * - Docker: `<root>/containers/<id>/<id>-json.log*` + the container's `config.v2.json` beside it
 *   (name, image, labels — the compose service label included);
 * - Kubernetes: `/var/log/pods/<ns>_<pod>_<uid>/<container>/<restart>.log*` and
 *   `/var/log/containers/<pod>_<ns>_<container>-<id>.log`;
 * - Fluent Bit to S3 (the seed's layout): `.../<spark-app-selector>/<pod>/<file>.json`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

export interface SourceMeta {
  namespace?: string;
  pod?: string;
  podUid?: string;
  container?: string;
  containerId?: string;
  restartCount?: number;
  image?: string;
  host?: string;
  labels?: Record<string, string>;
  /** The seed's per-application folder (`spark-<hex>`), when the path has one. */
  sparkAppSelector?: string;
  /** Parsed from `config.v2.json` (Docker). */
  dockerName?: string;
}

// <uid> is a UUID for API pods and a hash for static pods: any name without `_` or a separator
const POD_DIR = /(?:^|[/\\])pods[/\\]([a-z0-9][-a-z0-9.]*)_([^_/\\]+)_([^_/\\]+)[/\\]([^/\\]+)[/\\](\d+)\.log(?:\.[^/\\]*)?$/;
const CONTAINERS_LINK = /(?:^|[/\\])containers[/\\]([^_/\\]+)_([a-z0-9][-a-z0-9.]*)_(.+)-([0-9a-f]{64})\.log$/;
const DOCKER_LOG = /(?:^|[/\\])([0-9a-f]{64})[/\\]\1-json\.log(?:\.\d+)?(?:\.gz)?$/;
const SPARK_SELECTOR = /(?:^|[/\\])(spark-[0-9a-f]{32})[/\\]([^/\\]+)[/\\][^/\\]+$/;

interface DockerConfig {
  ID?: string;
  Name?: string;
  Config?: { Image?: string; Hostname?: string; Labels?: Record<string, string> | null };
}

const dockerConfigCache = new Map<string, DockerConfig | null>();

function readDockerConfig(dir: string): DockerConfig | null {
  if (dockerConfigCache.has(dir)) return dockerConfigCache.get(dir)!;
  let cfg: DockerConfig | null = null;
  const p = join(dir, 'config.v2.json');
  if (existsSync(p)) {
    try {
      cfg = JSON.parse(readFileSync(p, 'utf8')) as DockerConfig;
    } catch {
      cfg = null; // a broken config only costs us metadata, never data
    }
  }
  dockerConfigCache.set(dir, cfg);
  return cfg;
}

/** Everything the given paths (all leading to the same file) say about its origin. */
export function pathMetadata(paths: readonly string[]): SourceMeta {
  const meta: SourceMeta = {};
  for (const p of paths) {
    let m = POD_DIR.exec(p);
    if (m) {
      meta.namespace ??= m[1];
      meta.pod ??= m[2];
      meta.podUid ??= m[3];
      meta.container ??= m[4];
      meta.restartCount ??= Number(m[5]);
    }
    m = CONTAINERS_LINK.exec(p);
    if (m) {
      meta.pod ??= m[1];
      meta.namespace ??= m[2];
      meta.container ??= m[3];
      meta.containerId ??= m[4];
    }
    m = DOCKER_LOG.exec(p);
    if (m) {
      meta.containerId ??= m[1];
      const cfg = readDockerConfig(dirname(p));
      if (cfg) {
        if (cfg.Name) meta.dockerName ??= cfg.Name.replace(/^\//, '');
        meta.container ??= meta.dockerName;
        if (cfg.Config?.Image) meta.image ??= cfg.Config.Image;
        if (cfg.Config?.Hostname) meta.host ??= cfg.Config.Hostname;
        if (cfg.Config?.Labels) meta.labels = { ...cfg.Config.Labels, ...meta.labels };
      }
    }
    m = SPARK_SELECTOR.exec(p);
    if (m) {
      meta.sparkAppSelector ??= m[1];
      meta.pod ??= m[2];
    }
  }
  return meta;
}

/** A short stem of the file name, used as the service of last resort for plain files. */
export function fileStem(path: string): string {
  return basename(path).replace(/\.gz$/i, '').replace(/\.\d+$/, '').replace(/\.(log|txt|json|jsonl|out|err)$/i, '');
}
