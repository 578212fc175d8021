// lock / steal / unlock between two sessions, with the locked and stolen notifications, and the
// assert operation that depends on them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  connect,
  NotOwnerError,
  type OvsdbClient,
  type OvsdbNotification,
  OvsdbSyntaxError,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const fixture = (f: string) => join(import.meta.dirname, '..', 'fixtures', f);

/** Resolves with the next notification of `kind`. */
function next(client: OvsdbClient, kind: OvsdbNotification['kind']): Promise<OvsdbNotification> {
  return new Promise((resolve) => {
    const off = client.onNotification((n) => {
      if (n.kind === kind) {
        off();
        resolve(n);
      }
    });
  });
}

describe('locks against ovsdb-server', () => {
  let server: OvsdbServer;
  let a: OvsdbClient;
  let b: OvsdbClient;
  const assertLock = (c: OvsdbClient, lock: string) =>
    c.transact('Proto', [
      { op: 'assert', lock },
      { op: 'comment', comment: 'holder' },
    ]);

  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: [fixture('protocol.ovsschema')] });
    a = await connect({ remote: server.remote });
    b = await connect({ remote: server.remote });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it('lock is granted to the first client; the second waits and gets "locked" on unlock', async () => {
    expect(await a.lock('L')).toBe(true);
    expect(await b.lock('L')).toBe(false);
    await expect(assertLock(b, 'L')).rejects.toBeInstanceOf(NotOwnerError);
    expect(await assertLock(a, 'L')).toEqual([{}, {}]);
    const granted = next(b, 'locked');
    await a.unlock('L');
    expect(await granted).toEqual({ kind: 'locked', lockName: 'L' });
    expect(await assertLock(b, 'L')).toEqual([{}, {}]);
    await expect(assertLock(a, 'L')).rejects.toBeInstanceOf(NotOwnerError);
  });

  it('steal takes the lock; the previous owner gets "stolen"', async () => {
    // b holds L from the previous test.
    const stolen = next(b, 'stolen');
    expect(await a.steal('L')).toBe(true);
    expect(await stolen).toEqual({ kind: 'stolen', lockName: 'L' });
    expect(await assertLock(a, 'L')).toEqual([{}, {}]);
    await expect(assertLock(b, 'L')).rejects.toBeInstanceOf(NotOwnerError);
    await a.unlock('L');
    await b.unlock('L');
  });

  it('steal while the same session still has a lock request is refused', async () => {
    expect(await a.lock('M')).toBe(true);
    const err = await a.steal('M').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OvsdbSyntaxError);
    expect((err as OvsdbSyntaxError).details).toMatch(/must issue "unlock" before new "steal"/);
    await a.unlock('M');
  });

  it('a lock held by a client that disconnects passes to the waiter', async () => {
    const c = await connect({ remote: server.remote });
    expect(await c.lock('N')).toBe(true);
    expect(await a.lock('N')).toBe(false);
    const granted = next(a, 'locked');
    await c.close();
    expect(await granted).toEqual({ kind: 'locked', lockName: 'N' });
    await a.unlock('N');
  });
});
