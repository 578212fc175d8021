// Splits a byte stream of back-to-back JSON texts (how OVSDB frames JSON-RPC: no delimiter, no
// length prefix) into decoded values. Each byte is looked at once: the scan state (depth, inside a
// string, after a backslash, length of the current digit run) survives across chunks, and the
// bytes of a message are kept as Buffer slices and joined once, then UTF-8-decoded once, so a
// character split across chunks stays intact and no buffer is ever rescanned. Small messages that
// arrive whole in an ASCII chunk (a transact reply, most notifications) skip the per-message
// Buffer, UTF-8 check and decode: the chunk is read as text once and each is parsed from a slice.
import { isAscii } from 'node:buffer';
import { FramingError, MessageTooLargeError } from '../errors/framing-errors.js';
import { decodeMessage, parseMessageText } from '../json/decode-message.js';
import type { JsonValue } from '../json/json-value.js';
import { RawMessage } from '../json/raw-message.js';

/** Limits on what the peer may send. */
export interface JsonSplitterOptions {
  /** Largest message accepted, in bytes (default 500 MiB, about V8's longest string). */
  maxMessageBytes?: number;
  /** Deepest nesting of arrays/objects accepted (default 64; OVSDB needs about 8). */
  maxDepth?: number;
}

// Objects up to this depth are recorded for RawMessage: a monitor_cond_since reply's rows are at 6.
const RECORD_DEPTH = 6;
// Past this many bytes from a message's start to the chunk's end, a chunk is not turned into text
// for the small-message path (its bytes are mostly a large message still arriving).
const MAX_CHUNK_TEXT = 256 * 1024;

/** Default bound on one message (500 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 500 * 1024 * 1024;
/** Default bound on JSON nesting depth. */
export const DEFAULT_MAX_DEPTH = 64;

// A run of this many digits may be an integer beyond 2^53 (9007199254740991 has 16 digits).
const LONG_DIGIT_RUN = 16;
// A digit run that can never reach LONG_DIGIT_RUN (digits after '.', 'e' or 'E').
const LONG_DIGIT_RUN_NEVER = -1e9;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Splits a byte stream into JSON messages in one pass, whatever the chunking; large integers become bigint.
 */
export class JsonSplitter {
  private readonly maxMessageBytes: number;
  private readonly maxDepth: number;
  private depth = 0;
  private inString = false;
  private escape = false;
  private digitRun = 0;
  /** [start, end) offsets, within the current message, of integer literals of 16+ digits. */
  private longIntegers: number[] = [];
  /** Offset where the current run of 16+ digits started, or -1. */
  private openLongInteger = -1;
  /** Slices of the current message from earlier chunks. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Stream offset of the first byte of the current chunk. */
  private consumed = 0;
  private messageStart = 0;
  private failed: FramingError | undefined;
  /**
   * [open, close, depth] offsets, within the current message, of its objects at depths
   * 2..RECORD_DEPTH; recorded only for a message that began in a push with `emitRaw`.
   */
  private spans: number[] = [];
  /** Whether the current message records its spans (it may be handed to emitRaw). */
  private recording = false;
  /** Index in `spans` of the open object at each depth. */
  private readonly openSpan: number[] = new Array(RECORD_DEPTH + 1).fill(-1);

  constructor(opts: JsonSplitterOptions = {}) {
    this.maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (!(this.maxMessageBytes > 0) || !(this.maxDepth > 0))
      throw new RangeError('maxMessageBytes and maxDepth must be positive');
  }

  /** Bytes of the incomplete message held right now. */
  get bufferedBytes(): number {
    return this.partBytes;
  }

  /**
   * Scans `chunk` and calls `emit` once per complete message, in order. Throws FramingError (or
   * MessageTooLargeError); after that the splitter is dead and keeps throwing the same error.
   * With `emitRaw`, a message of `rawMinBytes` or more is handed to it unparsed instead; only a
   * message that begins in a push with `emitRaw` can be (without it, no spans are recorded).
   */
  push(
    chunk: Uint8Array,
    emit: (value: JsonValue) => void,
    emitRaw?: (message: RawMessage) => void,
    rawMinBytes = Number.POSITIVE_INFINITY,
  ): void {
    if (this.failed) throw this.failed;
    try {
      this.scan(chunk, emit, emitRaw, rawMinBytes);
    } catch (err) {
      if (err instanceof FramingError) this.failed = err;
      throw err;
    }
  }

  /** The stream ended; throws FramingError if a message was cut off. */
  end(): void {
    if (this.failed) throw this.failed;
    if (this.depth > 0) {
      this.failed = new FramingError(
        `stream ended inside a message (${this.partBytes} bytes of it received)`,
        this.consumed,
      );
      throw this.failed;
    }
  }

  private scan(
    chunk: Uint8Array,
    emit: (value: JsonValue) => void,
    emitRaw: ((message: RawMessage) => void) | undefined,
    rawMinBytes: number,
  ): void {
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let afterBackslash = this.escape;
    let digitRun = this.digitRun;
    let record = this.recording;
    let start = depth > 0 ? 0 : -1;
    // The chunk from `textFrom` on as text, once a message is found whole in it (null: not ASCII).
    let text: string | null | undefined;
    let textFrom = 0;
    let i = 0;
    if (inString && afterBackslash && n > 0) {
      // The previous chunk ended with a backslash: this first byte is the escaped character.
      i = 1;
      afterBackslash = false;
    }
    while (i < n) {
      if (inString) {
        // Tight loop over string contents. UTF-8 continuation bytes are >= 0x80, so they never
        // look like a quote or a backslash.
        let c = 0;
        while (i < n) {
          c = chunk[i] as number;
          if (c === QUOTE || c === BACKSLASH) break;
          i++;
        }
        if (i >= n) break;
        if (c === QUOTE) {
          inString = false;
          i++;
        } else if (i + 1 < n) {
          i += 2; // a backslash and the character it escapes
        } else {
          afterBackslash = true;
          i++;
        }
        continue;
      }
      const c = chunk[i] as number;
      if (depth === 0) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          i++;
          continue;
        }
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          throw new FramingError(
            `expected '{' or '[' to start a message, got ${describeByte(c)}`,
            this.consumed + i,
          );
        }
        depth = 1;
        start = i;
        record = emitRaw !== undefined;
        this.messageStart = this.consumed + i;
        i++;
        continue;
      }
      if (c >= 0x30 && c <= 0x39) {
        if (++digitRun === LONG_DIGIT_RUN)
          this.openLongInteger = this.partBytes + i - start - (LONG_DIGIT_RUN - 1);
        i++;
        continue;
      }
      if (c === 0x2e || c === 0x65 || c === 0x45) {
        // '.', 'e', 'E': this number is a real (so 0.30000000000000004 keeps the fast path).
        digitRun = LONG_DIGIT_RUN_NEVER;
        this.openLongInteger = -1;
        i++;
        continue;
      }
      if (c === 0x2d || c === 0x2b) {
        // A sign starts a number or an exponent: the run state carries over.
        i++;
        continue;
      }
      if (this.openLongInteger >= 0) {
        this.longIntegers.push(this.openLongInteger, this.partBytes + i - start);
        this.openLongInteger = -1;
      }
      digitRun = 0;
      if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++depth > this.maxDepth) {
          throw new FramingError(`message nests deeper than maxDepth (${this.maxDepth})`, this.consumed + i);
        }
        if (record && c === OPEN_BRACE && depth <= RECORD_DEPTH) {
          this.openSpan[depth] = this.spans.length;
          this.spans.push(this.partBytes + i - start, -1, depth);
        }
      } else if (record && c === CLOSE_BRACE && depth <= RECORD_DEPTH && depth > 1) {
        const at = this.openSpan[depth] as number;
        if (at >= 0) this.spans[at + 1] = this.partBytes + i - start;
        this.openSpan[depth] = -1;
        depth--;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
        const end = i + 1;
        const size = this.partBytes + end - start;
        if (size > this.maxMessageBytes)
          throw new MessageTooLargeError(this.maxMessageBytes, this.consumed + i);
        const whole = this.parts.length === 0;
        const longIntegers = this.longIntegers;
        const isRaw = record && emitRaw !== undefined && size >= rawMinBytes;
        const plain = whole && !isRaw && longIntegers.length === 0;
        if (plain && text === undefined) {
          text = n - start <= MAX_CHUNK_TEXT ? asciiText(chunk, start) : null;
          textFrom = start;
        }
        // A plain message found whole in an ASCII chunk is a slice of the chunk's text.
        const small =
          plain && typeof text === 'string' ? text.slice(start - textFrom, end - textFrom) : undefined;
        let bytes: Uint8Array | undefined;
        if (small === undefined) {
          const tail = chunk.subarray(start, end);
          bytes = whole ? tail : Buffer.concat([...this.parts, tail], size);
        }
        const raw =
          isRaw && bytes
            ? new RawMessage(
                Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
                Int32Array.from(this.spans),
                longIntegers,
                this.messageStart,
              )
            : undefined;
        this.parts = [];
        this.partBytes = 0;
        // A RawMessage keeps the array; an empty one that no one kept is reused.
        if (longIntegers.length > 0 || raw) this.longIntegers = [];
        this.spans.length = 0;
        start = -1;
        // Save the scan state first: emit may re-enter (e.g. close the connection).
        this.depth = 0;
        this.inString = false;
        this.escape = false;
        this.digitRun = 0;
        if (small !== undefined) emit(parseMessageText(small, this.messageStart) as JsonValue);
        else if (raw) emitRaw!(raw);
        else emit(decodeMessage(bytes!, longIntegers, this.messageStart));
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escape = afterBackslash;
    this.digitRun = digitRun;
    this.recording = record;
    if (depth > 0 && start >= 0) {
      // A view, not a copy: transports hand over chunks they never reuse (see Transport).
      const rest = Buffer.from(chunk.buffer, chunk.byteOffset + start, n - start);
      this.partBytes += rest.length;
      if (this.partBytes > this.maxMessageBytes) {
        this.parts = [];
        throw new MessageTooLargeError(this.maxMessageBytes, this.consumed + n);
      }
      this.parts.push(rest);
    }
    this.consumed += n;
  }
}

/** `chunk` from `from` on as text if it is all ASCII (then byte offsets are char offsets), else null. */
function asciiText(chunk: Uint8Array, from: number): string | null {
  const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  const rest = from === 0 ? buf : buf.subarray(from);
  return isAscii(rest) ? rest.toString('latin1') : null;
}

function describeByte(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}
