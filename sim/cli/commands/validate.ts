/** `ecs-sim validate FILE...`: checks scenario files without running them. */
import type { CommandModule } from "yargs";
import { loadScenario } from "../../scenario/load.ts";
import { EXIT, type CommandContext } from "../context.ts";
import { reportLoadError } from "../errors.ts";

export function validateCommand(ctx: CommandContext): CommandModule {
  return {
    command: "validate <scenarios..>",
    describe: "Check scenario files without running them (exit 2 on any error)",
    builder: (y) => y.positional("scenarios", { type: "string", array: true, describe: "Scenario YAML files" }),
    handler: (argv) => {
      for (const file of argv["scenarios"] as string[]) {
        try {
          loadScenario(file);
          process.stdout.write(`${file}: ok\n`);
        } catch (error) {
          reportLoadError(error);
          ctx.exitCode = EXIT.BAD_INPUT;
        }
      }
    },
  };
}
