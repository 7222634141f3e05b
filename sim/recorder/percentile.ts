/** Nearest-rank percentiles: one definition for a run's summary and a sweep's aggregates. */

/** The smallest of the sorted values with at least a share `p` (0 to 1) of them at or below it; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}
