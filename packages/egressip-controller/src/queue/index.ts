// queue/: deduplicating, per-key-exclusive work queue with backoff. Imports nothing else from this package.
export { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.js';
export { type Clock, FakeClock, systemClock, type TimerHandle } from './clock.js';
export {
  type HandlerResult,
  type KeyHandler,
  QueueShutdownError,
  TerminalError,
  WorkQueue,
  type WorkQueueOptions,
} from './work-queue.js';
