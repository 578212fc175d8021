// Large set columns against a real ovsdb-server: a router's `nat` set of more than LARGE_SET
// references, changed by transactions that add or remove a few NATs or hundreds (so it crosses the
// threshold both ways). Sessions, eager and lazy, keep such sets as versions (replica/set-versions.ts);
// each row they hand out, new or old, read at once, at the end or never, must equal the plain
// frozen-array value the codec's applyDiff builds from the same update2 notifications, in order.
import { afterEach, describe, expect, it } from '@jest/globals';
import { compileValueCodec, connect, openSession, type Session } from '@ovnkit/ovsdb';
import { OVN_Northbound } from '@ovnkit/ovsdb/schemas/ovn-nb';
import { startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';
import { LARGE_SET } from '../../src/replica/set-versions.js';

const DB = 'OVN_Northbound';
// The columns' types as the server's schema gives them (the generated NB descriptor).
const routerColumns = OVN_Northbound.tables.Logical_Router.columns;
const natCodec = compileValueCodec(routerColumns.nat.type);
const idsCodec = compileValueCodec(routerColumns.external_ids.type);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface RouterRow {
  readonly _uuid: string;
  readonly name: string;
  readonly nat: readonly string[];
  readonly external_ids: Readonly<Record<string, string>>;
}

/** `count` NAT inserts referenced from router `gr`'s nat set, marked with `step`. */
function addNats(first: number, count: number, step: number): unknown[] {
  const ops: unknown[] = [];
  for (let i = first; i < first + count; i++)
    ops.push({
      op: 'insert',
      table: 'NAT',
      'uuid-name': `n${i}`,
      row: {
        type: 'snat',
        external_ip: '172.18.0.1',
        logical_ip: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
      },
    });
  ops.push({
    op: 'mutate',
    table: 'Logical_Router',
    where: [['name', '==', 'gr']],
    mutations: [
      ['nat', 'insert', ['set', Array.from({ length: count }, (_, k) => ['named-uuid', `n${first + k}`])]],
    ],
  });
  return [...ops, mark(step)];
}

function mark(step: number): unknown {
  return {
    op: 'update',
    table: 'Logical_Router',
    where: [['name', '==', 'gr']],
    row: { external_ids: ['map', [['step', String(step)]]] },
  };
}

type Step =
  | { kind: 'add'; count: number }
  | { kind: 'remove'; picks: number[] }
  | { kind: 'cut' }
  | { kind: 'mark' };

const steps = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('add' as const), count: fc.integer({ min: 1, max: 3 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('add' as const), count: fc.integer({ min: 450, max: 600 }) }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('remove' as const),
        picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      }),
    },
    // Every element but one in five goes: the set falls below LARGE_SET / 2 (back to a plain array).
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('mark' as const) }) },
  ),
  { minLength: 30, maxLength: 30 },
);

describe('large set columns against ovsdb-server', () => {
  it('eager and lazy sessions hand out rows equal to the plain values, new and old, in order', async () => {
    const server = await startOvsdbServer({ schemas: ['nb'] });
    cleanups.push(() => server.stop());
    const writer = await connect({ remote: server.remote });
    cleanups.push(() => writer.close());
    await writer.transact(DB, [{ op: 'insert', table: 'Logical_Router', row: { name: 'gr' } }] as never);
    let nextNat = 0;
    await writer.transact(DB, addNats(nextNat, LARGE_SET + 40, 0) as never);
    nextNat += LARGE_SET + 40;

    // The plain values: the writer monitors the router and applies each update2 diff with the
    // codec (frozen arrays); its notifications arrive before the reply to the writer's transaction.
    const plain: { nat: readonly string[]; external_ids: unknown }[] = [];
    writer.onNotification((n) => {
      if (n.kind !== 'update2') return;
      for (const u of Object.values(
        (n.updates as Record<string, Record<string, Record<string, Record<string, unknown>>>>)
          .Logical_Router ?? {},
      )) {
        const prev = plain.at(-1)!;
        const d = u.modify!;
        plain.push({
          nat: d.nat !== undefined ? (natCodec.applyDiff(prev.nat, d.nat) as readonly string[]) : prev.nat,
          external_ids:
            d.external_ids !== undefined
              ? idsCodec.applyDiff(prev.external_ids, d.external_ids)
              : prev.external_ids,
        });
      }
    });
    const sessions: { session: Session; changes: { old: RouterRow; new: RouterRow }[] }[] = [];
    for (const lazyRowsMinBytes of [Number.POSITIVE_INFINITY, 0]) {
      const session = openSession({
        remote: server.remote,
        db: DB,
        tables: { Logical_Router: { columns: ['name', 'nat', 'external_ids'] } },
        lazyRowsMinBytes,
      });
      cleanups.push(() => session.close());
      const changes: { old: RouterRow; new: RouterRow }[] = [];
      session.replica.onChange((b) => {
        for (const c of b.changes)
          if (c.kind === 'update') changes.push({ old: c.old as RouterRow, new: c.new as RouterRow });
      });
      sessions.push({ session, changes });
    }
    await Promise.all(sessions.map((s) => s.session.ready));
    const initial = await writer.monitorCond(DB, 'plain', {
      Logical_Router: [{ columns: ['name', 'nat', 'external_ids'] }],
    });
    const row = Object.values(
      (initial as Record<string, Record<string, { initial: Record<string, unknown> }>>).Logical_Router!,
    )[0]!.initial;
    plain.push({
      nat: natCodec.decode(row.nat) as readonly string[],
      external_ids: idsCodec.decode(row.external_ids),
    });
    // Every client starts from the same server state, so the same set order.
    for (const { session } of sessions)
      expect(([...session.replica.table('Logical_Router')][0] as RouterRow).nat).toEqual(plain[0]!.nat);

    const plan = fc.sample(steps, { numRuns: 1, seed: 20261206 })[0]!;
    const readNow = fc.sample(fc.boolean(), { numRuns: plan.length, seed: 7 });
    const sizes = new Set<string>();
    for (let i = 0; i < plan.length; i++) {
      const s = plan[i]! as Step;
      const step = i + 1;
      const cur = plain.at(-1)!.nat;
      if (s.kind === 'add') {
        await writer.transact(DB, addNats(nextNat, s.count, step) as never);
        nextNat += s.count;
      } else if (s.kind === 'remove' || s.kind === 'cut') {
        const gone =
          s.kind === 'cut'
            ? cur.filter((_, k) => k % 5 !== 0)
            : [...new Set(s.picks.map((p) => cur[p % cur.length]!))];
        await writer.transact(DB, [
          {
            op: 'mutate',
            table: 'Logical_Router',
            where: [['name', '==', 'gr']],
            mutations: [['nat', 'delete', ['set', gone.map((u) => ['uuid', u])]]],
          },
          mark(step),
        ] as never);
      } else await writer.transact(DB, [mark(step)] as never);
      const size = plain.at(-1)!.nat.length;
      sizes.add(size >= LARGE_SET ? 'large' : size < LARGE_SET / 2 ? 'small' : 'between');
      for (const { session, changes } of sessions) {
        await session.replica.waitForRow(
          'Logical_Router',
          (r) => (r as RouterRow).external_ids.step === String(step),
          {
            timeoutMs: 20_000,
          },
        );
        expect(changes).toHaveLength(plain.length - 1);
        if (readNow[i]) expect(changes.at(-1)!.new.nat).toEqual(plain.at(-1)!.nat);
      }
    }
    // The run crossed the threshold: both representations were exercised.
    expect(sizes).toContain('large');
    expect(sizes).toContain('small');

    // Old and new rows read now, long after newer versions were applied; every third never read.
    for (const { session, changes } of sessions) {
      for (let k = changes.length - 1; k >= 0; k--) {
        if (k % 3 === 2) continue;
        const { old, new: next } = changes[k]!;
        expect(next.nat).toEqual(plain[k + 1]!.nat);
        expect(old.nat).toEqual(plain[k]!.nat);
        expect(next.external_ids).toEqual(plain[k + 1]!.external_ids);
        expect(Object.isFrozen(next.nat)).toBe(true);
      }
      const now = [...session.replica.table('Logical_Router')][0] as RouterRow;
      expect({ ...now }).toEqual({ _uuid: now._uuid, name: 'gr', ...plain.at(-1)! });
    }
  });
});
