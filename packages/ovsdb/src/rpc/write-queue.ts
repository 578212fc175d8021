// Outgoing messages of one connection: everything queued in one turn goes out in one write, a
// long burst starts writing before the tick ends (so the server works while the caller still
// queues), and nothing is written while the transport asks us to wait for 'drain'.
import type { Transport } from '../transport/transport.js';

/** Who is told that a message reached the transport (a pending request: "may have executed"). */
export interface WriteOwner {
  sent: boolean;
}

export interface QueuedMessage {
  /** The encoded message; turned into bytes per batch, not per message. */
  readonly text: string;
  readonly owner: WriteOwner | undefined;
  /** Set to drop the message if it has not been written yet (an aborted request). */
  dropped: boolean;
  /** A reply to the peer's request (counted in `queuedReplyChars`). */
  readonly reply: boolean;
}

// Keep single writes moderate so one flush does not build a huge temporary buffer.
const MAX_WRITE_CHARS = 256 * 1024;

export class WriteQueue {
  private items: QueuedMessage[] = [];
  private chars = 0;
  private replyChars = 0;
  private scheduled = false;
  private blocked = false;
  private stopped = false;

  constructor(
    private readonly transport: Transport,
    private readonly counters: { bytesOut: number; messagesOut: number },
  ) {}

  /** Characters of replies to the peer waiting to be written (the peer is not reading them). */
  get queuedReplyChars(): number {
    return this.replyChars;
  }

  push(text: string, owner: WriteOwner | undefined, reply = false): QueuedMessage {
    const item: QueuedMessage = { text, owner, dropped: false, reply };
    if (this.stopped) return item;
    this.items.push(item);
    this.chars += text.length;
    if (reply) this.replyChars += text.length;
    if (this.chars >= MAX_WRITE_CHARS) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      // nextTick, not queueMicrotask: called from a promise continuation (a pipeline refilling
      // its window as replies resolve), it runs once every pending continuation has run, so the
      // whole burst goes out in one write; and it allocates no AsyncResource per flush.
      process.nextTick(this.flushScheduled);
    }
    return item;
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** The transport drained: write what waited. */
  drained(): void {
    this.blocked = false;
    this.flush();
  }

  /** Drops everything not yet written; later pushes are ignored. */
  stop(): void {
    this.stopped = true;
    this.items = [];
    this.chars = 0;
    this.replyChars = 0;
  }

  flush(): void {
    while (!this.blocked && !this.stopped && this.items.length > 0) {
      const batch: string[] = [];
      let chars = 0;
      let n = 0;
      while (n < this.items.length && chars < MAX_WRITE_CHARS) {
        const item = this.items[n++] as QueuedMessage;
        this.chars -= item.text.length;
        if (item.reply) this.replyChars -= item.text.length;
        if (item.dropped) continue;
        batch.push(item.text);
        chars += item.text.length;
        if (item.owner) item.owner.sent = true;
      }
      this.items = n === this.items.length ? [] : this.items.slice(n);
      if (batch.length === 0) continue;
      const bytes = Buffer.from(batch.length === 1 ? (batch[0] as string) : batch.join(''));
      this.counters.bytesOut += bytes.length;
      this.counters.messagesOut += batch.length;
      if (!this.transport.write(bytes)) this.blocked = true;
    }
  }
}
