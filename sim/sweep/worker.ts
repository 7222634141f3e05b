/**
 * A sweep worker (a child process): builds the sweep's configurations from the same files as the
 * main process, then runs whatever runs it is sent, one at a time, and sends each run's KPIs back.
 */
import type { Configuration } from "./grid.ts";
import { runOnce } from "./kpis.ts";
import { packer, type WorkerRequest } from "./pool.ts";
import { configurationsOf, type SweepSource } from "./source.ts";

let configs: Configuration[] | undefined;
const pack = packer();
const waiting: WorkerRequest[] = [];
let busy = false;

/** Runs the next waiting run once the last reply has left: a reply still in the pipe would otherwise wait a whole run. */
function runNext(): void {
  if (busy) return;
  const request = waiting.shift();
  if (request === undefined) return;
  busy = true;
  const config = (configs as Configuration[])[request.configuration] as Configuration;
  process.send?.(pack({ index: request.index, kpis: runOnce(config.scenario, request.seed) }), () => {
    busy = false;
    runNext();
  });
}

process.on("message", (message: { readonly source: SweepSource } | WorkerRequest) => {
  if ("source" in message) configs = configurationsOf(message.source);
  else {
    waiting.push(message);
    runNext();
  }
});
