// ovn-kubernetes names address sets "a" + decimal(FNV-1a 64 of the set's k8s.ovn.org/id), so the
// names are stable across restarts and predictable from the owner ids alone (spec 4.0).
const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** Unsigned 64-bit FNV-1a hash of the UTF-8 bytes of `text`. */
export function fnv1a64(text: string): bigint {
  let hash = OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  }
  return hash;
}

/** Address_Set `name` for a set whose `k8s.ovn.org/id` is `id`. */
export function addressSetName(id: string): string {
  return `a${fnv1a64(id).toString(10)}`;
}
