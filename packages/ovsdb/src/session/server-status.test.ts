import { describe, expect, it } from '@jest/globals';
import { acceptServer, type ClusterMemory, serverDbInfo } from './server-status.js';

const member = (over: Record<string, unknown>) =>
  serverDbInfo({
    name: 'OVN_Northbound',
    model: 'clustered',
    connected: true,
    leader: true,
    index: 10,
    cid: 'c1',
    ...over,
  });

describe('acceptServer', () => {
  it('accepts a standalone server and a connected leader, remembering index and cluster id', () => {
    const mem: ClusterMemory = { minIndex: 0, cid: undefined };
    expect(
      acceptServer(
        serverDbInfo({ name: 'db', model: 'standalone', connected: true, leader: true }),
        mem,
        true,
      ).ok,
    ).toBe(true);
    expect(acceptServer(member({}), mem, true)).toEqual({ ok: true });
    expect(mem).toEqual({ minIndex: 10, cid: 'c1' });
  });

  it('refuses followers (unless allowed), relays, members cut off from the cluster, and says why', () => {
    const mem: ClusterMemory = { minIndex: 0, cid: undefined };
    expect(acceptServer(member({ leader: false }), mem, true)).toEqual({
      ok: false,
      reason: 'the member is not the leader',
    });
    expect(acceptServer(member({ leader: false }), mem, false).ok).toBe(true);
    expect(acceptServer(member({ model: 'relay', leader: false }), mem, true).reason).toMatch(/relay/);
    expect(acceptServer(member({ connected: false }), mem, false)).toEqual({
      ok: false,
      reason: 'the member is not connected to its cluster',
    });
    expect(acceptServer(undefined, mem, false).reason).toMatch(/does not serve/);
  });

  it('never accepts a stale member (index behind what was seen) nor one of another cluster', () => {
    const mem: ClusterMemory = { minIndex: 0, cid: undefined };
    acceptServer(member({ index: 50 }), mem, true);
    expect(acceptServer(member({ index: 49 }), mem, false)).toEqual({
      ok: false,
      reason: 'stale member: its index 49 is behind 50 already seen',
    });
    expect(acceptServer(member({ index: 60, cid: 'c2' }), mem, false).reason).toMatch(/cluster c2, not c1/);
    expect(acceptServer(member({ index: 50 }), mem, false).ok).toBe(true);
    expect(mem.minIndex).toBe(50);
  });
});
