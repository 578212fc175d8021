// The replica's codecs share repeated strings (model/string-interner.ts); the rows they build must
// be exactly the rows a codec without sharing builds from the same messages, eager or lazy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { compileValueCodec, type ValueDecoder } from '../model/value-codec.js';
import { rawResult } from '../rpc/raw-message.test-support.js';
import { parseSchema } from '../schema/parse-schema.js';
import { Replica, type UpdateMessage } from './replica.js';
import { tableCodecsFromSchema } from './schema-codecs.js';
import type { TableCodec } from './types.js';

const nb = parseSchema(JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8')));
const SELECTION = { Logical_Router: {}, NAT: {}, Logical_Router_Policy: {} };
const U = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const R = U(100);
const ref = (n: number) => ['uuid', U(n)];
const map = (o: Record<string, string>) => ['map', Object.entries(o)];

/** The same tables decoded with no sharing at all. */
function plainCodecs(): Record<string, TableCodec> {
  const out: Record<string, TableCodec> = {};
  for (const name of Object.keys(SELECTION)) {
    const ts = nb.tables[name]!;
    const columns = new Map<string, ValueDecoder>();
    for (const [c, col] of Object.entries(ts.columns)) columns.set(c, compileValueCodec(col.type));
    out[name] = { columns, uniqueIndexes: ts.indexes };
  }
  return out;
}

const nat = (n: number, ip: string, ids: Record<string, string>) => ({
  external_ip: ip,
  logical_ip: `10.128.0.${n}`,
  type: 'snat',
  external_ids: map(ids),
});
const owner = {
  'k8s.ovn.org/owner-controller': 'default-network-controller',
  'k8s.ovn.org/owner-type': 'EgressIP',
};

// Each step is one update2 message: a router whose nat set references NAT rows, which are added,
// deleted and added again under the same uuid, with non-ASCII values.
const steps: Record<string, Record<string, unknown>>[] = [
  {
    Logical_Router: {
      [R]: {
        initial: { name: 'GR_node-é', nat: ['set', [ref(1), ref(2)]], policies: ['set', [ref(50)]] },
      },
    },
    NAT: {
      [U(1)]: { initial: nat(1, '172.18.0.10', { ...owner, name: 'eip-日本' }) },
      [U(2)]: { initial: nat(2, '172.18.0.10', { ...owner, name: 'eip-🙂' }) },
    },
    Logical_Router_Policy: {
      [U(50)]: {
        initial: {
          priority: 100,
          match: 'ip4.src == 10.128.0.1',
          action: 'reroute',
          nexthops: ['set', ['100.64.0.2']],
        },
      },
    },
  },
  {
    NAT: { [U(3)]: { insert: nat(3, '172.18.0.10', owner) } },
    Logical_Router: { [R]: { modify: { nat: ['set', [ref(3)]] } } },
  },
  {
    Logical_Router: { [R]: { modify: { nat: ref(1) } } },
    NAT: { [U(1)]: { delete: null } },
  },
  {
    Logical_Router: { [R]: { modify: { nat: ['set', [ref(1)]] } } },
    NAT: { [U(1)]: { insert: nat(1, '172.18.0.11', { ...owner, name: 'eip-ünï' }) } },
  },
  {
    NAT: { [U(2)]: { modify: { external_ids: map({ name: 'eip-🙂', note: 'ß' }) } } },
    Logical_Router_Policy: { [U(50)]: { modify: { nexthops: ['set', ['100.64.0.3', '100.64.0.2']] } } },
  },
];

function message(updates: Record<string, unknown>, lazy: boolean): UpdateMessage {
  return { format: 'update2', updates: (lazy ? rawResult(JSON.stringify(updates)) : updates) as never };
}

/**
 * Every row of every table as text (key order included), and whether each row is frozen. The
 * tables are read in `order` (routers last: their references then find the rows they name).
 */
function dump(r: Replica<never>, order = Object.keys(SELECTION)): string {
  const out: string[] = [];
  const read = new Map<string, string[]>();
  for (const name of order) {
    const t = r.table(name as never);
    read.set(
      name,
      t
        .uuids()
        .sort()
        .map((uuid) => `${name} ${Object.isFrozen(t.get(uuid))} ${JSON.stringify(t.get(uuid))}`),
    );
  }
  for (const name of Object.keys(SELECTION)) out.push(...read.get(name)!);
  return out.join('\n');
}

const REFERENCED_FIRST = ['NAT', 'Logical_Router_Policy', 'Logical_Router'];

describe.each([['eager'], ['lazy'], ['lazy, referenced rows read first']])(
  'interned decoding, %s rows',
  (mode) => {
    it('builds rows equal to the decode without sharing, after every insert, delete and re-add', () => {
      const lazy = mode !== 'eager';
      const order = mode.endsWith('first') ? REFERENCED_FIRST : Object.keys(SELECTION);
      const shared = new Replica<never>({ tables: tableCodecsFromSchema(nb, SELECTION) });
      const plain = new Replica<never>({ tables: plainCodecs() });
      for (const r of [shared, plain]) {
        r.beginSync();
        r.applySnapshot(message(steps[0]!, lazy), { kind: 'full' });
      }
      expect(dump(shared, order)).toBe(dump(plain));
      expect(shared.table('NAT' as never).get(U(2))).toMatchObject({
        external_ids: { name: 'eip-🙂', 'k8s.ovn.org/owner-controller': 'default-network-controller' },
      });
      for (const step of steps.slice(1)) {
        for (const r of [shared, plain]) r.applyUpdate(message(step, lazy));
        expect(dump(shared, order)).toBe(dump(plain));
      }
      const router = shared.table('Logical_Router' as never).get(R) as unknown as { nat: string[] };
      expect(router.nat).toEqual([U(2), U(3), U(1)]);
      expect(shared.table('NAT' as never).get(U(1))).toMatchObject({
        external_ip: '172.18.0.11',
        external_ids: { name: 'eip-ünï' },
      });
    });
  },
);

describe('reference keys', () => {
  it("give a stored row's uuid string, lazy or decoded, and nothing for other uuids or unsplit tables", () => {
    const codecs = tableCodecsFromSchema(nb, SELECTION);
    const r = new Replica<never>({ tables: codecs });
    r.beginSync();
    r.applySnapshot(message(steps[0]!, true), { kind: 'full' });
    const keyOf = codecs.Logical_Router!.references!.keyOf!;
    // An unread table of a lazy snapshot is not even split by uuid, and keyOf does not split it.
    expect(keyOf('NAT', U(1))).toBeUndefined();
    expect(r.table('NAT' as never).has(U(99))).toBe(false); // splits the table, decodes nothing
    expect(keyOf('NAT', U(1))).toBe(U(1)); // a lazy row
    r.table('NAT' as never).get(U(2));
    expect(keyOf('NAT', U(2))).toBe(U(2)); // decoded
    expect(keyOf('NAT', U(99))).toBeUndefined();
    expect(keyOf('NAT', U(50))).toBeUndefined(); // a policy's uuid is not a NAT
    expect(keyOf('Logical_Switch', U(1))).toBeUndefined(); // not replicated
  });
});
