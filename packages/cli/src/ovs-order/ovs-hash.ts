// Open vSwitch's portable string hash (lib/hash.c `hash_bytes` with the murmur-style `mhash_add`,
// as built on x86-64 without SSE4.2, which is how Debian builds it). The IDL, shash and smap use it
// to place names in hash tables, and their iteration order is what ovn-nbctl prints.

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

function mhashAdd(hash: number, data: number): number {
  let h = hash;
  // A zero word leaves the hash unchanged before the rotation (lib/hash.h mhash_add__).
  if (data !== 0) {
    let d = Math.imul(data, 0xcc9e2d51) >>> 0;
    d = rotl(d, 15);
    d = Math.imul(d, 0x1b873593) >>> 0;
    h = (h ^ d) >>> 0;
  }
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

function mhashFinish(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** `hash_bytes(bytes, n, basis)` of OVS 3.1: 32-bit little-endian words, then the tail. */
export function ovsHashBytes(bytes: Uint8Array, basis = 0): number {
  let h = basis >>> 0;
  const n = bytes.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const word = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    h = mhashAdd(h, word);
  }
  if (i < n) {
    let tail = 0;
    for (let j = 0; i + j < n; j++) tail |= bytes[i + j]! << (8 * j);
    h = mhashAdd(h, tail >>> 0);
  }
  return mhashFinish((h ^ n) >>> 0);
}

const encoder = new TextEncoder();

/** `hash_string(s, 0)`: the hash shash and smap use for their keys. */
export function ovsHashString(s: string): number {
  return ovsHashBytes(encoder.encode(s), 0);
}
