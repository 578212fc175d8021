import { describe, expect, it } from '@jest/globals';
import { RequestDeadlines } from './request-deadlines.js';

interface Req {
  name: string;
  deadline: number;
}
// Deadlines are offsets from one instant taken per test, so a pause between building two requests
// (GC, a loaded machine) cannot reorder them.
const req = (name: string, inMs: number, from = performance.now()): Req => ({ name, deadline: from + inMs });
const refedTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('RequestDeadlines', () => {
  it('fails each request that is still waiting once, in deadline order, whatever the order added', async () => {
    const fired: string[] = [];
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => {
      allDone = resolve;
    });
    const d = new RequestDeadlines<Req>((r) => {
      fired.push(r.name);
      if (r.name === 'last') allDone();
    });
    const t0 = performance.now();
    const settled = req('settled', 15, t0);
    d.add(req('last', 40, t0));
    d.add(req('first', 5, t0));
    d.add(settled);
    d.add(req('second', 20, t0));
    d.delete(settled); // its reply came: never reported, although the timer was armed for it
    await done;
    // 'settled' would have come before 'last': it never fires.
    expect(fired).toEqual(['first', 'second', 'last']);
    d.clear();
  });

  it('keeps the process alive only while a request waits, and clear() stops everything', async () => {
    const fired: string[] = [];
    const d = new RequestDeadlines<Req>((r) => fired.push(r.name));
    const before = refedTimers();
    const a = req('a', 60_000);
    d.add(a);
    expect(refedTimers()).toBe(before + 1);
    d.delete(a);
    expect(refedTimers()).toBe(before);
    const b = req('b', 60_000);
    d.add(b); // later deadline than the armed timer: the same timer holds again
    expect(refedTimers()).toBe(before + 1);
    d.clear();
    expect(refedTimers()).toBe(before);
    expect(fired).toEqual([]);
  });
});
