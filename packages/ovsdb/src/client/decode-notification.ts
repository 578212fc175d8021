// Raw JSON-RPC notification -> OvsdbNotification (ovsdb-server(7) section 4.1).
import type { JsonArray, JsonValue } from '../json/json-value.js';
import type { OvsdbNotification, TableUpdates2Json, TableUpdatesJson } from './protocol-types.js';

const isObject = (v: JsonValue | undefined): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function decodeNotification(method: string, params: JsonArray): OvsdbNotification {
  const [a, b, c] = params;
  switch (method) {
    case 'update':
      if (params.length === 2 && isObject(b))
        return { kind: 'update', monitorId: a ?? null, updates: b as TableUpdatesJson };
      break;
    case 'update2':
      if (params.length === 2 && isObject(b))
        return { kind: 'update2', monitorId: a ?? null, updates: b as TableUpdates2Json };
      break;
    case 'update3':
      if (params.length === 3 && typeof b === 'string' && isObject(c)) {
        return { kind: 'update3', monitorId: a ?? null, lastTxnId: b, updates: c as TableUpdates2Json };
      }
      break;
    case 'locked':
    case 'stolen':
      if (typeof a === 'string') return { kind: method, lockName: a };
      break;
    case 'monitor_canceled':
      if (params.length === 1) return { kind: 'monitor_canceled', monitorId: a ?? null };
      break;
  }
  return { kind: 'unknown', method, params };
}
