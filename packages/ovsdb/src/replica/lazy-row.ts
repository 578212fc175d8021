// A row of a large monitor reply kept as its bytes until somebody reads it: parsing and decoding
// 50,000 rows at once costs more than the server takes to send them, and most are never read.
import type { RawMessage } from '../json/raw-message.js';
import { ReplicaUpdateError } from './errors.js';
import { decodeRow } from './row-decoding.js';
import type { ReplicaRow, TableCodec } from './types.js';

/** Which wire format a raw row map is in: `update` entries hold `new`, update2 `initial`/`insert`. */
export type RawFormat = 'update' | 'update2';

const ROW_KEYS: Record<RawFormat, readonly Buffer[]> = {
  update: [Buffer.from('new')],
  update2: [Buffer.from('initial'), Buffer.from('insert')],
};

/** The span of the full row in the entry at `entry` (`{"initial":{...}}` ...), or -1 for any other entry. */
export function rowSpanOf(message: RawMessage, entry: number, format: RawFormat): number {
  for (const key of ROW_KEYS[format]) {
    const s = message.soleMember(entry, key);
    if (s >= 0) return s;
  }
  return -1;
}

/** A table's row map from a monitor reply into an empty table, not split into rows yet. */
export interface DeferredRows {
  readonly message: RawMessage;
  readonly span: number;
  readonly format: RawFormat;
  readonly codec: TableCodec;
}

/** The wire row at `span` of `message`, decoded with the codec in force when it arrived. */
export class LazyRow {
  constructor(
    /** The row's uuid: the table's key string, which references to the row can share. */
    readonly uuid: string,
    readonly message: RawMessage,
    readonly span: number,
    readonly codec: TableCodec,
  ) {}

  /**
   * The frozen native row, exactly as an eagerly applied update would have built it. Bad JSON or
   * a value the codec refuses throws ReplicaUpdateError (the cause attached) now, at first read.
   */
  decode(table: string, uuid: string): ReplicaRow {
    try {
      const wire = this.message.parse(this.span);
      if (typeof wire !== 'object' || wire === null || Array.isArray(wire))
        throw new TypeError('the row is not a JSON object');
      return decodeRow(this.codec, uuid, wire as Record<string, unknown>);
    } catch (err) {
      throw new ReplicaUpdateError(table, uuid, (err as Error).message, { cause: err });
    }
  }

  /** Whether both rows are the same bytes (then the same values). */
  sameText(other: LazyRow): boolean {
    return this.codec === other.codec && this.message.sameText(this.span, other.message, other.span);
  }
}
