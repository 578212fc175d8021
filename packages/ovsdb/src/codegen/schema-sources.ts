// The schemas whose generated modules are committed under src/schemas/, and where each comes from.
// `_Server` has no file in the OVS packages; its schema was saved from a running ovsdb-server 3.1
// (`get_schema _Server`) into src/schemas/server.ovsschema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateModule } from './generate-module.js';
import { parseJsonLossless } from './parse-json-lossless.js';

export interface SchemaSource {
  /** Absolute path, or relative to the package root. */
  readonly schema: string;
  /** Relative to the package root. */
  readonly module: string;
}

export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  { schema: '/usr/share/ovn/ovn-nb.ovsschema', module: 'src/schemas/ovn-nb.ts' },
  { schema: '/usr/share/ovn/ovn-sb.ovsschema', module: 'src/schemas/ovn-sb.ts' },
  { schema: '/usr/share/openvswitch/vswitch.ovsschema', module: 'src/schemas/vswitch.ts' },
  { schema: 'src/schemas/server.ovsschema', module: 'src/schemas/server.ts' },
];

/** Generated modules import the core through the package entry, relative to src/schemas/. */
export const IN_PACKAGE_IMPORT = '../index.js';

/** The text `source` generates, reading schema files relative to `packageRoot`. */
export function generateSource(source: SchemaSource, packageRoot: string): string {
  const file = source.schema.startsWith('/') ? source.schema : join(packageRoot, source.schema);
  return generateModule(parseJsonLossless(readFileSync(file, 'utf8')), { importFrom: IN_PACKAGE_IMPORT });
}
