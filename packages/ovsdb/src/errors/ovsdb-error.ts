// Base class of every error this package throws, so callers can catch "anything OVSDB" in one place.
/** Base class of every error this package throws. */
export class OvsdbError extends Error {
  override name = 'OvsdbError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /**
   * Replaces the stack with the frames of the call that made the request, so an error that
   * arrives later from the socket still points at the caller's code.
   */
  attachCallSite(callSite: string | undefined): this {
    if (callSite) this.stack = `${this.name}: ${this.message}\n${callSite}`;
    return this;
  }
}
