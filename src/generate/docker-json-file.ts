/**
 * Docker's json-file logging driver, as found under /var/lib/docker/containers/<id>/:
 * `<id>-json.log` lines `{"log":"...\n","stream":"stdout","time":"<RFC3339Nano>"}` (dockerd's key
 * order; Go's HTML-safe escaping of <, > and &; RFC3339Nano drops trailing zeros of the
 * fraction), lines longer than the 16 KiB copy buffer split into partial records without `\n`,
 * size-based rotation (`max-size`, `max-file=3`, `compress=true`: `-json.log.1` and the older
 * `-json.log.2.gz`), plus the container's config.v2.json, hostconfig.json, hosts, resolv.conf and
 * hostname files.
 *
 * Imports the PRNG, the model, the layout output helpers and the formatters.
 */
import type { Rng } from './prng.js';
import type { AppEvent } from './model.js';
import { rawLine, RuntimeClock, splitBySize, type BadLine, type LogFile } from './layout-output.js';
import { isoMillis } from './time-format.js';

/** dockerd's copier buffer: longer lines become several partial records. */
export const DOCKER_PARTIAL_BYTES = 16 * 1024;

/** Static description of one container. */
export interface DockerContainer {
  id: string;
  name: string;
  service: string;
  image: string;
  imageId: string;
  hostname: string;
  ip: string;
  env: string[];
  cmd: string[];
  created: number;
}

/** Go's time.RFC3339Nano in UTC: up to 9 fractional digits, trailing zeros removed. */
export function rfc3339Nano(ms: number, ns: number): string {
  const base = isoMillis(ms); // 2026-03-02T08:00:01.123Z
  const frac = (base.slice(20, 23) + String(ns).padStart(6, '0')).replace(/0+$/, '');
  return base.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

/** JSON string as Go's encoder writes it for dockerd: `<`, `>`, `&`, U+2028/9 escaped. */
export function goJsonString(s: string): string {
  const j = JSON.stringify(s);
  return /[<>&\u2028\u2029]/.test(j)
    ? j.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
    : j;
}

/** One json-file record. */
export function dockerRecord(log: string, stream: string, time: string): string {
  return `{"log":${goJsonString(log)},"stream":"${stream}","time":"${time}"}\n`;
}

/** Records of one text line (several when the line exceeds the 16 KiB buffer). */
export function dockerLineRecords(text: string, stream: string, stamp: () => string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length >= DOCKER_PARTIAL_BYTES) {
    out.push(dockerRecord(rest.slice(0, DOCKER_PARTIAL_BYTES), stream, stamp()));
    rest = rest.slice(DOCKER_PARTIAL_BYTES);
  }
  out.push(dockerRecord(rest + '\n', stream, stamp()));
  return out;
}

/** One event as the physical records a runtime writes for it. */
export interface Encoded {
  records: (string | Buffer)[];
  bytes: number;
  t: number;
  raw?: NonNullable<AppEvent['raw']>;
}

/**
 * Events → runtime records: each text line becomes one or more records (`lineRecords`), stamped by a
 * monotonic runtime clock a little after the event time; bad lines are kept as they are.
 */
export function encodeEvents(events: AppEvent[], rng: Rng, lineRecords: (line: string, stream: string, stamp: () => string) => string[]): Encoded[] {
  const clock = new RuntimeClock();
  const enc: Encoded[] = [];
  for (const e of events) {
    if (e.raw) {
      const r = rawLine(e.raw);
      enc.push({ records: [r], bytes: Buffer.byteLength(r), t: e.t, raw: e.raw });
      continue;
    }
    let ms = e.t + rng.int(0, 2);
    const records: string[] = [];
    for (const line of e.lines) {
      const stamp = (): string => {
        const s = clock.stamp(ms, rng.int(1_000, 999_999));
        ms = s.ms;
        return rfc3339Nano(s.ms, s.ns);
      };
      records.push(...lineRecords(line, e.stream, stamp));
    }
    let bytes = 0;
    for (const r of records) bytes += r.length;
    enc.push({ records, bytes, t: e.t });
  }
  return enc;
}

/** Writes a container's events as json-file logs with rotation; returns the files and bad-line positions. */
export function dockerLogFiles(c: DockerContainer, events: AppEvent[], rng: Rng, dir: string): { files: LogFile[]; bad: BadLine[]; maxSize: number } {
  const enc = encodeEvents(events, rng, dockerLineRecords);
  const total = enc.reduce((n, e) => n + e.bytes, 0);
  // max-size chosen so that the history spans the current file, `.1` and `.2.gz`.
  const maxSize = Math.max(64 * 1024, Math.ceil(total / 2.6 / 1024) * 1024);
  const groups = splitBySize(enc, maxSize);
  // The oldest groups beyond max-file=3 would have been deleted by dockerd; merge them instead
  // so nothing generated is lost (the ground truth counts what is on disk).
  while (groups.length > 3) {
    const a = groups.shift() as Encoded[];
    (groups[0] as Encoded[]).unshift(...a);
  }
  const base = `${dir}/${c.id}-json.log`;
  const names = groups.length === 3 ? [`${base}.2.gz`, `${base}.1`, base] : groups.length === 2 ? [`${base}.1`, base] : [base];
  const files: LogFile[] = [];
  const bad: BadLine[] = [];
  groups.forEach((g, i) => {
    const path = names[i] as string;
    const chunks: (string | Buffer)[] = [];
    let lines = 0;
    for (const e of g) {
      if (e.raw) bad.push({ path, line: lines + 1, count: 1, kind: e.raw.kind, reason: e.raw.reason });
      chunks.push(...e.records);
      lines += e.records.length;
    }
    files.push({ path, layout: 'docker', service: c.service, chunks, lines, events: g.length, gzip: path.endsWith('.gz') });
  });
  return { files, bad, maxSize };
}

/** The metadata files dockerd keeps beside the log (contents close to what Docker 25 writes). */
export function dockerMetaFiles(c: DockerContainer, maxSize: number, project: string, rng: Rng): Record<string, string> {
  const created = isoMillis(c.created).replace('Z', '') + rng.int(100_000, 999_999) + 'Z';
  const started = isoMillis(c.created + rng.int(200, 900)).replace('Z', '') + rng.int(100_000, 999_999) + 'Z';
  const labels: Record<string, string> = {
    'com.docker.compose.config-hash': rng.hex(64),
    'com.docker.compose.container-number': '1',
    'com.docker.compose.depends_on': c.service.startsWith('kafka') ? '' : 'postgres:service_healthy:false',
    'com.docker.compose.image': c.imageId,
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project': project,
    'com.docker.compose.project.config_files': `/opt/${project}/compose.yaml`,
    'com.docker.compose.project.working_dir': `/opt/${project}`,
    'com.docker.compose.service': c.name,
    'com.docker.compose.version': '2.24.6',
  };
  const logPath = `/var/lib/docker/containers/${c.id}/${c.id}-json.log`;
  const config = {
    StreamConfig: {},
    State: { Running: true, Paused: false, Restarting: false, OOMKilled: false, RemovalInProgress: false, Dead: false, Pid: rng.int(2000, 90000), ExitCode: 0, Error: '', StartedAt: started, FinishedAt: '0001-01-01T00:00:00Z', Health: null },
    ID: c.id,
    Created: created,
    Managed: false,
    Path: c.cmd[0],
    Args: c.cmd.slice(1),
    Config: {
      Hostname: c.hostname, Domainname: '', User: '', AttachStdin: false, AttachStdout: true, AttachStderr: true,
      ExposedPorts: {}, Tty: false, OpenStdin: false, StdinOnce: false, Env: c.env, Cmd: c.cmd, Image: c.image,
      Volumes: null, WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: labels,
    },
    Image: c.imageId,
    ImageManifest: null,
    NetworkSettings: { Bridge: '', SandboxID: rng.hex(64), SandboxKey: `/var/run/docker/netns/${rng.hex(12)}`, HairpinMode: false, Networks: { [`${project}_default`]: { IPAddress: c.ip, IPPrefixLen: 16, Gateway: '172.18.0.1', MacAddress: `02:42:ac:12:00:${c.ip.split('.')[3]?.padStart(2, '0')}`, Aliases: [c.name, c.hostname], NetworkID: rng.hex(64), EndpointID: rng.hex(64) } }, Service: null, Ports: {}, IsAnonymousEndpoint: false, HasSwarmEndpoint: false },
    LogPath: logPath,
    Name: '/' + c.name,
    Driver: 'overlay2',
    OS: 'linux',
    RestartCount: 0,
    HasBeenStartedBefore: true,
    HasBeenManuallyStopped: false,
    MountPoints: {},
    SecretReferences: null,
    ConfigReferences: null,
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: 'docker-default',
    SeccompProfile: '',
    NoNewPrivileges: false,
    HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`,
    ShmPath: '',
    ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`,
    LocalLogCacheMeta: { HaveNotifyEnabled: false },
  };
  const hostconfig = {
    Binds: null, ContainerIDFile: '',
    LogConfig: { Type: 'json-file', Config: { compress: 'true', 'max-file': '3', 'max-size': `${Math.round(maxSize / 1024)}k` } },
    NetworkMode: `${project}_default`, PortBindings: {}, RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
    AutoRemove: false, VolumeDriver: '', VolumesFrom: null, ConsoleSize: [0, 0], CapAdd: null, CapDrop: null, CgroupnsMode: 'private',
    Dns: null, DnsOptions: null, DnsSearch: null, ExtraHosts: [], GroupAdd: null, IpcMode: 'private', Cgroup: '', Links: null,
    OomScoreAdj: 0, PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null, UTSMode: '',
    UsernsMode: '', ShmSize: 67108864, Runtime: 'runc', Isolation: '', CpuShares: 0, Memory: 0, NanoCpus: 0,
  };
  const hosts = [
    '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters', `${c.ip}\t${c.hostname}`, '',
  ].join('\n');
  return {
    'config.v2.json': JSON.stringify(config),
    'hostconfig.json': JSON.stringify(hostconfig),
    hosts,
    'resolv.conf': '# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\nnameserver 127.0.0.11\nsearch .\noptions edns0 trust-ad ndots:0\n\n# Based on host file: \'/etc/resolv.conf\' (internal resolver)\n# ExtServers: [host(127.0.0.53)]\n# Overrides: []\n# Option ndots from: internal\n',
    hostname: c.hostname + '\n',
  };
}
