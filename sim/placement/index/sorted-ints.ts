/** Sorted arrays of small integers (instance indexes, resource amounts): binary search, insert, remove. */

/** The first position whose value is >= v. O(log n). */
export function lowerBound(a: readonly number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts v unless present. O(log n) to find, O(n) to shift. */
export function insertSorted(a: number[], v: number): void {
  const p = lowerBound(a, v);
  if (a[p] !== v) a.splice(p, 0, v);
}

/** Removes v if present. O(log n) to find, O(n) to shift. */
export function removeSorted(a: number[], v: number): void {
  const p = lowerBound(a, v);
  if (a[p] === v) a.splice(p, 1);
}
