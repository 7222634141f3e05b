// The "kernel" suite: events per second of the Engine on a 1M-event schedule
// (all scheduled, then run) and on a hold model (each event schedules the next,
// ~10,000 pending), each next to a bare heap of numbers doing the same pushes
// and pops, so the ratio shows the cost of the kernel over the queue alone.

import { Engine } from "../sim/engine/engine.ts";
import { Priority } from "../sim/engine/priority.ts";
import { RandomStreams } from "../sim/engine/rng.ts";
import { BareHeap } from "./bare-heap.ts";
import type { BenchSuite } from "./suite.ts";

const EVENTS = 1_000_000;
const HOLD = 10_000;
const HORIZON_MS = 7 * 86_400_000; // a week of simulated time
const MAX_DELAY_MS = 60_000;
const SLOTS = 8; // the kernel's priority slots per ms, for the bare heap's keys

const PRIORITIES = Object.values(Priority);

// Inputs, drawn once from a seeded stream so every run measures the same work.
const times = new Float64Array(EVENTS);
const priorities: Priority[] = [];
const delays = new Float64Array(EVENTS);

function prepare(): void {
  const random = new RandomStreams(20_240_601).stream("bench/kernel");
  for (let i = 0; i < EVENTS; i++) {
    times[i] = random.int(HORIZON_MS);
    priorities[i] = random.pick(PRIORITIES);
    delays[i] = 1 + random.int(MAX_DELAY_MS);
  }
}

let executed = 0;
// One shared action: the suite measures the kernel, not closure allocation.
const action = (): void => {
  executed++;
};

function expectEvents(count: number, what: string): void {
  if (count !== EVENTS) throw new Error(`${what} processed ${count} events, expected ${EVENTS}`);
}

function engineBulk(): void {
  const engine = new Engine();
  for (let i = 0; i < EVENTS; i++) engine.schedule(times[i] as number, priorities[i] as Priority, action);
  engine.run();
  expectEvents(engine.processed, "engine bulk");
}

function bareBulk(): void {
  const heap = new BareHeap();
  for (let i = 0; i < EVENTS; i++) heap.push((times[i] as number) * SLOTS + (priorities[i] as number));
  let count = 0;
  let previous = -1;
  while (heap.size > 0) {
    const key = heap.pop();
    if (key < previous) throw new Error("bare heap popped out of order");
    previous = key;
    count++;
  }
  expectEvents(count, "bare heap bulk");
}

export function engineHold(): void {
  const engine = new Engine();
  let next = 0;
  const tick = (): void => {
    executed++;
    if (next < EVENTS) engine.after(delays[next++] as number, Priority.AGENT, tick);
  };
  while (next < HOLD) engine.after(delays[next++] as number, Priority.AGENT, tick);
  engine.run();
  expectEvents(engine.processed, "engine hold");
}

function bareHold(): void {
  const heap = new BareHeap();
  let next = 0;
  while (next < HOLD) heap.push((delays[next++] as number) * SLOTS + Priority.AGENT);
  let count = 0;
  while (heap.size > 0) {
    const key = heap.pop();
    count++;
    if (next < EVENTS) heap.push(key + (delays[next++] as number) * SLOTS);
  }
  expectEvents(count, "bare heap hold");
}

/** The kernel suite. */
export const kernelSuite: BenchSuite = {
  name: "kernel",
  setup: prepare,
  cases: [
    { name: "bare heap: 1M pushed then popped", unit: "events", unitsPerCall: EVENTS, fn: bareBulk },
    { name: "engine: 1M scheduled then run", unit: "events", unitsPerCall: EVENTS, fn: engineBulk, baseline: "bare heap: 1M pushed then popped" },
    { name: "bare heap: hold model, 10k pending", unit: "events", unitsPerCall: EVENTS, fn: bareHold },
    { name: "engine: hold model, 10k pending", unit: "events", unitsPerCall: EVENTS, fn: engineHold, baseline: "bare heap: hold model, 10k pending" },
  ],
};
