/** A reader for the Dockerfile subset the packaging test needs: stages, COPY, exec-form RUN, ENV, CMD, HEALTHCHECK. */
export interface DockerCopy { from: string | null; sources: string[]; dest: string }

export interface DockerStage {
  name: string;
  from: string;
  copies: DockerCopy[];
  /** COPY and exec-form RUN instructions in the order they run. */
  steps: Array<{ copy: DockerCopy } | { run: string[] }>;
  /** Exec-form RUN instructions (argv). */
  runs: string[][];
  /** Shell-form RUN instructions, as written. */
  shellRuns: string[];
  env: Record<string, string>;
  volumes: string[];
  user: string | null;
  cmd: string[] | null;
  healthcheck: string[] | null;
}

/** Joins continuation lines and drops comments; `ARG` defaults are substituted into `FROM`. */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) pending += `${line.slice(0, -1)} `;
    else {
      logical.push(pending + line);
      pending = '';
    }
  }
  const args: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, instruction, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const current = stages.at(-1);
    switch (instruction?.toUpperCase()) {
      case 'ARG': {
        const [name, value = ''] = rest.split('=');
        args[name] = value;
        break;
      }
      case 'FROM': {
        const [image, , name] = rest.split(/\s+/);
        stages.push({
          name: name ?? String(stages.length), from: image.replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? ''),
          copies: [], steps: [], runs: [], shellRuns: [], env: {}, volumes: [], user: null, cmd: null, healthcheck: null,
        });
        break;
      }
      case 'COPY': {
        const words = rest.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
        const paths = words.filter((w) => !w.startsWith('--'));
        const copy = { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
        current!.copies.push(copy);
        current!.steps.push({ copy });
        break;
      }
      case 'RUN':
        if (rest.startsWith('[')) {
          const run = JSON.parse(rest) as string[];
          current!.runs.push(run);
          current!.steps.push({ run });
        }
        else current!.shellRuns.push(rest);
        break;
      case 'ENV':
        for (const pair of rest.split(/\s+/)) {
          const eq = pair.indexOf('=');
          current!.env[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        break;
      case 'VOLUME':
        current!.volumes.push(...(JSON.parse(rest) as string[]));
        break;
      case 'USER':
        current!.user = rest;
        break;
      case 'CMD':
        current!.cmd = JSON.parse(rest) as string[];
        break;
      case 'HEALTHCHECK':
        current!.healthcheck = JSON.parse(rest.slice(rest.indexOf('CMD ') + 4)) as string[];
        break;
    }
  }
  return stages;
}
