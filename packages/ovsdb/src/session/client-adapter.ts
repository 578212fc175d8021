// The default ConnectFn: opens one OvsdbClient and presents it through the session's port.
import { connect } from '../client/connect.js';
import type { OvsdbClient } from '../client/ovsdb-client.js';
import type { MonitorRequests as ClientMonitorRequests, WireOperation } from '../client/protocol-types.js';
import type { JsonValue } from '../json/json-value.js';
import type { TableUpdates, TableUpdates2 } from '../replica/types.js';
import type { ConnectFn, ConnectionEvents, SessionConnection } from './connection.js';

function adapt(client: OvsdbClient, events: ConnectionEvents): SessionConnection {
  client.onNotification((n) => {
    switch (n.kind) {
      case 'update':
        events.update(n.monitorId, n.updates as unknown as TableUpdates);
        break;
      case 'update2':
        events.update2(n.monitorId, n.updates as unknown as TableUpdates2);
        break;
      case 'update3':
        events.update3(n.monitorId, n.lastTxnId, n.updates as unknown as TableUpdates2);
        break;
      case 'monitor_canceled':
        events.monitorCanceled(n.monitorId);
        break;
      default:
        break;
    }
  });
  client.onClose((error) => events.closed(error));
  const req = (r: unknown) => r as ClientMonitorRequests;
  const id = (v: unknown) => v as JsonValue;
  return {
    remote: client.remote,
    get bytesReceived() {
      return client.stats.bytesIn;
    },
    getSchema: (db, o) => client.getSchema(db, o),
    transact: (db, ops, o) => client.transact(db, ops as readonly WireOperation[], o),
    monitor: async (db, mid, r, o) =>
      (await client.monitor(db, id(mid), req(r), o)) as unknown as TableUpdates,
    monitorCond: async (db, mid, r, o) =>
      (await client.monitorCond(db, id(mid), req(r), o)) as unknown as TableUpdates2,
    monitorCondSince: async (db, mid, r, last, o) => {
      const res = await client.monitorCondSince(db, id(mid), req(r), last, o);
      return { found: res.found, lastTxnId: res.lastTxnId, updates: res.updates as unknown as TableUpdates2 };
    },
    monitorCondChange: (a, b, r, o) => client.monitorCondChange(id(a), id(b), req(r), o),
    monitorCancel: (mid, o) => client.monitorCancel(id(mid), o),
    setDbChangeAware: (on, o) => client.setDbChangeAware(on, o),
    echo: async (o) => {
      await client.echo([], o);
    },
    close: () => client.close(),
  };
}

/** Connects with the package's protocol client. */
export const connectWithClient: ConnectFn = async (r) => {
  const client = await connect({
    remote: r.remote,
    tls: r.tls,
    connectTimeoutMs: r.timeoutMs,
    signal: r.signal,
    rawMessageMinBytes: r.rawMessageMinBytes,
  });
  return adapt(client, r.events);
};
