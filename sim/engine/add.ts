/** Adds `amount` to `key`'s sum in `map`. Module-level, not a closure: it runs on every task change. */
export function add<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}
