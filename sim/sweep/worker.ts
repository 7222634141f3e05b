/**
 * A sweep worker (a child process): builds the sweep's configurations from the same files as the
 * main process, then runs whatever runs it is sent, one at a time, and sends each run's KPIs back.
 */
import type { Configuration } from "./grid.ts";
import { runOnce } from "./kpis.ts";
import type { WorkerReply, WorkerRequest } from "./pool.ts";
import { configurationsOf, type SweepSource } from "./source.ts";

let configs: Configuration[] | undefined;
process.on("message", (message: { readonly source: SweepSource } | WorkerRequest) => {
  if ("source" in message) {
    configs = configurationsOf(message.source);
    return;
  }
  const config = (configs as Configuration[])[message.configuration] as Configuration;
  const reply: WorkerReply = { index: message.index, kpis: runOnce(config.scenario, message.seed) };
  process.send?.(reply);
});
