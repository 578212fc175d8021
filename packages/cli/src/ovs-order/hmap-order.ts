// A faithful model of OVS's `struct hmap` (lib/hmap.c, include/openvswitch/hmap.h): nodes go to the
// head of bucket `hash & mask`; the table grows to calc_mask(n) once n/2 > mask, re-inserting the
// old buckets in order (which reverses colliding nodes). Iteration walks buckets 0..mask. Only the
// resulting order matters to us: it is the order ovn-nbctl prints rows and smap entries in.

function calcMask(capacity: number): number {
  let mask = Math.floor(capacity / 2);
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  mask |= (mask & 1) << 1;
  return mask >>> 0;
}

/**
 * Returns `items` in the iteration order of an OVS hmap into which they were inserted in the
 * given order with the given 32-bit hashes.
 */
export function hmapOrder<T>(items: readonly T[], hashOf: (item: T) => number): T[] {
  const n = items.length;
  if (n === 0) return [];
  // Each bucket is a singly linked list threaded through `next` (index into the arrays below).
  const hashes = new Uint32Array(n);
  const next = new Int32Array(n);
  let mask = 0;
  let heads = new Int32Array(1).fill(-1);
  for (let i = 0; i < n; i++) {
    const h = hashOf(items[i]!) >>> 0;
    hashes[i] = h;
    const b = h & mask;
    next[i] = heads[b]!;
    heads[b] = i;
    const count = i + 1;
    if (Math.floor(count / 2) > mask) {
      const newMask = calcMask(count);
      if (newMask > mask) {
        const fresh = new Int32Array(newMask + 1).fill(-1);
        for (let bucket = 0; bucket <= mask; bucket++) {
          let node = heads[bucket]!;
          while (node !== -1) {
            const following = next[node]!;
            const nb = hashes[node]! & newMask;
            next[node] = fresh[nb]!;
            fresh[nb] = node;
            node = following;
          }
        }
        heads = fresh;
        mask = newMask;
      }
    }
  }
  const out: T[] = [];
  for (let bucket = 0; bucket <= mask; bucket++) {
    for (let node = heads[bucket]!; node !== -1; node = next[node]!) out.push(items[node]!);
  }
  return out;
}
