// @ovnkit/lab: a real OVN dataplane in network namespaces, and the demo (private).

export { CLUSTER_NETWORK } from './cluster-network.js';
export { createNarrator, formatMs, type Narrator, type NarratorOptions } from './demo/narrator.js';
export { type DemoOptions, type DemoResult, runDemo } from './demo/run-demo.js';
export { egressHostsSettled, nodesHostingEgressIp } from './egress/egress-location.js';
export {
  type ControllerStep,
  detectEgressSteps,
  type EgressStep,
  type EgressSteps,
  filterNatBlocks,
} from './egress/egress-steps.js';
export {
  type EgressNodeFailure,
  type EgressNodeFailureOptions,
  failEgressNode,
} from './egress-node-failure.js';
export {
  addressSetName,
  renderFeatureRowCommands,
  renderPodEgressCommands,
  renderPodEgressRemovalCommands,
  selectServedPods,
} from './egressip-nbctl.js';
export { CommandError } from './exec.js';
export type { AccessLogEntry, ExternalHost } from './external-host.js';
export { AddressError } from './ipv4.js';
export { withEventLoopHeld } from './keep-alive.js';
export {
  createLab,
  type Lab,
  LabError,
  type LabOptions,
  type LabTopology,
  type LabZone,
  type RequestResult,
} from './lab.js';
export { findLeftovers, isClean, type Leftovers, pidsMentioning, settledLeftovers } from './leftovers.js';
export {
  type LabEgressIp,
  type LabNode,
  type LabPod,
  type LabSpec,
  toLabSpec,
} from './manifests/lab-spec.js';
export { type KubeObject, loadManifests, ManifestError } from './manifests/load-manifests.js';
export { setNodeReady } from './manifests/node-readiness.js';
export { probeNorthboundSchema, type SchemaSummary, toSchemaSummary } from './schema-probe.js';
export {
  delta,
  observeSources,
  type SourceObservation,
  total,
  waitForEgressVia,
  waitForSource,
} from './story.js';
export { renderBaseTopologyCommands, renderPodPortCommands } from './topology-nbctl.js';
