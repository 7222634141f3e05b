/** `ecs-sim report RUN_DIR`: renders RUN_DIR/report.html again from the run's files. */
import { join, resolve } from "node:path";
import type { CommandModule } from "yargs";
import { renderReport } from "../../../reports/report.ts";
import { readRun } from "../../../reports/run-data.ts";
import type { CommandContext } from "../context.ts";
import { writeFileAtomically } from "../../recorder/write-file.ts";

interface ReportArgs {
  run: string;
  out?: string | undefined;
}

export function reportCommand(_ctx: CommandContext): CommandModule<object, ReportArgs> {
  return {
    command: "report <run>",
    describe: "Render a run directory's report.html again from its files",
    builder: (y) =>
      y
        .positional("run", { type: "string", demandOption: true, describe: "Run directory (written by ecs-sim run)" })
        .option("out", { type: "string", describe: "Where to write the page (default RUN/report.html)" }),
    handler: (argv) => {
      const run = readRun(argv.run);
      const out = resolve(argv.out ?? join(argv.run, "report.html"));
      writeFileAtomically(out, renderReport(run));
      process.stdout.write(`report: ${out}\n`);
    },
  };
}
