// Two in-process Transports wired back to back, for tests and fakes. Delivery is asynchronous (as
// with a socket) and `highWaterMark` makes write() return false so backpressure can be exercised.
import type { Transport, TransportHandlers } from './transport.js';

/** Options of {@link createMemoryTransportPair}. */
export interface MemoryTransportOptions {
  /** Bytes in flight after which write() returns false until the peer has received them (default 64 KiB). */
  highWaterMark?: number;
}

class MemoryEnd implements Transport {
  peer!: MemoryEnd;
  private handlers: TransportHandlers | undefined;
  private inbox: Uint8Array[] = [];
  private closed = false;
  private closeError: Error | undefined;
  private inFlight = 0;
  private needDrain = false;
  private scheduled = false;

  constructor(
    readonly description: string,
    private readonly highWaterMark: number,
  ) {}

  attach(h: TransportHandlers): void {
    if (this.handlers) throw new Error('transport already attached');
    this.handlers = h;
    this.schedule();
    if (this.closed) setImmediate(() => h.close(this.closeError));
  }

  write(chunk: Uint8Array): boolean {
    if (this.closed) return true;
    // Copy: the caller may reuse its buffer, and we promise never to.
    this.peer.receive(Uint8Array.from(chunk));
    this.inFlight += chunk.length;
    if (this.inFlight > this.highWaterMark) this.needDrain = true;
    return !this.needDrain;
  }

  end(): void {
    this.peer.remoteClosed();
    this.finish(undefined);
  }

  destroy(error?: Error): void {
    this.peer.remoteClosed();
    this.finish(error);
  }

  private receive(chunk: Uint8Array): void {
    if (this.closed) return;
    this.inbox.push(chunk);
    this.schedule();
  }

  private remoteClosed(): void {
    setImmediate(() => this.finish(undefined));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.handlers) return;
      for (const chunk of this.inbox.splice(0)) {
        if (this.closed) break;
        this.handlers.data(chunk);
        this.peer.delivered(chunk.length);
      }
    });
  }

  private delivered(n: number): void {
    this.inFlight -= n;
    if (this.needDrain && this.inFlight <= this.highWaterMark) {
      this.needDrain = false;
      this.handlers?.drain();
    }
  }

  private finish(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    const h = this.handlers;
    if (h) setImmediate(() => h.close(this.closeError));
  }
}

/** Returns two connected transports: bytes written to one arrive at the other. */
export function createMemoryTransportPair(opts: MemoryTransportOptions = {}): [Transport, Transport] {
  const hwm = opts.highWaterMark ?? 64 * 1024;
  const a = new MemoryEnd('memory:a', hwm);
  const b = new MemoryEnd('memory:b', hwm);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
