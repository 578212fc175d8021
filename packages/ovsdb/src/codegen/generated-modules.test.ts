// The committed generated modules must be exactly what the generator makes from their schemas,
// so they never drift from the generator or the installed schemas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { generateSource, SCHEMA_SOURCES } from './schema-sources.js';

const packageRoot = join(import.meta.dirname, '..', '..');

describe('committed generated modules', () => {
  for (const source of SCHEMA_SOURCES) {
    it(`${source.module} is byte-identical to a fresh generation from ${source.schema}`, () => {
      const committed = readFileSync(join(packageRoot, source.module), 'utf8');
      expect(generateSource(source, packageRoot)).toBe(committed);
    });
  }
});
