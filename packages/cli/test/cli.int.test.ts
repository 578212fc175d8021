import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { EXIT } from '../src/cli/exit-codes.js';
import { nbctl } from './helpers/nb-fixture.js';
import { ovnkit } from './helpers/run-cli.js';

let server: OvsdbServer;
let db: string;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'], ssl: true });
  db = server.remote;
  const r = await nbctl(
    db,
    'ls-add',
    'worker-0',
    '--',
    'lsp-add',
    'worker-0',
    'k8s-worker-0',
    '--',
    'lsp-set-addresses',
    'k8s-worker-0',
    '0a:58:0a:81:02:02 10.129.2.2',
    '--',
    'lr-add',
    'ovn_cluster_router',
    '--',
    'lr-add',
    'GR_worker-0',
    '--',
    'lrp-add',
    'GR_worker-0',
    'rtoj-GR_worker-0',
    '0a:58:64:40:00:04',
    '100.64.0.4/16',
    '--',
    '--id=@nat',
    'create',
    'NAT',
    'type=snat',
    'external_ip=192.168.126.100',
    'logical_ip=10.129.3.232',
    'logical_port=k8s-worker-0',
    'options:stateless=false',
    'external_ids:k8s.ovn.org/name="egressip-demo_simpsons/homer"',
    '--',
    'add',
    'Logical_Router',
    'GR_worker-0',
    'nat',
    '@nat',
    '--',
    'lr-policy-add',
    'ovn_cluster_router',
    '100',
    'ip4.src == 10.129.3.232',
    'reroute',
    '100.64.0.4',
    '--',
    'lr-policy-add',
    'ovn_cluster_router',
    '102',
    'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
    'allow',
  );
  expect(r.stderr).toBe('');
});
afterAll(async () => {
  await server?.stop();
});

describe('ovn-nbctl compatible commands', () => {
  it.each([
    [['show']],
    [['show', 'GR_worker-0']],
    [['show', 'worker-0']],
    [['show', 'nothing-called-this']],
    [['lr-nat-list', 'GR_worker-0']],
    [['lr-policy-list', 'ovn_cluster_router']],
    [['list', 'NAT']],
    [['list', 'Logical_Router_Policy']],
    [['--columns=name,nat', 'list', 'Logical_Router']],
    [['find', 'Logical_Router_Policy', 'priority=100']],
    [
      [
        '--bare',
        '--columns=logical_ip',
        'find',
        'NAT',
        'external_ids:k8s.ovn.org/name="egressip-demo_simpsons/homer"',
      ],
    ],
  ])('%j prints what ovn-nbctl prints', async (args) => {
    const want = await nbctl(db, ...args);
    const got = await ovnkit(['--db', db, ...args]);
    expect(got.stderr).toBe('');
    expect(got.code).toBe(EXIT.OK);
    expect(got.bytes).toBe(want.stdout);
  });

  it('reads OVN_NB_DB and talks SSL with -p/-c/-C', async () => {
    const pki = server.pki!;
    const got = await ovnkit(['-p', pki.clientKey, '-c', pki.clientCert, '-C', pki.caCert, 'show'], {
      OVN_NB_DB: server.sslRemote,
    });
    expect(got.code).toBe(EXIT.OK);
    expect(got.stdout).toBe((await nbctl(db, 'show')).stdout);
  });

  it('fails with exit 1 and the ovn-nbctl message for an unknown router', async () => {
    const got = await ovnkit(['--db', db, 'lr-nat-list', 'no-such-router']);
    expect(got.code).toBe(EXIT.FAILED);
    expect(got.stderr).toContain('no-such-router: router name not found');
    expect((await nbctl(db, 'lr-nat-list', 'no-such-router')).stderr).toContain(
      'no-such-router: router name not found',
    );
  });

  it('exit 3 with a hint when the database cannot be reached', async () => {
    const got = await ovnkit(['--db', `unix:${join(server.dir, 'absent.sock')}`, '--timeout', '2', 'show']);
    expect(got.code).toBe(EXIT.CANNOT_CONNECT);
    expect(got.stderr).toMatch(/absent\.sock/);
    expect(got.stderr).toMatch(/OVN_NB_DB/);
  });

  it('exit 2 for usage errors', async () => {
    expect((await ovnkit(['frobnicate'])).code).toBe(EXIT.USAGE);
    expect((await ovnkit(['--no-such-flag', 'show'])).code).toBe(EXIT.USAGE);
    // After the command, like ovn-nbctl, a dash word is an argument (a switch may be named "-x").
    expect((await ovnkit(['--db', db, 'show', '--no-such-flag'])).code).toBe(EXIT.OK);
    expect((await ovnkit(['lr-nat-list'])).code).toBe(EXIT.USAGE);
    expect((await ovnkit(['--format', 'xml', 'show'])).code).toBe(EXIT.USAGE);
    const r = await ovnkit(['egressip']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain('show, list');
  });
});

describe('JSON output', () => {
  it('show --format json has switches and routers built from the same model', async () => {
    const got = await ovnkit(['--db', db, 'show', '--format', 'json']);
    expect(got.code).toBe(0);
    const j = JSON.parse(got.stdout) as {
      switches: Array<Record<string, unknown>>;
      routers: Array<{ name: string; nat: unknown[]; ports: unknown[] }>;
    };
    expect(Object.keys(j)).toEqual(['routers', 'switches']);
    expect(j.switches[0]).toMatchObject({
      name: 'worker-0',
      ports: [{ name: 'k8s-worker-0', addresses: ['0a:58:0a:81:02:02 10.129.2.2'], tag: null }],
    });
    const gr = j.routers.find((r) => r.name === 'GR_worker-0')!;
    expect(gr.nat).toEqual([
      expect.objectContaining({ externalIp: '192.168.126.100', logicalIp: '10.129.3.232', type: 'snat' }),
    ]);
    expect(gr.ports).toEqual([
      {
        name: 'rtoj-GR_worker-0',
        mac: '0a:58:64:40:00:04',
        networks: ['100.64.0.4/16'],
        routeTable: null,
        gatewayChassis: [],
      },
    ]);
  });

  it('list --format json gives native values per column', async () => {
    const got = await ovnkit(['--db', db, '--format=json', 'list', 'NAT']);
    const rows = JSON.parse(got.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'snat',
      external_mac: null,
      options: { stateless: 'false' },
      allowed_ext_ips: null,
    });
    expect(typeof rows[0]!._uuid).toBe('string');
  });

  it('lr-policy-list --format json', async () => {
    const rows = JSON.parse(
      (await ovnkit(['--db', db, 'lr-policy-list', 'ovn_cluster_router', '-f', 'json'])).stdout,
    ) as Array<{ priority: number }>;
    expect(rows.map((r) => r.priority)).toEqual([102, 100]);
  });
});

describe('egress-IP views', () => {
  it('egressip show prints the router, NAT, reroute policy and pod', async () => {
    const got = await ovnkit(['--db', db, 'egressip', 'show', '192.168.126.100']);
    expect(got.code).toBe(0);
    const show = (await nbctl(db, 'show', 'GR_worker-0')).stdout;
    const natBlock = show.slice(show.indexOf('    nat '));
    expect(got.stdout).toContain(show.split('\n')[0]!);
    expect(got.stdout).toContain(natBlock);
    expect(got.stdout).toContain('ip4.src == 10.129.3.232');
    expect(got.stdout).toMatch(/10\.129\.3\.232\s+simpsons\/homer/);
    expect(got.stdout).toContain('EgressIP egressip-demo');
    expect(got.stdout).toContain('assigned node worker-0 (from NB rows)');
    expect((await ovnkit(['--db', db, 'show', '--egress-ip', '192.168.126.100'])).stdout).toBe(got.stdout);
  });

  it('egressip show exits 1 for an IP nothing uses', async () => {
    expect((await ovnkit(['--db', db, 'egressip', 'show', '192.168.126.200'])).code).toBe(EXIT.FAILED);
  });

  it('egressip list reads manifests and prints kubectl columns; JSON has every value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovnkit-manifests-'));
    try {
      writeFileSync(
        join(dir, 'eip.yaml'),
        `apiVersion: k8s.ovn.org/v1
kind: EgressIP
metadata: {name: egressip-demo}
spec:
  egressIPs: ["192.168.126.100", "192.168.126.101"]
  namespaceSelector: {matchLabels: {house: simpson}}
status:
  items:
  - {node: worker-0, egressIP: 192.168.126.100}
  - {node: worker-1, egressIP: 192.168.126.101}
---
apiVersion: k8s.ovn.org/v1
kind: EgressIP
metadata: {name: a-unassigned}
spec: {egressIPs: ["10.0.0.9"], namespaceSelector: {}}
`,
      );
      const got = await ovnkit(['egressip', 'list', '--manifests', dir]);
      expect(got.code).toBe(0);
      expect(got.stdout).toBe(
        'NAME            EGRESSIPS         ASSIGNED NODE   ASSIGNED EGRESSIPS\n' +
          'a-unassigned    10.0.0.9\n' +
          'egressip-demo   192.168.126.100   worker-0        192.168.126.100\n',
      );
      const j = JSON.parse(
        (await ovnkit(['egressip', 'list', '--manifests', dir, '--format', 'json'])).stdout,
      ) as unknown[];
      expect(j[1]).toEqual({
        name: 'egressip-demo',
        egressIPs: ['192.168.126.100', '192.168.126.101'],
        assignedNodes: ['worker-0', 'worker-1'],
        assignedEgressIPs: ['192.168.126.100', '192.168.126.101'],
      });
      const withSrc = await ovnkit(['--db', db, 'egressip', 'show', '192.168.126.100', '--manifests', dir]);
      expect(withSrc.stdout).toContain(
        'EgressIP egressip-demo: egressIPs [192.168.126.100, 192.168.126.101], assigned node worker-0\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('egressip list names a missing manifests dir', async () => {
    const got = await ovnkit(['egressip', 'list', '--manifests', '/nonexistent/dir']);
    expect(got.code).toBe(EXIT.FAILED);
    expect(got.stderr).toContain('/nonexistent/dir');
  });
});

describe('help, colour and completion', () => {
  it('every command has --help with usage and examples', async () => {
    for (const args of [
      ['show'],
      ['lr-nat-list'],
      ['lr-policy-list'],
      ['list'],
      ['find'],
      ['egressip', 'show'],
      ['egressip', 'list'],
      ['controller'],
      ['topology', 'init'],
      ['completion'],
    ]) {
      const r = await ovnkit([...args, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: ovnkit /);
      expect(r.stdout).toContain('Examples:\n  ovnkit ');
    }
    const top = await ovnkit(['--help']);
    expect(top.stdout).toContain(
      'Exit codes: 0 ok, 1 failed, 2 usage error, 3 cannot connect, 4 transaction rejected.',
    );
  });

  it('colours errors only on a TTY without NO_COLOR', async () => {
    expect((await ovnkit(['frobnicate'], {}, true)).stderr).toContain('\u001b[31m');
    expect((await ovnkit(['frobnicate'], { NO_COLOR: '1' }, true)).stderr).not.toContain('\u001b[');
    expect((await ovnkit(['frobnicate'], {}, false)).stderr).not.toContain('\u001b[');
  });

  it('prints bash and zsh completion scripts that bash accepts', async () => {
    const bash = await ovnkit(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -F _ovnkit ovnkit');
    expect(bash.stdout).toContain('egressip) subs="show list"');
    const { execFileSync } = await import('node:child_process');
    const words = execFileSync('bash', [
      '-c',
      `${bash.stdout}\n_ovnkit_complete_words "egressip"`,
    ]).toString();
    expect(words.trim()).toBe('show list');
    const zsh = await ovnkit(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef ovnkit/);
    expect((await ovnkit(['completion', 'fish'])).code).toBe(EXIT.USAGE);
  });

  it('topology init says which input is missing', async () => {
    const r = await ovnkit(['topology', 'init']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain('--manifests DIR or --kube');
  });
});
