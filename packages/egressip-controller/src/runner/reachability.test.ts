import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { makeNode } from '../../test/fake-apiserver/objects.js';
import type { ClusterView, Node } from '../api/types.js';
import type { Clock } from '../queue/clock.js';
import { type DialFn, probeNode, ReachabilityMonitor, tcpDial } from './reachability.js';

/** A clock where every timer fires at once, moving time forward by its delay. */
function autoClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    setTimeout: (fn: () => void, ms: number) => {
      c.t += ms;
      queueMicrotask(fn);
      return { id: 0 };
    },
    clearTimeout: () => {},
  };
  return c;
}

function failingDial(clock: { t: number }, log: number[]): DialFn {
  return async (_ip, _port, timeout) => {
    log.push(timeout);
    clock.t += timeout;
    return false;
  };
}

describe('probeNode (upstream isReachableLegacy timing)', () => {
  it('T=1: 700/#IPs ms first, then 100/#IPs ms, 100 ms apart, for one second', async () => {
    const clock = autoClock();
    const log: number[] = [];
    expect(await probeNode(['127.0.1.2', '127.0.2.2'], 1, failingDial(clock, log), 9, clock)).toBe(false);
    expect(log).toEqual([350, 350, 50, 50]);
    expect(clock.t).toBe(1000);
  });

  it('T=2: 900/#IPs ms per attempt', async () => {
    const clock = autoClock();
    const log: number[] = [];
    expect(await probeNode(['127.0.1.2'], 2, failingDial(clock, log), 9, clock)).toBe(false);
    expect(log).toEqual([900, 900]);
  });

  it('T=0 never dials; no management IP means unreachable', async () => {
    const never: DialFn = async () => {
      throw new Error('must not dial');
    };
    expect(await probeNode([], 0, never, 9)).toBe(true);
    expect(await probeNode([], 1, never, 9)).toBe(false);
  });

  it('stops at the first IP that answers', async () => {
    const tried: string[] = [];
    const dial: DialFn = async (ip) => {
      tried.push(ip);
      return ip === '127.0.2.2';
    };
    expect(await probeNode(['127.0.1.2', '127.0.2.2', '127.0.3.2'], 1, dial, 9, autoClock())).toBe(true);
    expect(tried).toEqual(['127.0.1.2', '127.0.2.2']);
  });
});

describe('tcpDial on loopback', () => {
  it('counts a listening port and a refused connection as reachable', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    expect(await tcpDial('127.0.0.1', port, 500)).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    // Nothing listens any more: ECONNREFUSED, which upstream treats as "the node is up".
    expect(await tcpDial('127.0.0.1', port, 500)).toBe(true);
  });
});

describe('ReachabilityMonitor', () => {
  it('probes labelled, ready nodes on their management IPs and reports transitions', async () => {
    const nodes: Node[] = [
      makeNode({ name: 'a', v4: '192.168.1.1/24', subnet: '127.0.1.0/24' }),
      makeNode({ name: 'b', v4: '192.168.1.2/24', subnet: '127.0.2.0/24' }),
      makeNode({ name: 'unlabelled', v4: '192.168.1.3/24', subnet: '127.0.3.0/24', labelled: false }),
      makeNode({ name: 'notready', v4: '192.168.1.4/24', subnet: '127.0.4.0/24', ready: false }),
    ];
    const view = { nodes: () => nodes } as unknown as ClusterView;
    const down = new Set<string>();
    const dialed: string[] = [];
    const transitions: string[] = [];
    const m = new ReachabilityMonitor(view, {
      totalTimeoutSeconds: 1,
      clock: autoClock(),
      dial: async (ip) => {
        dialed.push(ip);
        return !down.has(ip);
      },
      onTransition: (node, ok) => transitions.push(`${node}:${ok}`),
    });
    await m.probeAll();
    expect(dialed.sort()).toEqual(['127.0.1.2', '127.0.2.2']);
    expect([...m.verdicts]).toEqual([
      ['a', true],
      ['b', true],
    ]);
    down.add('127.0.2.2');
    await m.probeAll();
    expect(transitions).toEqual(['b:false']);
    down.clear();
    await m.probeAll();
    expect(transitions).toEqual(['b:false', 'b:true']);
    nodes.splice(1, 1);
    await m.probeAll();
    expect([...m.verdicts.keys()]).toEqual(['a']);
  });

  it('is disabled with a zero budget', async () => {
    const m = new ReachabilityMonitor({ nodes: () => [] } as unknown as ClusterView, {
      totalTimeoutSeconds: 0,
    });
    expect(m.enabled).toBe(false);
    await m.start();
    await m.stop();
  });
});
