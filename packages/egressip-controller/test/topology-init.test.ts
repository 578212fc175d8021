// topologyInit against a real NB: ovn-kubernetes names and addresses, idempotent, additive.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findBinary } from '@ovnkit/testkit';
import { InvalidNodeAnnotationError } from '../src/render/node-annotations.js';
import { topologyInit } from '../src/topology/topology-init.js';
import { macFromIp } from '../src/topology/topology-rows.js';
import { node, WORKERS } from './integration/support/cluster-fixtures.js';
import { type NbHarness, startNbHarness, versions } from './integration/support/nb-harness.js';

const execFileP = promisify(execFile);
const nodes = WORKERS.slice(0, 2).map(node);

describe('topologyInit', () => {
  let h: NbHarness;
  const nbctl = async (...args: string[]) =>
    (await execFileP(findBinary('ovn-nbctl'), [`--db=${h.server.remote}`, ...args])).stdout.trim();

  beforeAll(async () => {
    h = await startNbHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('builds the ovn-kubernetes topology for the nodes in one transaction', async () => {
    const res = await topologyInit({ nb: h.nb, nodes });
    expect(res.transactions).toBe(1);
    expect((await nbctl('--bare', '--columns=name', 'list', 'Logical_Router')).split(/\s+/).sort()).toEqual([
      'GR_worker-0-sl79n',
      'GR_worker-1-abcde',
      'ovn_cluster_router',
    ]);
    expect((await nbctl('--bare', '--columns=name', 'list', 'Logical_Switch')).split(/\s+/).sort()).toEqual([
      'ext_worker-0-sl79n',
      'ext_worker-1-abcde',
      'join',
      'worker-0-sl79n',
      'worker-1-abcde',
    ]);
    expect(await nbctl('get', 'Logical_Router_Port', 'rtoj-GR_worker-0-sl79n', 'networks')).toBe(
      '["100.64.0.4/16"]',
    );
    expect(await nbctl('get', 'Logical_Router_Port', 'rtoj-GR_worker-1-abcde', 'networks')).toBe(
      '["100.64.0.5/16"]',
    );
    expect(await nbctl('get', 'Logical_Router_Port', 'rtoj-ovn_cluster_router', 'networks')).toBe(
      '["100.64.0.1/16"]',
    );
    expect(await nbctl('get', 'Logical_Router_Port', 'rtos-worker-0-sl79n', 'networks')).toBe(
      '["10.129.2.1/23"]',
    );
    expect(await nbctl('get', 'Logical_Router_Port', 'rtoe-GR_worker-0-sl79n', 'networks')).toBe(
      '["192.168.126.51/24"]',
    );
    expect(await nbctl('get', 'Logical_Router_Port', 'rtoe-GR_worker-0-sl79n', 'mac')).toBe(
      '"0a:58:c0:a8:7e:33"',
    );
    expect(await nbctl('get', 'Logical_Switch_Port', 'k8s-worker-0-sl79n', 'addresses')).toBe(
      '["0a:58:0a:81:02:02 10.129.2.2"]',
    );
    expect(
      await nbctl(
        'get',
        'Logical_Router',
        'GR_worker-0-sl79n',
        'options:chassis',
        'options:lb_force_snat_ip',
      ),
    ).toBe('worker-0-sl79n\nrouter_ip');
    expect(
      await nbctl(
        'get',
        'Logical_Switch_Port',
        'etor-GR_worker-0-sl79n',
        'type',
        'options:nat-addresses',
        'options:router-port',
      ),
    ).toBe('router\nrouter\nrtoe-GR_worker-0-sl79n');
    expect(
      await nbctl('get', 'Logical_Switch_Port', 'br-ex_worker-0-sl79n', 'type', 'options:network_name'),
    ).toBe('localnet\nphysnet');
    expect(await nbctl('lr-route-list', 'ovn_cluster_router')).toMatch(
      /10\.129\.2\.0\/23\s+100\.64\.0\.4 src-ip/,
    );
    const grRoutes = await nbctl('lr-route-list', 'GR_worker-0-sl79n');
    expect(grRoutes).toMatch(/10\.128\.0\.0\/14\s+100\.64\.0\.1 dst-ip/);
    expect(grRoutes).toMatch(/0\.0\.0\.0\/0\s+192\.168\.126\.1 dst-ip rtoe-GR_worker-0-sl79n/);
    expect(await nbctl('lr-nat-list', 'GR_worker-0-sl79n')).toMatch(
      /snat\s+192\.168\.126\.51\s+10\.128\.0\.0\/14/,
    );
  });

  it('a second run writes nothing; a run with one more node only adds that node', async () => {
    const before = versions(await h.snapshot());
    expect((await topologyInit({ nb: h.nb, nodes })).transactions).toBe(0);
    expect(versions(await h.snapshot())).toEqual(before);
    await topologyInit({ nb: h.nb, nodes: WORKERS.map(node) });
    const after = await h.snapshot();
    expect(after.Logical_Router.map((r) => r.name).sort()).toContain('GR_worker-2-fghij');
    const gr0 = after.Logical_Router.find((r) => r.name === 'GR_worker-0-sl79n')!;
    expect(versions(after)[`Logical_Router/${gr0._uuid}`]).toBe(before[`Logical_Router/${gr0._uuid}`]);
  });

  it('keeps what others added (pod ports, extra options) and restores a changed column', async () => {
    await nbctl(
      'lsp-add',
      'worker-0-sl79n',
      'simpson_homer',
      '--',
      'lsp-set-addresses',
      'simpson_homer',
      '0a:58:0a:81:03:e8 10.129.3.232',
    );
    await nbctl('set', 'Logical_Router', 'GR_worker-0-sl79n', 'options:mac_binding_age_threshold=300');
    await nbctl('set', 'Logical_Router_Port', 'rtoj-GR_worker-0-sl79n', 'networks="100.64.0.99/16"');
    const res = await topologyInit({ nb: h.nb, nodes });
    expect(res.operations).toBe(1);
    expect(await nbctl('get', 'Logical_Router_Port', 'rtoj-GR_worker-0-sl79n', 'networks')).toBe(
      '["100.64.0.4/16"]',
    );
    expect(
      await nbctl('get', 'Logical_Router', 'GR_worker-0-sl79n', 'options:mac_binding_age_threshold'),
    ).toBe('"300"');
    expect(await nbctl('lsp-list', 'worker-0-sl79n')).toContain('simpson_homer');
  });

  it('names the node and annotation that is missing or wrong', async () => {
    const broken = node({ name: 'bad', ifaddr: '192.168.126.60/24', subnet: '10.130.0.0/23', id: 7 });
    broken.metadata!.annotations!['k8s.ovn.org/node-id'] = 'seven';
    await expect(topologyInit({ nb: h.nb, nodes: [broken] })).rejects.toThrow(
      new InvalidNodeAnnotationError('bad', 'k8s.ovn.org/node-id', 'seven is not an integer >= 2'),
    );
    const noSubnet = node({ name: 'nosub', ifaddr: '192.168.126.61/24', id: 8 });
    await expect(topologyInit({ nb: h.nb, nodes: [noSubnet] })).rejects.toThrow(
      /node nosub: annotation k8s.ovn.org\/node-subnets: no IPv4 subnet/,
    );
  });

  it('connects by itself when given a remote (what `ovnkit topology init --db` uses)', async () => {
    const res = await topologyInit({ remote: h.server.remote, nodes });
    expect(res.transactions).toBe(0);
    await expect(topologyInit({ nodes })).rejects.toThrow(/needs `nb` or `remote`/);
  });

  it('derives router MACs from IPs as ovn-kubernetes does', () => {
    expect(macFromIp('100.64.0.4')).toBe('0a:58:64:40:00:04');
    expect(macFromIp('fd98::4')).toBe('0a:58:00:00:00:04');
  });
});
