/** Recursive listing of the regular files below a directory (empty when it does not exist). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, depth first; a missing or unreadable directory lists as empty. */
export function listFilesRecursive(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) listFilesRecursive(p, out);
    else out.push(p);
  }
  return out;
}
