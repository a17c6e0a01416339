/**
 * Renders the typed manifests to the YAML files of `deploy/k8s/` (one object per file, a header
 * saying where it comes from). Pure: returns path → text; `generate.ts` writes them.
 */
import { stringify } from 'yaml';
import { manifests, kustomization } from './manifests.js';

const HEADER = '# Generated from deploy/manifests/*.ts by `npm run deploy:manifests`: edit the TypeScript, not this file.\n';

/** YAML text of one object, with the generated-file header. */
export function toYaml(object: unknown): string {
  return HEADER + stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Every file of deploy/k8s/ (relative path → content). */
export function renderAll(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of manifests) out.set(m.file, toYaml(m.object));
  out.set('kustomization.yaml', toYaml(kustomization));
  return out;
}
