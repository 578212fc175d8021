export { allocateCluster, type ClusterAllocation } from './allocation/allocate-cluster.js';
export {
  type AllocationInput,
  type AllocationResult,
  allocateEgressIP,
  InvalidEgressIPError,
} from './allocation/allocate-egress-ip.js';
export type { AllocationTable, Claim } from './allocation/allocation-table.js';
export { type AssignmentEvent, AssignmentEventReason } from './allocation/assignment-events.js';
export type { IpNetwork } from './allocation/ip-address.js';
export { canonicalIp } from './allocation/ip-address.js';
export type { NodeEgressInfo } from './allocation/node-egress-info.js';
export { NodeAnnotationError } from './allocation/node-egress-info.js';
export { buildNodeInventory, type NodeInventory } from './allocation/node-inventory.js';
export type {
  ChangeType,
  ClusterChange,
  ClusterObjectKind,
  ClusterSource,
  ControllerEvent,
} from './api/cluster-source.js';
export { InvalidSelectorError } from './api/label-selector.js';
export {
  createMemoryClusterSource,
  MemoryClusterSource,
  type MemoryClusterState,
} from './api/memory-cluster-source.js';
export type { NbClusterState, NbReconcileSummary, NbSide, NbStatus, RowOwners } from './api/nb-port.js';
// --- Cluster side: types, sources, assignment, queue, runner, operations ---
export {
  type ClusterView,
  EGRESSIP_GROUP,
  EGRESSIP_KIND,
  EGRESSIP_PLURAL,
  EGRESSIP_VERSION,
  type EgressIP,
  type EgressIPSpec,
  type EgressIPStatusItem,
  type Namespace,
  type Node,
  type Pod,
} from './api/types.js';
// The Kubernetes source itself is in the "./kube" subpath (it loads @kubernetes/client-node).
export { KubeConfigError, StatusWriteError } from './k8s/errors.js';
export type { KubeSourceOptions } from './k8s/kube-cluster-source.js';
export type { KubeConfigOptions } from './k8s/kube-config.js';
export {
  createManifestSource,
  ManifestClusterSource,
  type ManifestSourceOptions,
  type RecordedEvent,
} from './manifests/manifest-source.js';
export { ManifestError } from './manifests/parse-manifests.js';
export { nbFactsFrom, qosMarkSupported } from './nb/facts.js';
export {
  type NbConnection,
  type NbConnectionOptions,
  openNbConnection,
} from './nb/nb-session.js';
export { type CountingNbTransactor, nbTransactorFromClient } from './nb/ovsdb-transactor.js';
export { readNbSnapshot } from './nb/read-snapshot.js';
export type {
  AddressSetRow,
  LogicalRouterPortRow,
  LogicalRouterRow,
  LogicalSwitchPortRow,
  LogicalSwitchRow,
  NatRow,
  NbRow,
  NbSnapshot,
  PolicyRow,
  QosRow,
  StaticRouteRow,
} from './nb/snapshot.js';
export { SNAPSHOT_COLUMNS } from './nb/snapshot.js';
export { NB_DATABASE, NbTransactionError, type NbTransactor } from './nb/transactor.js';
export type { SchemaJson } from './nb/wire.js';
export type { HealthProbe } from './ops/health-server.js';
export { type HealthServer, startHealthServer } from './ops/health-server.js';
export {
  type LeaderElectionOptions,
  LeaderElector,
  LeaseConflictError,
  type LeaseLock,
  type LeaseRecord,
} from './ops/leader-election.js';
export type { LogMeta } from './ops/logger.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './ops/logger.js';
export { addProcessMetrics, type ControllerMetrics, createMetrics, type FailingStep } from './ops/metrics.js';
export type { TimerHandle } from './queue/clock.js';
export {
  type BackoffPolicy,
  type Clock,
  FakeClock,
  systemClock,
  TerminalError,
  WorkQueue,
  type WorkQueueOptions,
} from './queue/index.js';
export type { HandlerResult, KeyHandler } from './queue/work-queue.js';
export type { Change, ChangeTable, ChangeUnit, ParentRef, ParentTable } from './reconcile/changes.js';
export type { DiffScope } from './reconcile/diff.js';
export { diffNb } from './reconcile/diff.js';
export {
  type AssignmentPlan,
  type DryRunOptions,
  type DryRunResult,
  DryRunWriteError,
  dryRun,
  dryRunHasChanges,
} from './reconcile/dry-run.js';
export type { ReconcileScope } from './reconcile/reconcile-nb.js';
export {
  type ChangeCounts,
  type ClusterState,
  clusterStateOf,
  type NbLogger,
  NbReconciler,
  type NbReconcilerOptions,
  type ReconcileNbResult,
} from './reconcile/reconcile-nb.js';
// --- Northbound rows (render/, nb/, reconcile/, topology/) ---
export {
  type ClusterNetworkConfig,
  type ClusterSubnet,
  DEFAULT_CLUSTER_CONFIG,
  InvalidClusterConfigError,
  type ResolvedClusterConfig,
  type RowProfile,
  resolveClusterConfig,
} from './render/config.js';
export { addressSetName, fnv1a64 } from './render/fnv.js';
export type { Cidr, IpFamily } from './render/ip.js';
export { InvalidAddressError } from './render/ip.js';
export type { NbFacts } from './render/nb-facts.js';
export { InvalidNodeAnnotationError } from './render/node-annotations.js';
export {
  gatewayExternalIps,
  L3_GATEWAY_CONFIG_ANNOTATION,
  type PodSnatOptions,
  podSnatKey,
  podSnatRows,
} from './render/pod-snat.js';
export { type RenderInput, renderDesiredState } from './render/render-desired.js';
export type {
  AddressSetColumns,
  DesiredAddressSet,
  DesiredNat,
  DesiredPodSnats,
  DesiredPolicy,
  DesiredQos,
  DesiredState,
  DesiredStaticRoute,
  NatColumns,
  PolicyColumns,
  QosColumns,
  RenderNote,
  RenderNoteKind,
  StaticRouteColumns,
} from './render/rows.js';
export {
  GLOBAL_ZONE,
  nodeZone,
  TRANSIT_IFADDR_ANNOTATION,
  transitIp,
  ZONE_NAME_ANNOTATION,
  type ZoneLocality,
  zoneLocality,
} from './render/zone.js';
export {
  type Controller,
  type ControllerOptions,
  createController,
  type KeyFailure,
  type LeaderElectionConfig,
  type OnceSummary,
} from './runner/controller.js';
export {
  type ControllerConfig,
  ControllerConfigError,
  createControllerFromConfig,
  defaultStatusFile,
  validateControllerConfig,
} from './runner/controller-from-config.js';
export {
  connectNbSide,
  type NbConnectOptions,
  nbSideFromReconciler,
  retryingConnectNbSide,
} from './runner/nb-side.js';
export { type DialFn, probeNode, type ReachabilityOptions, tcpDial } from './runner/reachability.js';
export { NbNotConnectedError, type RetryingNbOptions, retryingNbSide } from './runner/retrying-nb-side.js';
export { ControllerStartError } from './runner/start-source.js';
// --- Interconnect zones (one NB per node) ---
export {
  connectZoneNbSides,
  multiZoneNbSide,
  retryingZoneNbSides,
  type ZoneDb,
  type ZoneNbSide,
  ZoneReconcileError,
} from './runner/zone-nb-sides.js';
export { TRANSIT_SWITCH } from './topology/interconnect-rows.js';
export { type TopologyInitOptions, type TopologyInitResult, topologyInit } from './topology/topology-init.js';
export type {
  TopoNat,
  TopoRoute,
  TopoRouter,
  TopoRouterPort,
  TopoSwitch,
  TopoSwitchPort,
} from './topology/topology-rows.js';
export {
  type RemoteChassis,
  renderTopology,
  type Topology,
  TopologyInputError,
  type TopologyOptions,
} from './topology/topology-rows.js';
