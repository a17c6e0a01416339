/**
 * Test helper: the repository root (the nearest ancestor directory holding package.json) of a
 * module URL, so fixture paths work both from `src/` (tsx) and from the compiled `dist/src/`.
 */
import { existsSync } from 'node:fs';

/** Repository root as a directory URL (ends with '/'), found from `moduleUrl` upwards. */
export function repoRoot(moduleUrl: string): URL {
  let u = new URL('.', moduleUrl);
  for (let i = 0; i < 12; i++) {
    if (existsSync(new URL('package.json', u)) && !u.pathname.endsWith('/dist/')) return u;
    u = new URL('..', u);
  }
  throw new Error(`repo-root: no package.json above ${moduleUrl}`);
}
