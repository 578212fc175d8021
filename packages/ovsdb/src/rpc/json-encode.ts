// JSON serialisation that writes bigint as a bare integer literal (JSON.stringify throws on bigint).

/**
 * Serialises `value` like JSON.stringify, except that a bigint becomes an integer literal.
 * Fast path: plain JSON.stringify; only a value containing a bigint takes the slower walk.
 */
export function encodeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot encode ${typeof value} as JSON`);
    return text;
  } catch (err) {
    // V8's message for the one case we handle; anything else (cycles, ...) is the caller's bug.
    if (err instanceof TypeError && /BigInt/.test(err.message)) return encodeSlow(value, '') ?? 'null';
    throw err;
  }
}

function encodeSlow(value: unknown, key: string): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(k: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const parts = value.map((v, i) => encodeSlow(v, String(i)) ?? 'null');
        return `[${parts.join(',')}]`;
      }
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        const enc = encodeSlow(v, k);
        if (enc !== undefined) parts.push(`${JSON.stringify(k)}:${enc}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined; // undefined, functions and symbols are skipped, as JSON.stringify does
  }
}
