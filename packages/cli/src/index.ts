// @ovnkit/cli public API: the command runner and the pure renderers behind it.
export { run, VERSION, type CliIo } from './main.js';
export { EXIT, type ExitCode } from './cli/exit-codes.js';
export { UsageError, NotAvailableError, InputDataError } from './cli/errors.js';
export { DEFAULT_NB_REMOTE, type DbOptions, readNb, withNb, type NbRead, type TableChoice, type TableSelection } from './cli/nb-reader.js';
export { loadManifests, type ClusterObjects, type EgressIPObject, type PodObject } from './cli/cluster-source.js';
export { type NbRow, type NbSnapshot, type SchemaInfo, SnapshotIndex, type TableInfo } from './nb/snapshot.js';
export { rowFromWire, schemaInfoFromJson, WireValueError } from './nb/wire-decode.js';
export { buildShowModel, renderShow, showText, SHOW_COLUMNS, type ShowModel } from './render/show.js';
export { natListFor, policyListFor } from './render/lr-lists.js';
export { renderListResult, selectFind, selectList, type ListOptions, type ListResult } from './render/db-list.js';
export { buildEgressIpList, buildEgressIpView, egressIpListText, egressIpText, type EgressIpView } from './render/egress-ip.js';
export { idlRowOrder } from './ovs-order/idl-order.js';
