#!/usr/bin/env node
// Entry point of the `ecs-sim` command: loads the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
// A closed pipe (`ecs-sim run ... | head`) is not an error: stop printing, finish the run.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.stdout.write = () => true;
});
const { main } = await import("../sim/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
