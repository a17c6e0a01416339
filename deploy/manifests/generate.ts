/** Writes deploy/k8s/*.yaml from the typed manifests (`npm run deploy:manifests`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../src/core/paths.js';
import { renderAll } from './render.js';

const root = join(repoRoot(), 'deploy', 'k8s');
for (const [file, text] of renderAll()) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
  process.stdout.write(`wrote deploy/k8s/${file}\n`);
}
