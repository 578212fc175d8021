import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { renderShow } from '../src/render/show.js';
import { nbctl, readSnapshot } from './helpers/nb-fixture.js';

let server: OvsdbServer;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
});
afterAll(async () => {
  await server?.stop();
});

it('renders show like ovn-nbctl for a small topology', async () => {
  const r = server.remote;
  const args: string[] = [];
  for (let i = 0; i < 40; i++)
    args.push(
      '--',
      'ls-add',
      `sw${i}`,
      '--',
      'lsp-add',
      `sw${i}`,
      `p${i}`,
      '--',
      'lsp-set-addresses',
      `p${i}`,
      `00:00:00:00:00:${(i + 16).toString(16)} 10.0.${i}.2`,
      'router',
    );
  for (let i = 0; i < 20; i++)
    args.push(
      '--',
      'lr-add',
      `r${i}`,
      '--',
      'lrp-add',
      `r${i}`,
      `rp${i}`,
      `00:00:00:00:01:${(i + 16).toString(16)}`,
      `10.1.${i}.1/24`,
      `fd00::${i}/64`,
      '--',
      'lr-nat-add',
      `r${i}`,
      'snat',
      `1.2.3.${i}`,
      `10.1.${i}.0/24`,
    );
  args.push(
    '--',
    'lrp-set-gateway-chassis',
    'rp0',
    'ch1',
    '10',
    '--',
    'lrp-set-gateway-chassis',
    'rp0',
    'ch2',
    '20',
  );
  const res = await nbctl(r, ...args.slice(1));
  expect(res.stderr).toBe('');
  const snap = await readSnapshot(r);
  const want = await nbctl(r, 'show');
  expect(renderShow(snap)).toBe(want.stdout);
  expect(renderShow(snap, 'sw3')).toBe((await nbctl(r, 'show', 'sw3')).stdout);
  expect(renderShow(snap, 'r0')).toBe((await nbctl(r, 'show', 'r0')).stdout);
});

it('renders lr-nat-list, lr-policy-list, list and find like ovn-nbctl', async () => {
  const r = server.remote;
  const { readSchema } = await import('./helpers/nb-fixture.js');
  const { natListFor, policyListFor } = await import('../src/render/lr-lists.js');
  const { selectList, selectFind, renderListResult } = await import('../src/render/db-list.js');
  const { fromBytes } = await import('../src/ovsdb-text/c-format.js');
  const res = await nbctl(
    r,
    'lr-add',
    'rx',
    '--',
    'lr-nat-add',
    'rx',
    'dnat_and_snat',
    '172.16.0.1',
    '10.0.0.3',
    'p1',
    '00:00:00:00:00:01',
    '--',
    'lr-nat-add',
    'rx',
    'snat',
    '172.16.0.2',
    '10.0.0.0/24',
    '--',
    'lr-nat-add',
    'rx',
    'dnat',
    '172.16.0.3',
    '10.0.0.9',
    '--',
    'lr-policy-add',
    'rx',
    '100',
    'ip4.src == 10.0.0.5',
    'reroute',
    '100.64.0.4,100.64.0.5',
    '--',
    'lr-policy-add',
    'rx',
    '102',
    'ip4.src == 10.0.0.0/8 && ip4.dst == 10.0.0.0/8',
    'allow',
    'pkt_mark=1008',
    '--',
    'lr-policy-add',
    'rx',
    '100',
    'ip6.src == fd00::5',
    'reroute',
    'fd00:0:0:0::1',
    '--',
    'create',
    'Address_Set',
    'name=as1',
    'addresses="10.0.0.1","10.0.0.2"',
  );
  expect(res.stderr).toBe('');
  const schema = await readSchema(r);
  const snap = await readSnapshot(r, schema);
  const latin = (s: string) => Buffer.from(fromBytes(s)).toString('latin1');
  expect(latin(natListFor(snap, 'rx'))).toBe((await nbctl(r, 'lr-nat-list', 'rx')).stdout);
  expect(latin(policyListFor(snap, 'rx'))).toBe((await nbctl(r, 'lr-policy-list', 'rx')).stdout);
  const u8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  for (const t of [
    'NAT',
    'Logical_Router_Policy',
    'Address_Set',
    'Logical_Router',
    'nat',
    'logical_router_pol',
  ]) {
    expect(u8(renderListResult(selectList(schema, snap, t, [])))).toBe((await nbctl(r, 'list', t)).stdout);
  }
  expect(
    u8(renderListResult(selectList(schema, snap, 'Logical_Router', ['rx', 'r1'], { columns: 'name,nat' }))),
  ).toBe((await nbctl(r, '--columns=name,nat', 'list', 'Logical_Router', 'rx', 'r1')).stdout);
  expect(u8(renderListResult(selectFind(schema, snap, 'NAT', ['type=snat'])))).toBe(
    (await nbctl(r, 'find', 'NAT', 'type=snat')).stdout,
  );
  expect(
    u8(
      renderListResult(
        selectFind(schema, snap, 'NAT', ['options:stateless=false'], { columns: 'external_ip' }),
        true,
      ),
    ),
  ).toBe(
    (await nbctl(r, '--bare', '--columns=external_ip', 'find', 'NAT', 'options:stateless=false')).stdout,
  );
});
