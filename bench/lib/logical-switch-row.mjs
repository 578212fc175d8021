// One Logical_Switch row in wire form as ovn-kubernetes writes it (name, 3-key external_ids,
// the subnet in other_config), for the benches that need many similar rows.
export const lsRow = (i) => ({
  name: `ls-${i}`,
  external_ids: [
    'map',
    [
      ['k8s.ovn.org/owner-type', 'bench'],
      ['k8s.ovn.org/id', `id-${i}`],
      ['zone', `z${i % 16}`],
    ],
  ],
  other_config: ['map', [['subnet', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.0/24`]]],
});
