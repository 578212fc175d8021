// Prints descriptor values and type unions the way the repository's formatter (Biome, width 110)
// lays them out, so generated files are stable under `npm run format`.
export const LINE_WIDTH = 110;

export function quote(s: string): string {
  const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

export function propertyKey(k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k);
}

export type PrintValue =
  | string
  | number
  | bigint
  | boolean
  | readonly PrintValue[]
  | { readonly [k: string]: PrintValue };

function inline(v: PrintValue): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  const entries = Object.entries(v as Record<string, PrintValue>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${propertyKey(k)}: ${inline(x)}`).join(', ')} }`;
}

/**
 * `prefix` + value + `suffix` at `indent`, inline when it fits in the line width, else with
 * the object or array broken one member per line.
 */
export function printValue(v: PrintValue, indent: string, prefix: string, suffix: string): string {
  const one = `${indent}${prefix}${inline(v)}${suffix}`;
  if (typeof v !== 'object' || (one.length <= LINE_WIDTH && !alwaysBreaks(v))) return one;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const lines = v.map((x) => printValue(x, inner, '', ','));
    return `${indent}${prefix}[\n${lines.join('\n')}\n${indent}]${suffix}`;
  }
  const lines = Object.entries(v as Record<string, PrintValue>).map(([k, x]) =>
    printValue(x, inner, `${propertyKey(k)}: `, ','),
  );
  return `${indent}${prefix}{\n${lines.join('\n')}\n${indent}}${suffix}`;
}

function size(v: PrintValue): number {
  if (Array.isArray(v)) return v.length;
  return typeof v === 'object' ? Object.keys(v).length : 0;
}

// The formatter always breaks an array of two or more arrays (or objects) that each have more
// than one member, even when it would fit.
function alwaysBreaks(v: PrintValue): boolean {
  if (!Array.isArray(v) || v.length < 2) return false;
  const first = v[0] as PrintValue;
  const isArr = Array.isArray(first);
  return v.every((x: PrintValue) => typeof x === 'object' && Array.isArray(x) === isArr && size(x) > 1);
}

/** A property or alias whose type is a union: one line when it fits, else one member per line. */
export function printUnion(
  members: readonly string[],
  indent: string,
  prefix: string,
  suffix: string,
): string {
  const one = `${indent}${prefix}${members.join(' | ')}${suffix}`;
  if (one.length <= LINE_WIDTH || members.length < 2) return one;
  return `${indent}${prefix.trimEnd()}\n${members.map((m) => `${indent}  | ${m}`).join('\n')}${suffix}`;
}

/** A property whose type is `readonly (A | B | ...)[]`, broken inside the parentheses when too long. */
export function printArrayOfUnion(
  members: readonly string[],
  indent: string,
  prefix: string,
  suffix: string,
): string {
  const one = `${indent}${prefix}readonly (${members.join(' | ')})[]${suffix}`;
  if (one.length <= LINE_WIDTH) return one;
  return `${indent}${prefix}readonly (\n${members.map((m) => `${indent}  | ${m}`).join('\n')}\n${indent})[]${suffix}`;
}
