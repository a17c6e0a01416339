/** Inputs for crash / concurrency tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Several Docker json-file logs with multi-line traces and a few bad lines (deterministic). */
export function makeInputs(files: number, linesPerFile: number): string {
  const root = mkdtempSync(join(tmpdir(), 'loglake-kill-'));
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let f = 0; f < files; f++) {
    const id = String(f).padStart(2, '0').repeat(32);
    const dir = join(root, 'containers', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.v2.json'), JSON.stringify({ Name: `/svc-${f % 3}-${f}`, Config: { Image: 'x', Labels: { 'com.docker.compose.service': `svc${f % 3}` } } }));
    const out: string[] = [];
    let t = Date.UTC(2026, 2, 2, 6, 0, 0) + f * 1000;
    for (let i = 0; i < linesPerFile; i++) {
      t += Math.floor(rnd() * 400);
      const time = new Date(t).toISOString().replace('Z', '123456Z');
      const r = rnd();
      if (r < 0.01) out.push(`{"log":"broken`);
      else if (r < 0.03) {
        out.push(JSON.stringify({ log: `2026-03-02 06:00:00,000 ERROR [w-${i}] com.x.Job - failed ${i}\n`, stream: 'stderr', time }));
        out.push(JSON.stringify({ log: 'java.io.IOException: disk full\n', stream: 'stderr', time }));
        out.push(JSON.stringify({ log: `\tat com.x.Job.run(Job.java:${i})\n`, stream: 'stderr', time }));
      } else {
        out.push(JSON.stringify({ log: `{"level":30,"time":${t},"msg":"request ${i} done in ${Math.floor(r * 900)} ms","reqId":"r-${f}-${i}"}\n`, stream: 'stdout', time }));
      }
    }
    writeFileSync(join(dir, `${id}-json.log`), out.join('\n') + '\n');
  }
  return root;
}

