/** `--workers`, the same for `sweep` and `plan`: checked before the command runs, so a bad count is a usage error. */
import { availableParallelism } from "node:os";
import type { Argv } from "yargs";
import { UsageError } from "./errors.ts";

export function withWorkers<T>(y: Argv<T>) {
  return y
    .option("workers", { type: "number", default: availableParallelism(), describe: "Worker processes (results are the same whatever the number)" })
    .check((argv) => {
      const workers = argv.workers;
      // yargs reads a word as NaN: no use repeating that.
      if (!(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`--workers: expected a whole number of at least 1${Number.isNaN(workers) ? "" : `, got ${workers}`}`);
      return true;
    });
}
