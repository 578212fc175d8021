// Narration for the demo: numbered steps with their duration, a spinner while a long step runs
// (on a terminal only; piped output gets plain lines), and indented details.

export interface NarratorOptions {
  readonly out?: NodeJS.WriteStream;
  /** Force the spinner on or off (default: on when `out` is a TTY). */
  readonly spinner?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Narrator {
  /** Runs one step: prints its title, a spinner while it runs, then its duration. */
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** An indented line under the current step. */
  detail(text: string): void;
  /** A plain paragraph. */
  say(text: string): void;
  readonly elapsedMs: () => number;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function createNarrator(o: NarratorOptions = {}): Narrator {
  const out = o.out ?? process.stdout;
  const spin = o.spinner ?? out.isTTY === true;
  const started = Date.now();
  let n = 0;
  let spinning: { title: string; timer: NodeJS.Timeout; frame: number } | undefined;
  const clearSpinner = () => {
    if (spinning) out.write('\r\x1b[2K');
  };
  const redrawSpinner = () => {
    if (spinning) out.write(`\r\x1b[2K${FRAMES[spinning.frame % FRAMES.length]} ${spinning.title}`);
  };
  const write = (line: string) => {
    clearSpinner();
    out.write(`${line}\n`);
    redrawSpinner();
  };
  return {
    async step(title, fn) {
      n += 1;
      const label = `[${n}] ${title}`;
      const t0 = Date.now();
      if (spin) {
        spinning = {
          title: label,
          frame: 0,
          timer: setInterval(() => {
            if (!spinning) return;
            spinning.frame += 1;
            redrawSpinner();
          }, 80),
        };
        redrawSpinner();
      } else out.write(`${label}\n`);
      try {
        const result = await fn();
        if (spinning) {
          clearInterval(spinning.timer);
          spinning = undefined;
          out.write(`\r\x1b[2K✔ ${label} (${formatMs(Date.now() - t0)})\n`);
        } else out.write(`    done in ${formatMs(Date.now() - t0)}\n`);
        return result;
      } catch (err) {
        if (spinning) {
          clearInterval(spinning.timer);
          spinning = undefined;
          out.write(`\r\x1b[2K✘ ${label}\n`);
        } else out.write(`    FAILED after ${formatMs(Date.now() - t0)}\n`);
        throw err;
      }
    },
    detail: (text) => {
      for (const line of text.split('\n')) write(`      ${line}`);
    },
    say: (text) => write(text),
    elapsedMs: () => Date.now() - started,
  };
}
