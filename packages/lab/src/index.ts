// @ovnkit/lab: a real OVN dataplane in network namespaces, and the demo (private).
export { probeNorthboundSchema, toSchemaSummary, type SchemaSummary } from './schema-probe.js';
