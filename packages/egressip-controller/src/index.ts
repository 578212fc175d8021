
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
export { InvalidAddressError } from './render/ip.js';
export { InvalidSelectorError } from './render/label-selector.js';
export { InvalidNodeAnnotationError } from './render/node-annotations.js';
export type { NbFacts } from './render/nb-facts.js';
export { type RenderInput, renderDesiredState } from './render/render-desired.js';
export type {
  AddressSetColumns,
  DesiredState,
  NatColumns,
  PolicyColumns,
  QosColumns,
  RenderNote,
  RenderNoteKind,
} from './render/rows.js';
export { nbFactsFrom, qosMarkSupported } from './nb/facts.js';
export { type CountingNbTransactor, nbTransactorFromClient } from './nb/ovsdb-transactor.js';
export { readNbSnapshot } from './nb/read-snapshot.js';
export type { NbSnapshot } from './nb/snapshot.js';
export { NB_DATABASE, type NbTransactor, NbTransactionError } from './nb/transactor.js';
export { diffNb } from './reconcile/diff.js';
export {
  type ChangeCounts,
  type ClusterState,
  clusterStateOf,
  type NbLogger,
  NbReconciler,
  type NbReconcilerOptions,
  type ReconcileNbResult,
} from './reconcile/reconcile-nb.js';
export { type TopologyInitOptions, type TopologyInitResult, topologyInit } from './topology/topology-init.js';
export { type Topology, TopologyInputError, renderTopology } from './topology/topology-rows.js';
