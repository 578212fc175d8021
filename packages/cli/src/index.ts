// @ovnkit/cli public API: the command runner and the pure renderers behind it.

export {
  type ClusterObjects,
  type EgressIPObject,
  loadManifests,
  type PodObject,
} from './cli/cluster-source.js';
export type { CommandContext, CommandSpec, OptionSpec, OutputFormat } from './cli/command-spec.js';
export { InputDataError, NotAvailableError, UsageError } from './cli/errors.js';
export { EXIT, type ExitCode } from './cli/exit-codes.js';
export type { Writable } from './cli/io.js';
export {
  type DbOptions,
  DEFAULT_NB_REMOTE,
  type NbRead,
  readNb,
  type TableChoice,
  type TableSelection,
  withNb,
} from './cli/nb-reader.js';
export { type CliIo, type ParsedCommandLine, parseCommandLine, run, VERSION } from './main.js';
export {
  type NbRow,
  type NbSnapshot,
  type SchemaInfo,
  SnapshotIndex,
  type TableInfo,
} from './nb/snapshot.js';
export { rowFromWire, schemaInfoFromJson, WireValueError } from './nb/wire-decode.js';
export { idlRowOrder } from './ovs-order/idl-order.js';
export {
  type ListOptions,
  type ListResult,
  renderListResult,
  selectFind,
  selectList,
} from './render/db-list.js';
export {
  buildEgressIpList,
  buildEgressIpView,
  type EgressIpListRow,
  type EgressIpObjectInfo,
  type EgressIpPod,
  type EgressIpRouter,
  type EgressIpView,
  type EgressIpViewOptions,
  egressIpListText,
  egressIpText,
} from './render/egress-ip.js';
export { natListFor, type PolicyListEntry, policyListFor } from './render/lr-lists.js';
export {
  buildShowModel,
  renderShow,
  SHOW_COLUMNS,
  type ShowModel,
  type ShowNat,
  type ShowRouter,
  type ShowRouterPort,
  type ShowSwitch,
  type ShowSwitchPort,
  showText,
} from './render/show.js';
