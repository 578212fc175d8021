// The NAT transaction both protocol benches send: insert the i-th SNAT and add it to a gateway
// router's `nat` set, as the EgressIP controller does for one pod.

/** The operations of the i-th NAT transaction on `router` (a `GR_<node>` name). */
export function natOperations(i, router) {
  return [
    {
      op: 'insert',
      table: 'NAT',
      'uuid-name': 'nat',
      row: {
        type: 'snat',
        external_ip: '172.18.250.1',
        logical_ip: `10.${200 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
        logical_port: `k8s-${router.slice(3)}`,
        options: ['map', [['stateless', 'false']]],
        external_ids: ['map', [['k8s.ovn.org/name', `bench-${i}`]]],
      },
    },
    {
      op: 'mutate',
      table: 'Logical_Router',
      where: [['name', '==', router]],
      mutations: [['nat', 'insert', ['named-uuid', 'nat']]],
    },
  ];
}
