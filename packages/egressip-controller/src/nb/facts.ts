// Derives what the renderers need from an NB snapshot and the live schema.
import type { NbFacts } from '../render/nb-facts.js';
import type { NbSnapshot } from './snapshot.js';
import { columnType, type SchemaJson } from './wire.js';

/** Whether the live schema's QoS.action accepts the key `mark` (absent in NB 7.0.0). */
export function qosMarkSupported(schema: SchemaJson): boolean {
  if (!schema.tables.QoS?.columns.action) return false;
  const e = columnType(schema, 'QoS', 'action').key.enum;
  const values = Array.isArray(e) && e[0] === 'set' ? (e[1] as unknown[]) : [e];
  return values.includes('mark');
}

/**
 * What the render needs to know of the NB: which routers, switches and ports exist, and whether QoS accepts
 * `mark`.
 */
export function nbFactsFrom(snapshot: NbSnapshot, schema: SchemaJson): NbFacts {
  const lrp = new Map(snapshot.Logical_Router_Port.map((p) => [p.name, p.networks]));
  const lsp = new Map(snapshot.Logical_Switch_Port.map((p) => [p.name, p.addresses]));
  return {
    routers: new Set(snapshot.Logical_Router.map((r) => r.name)),
    switches: new Set(snapshot.Logical_Switch.map((s) => s.name)),
    routerPortNetworks: (name) => lrp.get(name),
    switchPortAddresses: (name) => lsp.get(name),
    qosMarkSupported: qosMarkSupported(schema),
  };
}
