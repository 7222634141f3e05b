/**
 * Runs a sweep's runs, on worker threads when there is more than one worker. Each worker takes the
 * next run as soon as it is free, so slow and fast runs balance out; results come back in the
 * order they finish, each with its run index, and the outputs are sorted by it: the worker count
 * changes how long a sweep takes, never what it finds.
 */
import { Worker } from "node:worker_threads";
import type { Configuration, Run } from "./grid.ts";
import { runOnce, type Kpis } from "./kpis.ts";
import type { SweepSource } from "./source.ts";

export interface WorkerRequest {
  readonly index: number;
  readonly configuration: number;
  readonly seed: number;
}

export interface WorkerReply {
  readonly index: number;
  readonly kpis: Kpis;
}

export interface PoolOptions {
  readonly workers: number;
  /** What workers rebuild the configurations from. */
  readonly source: SweepSource;
  /** The configurations, for runs in this thread (one worker). */
  readonly configurations: readonly Configuration[];
  /** Each result as it comes. */
  readonly onResult: (reply: WorkerReply) => void;
  /** Checked between runs: stop handing out runs (Ctrl-C). */
  readonly stopped?: (() => boolean) | undefined;
}

export async function runPool(runs: readonly Run[], options: PoolOptions): Promise<void> {
  if (options.workers <= 1 || runs.length <= 1) return runHere(runs, options);
  const queue = [...runs];
  const workers = Array.from({ length: Math.min(options.workers, runs.length) }, () => new Worker(new URL("./worker-entry.js", import.meta.url), { workerData: options.source }));
  try {
    await Promise.all(workers.map((worker) => feed(worker, queue, options)));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Gives one worker runs until the queue is empty. */
function feed(worker: Worker, queue: Run[], options: PoolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (): void => {
      const run = queue.shift();
      if (run === undefined || options.stopped?.() === true) return resolve();
      worker.postMessage({ index: run.index, configuration: run.configuration, seed: run.seed } satisfies WorkerRequest);
    };
    worker.on("message", (reply: WorkerReply) => {
      options.onResult(reply);
      next();
    });
    worker.on("error", reject);
    worker.on("exit", (code) => code !== 0 && reject(new Error(`a sweep worker stopped with exit code ${code}`)));
    next();
  });
}

async function runHere(runs: readonly Run[], options: PoolOptions): Promise<void> {
  for (const run of runs) {
    if (options.stopped?.() === true) return;
    const config = options.configurations[run.configuration] as Configuration;
    options.onResult({ index: run.index, kpis: runOnce(config.scenario, run.seed) });
    // Let Ctrl-C and the progress bar in between runs.
    await new Promise((r) => setImmediate(r));
  }
}
