// Derives what the renderers need from an NB snapshot and the live schema.
import type { NbSnapshot } from './snapshot.js';
import { columnType, type SchemaJson } from './wire.js';

/** What the render needs to know about the NB it writes to. */
export interface NbFacts {
  readonly routers: ReadonlySet<string>;
  readonly switches: ReadonlySet<string>;
  /** `networks` of a Logical_Router_Port by name (e.g. rtoj-GR_<node> -> ["100.64.0.4/16"]). */
  routerPortNetworks(name: string): readonly string[] | undefined;
  /** `addresses` of a Logical_Switch_Port by name (e.g. k8s-<node> -> ["0a:58:0a:81:02:02 10.129.2.2"]). */
  switchPortAddresses(name: string): readonly string[] | undefined;
  /** Whether QoS.action accepts the key `mark` (NB schema >= 7.1; absent from OVN 23.03's 7.0.0). */
  readonly qosMarkSupported: boolean;
}

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
