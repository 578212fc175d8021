// docker-compose.yml and Dockerfile, checked without a Docker engine: the compose file parses,
// its references resolve, and every command a service runs exists in the image it names —
// for the OVN image, via the Debian packages the Dockerfile installs (dpkg -S, on this Debian 12
// machine, i.e. the same distribution as the image's base); for the controller image, via the
// CLI entry file in the build output and its own --help.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { loadManifests, toLabSpec } from '@ovnkit/lab';
import { findBinary } from '@ovnkit/testkit';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Service {
  build?: { context: string; target: string };
  image?: string;
  command?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

interface Stage {
  readonly base: string;
  readonly aptPackages: string[];
  readonly entrypoint?: string[];
  readonly workdir?: string;
}

/** Stages of the Dockerfile: base image, packages apt-get installs, ENTRYPOINT. */
function parseDockerfile(text: string): Map<string, Stage> {
  const stages = new Map<string, Stage>();
  const joined = text.replace(/\\\n/g, ' ');
  let current: { name: string; stage: Stage } | undefined;
  for (const line of joined.split('\n').map((l) => l.trim())) {
    const from = /^FROM\s+(\S+)\s+AS\s+(\S+)/i.exec(line);
    if (from) {
      current = { name: from[2] as string, stage: { base: from[1] as string, aptPackages: [] } };
      stages.set(current.name, current.stage);
      continue;
    }
    if (!current) continue;
    if (/^RUN\s/.test(line)) {
      for (const m of line.matchAll(/apt-get install ([^&;]*)/g)) {
        current.stage.aptPackages.push(
          ...(m[1] as string).split(/\s+/).filter((w) => w && !w.startsWith('-')),
        );
      }
    }
    const entry = /^ENTRYPOINT\s+(\[.*\])/.exec(line);
    if (entry)
      stages.set(current.name, { ...current.stage, entrypoint: JSON.parse(entry[1] as string) as string[] });
    const workdir = /^WORKDIR\s+(\S+)/.exec(line);
    if (workdir) stages.set(current.name, { ...current.stage, workdir: workdir[1] });
    current = { name: current.name, stage: stages.get(current.name) as Stage };
  }
  return stages;
}

function debianPackageOf(program: string): string {
  const path = program.startsWith('/') ? program : findBinary(program);
  // dpkg -S knows the path the package installed, e.g. /usr/bin/x (PATH may point through /bin).
  const candidates = [path, path.replace(/^\/bin\//, '/usr/bin/').replace(/^\/sbin\//, '/usr/sbin/')];
  for (const p of candidates) {
    try {
      return execFileSync('dpkg', ['-S', p], { encoding: 'utf8' }).split(':')[0] as string;
    } catch {
      // try the next spelling
    }
  }
  throw new Error(`no Debian package provides ${program} (${path})`);
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const services = Object.entries(compose.services);
const ovnServices = services.filter(([, s]) => s.build?.target === 'ovn-central');
const ovnkitServices = services.filter(([, s]) => s.build?.target === 'controller');

describe('docker-compose.yml', () => {
  it('has the NB and SB databases, ovn-northd and the controller', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['ovn-nb', 'ovn-sb', 'ovn-northd', 'egressip-controller']),
    );
    expect(ovnServices.map(([n]) => n).sort()).toEqual(['ovn-nb', 'ovn-northd', 'ovn-sb']);
  });

  it('builds every service from a Dockerfile stage, one image tag per stage', () => {
    const tagOf = new Map<string, Set<string>>();
    for (const [name, s] of services) {
      expect({ name, target: s.build?.target, known: stages.has(s.build?.target ?? '') }).toEqual({
        name,
        target: s.build?.target,
        known: true,
      });
      expect(s.image).toBeTruthy();
      tagOf.set(
        s.build?.target as string,
        (tagOf.get(s.build?.target as string) ?? new Set()).add(s.image as string),
      );
    }
    for (const [, tags] of tagOf) expect(tags.size).toBe(1);
    expect(stages.get('controller')?.base).toBe('node:20-bookworm-slim');
    expect(stages.get('ovn-central')?.base).toBe('debian:bookworm-slim');
  });

  it('refers only to services and named volumes it defines, and mounts paths that exist', () => {
    for (const [name, s] of services) {
      for (const dep of Object.keys(s.depends_on ?? {}))
        expect({ name, dep, defined: dep in compose.services }).toEqual({ name, dep, defined: true });
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0] as string;
        if (source.startsWith('.'))
          expect({ name, source, exists: existsSync(join(ROOT, source)) }).toEqual({
            name,
            source,
            exists: true,
          });
        else
          expect({ name, source, declared: source in (compose.volumes ?? {}) }).toEqual({
            name,
            source,
            declared: true,
          });
      }
    }
  });

  it('mounts manifests the lab and the controller can read: nodes, pods and an EgressIP', () => {
    const mounted = new Set(
      ovnkitServices.flatMap(([, s]) =>
        (s.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':')[0] as string),
      ),
    );
    expect([...mounted]).toEqual(['./examples/simpsons']);
    const spec = toLabSpec(loadManifests(join(ROOT, 'examples/simpsons')));
    expect(spec.nodes.length).toBeGreaterThanOrEqual(2);
    expect(spec.egressIps.map((e) => e.name)).toEqual(['egressip-demo']);
  });
});

describe('the OVN image provides every program its services run', () => {
  if (!existsSync('/etc/debian_version') || !readFileSync('/etc/debian_version', 'utf8').startsWith('12')) {
    throw new Error(
      'these checks compare with Debian 12 packages (dpkg -S): run them on Debian 12, the image base',
    );
  }
  const installed = new Set(stages.get('ovn-central')?.aptPackages ?? []);
  // The daemons ovn-ctl starts for its run_* commands.
  const RUNS: Record<string, string[]> = {
    run_nb_ovsdb: ['ovsdb-server', 'ovsdb-tool'],
    run_sb_ovsdb: ['ovsdb-server', 'ovsdb-tool'],
  };

  it.each(ovnServices)('%s', (_name, s) => {
    const command = s.command ?? [];
    const programs = [command[0] as string];
    if (s.healthcheck?.test[0] === 'CMD') programs.push(s.healthcheck.test[1] as string);
    if (command[0]?.endsWith('/ovn-ctl')) {
      const script = readFileSync(command[0], 'utf8');
      const sub = command[command.length - 1] as string;
      expect(script).toContain(`    ${sub})`);
      for (const flag of command.slice(1, -1)) expect(script).toContain(flag.split('=')[0] as string);
      programs.push(...(RUNS[sub] ?? []));
    } else {
      const help = execFileSync(findBinary(command[0] as string), ['--help'], { encoding: 'utf8' });
      // --name=value options by name; short ones like -vconsole:info by their letter (-vSPEC).
      for (const flag of command.slice(1))
        expect(help).toContain(flag.startsWith('--') ? (flag.split('=')[0] as string) : flag.slice(0, 2));
    }
    for (const p of programs)
      expect({ program: p, package: installed.has(debianPackageOf(p)) }).toEqual({
        program: p,
        package: true,
      });
  });
});

describe('the Dockerfile build context', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('copies only paths that exist in the repository', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] as string).split(/\s+/),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources)
      expect({ src, exists: existsSync(join(ROOT, src)) }).toEqual({ src, exists: true });
  });

  it('builds from sources: host node_modules and build output stay out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '**/node_modules', '**/dist']));
  });
});

describe('the controller image runs the built CLI', () => {
  const stage = stages.get('controller');
  const entry = stage?.entrypoint ?? [];

  it('has an entry point inside the build output that exists after the build', () => {
    expect(entry[0]).toBe('node');
    const inImage = entry[1] as string;
    expect(inImage.startsWith(`${stage?.workdir}/packages/`)).toBe(true);
    const local = join(ROOT, inImage.slice(`${stage?.workdir}/`.length));
    if (!existsSync(local)) throw new Error(`${local} is missing: build first (npx tsc -b)`);
  });

  it.each(ovnkitServices)('%s: its command and flags are ones the CLI documents', (_name, s) => {
    const args = [...(s.command ?? [])];
    // Global options first (--db X), then the command words, then its options.
    while (args[0]?.startsWith('--') && args[0] !== '--help') args.splice(0, args[0].includes('=') ? 1 : 2);
    const words: string[] = [];
    while (args[0] && !args[0].startsWith('-')) words.push(args.shift() as string);
    const help = execFileSync(
      process.execPath,
      [join(ROOT, 'packages/cli/dist/bin.js'), ...words, '--help'],
      { encoding: 'utf8' },
    );
    for (const flag of args.filter((a) => a.startsWith('--')))
      expect({ flag, documented: help.includes(flag.split('=')[0] as string) }).toEqual({
        flag,
        documented: true,
      });
  });
});
