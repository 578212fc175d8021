// Interconnect zones from the command line, against real servers (one NB, SB and ovn-northd per
// zone): `topology init` for several zones at once and per zone, and the egress-IP view read
// across the zone NBs, with a zone that cannot be reached.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findBinary, type NorthdLab, startNorthd } from '@ovnkit/testkit';
import { ovnkit } from './helpers/run-cli.js';

const execFileP = promisify(execFile);
const examples = fileURLToPath(new URL('../../../examples/simpsons-interconnect', import.meta.url));
// The lab's geneve underlay is not the nodes' InternalIP network; tests use the same override.
const encap = ['--encap-ip', 'ovn-worker=172.31.254.11', '--encap-ip', 'ovn-worker2=172.31.254.12'];

describe('ovnkit with one NB per zone', () => {
  let w1: NorthdLab;
  let w2: NorthdLab;
  const nbctl = async (lab: NorthdLab, ...args: string[]) =>
    (await execFileP(findBinary('ovn-nbctl'), [`--db=${lab.nb.remote}`, ...args])).stdout;

  beforeAll(async () => {
    [w1, w2] = await Promise.all([startNorthd(), startNorthd()]);
  });
  afterAll(async () => {
    await Promise.all([w1?.stop(), w2?.stop()]);
  });

  it('topology init builds every zone given, in parallel, and then finds nothing to do', async () => {
    const zones = [
      '--zone-db',
      `ovn-worker=${w1.nb.remote}`,
      '--zone-sb',
      `ovn-worker=${w1.sb.remote}`,
      '--zone-db',
      `ovn-worker2=${w2.nb.remote}`,
      '--zone-sb',
      `ovn-worker2=${w2.sb.remote}`,
    ];
    const args = [
      'topology',
      'init',
      '--manifests',
      examples,
      '--disable-snat-multiple-gws',
      ...zones,
      ...encap,
    ];
    const first = await ovnkit(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^zone ovn-worker: topology: \d+ operations in 1 transaction; SB: remote chassis ovn-worker2 \(\d+ operations\)\nzone ovn-worker2: topology: \d+ operations in 1 transaction; SB: remote chassis ovn-worker \(\d+ operations\)\n$/,
    );
    // Per-pod SNAT: one row per local pod, no cluster-wide SNAT.
    expect(
      (await nbctl(w1, '--bare', '--columns=external_ip,logical_ip', 'find', 'NAT', 'type=snat'))
        .trim()
        .split('\n\n')
        .sort(),
    ).toEqual(['192.168.126.51\n10.128.0.5', '192.168.126.51\n10.128.0.6']);
    expect(await nbctl(w2, 'get', 'Logical_Switch_Port', 'tstor-ovn-worker', 'type', 'addresses')).toBe(
      'remote\n["0a:58:64:58:00:02 100.88.0.2/16"]\n',
    );
    const again = await ovnkit([
      '--db',
      w1.nb.remote,
      'topology',
      'init',
      '--manifests',
      examples,
      '--zone',
      'ovn-worker',
      '--sb-db',
      w1.sb.remote,
      '--disable-snat-multiple-gws',
      ...encap,
    ]);
    expect(again.stdout).toBe(
      'zone ovn-worker: topology: already complete, nothing written; SB: remote chassis ovn-worker2 (already in place)\n',
    );
  });

  it('topology init says what is wrong with the zone options', async () => {
    const base = ['topology', 'init', '--manifests', examples];
    const noSb = await ovnkit(['--db', w1.nb.remote, ...base, '--zone', 'ovn-worker']);
    expect(noSb.code).toBe(1);
    expect(noSb.stderr).toMatch(/zone ovn-worker: the remote chassis \(ovn-worker2\) go into the zone's SB/);
    const bad = await ovnkit([...base, '--zone-db', 'ovn-worker']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--zone-db: "ovn-worker" is not NODE=REMOTE/);
    const both = await ovnkit([...base, '--zone', 'a', '--zone-db', `b=${w1.nb.remote}`]);
    expect(both.stderr).toMatch(/give --zone or --zone-db, not both/);
  });

  it('show --egress-ip prints each zone under its name; an unreachable zone is reported, not fatal', async () => {
    // The EgressIP rows as a zone controller writes them with ovn-worker2 as the egress node:
    // ovn-worker's zone reroutes its pods to ovn-worker2's transit IP; ovn-worker2's zone SNATs them.
    const ids = (pod: string) => [
      `external_ids:k8s.ovn.org/name=egressip-demo_simpson/${pod}`,
      'external_ids:k8s.ovn.org/owner-type=EgressIP',
    ];
    for (const [pod, ip] of [
      ['homer', '10.128.0.5'],
      ['marge', '10.128.0.6'],
    ] as const) {
      await nbctl(
        w1,
        '--',
        '--id=@p',
        'create',
        'Logical_Router_Policy',
        'priority=100',
        `match="ip4.src == ${ip}"`,
        'action=reroute',
        'nexthops="100.88.0.3"',
        ...ids(pod),
        '--',
        'add',
        'Logical_Router',
        'ovn_cluster_router',
        'policies',
        '@p',
      );
      await nbctl(
        w2,
        '--',
        '--id=@n',
        'create',
        'NAT',
        'type=snat',
        'external_ip=192.168.126.100',
        `logical_ip=${ip}`,
        'logical_port=k8s-ovn-worker2',
        ...ids(pod),
        '--',
        'add',
        'Logical_Router',
        'GR_ovn-worker2',
        'nat',
        '@n',
      );
    }
    const showBoth = (...first: string[]) =>
      ovnkit([
        ...first,
        '--db',
        w1.nb.remote,
        '--db',
        w2.nb.remote,
        'show',
        '--egress-ip',
        '192.168.126.100',
      ]);
    const r = await showBoth();
    expect(r.code).toBe(0);
    const [zone1, zone2] = r.stdout.split(/\n(?==== zone )/);
    expect(zone1).toMatch(
      new RegExp(
        `^=== zone ovn-worker \\(${w1.nb.remote}\\) ===\\nEgress IP 192.168.126.100\\n  no router has an SNAT for this IP\\n`,
      ),
    );
    // Policies and pods print in row-UUID order, so each line is checked on its own.
    expect(zone1).toMatch(
      /Reroute policies on ovn_cluster_router \(priority 100, nexthop 100\.88\.0\.3 = ovn-worker2's transit switch port\):\n/,
    );
    expect(zone1).toMatch(/\n +100 +ip4\.src == 10\.128\.0\.5 +reroute +100\.88\.0\.3\n/);
    expect(zone1).toMatch(/\n +100 +ip4\.src == 10\.128\.0\.6 +reroute +100\.88\.0\.3\n/);
    expect(zone1).toMatch(/\n {2}10\.128\.0\.5 +simpson\/homer\n/);
    expect(zone1).toMatch(/\n {2}10\.128\.0\.6 +simpson\/marge\n/);
    expect(zone1).toMatch(
      /EgressIP egressip-demo: egressIPs \[192\.168\.126\.100\], assigned node ovn-worker2 \(from NB rows\)\n$/,
    );
    expect(zone2).toMatch(
      new RegExp(
        `^=== zone ovn-worker2 \\(${w2.nb.remote}\\) ===\\nEgress IP 192.168.126.100\\nrouter [0-9a-f-]+ \\(GR_ovn-worker2\\)\\n`,
      ),
    );
    expect(zone2).toMatch(
      /nat [0-9a-f-]+\n +external ip: "192\.168\.126\.100"\n +logical ip: "10\.128\.0\.5"\n +type: "snat"\n/,
    );

    // --zones names the zones; a zone whose NB is down gets its own block and a warning.
    const gone = `unix:${w2.dir}/no-such.sock`;
    const z = await ovnkit([
      'egressip',
      'show',
      '192.168.126.100',
      '--zones',
      `ovn-worker2=${w2.nb.remote},ovn-worker=${gone}`,
    ]);
    expect(z.code).toBe(0);
    expect(z.stdout).toMatch(new RegExp(`\\n=== zone ovn-worker \\(${gone}\\) ===\\nunreachable: ${gone}: `));
    expect(z.stderr).toMatch(/^ovnkit: zone ovn-worker unreachable: /);
    const json = JSON.parse((await showBoth('--format', 'json')).stdout);
    expect(json.zones.map((b: { zone: string }) => b.zone)).toEqual(['ovn-worker', 'ovn-worker2']);
    expect(json.zones[0].view.policies).toHaveLength(2);
  });

  it('show on one NB stays ovn-nbctl show, byte for byte', async () => {
    const r = await ovnkit(['--db', w1.nb.remote, 'show']);
    expect(r.bytes).toBe(Buffer.from(await nbctl(w1, 'show')).toString('latin1'));
  });
});
