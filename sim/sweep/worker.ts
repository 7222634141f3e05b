/**
 * A sweep worker thread: builds the sweep's configurations from the same file as the main thread,
 * then runs whatever runs it is sent, one at a time, and posts each run's KPIs back.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Configuration } from "./grid.ts";
import { runOnce } from "./kpis.ts";
import type { WorkerReply, WorkerRequest } from "./pool.ts";
import { configurationsOf, type SweepSource } from "./source.ts";

const port = parentPort;
if (port === null) throw new Error("the sweep worker runs in a worker thread");
const configs: Configuration[] = configurationsOf(workerData as SweepSource);
port.on("message", (request: WorkerRequest) => {
  const config = configs[request.configuration] as Configuration;
  const reply: WorkerReply = { index: request.index, kpis: runOnce(config.scenario, request.seed) };
  port.postMessage(reply);
});
