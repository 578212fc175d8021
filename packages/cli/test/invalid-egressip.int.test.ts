// Invalid EgressIP objects are rejected with a word (issue 16 item 7), through a real
// `controller --once`: a selector with an unknown operator or `In` without values, and
// spec.egressIPs holding a number or null, each get a Warning event naming the problem and no
// IP; the valid object next to them is assigned as usual.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startCli } from './helpers/cli-process.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-invalid-'));
  cpSync(join(examples, 'nodes'), join(dir, 'manifests', 'nodes'), { recursive: true });
  const eip = (name: string, ips: string, extra = '') =>
    `apiVersion: k8s.ovn.org/v1\nkind: EgressIP\nmetadata:\n  name: ${name}\nspec:\n  egressIPs: ${ips}\n  namespaceSelector:\n    matchLabels:\n      house: simpson\n${extra}`;
  writeFileSync(
    join(dir, 'manifests', 'egressips.yaml'),
    [
      eip('good', '["192.168.126.100"]'),
      eip(
        'bad-operator',
        '["192.168.126.101"]',
        '  podSelector:\n    matchExpressions:\n      - {key: app, operator: Foo}\n',
      ),
      eip(
        'in-without-values',
        '["192.168.126.102"]',
        '  podSelector:\n    matchExpressions:\n      - {key: app, operator: In, values: []}\n',
      ),
      eip('number-ip', '[1234]'),
      eip('null-ip', '[null]'),
    ].join('---\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('invalid selectors and IPs get a Warning event and no IP', async () => {
  const p = startCli([
    'controller',
    '--no-nb',
    '--manifests',
    join(dir, 'manifests'),
    '--status-file',
    join(dir, 'status.yaml'),
    '--once',
    '--format',
    'json',
  ]);
  await p.exitWithin(30_000);
  const summary = JSON.parse(p.stdout()) as {
    status: Record<string, Array<{ egressIP: string }>>;
    events: Array<{ egressIP: string; type: string; reason: string; message: string }>;
  };
  expect(summary.status.good).toEqual([expect.objectContaining({ egressIP: '192.168.126.100' })]);
  const warned = (name: string) =>
    summary.events.filter(
      (e) => e.egressIP === name && e.type === 'Warning' && e.reason === 'InvalidEgressIP',
    );
  for (const [name, says] of [
    ['bad-operator', /unknown operator "Foo" on app/],
    ['in-without-values', /operator In on app needs values/],
    ['number-ip', /1234/],
    ['null-ip', /null/],
  ] as const) {
    expect({ name, status: summary.status[name] ?? [] }).toEqual({ name, status: [] });
    expect({ name, events: warned(name).map((e) => e.message) }).toEqual({
      name,
      events: [expect.stringMatching(says)],
    });
  }
  expect(p.stderr()).not.toMatch(/TypeError/);
}, 40_000);
