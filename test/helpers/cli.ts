/** Runs the real loglake CLI in a child process (compiled when the tests run from dist/, else via tsx). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../src/core/paths.js';

const fromDist = fileURLToPath(import.meta.url).includes(`${'/'}dist${'/'}`);

/** argv (after `node`) that starts the CLI. */
export function cliArgv(args: string[]): string[] {
  return fromDist ? [join(repoRoot(), 'bin', 'loglake.js'), ...args] : ['--import', 'tsx', join(repoRoot(), 'src', 'cli', 'entry.ts'), ...args];
}

export interface CliResult { status: number; stdout: string; stderr: string }

/** Runs the CLI to completion. */
export function runCli(args: string[], opts: { input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, cliArgv(args), { input: opts.input, cwd: opts.cwd ?? repoRoot(), env: { ...process.env, ...opts.env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting. */
export function startCli(args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, cliArgv(args), { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : undefined });
}

/** Runs the CLI's query command and returns rows as objects. */
export function sql(warehouse: string, query: string): Array<Record<string, unknown>> {
  const r = runCli(['query', '--warehouse', warehouse, '--format', 'json', query]);
  if (r.status !== 0) throw new Error(`query failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Runs the CLI without blocking this process's event loop (needed when a server lives in-process). */
export function runCliAsync(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, cliArgv(args), { cwd: repoRoot(), env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d));
    p.stderr.on('data', (d: Buffer) => (stderr += d));
    p.on('exit', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}
