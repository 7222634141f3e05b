/**
 * Long series are reduced before they are drawn: more points than a chart has pixels add bytes,
 * not information. The time span is cut into equal buckets and each keeps, for every series of
 * the chart, its first sample and the samples holding its minimum and maximum, so a dip to zero
 * or a spike survives however long the run, and the series of one chart stay aligned on the same
 * instants (what the hover readout needs). Cost: O(samples x series).
 */

/** The indexes of the samples to keep, in order; all of them when there are few enough. */
export function keptSamples(t: readonly number[], series: readonly (readonly number[])[], buckets: number): number[] {
  const n = t.length;
  if (n <= buckets * 3) return t.map((_, i) => i);
  const t0 = t[0] as number;
  const span = (t[n - 1] as number) - t0 || 1;
  const kept: number[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    const end = b === buckets - 1 ? Infinity : t0 + (span * (b + 1)) / buckets;
    if ((t[i] as number) > end) continue; // an empty bucket
    const first = i;
    const picks = new Set([first]);
    const low = series.map(() => first);
    const high = series.map(() => first);
    for (; i < n && (t[i] as number) <= end; i++) {
      series.forEach((values, s) => {
        if ((values[i] as number) < (values[low[s] as number] as number)) low[s] = i;
        if ((values[i] as number) > (values[high[s] as number] as number)) high[s] = i;
      });
    }
    for (const k of [...low, ...high]) picks.add(k);
    kept.push(...[...picks].sort((a, c) => a - c));
  }
  return kept;
}

/** The values at the kept indexes. */
export const pick = <T>(values: readonly T[], kept: readonly number[]): T[] => kept.map((k) => values[k] as T);
