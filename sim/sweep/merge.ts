/**
 * `ecs-sim merge`: the shards of one sweep, run anywhere, combined into exactly the directory an
 * unsharded sweep would have written. Refuses shards of different sweeps, missing or repeated
 * shards, and unfinished ones.
 */
import { differingField, readManifest, readResults, startSweep, SweepDirectoryError, writeResults, type Manifest, type SweepSummary } from "./results.ts";

export function mergeShards(dirs: readonly string[], out: string, report: (summary: SweepSummary) => string): SweepSummary {
  const manifests = dirs.map((dir) => {
    const manifest = readManifest(dir);
    if (manifest === undefined) throw new SweepDirectoryError(`${dir}: no sweep.json (not a sweep directory)`);
    if (manifest.shard === null) throw new SweepDirectoryError(`${dir}: a whole sweep, not a shard`);
    return manifest;
  });
  const first = manifests[0] as Manifest;
  const count = first.shard?.count ?? 0;
  manifests.forEach((m, i) => {
    const differing = differingField(first, m, ["shard"]);
    if (differing !== undefined) throw new SweepDirectoryError(`${dirs[i]}: a shard of another sweep than ${dirs[0]}: their sweep.json differ in ${differing}`);
    if (m.shard?.count !== count) throw new SweepDirectoryError(`${dirs[i]}: one of ${m.shard?.count} shards, ${dirs[0]} one of ${count}`);
  });
  const indexes = manifests.map((m) => m.shard?.index ?? -1);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !indexes.includes(i));
  if (missing.length > 0) throw new SweepDirectoryError(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing`);
  if (new Set(indexes).size !== indexes.length) throw new SweepDirectoryError("a shard is given twice");
  const results = dirs.flatMap((dir, i) => readResults(dir, manifests[i] as Manifest));
  if (results.length !== first.runs) throw new SweepDirectoryError(`the shards hold ${results.length} of the sweep's ${first.runs} runs`);
  const manifest: Manifest = { ...first, shard: null };
  // Like a sweep: unfinished until every result is written, with no earlier results left to mix in.
  startSweep(out, manifest);
  return writeResults(out, manifest, results, report);
}
