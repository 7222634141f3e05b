/**
 * A sweep worker (a child process): builds each configuration from what the main process sent the
 * first time one of its runs comes, runs whatever runs it is sent, one at a time, and sends each
 * run's KPIs back, or the error the run ended with.
 */
import type { Configuration } from "./grid.ts";
import { runOnce } from "./kpis.ts";
import { packer, type PackedReply, type WorkerRequest } from "./pool.ts";
import { configurationsOf, type SweepSource } from "./source.ts";
import { sendable, type SentError } from "./worker-error.ts";

let source: SweepSource | undefined;
let configs: ((index: number) => Configuration) | undefined;
const pack = packer();
const waiting: WorkerRequest[] = [];
let busy = false;

function reply(request: WorkerRequest): PackedReply | { readonly index: number; readonly error: SentError } {
  try {
    configs ??= configurationsOf(source as SweepSource);
    return pack({ index: request.index, kpis: runOnce(configs(request.configuration).scenario, request.seed) });
  } catch (error) {
    return { index: request.index, error: sendable(error) };
  }
}

/** Runs the next waiting run once the last reply has left: a reply still in the pipe would otherwise wait a whole run. */
function runNext(): void {
  if (busy) return;
  const request = waiting.shift();
  if (request === undefined) return;
  busy = true;
  process.send?.(reply(request), () => {
    busy = false;
    runNext();
  });
}

process.on("message", (message: { readonly source: SweepSource } | WorkerRequest) => {
  if ("source" in message) source = message.source;
  else {
    waiting.push(message);
    runNext();
  }
});
