// Property: for random Northbound contents, ovnkit prints exactly what the real ovn-nbctl prints
// (show, show NAME|UUID, lr-nat-list, lr-policy-list, list, find), byte for byte, including errors.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, rawCall, startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';
import { clearNb, nbctl } from './helpers/nb-fixture.js';
import { ovnkit } from './helpers/run-cli.js';

let server: OvsdbServer;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
});
afterAll(async () => {
  await server?.stop();
});

// Odd names: spaces, quotes, backslashes, unicode, look-alikes of keywords and UUIDs, empty.
const oddText = fc.oneof(
  fc.constantFrom(
    '',
    'a b',
    'q"uote',
    "it's",
    'back\\slash',
    'ünïcødé',
    '日本語',
    'emoji😀',
    'true',
    'tab\tx',
    'line\nbreak',
    'x=y',
    '{a}',
    '[b]',
    'c,d',
    '-dash',
    '_under',
    '123',
    'a.b-c_d',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const uniq = (base: string, i: number): string => `${base}#${i}`;
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
const ipv6 = fc.oneof(
  fc.constantFrom(
    'fd00::1',
    'fd00:0:0:0:0:0:0:5',
    '::',
    '::1',
    'FD00::A',
    '2001:db8::8:800:200c:417a',
    '::ffff:10.0.0.1',
    'fe80::0:1',
  ),
  fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((w) => w.map((x) => x.toString(16)).join(':')),
);
const ipOrCidr = fc.oneof(
  ipv4,
  ipv6,
  fc.tuple(ipv4, fc.nat(32)).map(([a, p]) => `${a}/${p}`),
  fc.tuple(ipv6, fc.nat(128)).map(([a, p]) => `${a}/${p}`),
  fc.constantFrom('not-an-ip', ''),
);
const mac = fc
  .array(fc.nat(255), { minLength: 6, maxLength: 6 })
  .map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':'));
const extIds = (key: string) =>
  fc.option(fc.dictionary(fc.constantFrom(key, 'k8s.ovn.org/name', 'other'), oddText, { maxKeys: 2 }), {
    nil: undefined,
  });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const lsp = fc.record({
  name: oddText,
  type: fc.constantFrom('', '', 'router', 'localnet', 'localport', 'vtep', 'odd type'),
  parent: maybe(oddText),
  tag: maybe(fc.integer({ min: 1, max: 4095 })),
  addresses: fc.oneof(
    fc.constant(['router']),
    fc.uniqueArray(
      fc.oneof(
        fc.constantFrom('router', 'dynamic', 'unknown'),
        fc.tuple(mac, ipv4).map(([m, i]) => `${m} ${i}`),
        fc.tuple(mac, ipv4, ipv6).map(([m, i, j]) => `${m} ${i} ${j}`),
        oddText,
      ),
      { maxLength: 3 },
    ),
  ),
  routerPort: maybe(oddText),
  externalIds: extIds('neutron:port_name'),
});
const gwChassis = fc.record({
  name: oddText,
  chassis: oddText,
  priority: fc.integer({ min: 0, max: 32767 }),
});
const lrp = fc.record({
  name: oddText,
  mac: fc.oneof(mac, oddText),
  networks: fc.uniqueArray(ipOrCidr, { minLength: 1, maxLength: 3 }),
  routeTable: maybe(oddText),
  gateways: fc.array(gwChassis, { maxLength: 3 }),
});
const nat = fc.record({
  type: fc.constantFrom('snat', 'dnat', 'dnat_and_snat'),
  externalIp: fc.oneof(ipv4, ipv6, oddText),
  logicalIp: ipOrCidr,
  portRange: fc.constantFrom('', '', '1000-2000', '32768-60999'),
  externalMac: maybe(fc.oneof(mac, oddText)),
  logicalPort: maybe(oddText),
  gatewayPortIndex: maybe(fc.nat(3)),
  externalIds: extIds('k8s.ovn.org/id'),
});
const policy = fc.record({
  priority: fc.integer({ min: 0, max: 32767 }),
  match: fc.oneof(
    oddText,
    fc.constantFrom(
      'ip4.src == 10.0.0.5',
      'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
      'pkt.mark == 42',
      'ip6.src == fd00::5',
    ),
  ),
  action: fc.constantFrom('allow', 'drop', 'reroute'),
  nexthops: fc.uniqueArray(ipOrCidr, { maxLength: 3 }),
  options: fc.dictionary(
    fc.constantFrom('pkt_mark', 'a', 'b', 'zz', 'k8s'),
    fc.oneof(fc.constantFrom('1008', '1009'), oddText),
    { maxKeys: 3 },
  ),
});
const nbContent = fc.record({
  switches: fc.array(
    fc.record({
      name: oddText,
      externalIds: extIds('neutron:network_name'),
      ports: fc.array(lsp, { maxLength: 4 }),
    }),
    { maxLength: 6 },
  ),
  routers: fc.array(
    fc.record({
      name: fc.oneof(oddText, fc.constantFrom('r', 'r')),
      externalIds: extIds('neutron:router_name'),
      ports: fc.array(lrp, { maxLength: 3 }),
      nats: fc.array(nat, { maxLength: 4 }),
      policies: fc.array(policy, { maxLength: 4 }),
    }),
    { maxLength: 5 },
  ),
  addressSets: fc.array(fc.record({ name: oddText, addresses: fc.uniqueArray(ipOrCidr, { maxLength: 4 }) }), {
    maxLength: 3,
  }),
});
type NbContent = typeof nbContent extends fc.Arbitrary<infer T> ? T : never;

const map = (o: Record<string, string> | undefined): unknown => ['map', Object.entries(o ?? {})];
const set = (xs: readonly unknown[]): unknown => ['set', xs];
const opt = (x: unknown): unknown => (x === undefined ? ['set', []] : x);
const named = (n: string): unknown => ['named-uuid', n];

/** One transaction that creates everything (named UUIDs tie rows together). */
function toOps(c: NbContent): unknown[] {
  const ops: unknown[] = [];
  let n = 0;
  const id = () => `row${n++}`;
  let portNo = 0;
  for (const ls of c.switches) {
    const ports = ls.ports.map((p) => {
      const u = id();
      const options: Record<string, string> =
        p.routerPort === undefined ? {} : { 'router-port': p.routerPort };
      ops.push({
        op: 'insert',
        table: 'Logical_Switch_Port',
        'uuid-name': u,
        row: {
          name: uniq(p.name, portNo++),
          type: p.type,
          parent_name: opt(p.parent),
          tag: opt(p.tag),
          addresses: set(p.addresses),
          options: map(options),
          external_ids: map(p.externalIds),
        },
      });
      return named(u);
    });
    ops.push({
      op: 'insert',
      table: 'Logical_Switch',
      row: { name: ls.name, external_ids: map(ls.externalIds), ports: set(ports) },
    });
  }
  let gcNo = 0;
  for (const lr of c.routers) {
    const portIds = lr.ports.map((p) => {
      const gcs = p.gateways.map((g) => {
        const u = id();
        ops.push({
          op: 'insert',
          table: 'Gateway_Chassis',
          'uuid-name': u,
          row: { name: uniq(g.name, gcNo++), chassis_name: g.chassis, priority: g.priority },
        });
        return named(u);
      });
      const u = id();
      ops.push({
        op: 'insert',
        table: 'Logical_Router_Port',
        'uuid-name': u,
        row: {
          name: uniq(p.name, portNo++),
          mac: p.mac,
          networks: set(p.networks),
          options: map(p.routeTable === undefined ? {} : { route_table: p.routeTable }),
          gateway_chassis: set(gcs),
        },
      });
      return u;
    });
    const nats = lr.nats.map((x) => {
      const u = id();
      const gw =
        x.gatewayPortIndex !== undefined && portIds[x.gatewayPortIndex]
          ? named(portIds[x.gatewayPortIndex]!)
          : ['set', []];
      ops.push({
        op: 'insert',
        table: 'NAT',
        'uuid-name': u,
        row: {
          type: x.type,
          external_ip: x.externalIp,
          logical_ip: x.logicalIp,
          external_port_range: x.portRange,
          external_mac: opt(x.externalMac),
          logical_port: opt(x.logicalPort),
          gateway_port: gw,
          external_ids: map(x.externalIds),
          options: map({ stateless: 'false' }),
        },
      });
      return named(u);
    });
    const policies = lr.policies.map((p) => {
      const u = id();
      ops.push({
        op: 'insert',
        table: 'Logical_Router_Policy',
        'uuid-name': u,
        row: {
          priority: p.priority,
          match: p.match,
          action: p.action,
          nexthops: set(p.nexthops),
          options: map(p.options),
        },
      });
      return named(u);
    });
    ops.push({
      op: 'insert',
      table: 'Logical_Router',
      row: {
        name: lr.name,
        external_ids: map(lr.externalIds),
        ports: set(portIds.map(named)),
        nat: set(nats),
        policies: set(policies),
      },
    });
  }
  c.addressSets.forEach((a, i) => {
    ops.push({
      op: 'insert',
      table: 'Address_Set',
      row: { name: uniq(a.name, i), addresses: set(a.addresses) },
    });
  });
  return ops;
}

async function same(db: string, args: string[]): Promise<void> {
  const want = await nbctl(db, ...args);
  const got = await ovnkit(['--db', db, ...args]);
  const label = JSON.stringify(args);
  expect({ label, out: got.bytes }).toEqual({ label, out: want.stdout });
  expect({ label, failed: got.code !== 0 }).toEqual({ label, failed: want.code !== 0 });
  if (want.code !== 0) expect(got.stderr).toContain(want.stderr.replace(/^ovn-nbctl: /, '').trim());
}

it('ovnkit and ovn-nbctl print the same bytes for random NB databases', async () => {
  const db = server.remote;
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(nbContent, async (content) => {
      cases++;
      await clearNb(db);
      const res = (await rawCall(db, 'transact', ['OVN_Northbound', ...toOps(content)], {
        timeoutMs: 20000,
      })) as Array<{ error?: string; details?: string } | null>;
      const bad = res.find((r) => r?.error);
      if (bad) throw new Error(`loading the case failed: ${bad.error}: ${bad.details}`);
      await same(db, ['show']);
      const uuids = JSON.parse((await ovnkit(['--db', db, '-f', 'json', 'show'])).stdout) as {
        switches: Array<{ uuid: string; name: string }>;
        routers: Array<{ uuid: string; name: string }>;
      };
      for (const ls of uuids.switches.slice(0, 3)) {
        await same(db, ['show', ls.name]);
        await same(db, ['show', ls.uuid.toUpperCase()]);
      }
      for (const lr of uuids.routers.slice(0, 3)) {
        await same(db, ['show', lr.uuid]);
        await same(db, ['show', lr.name]);
        await same(db, ['lr-nat-list', lr.uuid]);
        await same(db, ['lr-policy-list', lr.name]);
      }
      for (const t of [
        'NAT',
        'Logical_Router_Policy',
        'Address_Set',
        'Logical_Router',
        'Logical_Switch_Port',
      ])
        await same(db, ['list', t]);
      await same(db, ['find', 'NAT', 'type=snat']);
      await same(db, ['--bare', '--columns=name,nat', 'find', 'Logical_Router', 'nat!=[]']);
    }),
    { numRuns: Number(process.env.OVNKIT_PROPERTY_RUNS ?? 30), endOnFailure: true },
  );
  expect(cases).toBeGreaterThan(0);
}, 600000);
