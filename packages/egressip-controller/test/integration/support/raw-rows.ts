// Writes rows the way another writer (an older controller, an operator with ovn-nbctl) would,
// so tests can start from stale or foreign NB state.
import { insertOp, mutateOp } from '../../../src/nb/operations.js';
import type { NbSnapshot } from '../../../src/nb/snapshot.js';
import { checkResults, type NbTransactor } from '../../../src/nb/transactor.js';
import { namedRef, uuidSet } from '../../../src/nb/wire.js';

export async function insertReferenced(
  nb: NbTransactor,
  snap: NbSnapshot,
  table: 'Logical_Router_Policy' | 'NAT',
  router: string,
  row: object,
): Promise<void> {
  const schema = await nb.schema();
  const r = snap.Logical_Router.find((x) => x.name === router);
  if (!r) throw new Error(`no router ${router}`);
  const ref = namedRef('x');
  const ops = [
    insertOp(schema, table, row, ref),
    mutateOp('Logical_Router', r._uuid, [[table === 'NAT' ? 'nat' : 'policies', 'insert', uuidSet([ref])]]),
  ];
  checkResults(ops, await nb.transact(ops));
}

export async function addAddresses(nb: NbTransactor, name: string, addresses: string[]): Promise<void> {
  const ops = [
    {
      op: 'mutate',
      table: 'Address_Set',
      where: [['name', '==', name]],
      mutations: [['addresses', 'insert', ['set', addresses]]],
    },
  ];
  checkResults(ops, await nb.transact(ops));
}
