// @ovnkit/testkit: real OVSDB/OVN servers for tests (private package).
export {
  findBinary,
  MissingBinaryError,
  PACKAGE_OF,
  SCHEMAS,
  type SchemaName,
  schemaPath,
} from './binaries.js';
export {
  type Cluster,
  type ClusterMember,
  type ClusterOptions,
  type ServerDbStatus,
  serverDbStatus,
  startCluster,
} from './cluster.js';
export { type NorthdLab, startNorthd, startNorthdDaemon } from './northd.js';
export { createDbFile, type OvsdbServer, type OvsdbServerOptions, startOvsdbServer } from './ovsdb-server.js';
export { type Daemon, startDaemon } from './process.js';
export { rawCall, until } from './raw-rpc.js';
export { createTestPki, type IssuedCertificate, issueCertificate, type TestPki } from './ssl.js';
export { makeTempDir, removeTempDir } from './temp-dir.js';
