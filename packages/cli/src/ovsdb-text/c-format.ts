// printf-style padding as C does it: widths and precisions count BYTES of the UTF-8 text, and a
// precision may cut a multi-byte character in half. We work on "byte strings" (one JS char per
// byte, i.e. latin1) and turn them into bytes only at the end, so the output matches byte for byte.

/** UTF-8 text → byte string (one char per byte). */
export const toBytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** Byte string → the bytes to write. */
export const fromBytes = (b: string): Uint8Array => Buffer.from(b, 'latin1');

/** `%-W.Ps` (left) or `%W.Ps` (right) on a byte string; omit precision for plain `%-Ws`. */
export function cpad(
  bytes: string,
  width: number,
  opts: { left?: boolean; precision?: number } = {},
): string {
  const cut = opts.precision === undefined ? bytes : bytes.slice(0, opts.precision);
  if (cut.length >= width) return cut;
  const fill = ' '.repeat(width - cut.length);
  return opts.left ? cut + fill : fill + cut;
}
