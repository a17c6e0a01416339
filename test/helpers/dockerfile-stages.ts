/** Test helper: the stages of a Dockerfile and their instructions, read with dockerfile-ast. */
import { DockerfileParser } from 'dockerfile-ast';

/** One build stage: its name (`AS x`, else its index), base image and instructions [keyword, arguments]. */
export interface DockerStage { name: string; from: string; lines: Array<[string, string]> }

/** Splits a Dockerfile into its stages. */
export function dockerStages(dockerfile: string): DockerStage[] {
  const df = DockerfileParser.parse(dockerfile);
  return df.getFROMs().map((from, i, all) => {
    const start = from.getRange().start.line;
    const end = i + 1 < all.length ? all[i + 1]!.getRange().start.line : Infinity;
    const lines = df.getInstructions().filter((ins) => ins.getRange().start.line > start && ins.getRange().start.line < end)
      .map((ins): [string, string] => [ins.getKeyword(), ins.getArgumentsContent() ?? '']);
    return { name: from.getBuildStage() ?? String(i), from: from.getImageName() ?? '', lines };
  });
}

/** The RUN commands of one stage joined with `&&` (what `sh -c` would run in it). */
export function stageRun(stages: DockerStage[], name: string): string {
  const st = stages.find((s) => s.name === name);
  if (!st) throw new Error(`no stage ${name}`);
  return st.lines.filter(([k]) => k === 'RUN').map(([, a]) => a).join(' && ');
}

/** The ENV settings of one stage (`ENV a=1 b=2` and `ENV a 1` forms). */
export function stageEnv(stages: DockerStage[], name: string): Record<string, string> {
  const st = stages.find((s) => s.name === name);
  if (!st) throw new Error(`no stage ${name}`);
  const env: Record<string, string> = {};
  for (const [k, a] of st.lines) {
    if (k !== 'ENV') continue;
    if (!a.includes('=')) {
      const [key, ...rest] = a.trim().split(/\s+/);
      env[key!] = rest.join(' ');
    } else {
      for (const pair of a.trim().split(/\s+/)) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    }
  }
  return env;
}
