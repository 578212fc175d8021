// @ovnkit/lab: a real OVN dataplane in network namespaces, and the demo (private).
export { probeNorthboundSchema, toSchemaSummary, type SchemaSummary } from './schema-probe.js';
export { createLab, LabError, type Lab, type LabOptions, type RequestResult } from './lab.js';
export { loadManifests, ManifestError, type KubeObject } from './manifests/load-manifests.js';
export { toLabSpec, type LabEgressIp, type LabNode, type LabPod, type LabSpec } from './manifests/lab-spec.js';
export { renderBaseTopologyCommands, renderPodPortCommands } from './topology-nbctl.js';
export {
  addressSetName,
  renderFeatureRowCommands,
  renderPodEgressCommands,
  renderPodEgressRemovalCommands,
  selectServedPods,
} from './egressip-nbctl.js';
export { findLeftovers, isClean, pidsMentioning, settledLeftovers, type Leftovers } from './leftovers.js';
export { CLUSTER_NETWORK } from './cluster-network.js';
export { type AccessLogEntry, type ExternalHost } from './external-host.js';
export { type ControllerStep, detectEgressSteps, filterNatBlocks, type EgressStep, type EgressSteps } from './egress/egress-steps.js';
export { egressHostsSettled, nodesHostingEgressIp } from './egress/egress-location.js';
export { setNodeReady } from './manifests/node-readiness.js';
export { delta, observeSources, total, waitForSource, type SourceObservation } from './story.js';
export { createNarrator, formatMs, type Narrator, type NarratorOptions } from './demo/narrator.js';
export { runDemo, type DemoOptions, type DemoResult } from './demo/run-demo.js';
export { CommandError } from './exec.js';
export { AddressError } from './ipv4.js';
export { withEventLoopHeld } from './keep-alive.js';
