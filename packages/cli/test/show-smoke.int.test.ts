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
  for (let i = 0; i < 40; i++) args.push('--', 'ls-add', `sw${i}`, '--', 'lsp-add', `sw${i}`, `p${i}`, '--', 'lsp-set-addresses', `p${i}`, `00:00:00:00:00:${(i + 16).toString(16)} 10.0.${i}.2`, 'router');
  for (let i = 0; i < 20; i++) args.push('--', 'lr-add', `r${i}`, '--', 'lrp-add', `r${i}`, `rp${i}`, `00:00:00:00:01:${(i + 16).toString(16)}`, `10.1.${i}.1/24`, `fd00::${i}/64`, '--', 'lr-nat-add', `r${i}`, 'snat', `1.2.3.${i}`, `10.1.${i}.0/24`);
  args.push('--', 'lrp-set-gateway-chassis', 'rp0', 'ch1', '10', '--', 'lrp-set-gateway-chassis', 'rp0', 'ch2', '20');
  const res = await nbctl(r, ...args.slice(1));
  expect(res.stderr).toBe('');
  const snap = await readSnapshot(r);
  const want = await nbctl(r, 'show');
  expect(renderShow(snap)).toBe(want.stdout);
  expect(renderShow(snap, 'sw3')).toBe((await nbctl(r, 'show', 'sw3')).stdout);
  expect(renderShow(snap, 'r0')).toBe((await nbctl(r, 'show', 'r0')).stdout);
});
