// topologyInit for interconnect zones against real servers: one NB, SB and ovn-northd per zone.
// Each zone gets only its own node's switches and routers, the transit switch with its local
// router port and a remote port per other node, routes through transit IPs, the remote chassis
// in its SB with the remote port bound to it, and (per-pod SNAT) one node-IP SNAT per local pod.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findBinary, type NorthdLab, startNorthd, startOvsdbServer } from '@ovnkit/testkit';
import type { Node } from '../src/api/types.js';
import { TopologyInputError } from '../src/topology/topology-error.js';
import { topologyInit } from '../src/topology/topology-init.js';
import { node, pod, WORKERS } from './integration/support/cluster-fixtures.js';

const execFileP = promisify(execFile);

/** A worker as ovn-kubernetes annotates it in interconnect mode: its own zone, its InternalIP. */
function zoneNode(i: number): Node {
  const spec = WORKERS[i]!;
  const n = node(spec);
  const ip = spec.ifaddr!.split('/')[0]!;
  n.metadata!.annotations!['k8s.ovn.org/zone-name'] = spec.name;
  n.metadata!.annotations!['k8s.ovn.org/l3-gateway-config'] = JSON.stringify({
    default: { mode: 'shared', 'ip-addresses': [spec.ifaddr], 'next-hops': ['192.168.126.1'] },
  });
  n.status!.addresses = [{ type: 'InternalIP', address: ip }];
  return n;
}

const nodes = [zoneNode(0), zoneNode(1)];
const [w0, w1] = [WORKERS[0]!.name, WORKERS[1]!.name];
const pods = [
  pod({ namespace: 'simpson', name: 'homer', node: w0, ips: ['10.129.2.10'] }),
  pod({ namespace: 'bouvier', name: 'patty', node: w1, ips: ['10.128.2.20'] }),
  pod({ namespace: 'bouvier', name: 'done', node: w1, ips: ['10.128.2.21'], phase: 'Succeeded' }),
];

describe('topologyInit --zone (interconnect)', () => {
  const zones: NorthdLab[] = [];
  const ctl =
    (tool: string, lab: NorthdLab) =>
    async (...args: string[]) =>
      (
        await execFileP(findBinary(tool), [
          `--db=${tool === 'ovn-nbctl' ? lab.nb.remote : lab.sb.remote}`,
          ...args,
        ])
      ).stdout.trim();

  beforeAll(async () => {
    zones.push(await startNorthd(), await startNorthd());
  });
  afterAll(async () => {
    await Promise.all(zones.map((z) => z.stop()));
  });

  const init = (i: number) =>
    topologyInit({
      remote: zones[i]!.nb.remote,
      sbRemote: zones[i]!.sb.remote,
      nodes,
      zone: WORKERS[i]!.name,
      perPodSnat: true,
      pods,
    });

  it('builds each zone with only its node, the transit switch and the remote chassis', async () => {
    const [r0, r1] = await Promise.all([init(0), init(1)]);
    expect(r0.transactions).toBe(1);
    expect(r0.sbTransactions).toBe(2);
    expect(r1.sbTransactions).toBe(2);
    const nb = ctl('ovn-nbctl', zones[0]!);
    const sb = ctl('ovn-sbctl', zones[0]!);

    expect((await nb('--bare', '--columns=name', 'list', 'Logical_Router')).split(/\s+/).sort()).toEqual([
      `GR_${w0}`,
      'ovn_cluster_router',
    ]);
    expect((await nb('--bare', '--columns=name', 'list', 'Logical_Switch')).split(/\s+/).sort()).toEqual([
      `ext_${w0}`,
      'join',
      'transit_switch',
      w0,
    ]);
    expect(await nb('get', 'NB_Global', '.', 'name')).toBe(w0);
    expect(
      await nb(
        'get',
        'Logical_Switch',
        'transit_switch',
        'other_config:interconn-ts',
        'other_config:requested-tnl-key',
      ),
    ).toBe('transit_switch\n"16711683"');
    // The local port: a router port pair on the cluster router, tunnel key = node id.
    expect(await nb('get', 'Logical_Router_Port', `rtots-${w0}`, 'mac', 'networks')).toBe(
      '"0a:58:64:58:00:04"\n["100.88.0.4/16"]',
    );
    expect(
      await nb(
        'get',
        'Logical_Switch_Port',
        `tstor-${w0}`,
        'type',
        'options:router-port',
        'options:requested-tnl-key',
        'external_ids:node',
      ),
    ).toBe(`router\nrtots-${w0}\n"4"\n${w0}`);
    // The other node: a remote port with its transit MAC and IP, tunnel key = its node id.
    expect(
      await nb(
        'get',
        'Logical_Switch_Port',
        `tstor-${w1}`,
        'type',
        'addresses',
        'options:requested-tnl-key',
        'options:requested-chassis',
      ),
    ).toBe(`remote\n["0a:58:64:58:00:05 100.88.0.5/16"]\n"5"\n${w1}`);
    const routes = await nb('lr-route-list', 'ovn_cluster_router');
    expect(routes).toMatch(/10\.128\.2\.0\/23\s+100\.88\.0\.5 dst-ip/);
    expect(routes).toMatch(/100\.64\.0\.5\s+100\.88\.0\.5 dst-ip/);
    expect(routes).toMatch(/10\.129\.2\.0\/23\s+100\.64\.0\.4 src-ip/);
    expect(routes).not.toMatch(/10\.128\.2\.0\/23\s+100\.64\.0\.5/);
    expect(
      await nb(
        '--bare',
        '--columns=external_ids',
        'find',
        'Logical_Router_Static_Route',
        'nexthop=100.88.0.5',
      ),
    ).toBe(`ic-node=${w1}\n\nic-node=${w1}`);
    // Per-pod SNAT for the local pod only; no cluster-wide SNAT.
    expect(await nb('--bare', '--columns=external_ip,logical_ip,options', 'find', 'NAT', 'type=snat')).toBe(
      '192.168.126.51\n10.129.2.10\nstateless=false',
    );

    // SB: the remote chassis and the remote port bound to it; northd took the requested keys.
    expect(await sb('get', 'Chassis', w1, 'hostname', 'other_config:is-remote')).toBe(`${w1}\n"true"`);
    expect(await sb('--bare', '--columns=type,ip', 'find', 'Encap', `chassis_name=${w1}`)).toBe(
      'geneve\n192.168.126.52',
    );
    const chassisUuid = await sb('--bare', '--columns=_uuid', 'find', 'Chassis', `name=${w1}`);
    expect(
      await sb('--bare', '--columns=chassis,tunnel_key', 'find', 'Port_Binding', `logical_port=tstor-${w1}`),
    ).toBe(`${chassisUuid}\n5`);
    expect(
      await sb(
        '--bare',
        '--columns=tunnel_key',
        'find',
        'Datapath_Binding',
        'external_ids:name=transit_switch',
      ),
    ).toBe('16711683');

    // The other zone mirrors it.
    const nb1 = ctl('ovn-nbctl', zones[1]!);
    expect(await nb1('get', 'Logical_Switch_Port', `tstor-${w0}`, 'type', 'addresses')).toBe(
      'remote\n["0a:58:64:58:00:04 100.88.0.4/16"]',
    );
    expect(await nb1('--bare', '--columns=external_ip,logical_ip', 'find', 'NAT', 'type=snat')).toBe(
      '192.168.126.52\n10.128.2.20',
    );
    expect(await ctl('ovn-sbctl', zones[1]!)('get', 'Chassis', w0, 'other_config:is-remote')).toBe('"true"');
    // The chassis went in before the ports that request them: northd had nothing to warn about.
    for (const z of zones)
      expect(
        readFileSync(join(z.dir, 'northd.log'), 'utf8')
          .split('\n')
          .filter((l) => /\|(WARN|ERR)\|/.test(l)),
      ).toEqual([]);
  });

  it('a second run writes nothing in either database', async () => {
    const again = await init(0);
    expect([again.transactions, again.sbTransactions]).toEqual([0, 0]);
  });

  it('refuses a zone without nodes, and remote nodes without the zone SB, before writing', async () => {
    const nb = ctl('ovn-nbctl', zones[0]!);
    const before = await nb('show');
    await expect(
      topologyInit({ remote: zones[0]!.nb.remote, sbRemote: zones[0]!.sb.remote, nodes, zone: 'nowhere' }),
    ).rejects.toThrow(
      new TopologyInputError(
        `no node is in zone "nowhere" (k8s.ovn.org/zone-name: ${w0}=${w0}, ${w1}=${w1})`,
      ),
    );
    await expect(topologyInit({ remote: zones[0]!.nb.remote, nodes, zone: w0 })).rejects.toThrow(
      TopologyInputError,
    );
    const noInternal = zoneNode(1);
    noInternal.status!.addresses = [];
    await expect(
      topologyInit({
        remote: zones[0]!.nb.remote,
        sbRemote: zones[0]!.sb.remote,
        nodes: [nodes[0]!, noInternal],
        zone: w0,
      }),
    ).rejects.toThrow(/node worker-1-abcde: status.addresses has no InternalIP/);
    expect(await nb('show')).toBe(before);
  });

  it("per-pod SNAT without zones: every node gets its pods' node-IP SNATs and no cluster-wide SNAT", async () => {
    const server = await startOvsdbServer({ schemas: ['nb'] });
    try {
      const res = await topologyInit({ remote: server.remote, nodes, perPodSnat: true, pods });
      expect(res.topology.remoteChassis).toEqual([]);
      const nats = await execFileP(findBinary('ovn-nbctl'), [
        `--db=${server.remote}`,
        '--bare',
        '--columns=external_ip,logical_ip',
        'find',
        'NAT',
      ]);
      // patty's pod on worker-1 and homer's on worker-0; the completed pod gets none.
      expect(nats.stdout.trim().split('\n\n').sort()).toEqual([
        '192.168.126.51\n10.129.2.10',
        '192.168.126.52\n10.128.2.20',
      ]);
    } finally {
      await server.stop();
    }
  });
});
