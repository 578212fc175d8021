/** What {@link getOrCreate} stores into: a Map or a WeakMap (a memo keyed by an immutable snapshot). */
export interface KeyedStore<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value stored under `key`, created with `make()` and stored first when absent. */
export function getOrCreate<K, V>(map: KeyedStore<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
