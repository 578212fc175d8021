// The TypeScript text of native column types. Mirrors model/row-types.ts exactly; a type test
// asserts that the generated named types equal what the descriptor infers.
import { isRequiredOnInsert } from '../schema/default-value.js';
import type { BaseType, ColumnType, SchemaAtom } from '../schema/types.js';
import { columnShape } from '../schema/types.js';
import { quote } from './ts-printer.js';

function literal(a: SchemaAtom): string {
  if (typeof a === 'string') return quote(a);
  if (typeof a === 'bigint') return `${a}n`;
  return String(a);
}

function atomMembers(b: BaseType, write: boolean): string[] {
  if (b.enum) return b.enum.map(literal);
  switch (b.type) {
    case 'integer':
      if (write) return ['number', 'bigint'];
      return typeof b.minInteger === 'number' && typeof b.maxInteger === 'number'
        ? ['number']
        : ['number', 'bigint'];
    case 'real':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'string':
      return ['string'];
    case 'uuid':
      return write ? ['string', 'NamedUuid'] : ['string'];
  }
}

function union(members: readonly string[]): string {
  return members.join(' | ');
}

function arrayOf(members: readonly string[]): string {
  return members.length === 1 ? `readonly ${members[0]}[]` : `readonly (${union(members)})[]`;
}

/** For a set column with a union element type: the element members (for line breaking). */
export function setElementMembers(t: ColumnType, write: boolean): string[] | undefined {
  if (columnShape(t) !== 'set') return undefined;
  const key = atomMembers(t.key, write);
  return key.length > 1 ? key : undefined;
}

/** Top-level union members of a column's native type (`write`: as insert/update accept it). */
export function columnTypeMembers(t: ColumnType, write: boolean): string[] {
  const key = atomMembers(t.key, write);
  switch (columnShape(t)) {
    case 'scalar':
      return key;
    case 'optional':
      return [...key, 'undefined'];
    case 'set':
      return [arrayOf(key)];
    case 'map': {
      const value = union(atomMembers(t.value as BaseType, write));
      return t.key.type === 'string'
        ? [`Readonly<Record<string, ${value}>>`]
        : [`ReadonlyMap<${union(key)}, ${value}>`];
    }
  }
}

export function usesNamedUuid(t: ColumnType): boolean {
  return t.key.type === 'uuid' || t.value?.type === 'uuid';
}

export { isRequiredOnInsert };
