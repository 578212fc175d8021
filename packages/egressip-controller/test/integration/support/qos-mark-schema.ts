// An NB ovsdb-server whose schema accepts QoS.action `mark` (NB >= 7.1, OVN 23.06): OVN 23.03's
// 7.0.0 plus that key, so the priority-103 reply-traffic QoS rows can be written and checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OvsdbServer, schemaPath, startOvsdbServer } from '@ovnkit/testkit';

export async function startQosMarkNb(): Promise<{ server: OvsdbServer; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ovnkit-qos-schema-'));
  const schema = JSON.parse(readFileSync(schemaPath('nb'), 'utf8'));
  schema.version = '7.1.0';
  schema.tables.QoS.columns.action.type.key.enum = ['set', ['dscp', 'mark']];
  schema.tables.QoS.columns.action.type.value = { type: 'integer', minInteger: 0, maxInteger: 4294967295 };
  writeFileSync(join(dir, 'nb-7.1.ovsschema'), JSON.stringify(schema));
  const server = await startOvsdbServer({ schemas: [join(dir, 'nb-7.1.ovsschema')] });
  return {
    server,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
