/** `ecs-sim merge SHARD_DIR... --out DIR`: combines a sharded sweep's results. */
import { resolve } from "node:path";
import type { CommandModule } from "yargs";
import { renderSweepReport } from "../../../reports/sweep-report.ts";
import { mergeShards } from "../../sweep/merge.ts";
import type { CommandContext } from "../context.ts";

interface MergeArgs {
  shards: string[];
  out: string;
  quiet: boolean;
}

export function mergeCommand(_ctx: CommandContext): CommandModule<object, MergeArgs> {
  return {
    command: "merge <shards..>",
    describe: "Combine the shard directories of a sweep into the results of the whole sweep",
    builder: (y) =>
      y
        .positional("shards", { type: "string", array: true, demandOption: true, describe: "Shard directories (ecs-sim sweep --shard)" })
        .option("out", { type: "string", demandOption: true, describe: "Where to write the whole sweep's results" })
        .option("quiet", { type: "boolean", default: false, alias: "q", describe: "Print nothing but errors" }),
    handler: (argv) => {
      const summary = mergeShards(argv.shards, resolve(argv.out), renderSweepReport);
      if (!argv.quiet) process.stdout.write(`merged ${argv.shards.length} shards: ${summary.sweep.runs} runs of ${summary.configurations.length} configurations\nresults: ${resolve(argv.out)}\n`);
    },
  };
}
