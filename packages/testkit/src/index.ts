// @ovnkit/testkit: real OVSDB/OVN servers for tests (private package).
export { findBinary, MissingBinaryError, PACKAGE_OF, SCHEMAS, schemaPath, type SchemaName } from './binaries.js';
export { startDaemon, type Daemon } from './process.js';
export { makeTempDir, removeTempDir } from './temp-dir.js';
export { rawCall, until } from './raw-rpc.js';
export { createTestPki, type TestPki } from './ssl.js';
export { createDbFile, startOvsdbServer, type OvsdbServer, type OvsdbServerOptions } from './ovsdb-server.js';
export { serverDbStatus, startCluster, type Cluster, type ClusterMember, type ClusterOptions, type ServerDbStatus } from './cluster.js';
export { startNorthd, type NorthdLab } from './northd.js';
