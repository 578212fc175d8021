// `npm run codegen -w @ovnkit/ovsdb`: rewrites the committed generated modules under src/schemas/.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSource, SCHEMA_SOURCES } from './schema-sources.js';

// dist/codegen/regenerate.js -> package root.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const source of SCHEMA_SOURCES) {
  writeFileSync(join(packageRoot, source.module), generateSource(source, packageRoot));
  process.stdout.write(`wrote ${source.module} from ${source.schema}\n`);
}
