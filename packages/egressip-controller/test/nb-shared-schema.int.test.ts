// Connections to NBs of one schema (one per zone) keep one copy of it.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { openNbConnection } from '../src/nb/nb-session.js';

let servers: OvsdbServer[] = [];
beforeAll(async () => {
  servers = await Promise.all([0, 1].map(() => startOvsdbServer({ schemas: ['nb'] })));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

it('two NB connections of one schema share the schema object and both write', async () => {
  const [a, b] = await Promise.all(servers.map((s) => openNbConnection({ remote: s.remote })));
  try {
    const schema = await a!.nb.schema();
    expect(await b!.nb.schema()).toBe(schema);
    expect(Object.keys(schema.tables)).toContain('Logical_Router_Policy');
    for (const [i, c] of [a!, b!].entries()) {
      await c.nb.transact([{ op: 'insert', table: 'Address_Set', row: { name: `shared-${i}` } }]);
      expect(c.snapshot().Address_Set.map((s) => s.name)).toEqual([`shared-${i}`]);
    }
  } finally {
    await Promise.all([a?.close(), b?.close()]);
  }
});
