import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SchemaError } from '../schema/schema-error.js';
import { sharedSchema } from './shared-schemas.js';

const nbJson = JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8'));
/** The NB schema under another version: another text, the same tables. */
const variant = (version: string) => ({ ...nbJson, version });
const textOf = (json: unknown) => JSON.stringify(json);

describe('sharedSchema', () => {
  it('parses a text once and gives later callers the same text and schema', () => {
    const a = sharedSchema(textOf(nbJson), nbJson);
    const copy = JSON.parse(textOf(nbJson));
    const b = sharedSchema(textOf(copy), copy);
    expect(b).toBe(a);
    expect(a.schema.tables.NAT?.columns.external_ids).toBeDefined();
  });

  it('parses another text apart, and keeps a few texts, dropping the least recently used', () => {
    const first = sharedSchema(textOf(variant('1.0.0')), variant('1.0.0'));
    const second = sharedSchema(textOf(variant('1.0.1')), variant('1.0.1'));
    expect(second.schema).not.toBe(first.schema);
    expect(second.schema.version).toBe('1.0.1');
    for (const v of ['1.0.2', '1.0.3', '1.0.4']) sharedSchema(textOf(variant(v)), variant(v));
    // 1.0.0 was used least recently: it was dropped and is parsed again.
    expect(sharedSchema(textOf(variant('1.0.0')), variant('1.0.0'))).not.toBe(first);
    expect(sharedSchema(textOf(variant('1.0.4')), variant('1.0.4')).schema.version).toBe('1.0.4');
  });

  it('throws SchemaError for a bad schema and keeps nothing of it', () => {
    const bad = { ...nbJson, tables: { T: { columns: { c: { type: 'nope' } } } } };
    expect(() => sharedSchema(textOf(bad), bad)).toThrow(SchemaError);
    expect(() => sharedSchema(textOf(bad), bad)).toThrow(SchemaError);
  });
});
