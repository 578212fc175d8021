// Narration for the demo: numbered steps with their duration and indented details. On a
// terminal a spinner line with the elapsed time sits under the current step while it runs;
// piped output gets the same lines without it.

export interface NarratorOptions {
  readonly out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force the spinner on or off (default: on when `out` is a TTY). */
  readonly spinner?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\x1b[2K';

export interface Narrator {
  /** Runs one step: prints its title, a spinner while it runs (TTY), then its duration. */
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
  let spinner: { t0: number; frame: number; timer: NodeJS.Timeout } | undefined;
  const drawSpinner = () => {
    if (spinner)
      out.write(
        `${CLEAR_LINE}    ${FRAMES[spinner.frame % FRAMES.length]} ${formatMs(Date.now() - spinner.t0)}`,
      );
  };
  // Lines go above the spinner: erase it, write, draw it again.
  const write = (line: string) => {
    if (spinner) out.write(CLEAR_LINE);
    out.write(`${line}\n`);
    drawSpinner();
  };
  const stopSpinner = () => {
    if (!spinner) return;
    clearInterval(spinner.timer);
    spinner = undefined;
    out.write(CLEAR_LINE);
  };
  return {
    async step(title, fn) {
      n += 1;
      const t0 = Date.now();
      write(`[${n}] ${title}`);
      if (spin) {
        spinner = {
          t0,
          frame: 0,
          timer: setInterval(() => {
            if (!spinner) return;
            spinner.frame += 1;
            drawSpinner();
          }, 100),
        };
        drawSpinner();
      }
      try {
        const result = await fn();
        stopSpinner();
        write(`    done in ${formatMs(Date.now() - t0)}`);
        return result;
      } catch (err) {
        stopSpinner();
        write(`    FAILED after ${formatMs(Date.now() - t0)}`);
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
