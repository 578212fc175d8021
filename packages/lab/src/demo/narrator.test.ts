import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createNarrator, formatMs } from './narrator.js';

function capture(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  out.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return { out, text: () => text };
}

describe('narrator', () => {
  it('piped: numbered steps, indented details, durations, no control characters', async () => {
    const c = capture(false);
    const n = createNarrator({ out: c.out });
    await n.step('first', async () => n.detail('a\nb'));
    await expect(n.step('second', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(c.text()).toMatch(
      /^\[1\] first\n {6}a\n {6}b\n {4}done in \d+ ms\n\[2\] second\n {4}FAILED after \d+ ms\n$/,
    );
  });

  it('on a terminal: a spinner line under the step, erased before every printed line', async () => {
    const c = capture(true);
    const n = createNarrator({ out: c.out });
    await n.step('slow', async () => {
      await new Promise((r) => setTimeout(r, 250));
      n.detail('half way');
    });
    const text = c.text();
    expect(text).toContain('⠋');
    // Once the control sequences are applied, only the plain lines remain.
    const visible = text.split('\n').map((l) => l.split('\r\x1b[2K').pop());
    expect(visible.slice(0, 3)).toEqual([
      '[1] slow',
      '      half way',
      expect.stringMatching(/^ {4}done in \d+ ms$/),
    ]);
  });

  it('formats durations', () => {
    expect([formatMs(12.4), formatMs(999), formatMs(1500), formatMs(61_000)]).toEqual([
      '12 ms',
      '999 ms',
      '1.5 s',
      '61.0 s',
    ]);
  });
});
