// Replica and change feed (replica/)
export { Replica, type IndexDeclaration, type ReplicaOptions, type SnapshotOptions, type UpdateMessage } from './replica/replica.js';
export { ReplicaTable, type ReplicaIndex } from './replica/replica-table.js';
export type { ChangeBatch, ChangeCause, ChangeListener, ChangesOptions, FeedBatch, ResyncBatch, RowChange } from './replica/change-feed.js';
export type { ColumnCodec, IndexSpec, ReplicaRow, TableCodec, TableRows, TableUpdates, TableUpdates2 } from './replica/types.js';
export { IndexArityError, ReplicaError, ReplicaUpdateError, UnknownIndexError, UnknownTableError } from './replica/errors.js';
