// Cheap capture of where a request was made: V8 records the frames now and formats them only if
// the stack is read, i.e. only when an error is actually reported.

export interface CallSite {
  readonly stack?: string;
}

export function captureCallSite(skip: (...args: never[]) => unknown): CallSite {
  const holder: CallSite = {};
  Error.captureStackTrace(holder, skip);
  return holder;
}

/** The frames of a captured call site, without the header line. */
export function callSiteFrames(site: CallSite | undefined): string | undefined {
  const stack = site?.stack;
  if (!stack) return undefined;
  const nl = stack.indexOf('\n');
  return nl < 0 ? undefined : stack.slice(nl + 1);
}

/** A call site with no frames: attaching it leaves an error's stack as it is. */
export const NO_CALL_SITE: CallSite = {};
