/**
 * Runs a sweep's runs in worker processes (a lone run in this process). Each worker takes the next
 * run as soon as it is free, so slow and fast runs balance out; results come back in the order
 * they finish, each with its run index, and the outputs are sorted by it: the worker count changes
 * how long a sweep takes, never what it finds.
 *
 * Processes, not worker threads: the threads of one process share V8's compiler and garbage
 * collection helpers. On 2 cores one process ran 60 runs in 3.9 s; two threads of one process, 60
 * runs each, took 6.0 s (1.3 times the throughput), two processes 4.8 s (1.63 times).
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Configuration, Run } from "./grid.ts";
import { runOnce, shareNames, type Kpis } from "./kpis.ts";
import type { SweepSource } from "./source.ts";
import { revive, type SentError } from "./worker-error.ts";

/** Runs a batch asked for that did not come back: a worker process was stopped by a signal. */
export class InterruptedError extends Error {
  constructor() {
    super("a worker process was stopped (SIGINT or SIGTERM) before its runs finished");
  }
}

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
 * Worker processes get a young generation big enough for a whole run's short-lived objects, a V8
 * flag that only a process's start can set (so this process, with V8's default, runs none but a
 * lone run): with the default, 16 MB, every run's objects were copied from scavenge to scavenge; a
 * random-failures day took 72 ms and kept 1.23 cores busy (V8's helper threads), with 128 MB 57 ms
 * and 1.05 cores. It costs about 200 MB per process.
 */
const YOUNG_GENERATION = "--max-semi-space-size=128";

/**
 * Runs a worker holds at once: one running, one waiting in its pipe, so that it never waits for
 * the main process (busy writing results, or not scheduled while both cores run workers).
 */
const IN_FLIGHT = 2;

export interface PoolOptions {
  readonly workers: number;
  /** What workers build the configurations from (they read no scenario file themselves). */
  readonly source: SweepSource;
  /** Configuration `index`, for a lone run in this process. */
  readonly configuration: (index: number) => Configuration;
  /** Checked between runs: stop handing out runs (Ctrl-C). */
  readonly stopped?: (() => boolean) | undefined;
}

export interface Pool {
  /** Runs `runs`, each result to `onResult` as it comes; done when all are in, or when stopped. */
  run(runs: readonly Run[], onResult: (reply: WorkerReply) => void): Promise<void>;
  /** Ends the worker processes. */
  close(): void;
}

interface PoolWorker {
  readonly process: ChildProcess;
  /** What the batch under way does with the worker's replies and with its end; none between batches. */
  batch?: { readonly reply: (reply: WorkerReply) => void; readonly failed: (error: Error) => void; readonly ended: (error: Error | undefined) => void } | undefined;
}

/**
 * A pool whose worker processes, once started (each takes about a second to start and warm up),
 * serve every batch until it is closed: a capacity search runs a batch per candidate.
 */
export function openPool(options: PoolOptions): Pool {
  if (!(Number.isInteger(options.workers) && options.workers >= 1)) throw new Error(`a pool needs at least 1 worker, got ${options.workers}`);
  const workers: PoolWorker[] = [];
  return {
    run: async (runs, onResult) => {
      const queue = [...runs];
      // A worker gone between batches (stopped by a signal, say) is not fed again: others start.
      for (let i = workers.length - 1; i >= 0; i--) if (exited((workers[i] as PoolWorker).process)) workers.splice(i, 1);
      // A single run is done sooner here than in a worker that has yet to start (half a second).
      if (queue.length <= 1 && workers.length === 0) return runHere(queue[0], options, onResult);
      while (workers.length < Math.min(options.workers, queue.length)) workers.push(start(options.source));
      await Promise.all(workers.map((worker) => feed(worker, queue, onResult, options.stopped)));
    },
    close: () => {
      for (const w of workers) w.process.kill();
    },
  };
}

const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

function start(source: SweepSource): PoolWorker {
  const child = fork(fileURLToPath(new URL("./worker-entry.js", import.meta.url)), [], { execArgv: [YOUNG_GENERATION], serialization: "advanced" });
  const worker: PoolWorker = { process: child };
  // One for the process's whole life: it sends the KPI names only when they change.
  const unpack = unpacker();
  child.on("message", (message: PackedReply | { readonly index: number; readonly error: SentError }) => {
    if ("error" in message) worker.batch?.failed(revive(message.error));
    else worker.batch?.reply(unpack(message));
  });
  child.on("error", (error: NodeJS.ErrnoException) => {
    // A run sent as the worker died: its exit, which follows, says why.
    if (error.code === "EPIPE" || error.code === "ERR_IPC_CHANNEL_CLOSED") return;
    worker.batch?.ended(error);
  });
  // Ctrl-C and a batch system's SIGTERM reach this process too, maybe only after the worker's exit
  // is seen here: an interruption either way, not a crash.
  child.on("exit", (code, signal) => worker.batch?.ended(signal === "SIGINT" || signal === "SIGTERM" ? undefined : new Error(`a sweep worker stopped (${signal ?? `exit code ${code}`})`)));
  child.send({ source });
  return worker;
}

/** Gives one worker runs until the queue is empty, IN_FLIGHT at a time. */
function feed(worker: PoolWorker, queue: Run[], onResult: (reply: WorkerReply) => void, stopped: (() => boolean) | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let inFlight = 0;
    const end = (error?: Error): void => {
      worker.batch = undefined;
      if (error === undefined) resolve();
      else reject(error);
    };
    const next = (): void => {
      while (inFlight < IN_FLIGHT && stopped?.() !== true) {
        const run = queue.shift();
        if (run === undefined) break;
        worker.process.send({ index: run.index, configuration: run.configuration, seed: run.seed } satisfies WorkerRequest);
        inFlight += 1;
      }
      if (inFlight === 0) end();
    };
    worker.batch = {
      reply: (reply) => {
        inFlight -= 1;
        // Thrown here, it would escape the promise (we are in the child process's event).
        try {
          onResult(reply);
        } catch (error) {
          end(error as Error);
          return;
        }
        next();
      },
      // A run that threw: the sweep ends with its error, as it would have in this process.
      failed: (error) => end(error),
      // A worker gone while runs were asked of it: interrupted (no error), else a crash.
      ended: (error) => end(stopped?.() === true ? undefined : error),
    };
    next();
  });
}

/** A lone run, in this process. */
function runHere(run: Run | undefined, options: PoolOptions, onResult: (reply: WorkerReply) => void): void {
  if (run === undefined || options.stopped?.() === true) return;
  onResult({ index: run.index, kpis: runOnce(options.configuration(run.configuration).scenario, run.seed) });
}
