// Entry of `npm run demo`.
import { withEventLoopHeld } from './keep-alive.js';
import { probeNorthboundSchema } from './schema-probe.js';

const started = Date.now();
const schema = await withEventLoopHeld(probeNorthboundSchema);
console.log(`private NB ovsdb-server: schema ${schema.name} ${schema.version}, ${schema.tables.length} tables`);
for (const t of schema.tables) console.log(`  ${t}`);
console.log(`done in ${Date.now() - started} ms (server started, queried and stopped)`);
