/**
 * `--shard I/N` (0-based I) or `--shard N`, the index then coming from the variable a batch system
 * sets: JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch
 * array jobs).
 */
import type { Shard } from "../sweep/results.ts";

const SHARD_INDEX_VARIABLES = ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"] as const;

export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard | string {
  const m = /^(?:(\d+)\/)?(\d+)$/.exec(text);
  if (m === null) return `--shard: expected I/N (e.g. 0/4) or N with ${SHARD_INDEX_VARIABLES.join(" or ")} set, got "${text}"`;
  const count = Number(m[2]);
  if (count < 1) return `--shard: the shard count must be at least 1, got ${count}`;
  const fromEnv = SHARD_INDEX_VARIABLES.map((v) => env[v]).find((v) => v !== undefined && v !== "");
  const indexText = m[1] ?? fromEnv;
  if (indexText === undefined) return `--shard ${text}: give the shard's index (I/N) or set ${SHARD_INDEX_VARIABLES.join(" or ")}`;
  const index = Number(indexText);
  if (!(Number.isInteger(index) && index >= 0 && index < count)) return `--shard: the index must be from 0 to ${count - 1}, got ${indexText}`;
  return { index, count };
}
