// The byte stream from the server is not a sequence of JSON values: the connection is closed.
import { OvsdbError } from './ovsdb-error.js';

/** Garbage, bad JSON, a message cut off at end of stream, or nesting that is too deep. */
export class FramingError extends OvsdbError {
  override name = 'FramingError';
  /** Byte offset in the stream (counted from the first byte received) where the problem was seen. */
  readonly offset: number;

  constructor(message: string, offset: number, options?: { cause?: unknown }) {
    super(`${message} (at stream byte ${offset})`, options);
    this.offset = offset;
  }
}

/** A single message grew beyond the configured `maxMessageBytes`. */
export class MessageTooLargeError extends FramingError {
  override name = 'MessageTooLargeError';
  readonly maxMessageBytes: number;

  constructor(maxMessageBytes: number, offset: number) {
    super(`message exceeds maxMessageBytes (${maxMessageBytes} bytes)`, offset);
    this.maxMessageBytes = maxMessageBytes;
  }
}
