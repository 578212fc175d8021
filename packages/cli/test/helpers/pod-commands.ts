// What the kubelet would run for each container of the workloads in deploy/: manifests read as
// kubectl reads them (every YAML document of every file), the image's ENTRYPOINT/CMD from our
// Dockerfile where the container sets no command/args, and `$(VAR)` references expanded from
// the container's env as the kubelet expands them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  loadAllYaml,
  type V1Container,
  type V1EnvVar,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';

export interface PodCommand {
  readonly file: string;
  readonly workload: string;
  readonly container: V1Container;
  /** The argv the container starts with (command + args, variables expanded). */
  readonly argv: readonly string[];
  /** The same before `$(VAR)` expansion (to expand with other values). */
  readonly rawArgv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

interface KubeObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    template?: V1PodTemplateSpec;
    jobTemplate?: { spec?: { template?: V1PodTemplateSpec } };
  } & V1PodTemplateSpec['spec'];
}

/** The pod spec of a workload (or of a bare Pod); undefined for kinds that run nothing. */
function podSpecOf(o: KubeObject): V1PodTemplateSpec['spec'] | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

/** ENTRYPOINT and CMD (exec form) of a Dockerfile stage. */
export function imageCommand(dockerfile: string, stage: string): { entrypoint: string[]; cmd: string[] } {
  const lines = dockerfile.split('\n');
  const from = lines.findIndex((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${stage}\\s*$`, 'i').test(l));
  if (from < 0) throw new Error(`Dockerfile has no stage ${stage}`);
  const end = lines.findIndex((l, i) => i > from && /^FROM\s/i.test(l));
  const body = lines.slice(from + 1, end < 0 ? undefined : end);
  const exec = (word: string) => {
    const line = body.filter((l) => l.startsWith(`${word} `)).pop();
    return line ? (JSON.parse(line.slice(word.length + 1)) as string[]) : [];
  };
  return { entrypoint: exec('ENTRYPOINT'), cmd: exec('CMD') };
}

/** Values the kubelet would put in env entries taken from the pod (fieldRef). */
function fieldValue(path: string, o: KubeObject): string {
  switch (path) {
    case 'metadata.name':
      return `${o.metadata?.name ?? 'pod'}-5d8f7c9b6-x2x4q`;
    case 'metadata.namespace':
      return o.metadata?.namespace ?? 'default';
    case 'spec.nodeName':
      return 'node1';
    case 'status.podIP':
      return '10.128.0.7';
    case 'status.hostIP':
      return '192.168.126.11';
    default:
      return `<${path}>`;
  }
}

/** The kubelet's `$(VAR)` expansion: defined names are replaced, `$$` escapes, others stay. */
export function expandKubeVars(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) =>
    m === '$$' ? '$' : name !== undefined && name in env ? (env[name] as string) : m,
  );
}

function containerEnv(env: readonly V1EnvVar[] | undefined, o: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env ?? []) {
    if (e.value !== undefined) out[e.name] = expandKubeVars(e.value, out);
    else if (e.valueFrom?.fieldRef) out[e.name] = fieldValue(e.valueFrom.fieldRef.fieldPath, o);
    else out[e.name] = `<${e.name} from ${Object.keys(e.valueFrom ?? {}).join(',')}>`;
  }
  return out;
}

/** Every YAML file under `dir`, at any depth, in a stable order. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

/** Every container (init containers included) of every workload in the YAML files under `dir`. */
export function podCommands(
  dir: string,
  dockerfile: string,
  isOurImage: (image: string) => boolean,
): PodCommand[] {
  const image = imageCommand(dockerfile, 'controller');
  const out: PodCommand[] = [];
  for (const path of yamlFiles(dir)) {
    const file = relative(dir, path);
    for (const o of loadAllYaml(readFileSync(path, 'utf8')) as KubeObject[]) {
      const spec = o ? podSpecOf(o) : undefined;
      if (!spec) continue;
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const env = containerEnv(c.env, o);
        // As the kubelet does: `command` replaces ENTRYPOINT (and drops CMD); `args` replaces CMD.
        const ours = isOurImage(c.image ?? '');
        const command = c.command ?? (ours ? image.entrypoint : []);
        const args = c.args ?? (c.command === undefined && ours ? image.cmd : []);
        out.push({
          file,
          workload: `${o.kind}/${o.metadata?.name}`,
          container: c,
          argv: [...command, ...args].map((a) => expandKubeVars(a, env)),
          rawArgv: [...command, ...args],
          env,
        });
      }
    }
  }
  return out;
}
