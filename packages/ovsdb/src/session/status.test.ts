import { describe, expect, it } from '@jest/globals';
import { SessionClosedError } from './errors.js';
import { type SessionStatus, StatusStream } from './status.js';

const st = (state: SessionStatus['state']): SessionStatus => ({ state, remote: 'unix:/x', at: 0 });

describe('StatusStream', () => {
  it('delivers every status to listeners and iterators, and ends iterators after closed', async () => {
    const s = new StatusStream(st('connecting'));
    const it = s.iterate();
    const seen: string[] = [];
    s.on((x) => seen.push(x.state));
    for (const x of ['connected', 'syncing', 'ready', 'disconnected', 'reconnecting', 'closed'] as const)
      s.emit(st(x));
    s.emit(st('ready')); // after closed: ignored
    const got: string[] = [];
    for await (const x of it) got.push(x.state);
    expect(got).toEqual([
      'connecting',
      'connected',
      'syncing',
      'ready',
      'disconnected',
      'reconnecting',
      'closed',
    ]);
    expect(seen).toEqual(got.slice(1));
    expect(s.value.state).toBe('closed');
  });

  it('waitFor resolves on a matching status and rejects with SessionClosedError on close', async () => {
    const s = new StatusStream(st('connecting'));
    const ready = s.waitFor((x) => x.state === 'ready');
    s.emit(st('ready'));
    expect((await ready).state).toBe('ready');
    const never = s.waitFor((x) => x.state === 'syncing');
    s.emit(st('closed'));
    await expect(never).rejects.toBeInstanceOf(SessionClosedError);
  });
});
