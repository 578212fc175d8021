// testkit unrefs its daemons so they never hold a test runner open; a CLI entry that awaits a
// daemon's exit therefore needs its own handle on the event loop, or Node exits mid-await (code 13).

/** Runs `fn` while holding the event loop open. */
export async function withEventLoopHeld<T>(fn: () => Promise<T>): Promise<T> {
  const handle = setInterval(() => {}, 60_000);
  try {
    return await fn();
  } finally {
    clearInterval(handle);
  }
}
