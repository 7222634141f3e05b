/** `ecs-sim compare RUN_A RUN_B`: a side-by-side report and the KPI table in the terminal. */
import { basename, join, resolve } from "node:path";
import type { CommandModule } from "yargs";
import { kpiRows, renderComparison } from "../../../reports/compare.ts";
import { readRun, readSummary, servicesToChart } from "../../../reports/run-data.ts";
import type { CommandContext } from "../context.ts";
import { writeFileAtomically } from "../../recorder/write-file.ts";

interface CompareArgs {
  a: string;
  b: string;
  out?: string | undefined;
  quiet: boolean;
}

export function compareCommand(_ctx: CommandContext): CommandModule<object, CompareArgs> {
  return {
    command: "compare <a> <b>",
    describe: "Compare two run directories: KPI differences in the terminal and a side-by-side report",
    builder: (y) =>
      y
        .positional("a", { type: "string", demandOption: true, describe: "Run directory A (the baseline)" })
        .positional("b", { type: "string", demandOption: true, describe: "Run directory B" })
        .option("out", { type: "string", describe: "Where to write the page (default out/compare/A-vs-B.html)" })
        .option("quiet", { type: "boolean", default: false, alias: "q", describe: "Print nothing but errors" }),
    handler: (argv) => {
      // The services charted depend on both runs: each run's series of those are read.
      const services = servicesToChart(readSummary(argv.a), readSummary(argv.b));
      const a = readRun(argv.a, services);
      const b = readRun(argv.b, services);
      const out = resolve(argv.out ?? join("out", "compare", `${basename(resolve(argv.a))}-vs-${basename(resolve(argv.b))}.html`));
      writeFileAtomically(out, renderComparison(a, b));
      if (argv.quiet) return;
      const rows = [["", "A", "B", "B against A"], ...kpiRows(a, b).map((r) => [r.label, r.a, r.b, r.delta])];
      const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] as string).length)));
      const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[0] as number) : c < 3 ? cell.padStart(widths[c] as number) : cell)).join("  "));
      process.stdout.write(`A: ${resolve(argv.a)}\nB: ${resolve(argv.b)}\n${lines.join("\n")}\nreport: ${out}\n`);
    },
  };
}
