// JSON.parse that keeps integers outside ±(2^53-1) exact as bigint (schemas may carry 64-bit
// bounds such as maxInteger 9223372036854775807, which JSON.parse would round).
const MARK = '\u0000bigint:';

export function parseJsonLossless(text: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      // Skip the string, honouring escapes.
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j] as string)) j++;
      const token = text.slice(i, j);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        // Written as a JSON escape; JSON.parse turns it into MARK.
        out += `${text.slice(last, i)}"\\u0000bigint:${token}"`;
        last = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  out += text.slice(last);
  return JSON.parse(out, (_k, v) =>
    typeof v === 'string' && v.startsWith(MARK) ? BigInt(v.slice(MARK.length)) : v,
  );
}
