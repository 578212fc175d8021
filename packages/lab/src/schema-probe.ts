// The smallest proof that the toolkit can talk to a real Northbound database: start a private
// NB ovsdb-server in a temp dir, ask for its schema, stop it.
import { rawCall, startOvsdbServer } from '@ovnkit/testkit';

export interface SchemaSummary {
  readonly name: string;
  readonly version: string;
  readonly tables: readonly string[];
}

interface WireSchema {
  name?: unknown;
  version?: unknown;
  tables?: unknown;
}

/** Reads name, version and table names from a `get_schema` reply, rejecting anything else. */
export function toSchemaSummary(reply: unknown): SchemaSummary {
  const s = reply as WireSchema;
  if (
    typeof s?.name !== 'string' ||
    typeof s.version !== 'string' ||
    typeof s.tables !== 'object' ||
    s.tables === null
  ) {
    throw new TypeError(`get_schema reply is not an OVSDB schema: ${JSON.stringify(reply).slice(0, 200)}`);
  }
  return { name: s.name, version: s.version, tables: Object.keys(s.tables).sort() };
}

/** Starts a private NB server, reads its schema over the unix socket, stops the server. */
export async function probeNorthboundSchema(): Promise<SchemaSummary> {
  const server = await startOvsdbServer({ schemas: ['nb'] });
  try {
    return toSchemaSummary(
      await rawCall(server.remote, 'get_schema', ['OVN_Northbound'], { timeoutMs: 5000 }),
    );
  } finally {
    await server.stop();
  }
}
