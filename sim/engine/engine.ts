// The discrete-event engine: a simulated clock and a queue of actions ordered by
// (time, priority, insertion order). It knows nothing of what the actions do.

import { SimError } from "./errors.ts";
import { SlotHeap } from "./heap.ts";
import { MAX_TIME as MAX_TIME_IMPORT, PRIORITY_SLOTS as SLOTS_IMPORT, type Priority } from "./priority.ts";

/** A scheduled event, as seen by whoever scheduled it. */
export interface Handle {
  /** Simulated time (ms) at which the event runs. */
  readonly time: number;
  /** True once cancel() was called before the event ran. */
  readonly cancelled: boolean;
  /** Prevents the event from running; a no-op if already cancelled or already run. */
  cancel(): void;
}

/** Options of {@link Engine.run}. */
export interface RunOptions {
  /** Last simulated time (ms, inclusive) to run; the clock ends exactly here. */
  readonly until?: number;
}

// Local copies of imported constants: some loaders (tsx, vite) turn imported
// bindings into getter calls, which cost measurably on the per-event path.
const MAX_TIME = MAX_TIME_IMPORT;
const PRIORITY_SLOTS = SLOTS_IMPORT;
const INVERSE_SLOTS = 1 / PRIORITY_SLOTS; // exact: PRIORITY_SLOTS is a power of two

// Below this many cancelled entries, lazy deletion is cheaper than compacting the heap.
const COMPACT_MIN_STALE = 4096;

/**
 * The events waiting to run: the heap orders their slots, and `actions` holds
 * each slot's action. The run loop never touches Handle objects, so a handle the
 * caller drops is garbage at once, and a large schedule is a few dense arrays
 * rather than a million objects for the GC to move.
 */
class EventQueue {
  readonly heap = new SlotHeap();
  // Invariant: actions[slot] !== null exactly while the slot holds an event
  // that will still run; executing or cancelling an event sets it to null.
  readonly actions: ((() => void) | null)[] = [];
  /** Events that will still run. */
  live = 0;
  /** Cancelled events still in the heap (deleted lazily when they reach the top). */
  stale = 0;

  /** Cancels the event `seq` in `slot` if it is still waiting; returns whether it was. */
  cancel(slot: number, seq: number): boolean {
    // A slot is reused after its event leaves the heap; the seq tells the events apart.
    if (this.heap.seqAt(slot) !== seq || this.actions[slot] === null) return false;
    this.actions[slot] = null; // release the closure now; the slot lingers in the heap
    this.live--;
    this.stale++;
    return true;
  }
}

/** The Handle given back by schedule() and after(). */
class EventHandle implements Handle {
  readonly time: number;
  cancelled = false;
  private readonly queue: EventQueue;
  private readonly slot: number;
  private readonly seq: number;

  constructor(time: number, queue: EventQueue, slot: number, seq: number) {
    this.time = time;
    this.queue = queue;
    this.slot = slot;
    this.seq = seq;
  }

  cancel(): void {
    if (!this.cancelled && this.queue.cancel(this.slot, this.seq)) this.cancelled = true;
  }
}

/** Simulated clock plus event queue. Deterministic: same schedule calls, same execution order. */
export class Engine {
  private readonly queue = new EventQueue();
  private clock = 0;
  private nextSeq = 0;
  private executed = 0;
  private running = false;

  /** Current simulated time, integer ms; starts at 0. */
  get now(): number {
    return this.clock;
  }

  /** Events still to run (cancelled ones excluded). */
  get pending(): number {
    return this.queue.live;
  }

  /** Events executed so far. */
  get processed(): number {
    return this.executed;
  }

  /**
   * Schedules `action` at absolute time `at` (integer ms, not before now).
   * Events at the same time run by priority, then in the order they were scheduled.
   */
  schedule(at: number, priority: Priority, action: () => void): Handle {
    if (!(Number.isInteger(at) && at >= this.clock && at <= MAX_TIME)) {
      throw new SimError(`cannot schedule an event at ${at}: time must be an integer number of ms, from now (${this.clock}) to ${MAX_TIME}`, {
        at,
        now: this.clock,
        priority,
      });
    }
    return this.enqueue(at, priority, action);
  }

  /** Schedules `action` `delay` ms from now (integer >= 0). */
  after(delay: number, priority: Priority, action: () => void): Handle {
    const at = this.clock + delay;
    if (!(Number.isInteger(delay) && delay >= 0 && at <= MAX_TIME)) {
      throw new SimError(`cannot schedule an event after ${delay} ms: delay must be an integer number of ms >= 0, ending by ${MAX_TIME}`, {
        delay,
        now: this.clock,
        priority,
      });
    }
    return this.enqueue(at, priority, action);
  }

  /** Runs the next live event; returns false when none is left. */
  step(): boolean {
    this.enter("step");
    try {
      return this.runNext(Infinity);
    } finally {
      this.running = false;
    }
  }

  /**
   * Runs every event with time <= `until` (inclusive, including events those events
   * schedule up to `until`), then sets the clock to `until`. Without `until`, runs
   * until the queue is empty and leaves the clock at the last event's time.
   * Resumable: run({until: a}) then run({until: b}) equals run({until: b}).
   */
  run(options?: RunOptions): void {
    const until = options?.until;
    if (until !== undefined && !(Number.isInteger(until) && until >= this.clock && until <= MAX_TIME)) {
      throw new SimError(`cannot run until ${until}: it must be an integer number of ms, from now (${this.clock}) to ${MAX_TIME}`, {
        until,
        now: this.clock,
      });
    }
    // Every key of time `until` is below (until + 1) * PRIORITY_SLOTS.
    const limit = until === undefined ? Infinity : (until + 1) * PRIORITY_SLOTS;
    this.enter("run");
    try {
      while (this.runNext(limit));
    } finally {
      this.running = false;
    }
    if (until !== undefined) this.clock = until;
  }

  /** Time of the next live event, or undefined when none is left. */
  peekTime(): number | undefined {
    const queue = this.queue;
    const heap = queue.heap;
    // Drop cancelled entries from the top so the answer is the next event that will run.
    while (heap.size > 0 && queue.actions[heap.peekSlot()] === null) {
      heap.pop();
      queue.stale--;
    }
    return heap.size === 0 ? undefined : Math.floor(heap.peekKey() * INVERSE_SLOTS);
  }

  // Runs the next live event if its key is below `limit`; returns whether one ran.
  private runNext(limit: number): boolean {
    const queue = this.queue;
    const heap = queue.heap;
    const actions = queue.actions;
    for (;;) {
      const key = heap.peekKey(); // Infinity when empty, never below limit
      if (!(key < limit)) return false;
      const slot = heap.pop();
      // Every slot the heap returns was given an action by enqueue().
      const action = actions[slot] as (() => void) | null;
      if (action === null) {
        queue.stale--; // cancelled
        continue;
      }
      actions[slot] = null;
      queue.live--;
      this.executed++;
      this.clock = Math.floor(key * INVERSE_SLOTS);
      action();
      return true;
    }
  }

  // Shared tail of schedule() and after(), once `at` is known to be valid.
  private enqueue(at: number, priority: Priority, action: () => void): Handle {
    // Unsigned shift rejects negatives and fractions in one test.
    if (priority >>> 0 !== priority || priority >= PRIORITY_SLOTS) {
      throw new SimError(`unknown event priority ${String(priority)}`, { at, priority });
    }
    const queue = this.queue;
    if (queue.stale > COMPACT_MIN_STALE && queue.stale > queue.live) this.compact();
    const seq = this.nextSeq++;
    const slot = queue.heap.push(at * PRIORITY_SLOTS + priority, seq);
    queue.actions[slot] = action;
    queue.live++;
    return new EventHandle(at, queue, slot, seq);
  }

  // An event that calls run() or step() would run later events before it finishes.
  private enter(method: string): void {
    if (this.running) {
      throw new SimError(`Engine.${method}() called from inside an event; schedule an event instead`, { now: this.clock });
    }
    this.running = true;
  }

  // Drops cancelled entries when they outnumber live ones, bounding memory for
  // workloads that keep re-arming timers.
  private compact(): void {
    const actions = this.queue.actions;
    this.queue.heap.retain((slot) => actions[slot] !== null);
    this.queue.stale = 0;
  }
}
