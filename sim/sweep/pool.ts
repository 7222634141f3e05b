/**
 * Runs a sweep's runs, in worker processes when there is more than one worker. Each worker takes
 * the next run as soon as it is free, so slow and fast runs balance out; results come back in the
 * order they finish, each with its run index, and the outputs are sorted by it: the worker count
 * changes how long a sweep takes, never what it finds.
 *
 * Processes, not worker threads: a run allocates a lot, and the threads of one process share V8's
 * garbage-collection helpers; on 2 cores two threads ran a 200-run sweep 1.18 times as fast as
 * one, two processes, each collecting on its own thread, 1.28 times. Workers collect garbage on
 * their main thread (--single-threaded-gc): with a worker per core, helper threads would only take
 * turns with the other workers.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Configuration, Run } from "./grid.ts";
import { runOnce, shareNames, type Kpis } from "./kpis.ts";
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

/**
 * A run's KPIs as they cross from a worker: the values in a typed array, the names only when they
 * differ from the worker's previous reply (runs of one sweep nearly always share them).
 */
export interface PackedReply {
  readonly index: number;
  readonly names?: readonly string[];
  readonly values: Float64Array;
}

/** Packs replies in a worker; `names` goes out when it changes. */
export function packer(): (reply: WorkerReply) => PackedReply {
  let last: readonly string[] | undefined;
  return ({ index, kpis }) => {
    const values = Float64Array.from(kpis.values);
    const same = shareNames(kpis.names, last) === last;
    last = kpis.names;
    return same ? { index, values } : { index, names: kpis.names, values };
  };
}

/** Unpacks one worker's replies, in the order it sent them: runs with the same names share one array. */
export function unpacker(): (packed: PackedReply) => WorkerReply {
  let names: readonly string[] = [];
  return (packed) => {
    names = packed.names ?? names;
    return { index: packed.index, kpis: { names, values: packed.values } };
  };
}

/**
 * Runs a worker holds at once: one running, one waiting in its pipe, so that it never waits for
 * the main process (busy writing results, or not scheduled while both cores run workers).
 */
const IN_FLIGHT = 2;

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
  const workers = Array.from({ length: Math.min(options.workers, runs.length) }, () => {
    const worker = fork(fileURLToPath(new URL("./worker-entry.js", import.meta.url)), [], { execArgv: ["--single-threaded-gc"], serialization: "advanced" });
    worker.send({ source: options.source });
    return worker;
  });
  try {
    await Promise.all(workers.map((worker) => feed(worker, queue, options)));
  } finally {
    for (const w of workers) w.kill();
  }
}

/** Gives one worker runs until the queue is empty, IN_FLIGHT at a time. */
function feed(worker: ChildProcess, queue: Run[], options: PoolOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const unpack = unpacker();
    let inFlight = 0;
    const next = (): void => {
      while (inFlight < IN_FLIGHT && options.stopped?.() !== true) {
        const run = queue.shift();
        if (run === undefined) break;
        worker.send({ index: run.index, configuration: run.configuration, seed: run.seed } satisfies WorkerRequest);
        inFlight += 1;
      }
      if (inFlight === 0) resolve();
    };
    worker.on("message", (packed: PackedReply) => {
      inFlight -= 1;
      options.onResult(unpack(packed));
      next();
    });
    worker.on("error", reject);
    // A worker gone while runs were asked of it: Ctrl-C reaches the workers too (fine), else a crash.
    worker.on("exit", (code, signal) => (options.stopped?.() === true ? resolve() : reject(new Error(`a sweep worker stopped (${signal ?? `exit code ${code}`})`))));
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
