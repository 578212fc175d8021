// The raw path must give back exactly what parsing the whole message gives, for any chunking,
// any key or string contents, big integers anywhere, and fall back to a full parse whenever the
// bytes are not in the compact shape it walks.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { JsonValue } from '../json/json-value.js';
import { RawObject } from '../json/raw-message.js';
import { createMemoryTransportPair } from '../transport/memory-transport.js';
import { encodeJson } from './json-encode.js';
import { rawMessageOf, rawResult, resolveRaw } from './raw-message.test-support.js';
import { RpcConnection } from './rpc-connection.js';

const eager = (result: string): unknown =>
  (rawMessageOf(`{"id":1,"result":${result},"error":null}`).decodeAll() as { result: unknown }).result;

// A monitor_cond reply with what real rows hold: escapes, unicode, big and negative integers,
// reals, empty sets and maps, references, a key with an escape (walked by the slow path).
const REPLY = encodeJson({
  ACL: {
    'aaaaaaaa-0000-0000-0000-000000000001': {
      initial: {
        match: 'ip4.src == {$a_b} && "quoted" \\ back\u00e9\u20ac\ud83d\ude00 \n\t\u0000',
        priority: 1000,
        external_ids: [
          'map',
          [
            ['k8s.ovn.org/name', 'x'],
            ['é', '"'],
          ],
        ],
        label: 9007199254740993n,
        neg: -9223372036854775808n,
        real: 0.30000000000000004,
        empty_set: ['set', []],
        empty_map: ['map', []],
      },
    },
    'aaaaaaaa-0000-0000-0000-000000000002': { initial: {} },
  },
  Logical_Router: {
    'bbbbbbbb-0000-0000-0000-000000000001': {
      initial: { nat: ['set', [['uuid', 'cccccccc-0000-0000-0000-000000000001']]], name: 'r"1' },
    },
  },
  'odd \\" key': { 'u"1': { initial: { x: 1 } } },
  Empty: {},
});

describe('RawMessage', () => {
  it('resolves to the fully parsed reply at every chunk boundary', () => {
    const text = `{"id":1,"result":${REPLY},"error":null}`;
    const want = eager(REPLY);
    for (let k = 0; k <= Buffer.byteLength(text); k++) {
      expect(
        resolveRaw(
          rawResult(
            REPLY,
            [Math.max(0, k - 17), k].filter((x, i, a) => a.indexOf(x) === i),
          ),
        ),
      ).toEqual(want);
    }
  });

  it('leaves each table of a monitor_cond reply, or the updates of monitor_cond_since, unparsed', () => {
    const r = rawResult(REPLY) as Record<string, unknown>;
    expect(r.ACL).toBeInstanceOf(RawObject);
    const acl = r.ACL as RawObject;
    const m = acl.message.objectMembers(acl.span)!;
    expect(m.keys).toEqual(['aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002']);
    const row = acl.message.soleMember(m.spans[0]!, Buffer.from('initial'));
    expect(row).toBeGreaterThan(0);
    expect(acl.message.parse(row)).toEqual(
      (eager(REPLY) as Record<string, Record<string, { initial: unknown }>>).ACL![m.keys[0]!]!.initial,
    );
    expect(acl.message.soleMember(m.spans[0]!, Buffer.from('insert'))).toBe(-1);
    // A key with an escape is not walked: the caller parses that object instead.
    const odd = r['odd \\" key'] as RawObject;
    expect(odd.message.objectMembers(odd.span)).toBeUndefined();
    const since = rawResult(`[false,"txn",${REPLY}]`) as unknown[];
    expect(since.slice(0, 2)).toEqual([false, 'txn']);
    expect(since[2]).toBeInstanceOf(RawObject);
    expect(resolveRaw(since)).toEqual([false, 'txn', eager(REPLY)]);
  });

  it('parses everything at once when the skeleton cannot stand alone', () => {
    // a long integer outside the cut objects, a string holding the marker, nothing to cut, spaces
    for (const result of [
      `{"T":{"u":{"initial":{}}},"n":12345678901234567890}`,
      `{"T":{"u":{"initial":{}}},"s":"\\u0000#raw#3"}`,
      '[1,2,3]',
      '{ "T" : { "u" : { "initial" : { "a" : 1 } } } }',
    ]) {
      expect(resolveRaw(rawResult(result))).toEqual(eager(result));
    }
  });

  it('agrees with a full parse for any table contents and chunking (property)', () => {
    const str = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('"', '\\', '{"a":{', 'é😀', '\u0000'),
    );
    const atom = fc.oneof(
      str,
      fc.integer(),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.boolean(),
    );
    const wire = fc.oneof(atom, fc.tuple(fc.constant('set'), fc.array(atom, { maxLength: 3 })));
    const rows = fc.dictionary(
      fc.oneof(fc.uuid(), str),
      fc.oneof(
        fc.record({ initial: fc.dictionary(str, wire, { maxKeys: 4 }) }),
        fc.record({ modify: fc.dictionary(str, wire, { maxKeys: 2 }) }),
        fc.constant({ delete: null }),
      ),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(
        fc.dictionary(str, rows, { maxKeys: 3 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (tables, since, offsets) => {
          const result = since
            ? encodeJson([true, 'x', tables] as JsonValue)
            : encodeJson(tables as JsonValue);
          const len = Buffer.byteLength(result) + 30;
          const cuts = [...new Set(offsets.map((o) => o % len))].sort((a, b) => a - b);
          expect(resolveRaw(rawResult(result, cuts))).toEqual(eager(result));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches only callers that asked for raw objects; errors and other replies are parsed whole', async () => {
    const [a, b] = createMemoryTransportPair();
    const rpc = new RpcConnection(a, { rawMessageMinBytes: 0 });
    b.attach({ data: () => undefined, drain: () => undefined, close: () => undefined });
    const raw = rpc.request('monitor_cond', [], { rawObjects: true });
    const plain = rpc.request('monitor_cond', []);
    const failed = rpc.request('monitor_cond', [], { rawObjects: true });
    const note: unknown[] = [];
    rpc.onNotification((method, params) => note.push(method, params));
    b.write(Buffer.from(`{"id":1,"result":${REPLY},"error":null}{"id":2,"result":${REPLY},"error":null}`));
    b.write(Buffer.from('{"id":null,"method":"update2","params":["m",{"T":{"u":{"insert":{}}}}]}'));
    b.write(Buffer.from('{"id":3,"result":null,"error":{"error":"unknown database","details":"x"}}'));
    expect(((await raw) as Record<string, unknown>).ACL).toBeInstanceOf(RawObject);
    expect(resolveRaw(await raw)).toEqual(eager(REPLY));
    expect(await plain).toEqual(eager(REPLY));
    await expect(failed).rejects.toThrow(/unknown database/);
    expect(note).toEqual(['update2', ['m', { T: { u: { insert: {} } } }]]);
    await rpc.close();
  });

  it('keeps the raw path for exactly as long as a rawObjects request is pending', async () => {
    const [a, b] = createMemoryTransportPair();
    const rpc = new RpcConnection(a, { rawMessageMinBytes: 0 });
    b.attach({ data: () => undefined, drain: () => undefined, close: () => undefined });
    const reply = (id: number) => Buffer.from(`{"id":${id},"result":${REPLY},"error":null}`);
    // Raw requests that end by abort, by failPending and by their reply each stop counting once.
    const ac = new AbortController();
    const aborted = rpc.request('monitor_cond', [], { rawObjects: true, signal: ac.signal });
    ac.abort();
    await expect(aborted).rejects.toThrow();
    const failed = rpc.request('monitor_cond', [], { rawObjects: true });
    rpc.failPending(2, new Error('gone'));
    await expect(failed).rejects.toThrow('gone');
    const first = rpc.request('monitor_cond', [], { rawObjects: true });
    b.write(reply(3));
    expect(((await first) as Record<string, unknown>).ACL).toBeInstanceOf(RawObject);
    // None pending now: a large reply is parsed whole, and a new raw request is raw again.
    const plain = rpc.request('monitor_cond', []);
    b.write(reply(4));
    expect(await plain).toEqual(eager(REPLY));
    const again = rpc.request('monitor_cond', [], { rawObjects: true });
    b.write(reply(5));
    expect(((await again) as Record<string, unknown>).ACL).toBeInstanceOf(RawObject);
    expect(resolveRaw(await again)).toEqual(eager(REPLY));
    await rpc.close();
  });
});
