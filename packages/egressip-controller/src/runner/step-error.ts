// Which step of the controller an error came from, for the `step` label of the error counter.
// Errors are tagged as they pass a step boundary, not wrapped: their type (TerminalError, ...)
// and message stay what the work queue and the logs expect.
import type { FailingStep } from '../ops/metrics.js';

const steps = new WeakMap<object, FailingStep>();

/** Runs `fn`; an error it throws is tagged with `step` (the innermost step wins). */
export async function inStep<T>(step: FailingStep, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (typeof err === 'object' && err !== null && !steps.has(err)) steps.set(err, step);
    throw err;
  }
}

export function stepOf(err: unknown, fallback: FailingStep): FailingStep {
  return (typeof err === 'object' && err !== null && steps.get(err)) || fallback;
}
