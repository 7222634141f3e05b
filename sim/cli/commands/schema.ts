/** `ecs-sim schema`: prints the scenario file's JSON Schema, for editors and other tools. */
import type { CommandModule } from "yargs";
import { z } from "zod";
import { scenarioSchema } from "../../scenario/schema/scenario.ts";
import type { CommandContext } from "../context.ts";

/** The published JSON Schema of a scenario file (what a user may write, before defaults). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
}

export function schemaCommand(_ctx: CommandContext): CommandModule {
  return {
    command: "schema",
    describe: "Print the JSON Schema of scenario files",
    handler: () => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    },
  };
}
