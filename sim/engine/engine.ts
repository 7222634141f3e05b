// The discrete-event engine: a simulated clock and a queue of actions ordered by
// (time, priority, insertion order). It knows nothing of what the actions do.

import { SimError } from "./errors.ts";
import { EventHeap } from "./heap.ts";
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

const WAITING = 0;
const DONE = 1;
const CANCELLED = 2;

// Below this many stale entries, lazy deletion is cheaper than compacting the heap.
const COMPACT_MIN_STALE = 4096;

/** Counters shared between the engine and its events, so cancel() can keep `pending` exact. */
class Ledger {
  /** Events in the heap that will still run. */
  live = 0;
  /** Cancelled events still sitting in the heap (lazily deleted on pop). */
  stale = 0;
}

/** A queue entry; also the Handle given back to the caller. */
// Kept to four fields: in a large schedule, these objects are most of the memory
// the GC has to copy, so the sort fields live only in the heap's arrays.
class ScheduledEvent implements Handle {
  readonly time: number;
  action: (() => void) | null;
  state: number = WAITING;
  private readonly ledger: Ledger;

  constructor(time: number, action: () => void, ledger: Ledger) {
    this.time = time;
    this.action = action;
    this.ledger = ledger;
  }

  get cancelled(): boolean {
    return this.state === CANCELLED;
  }

  cancel(): void {
    if (this.state !== WAITING) return;
    this.state = CANCELLED;
    this.action = null; // release the closure now; the entry may linger in the heap
    this.ledger.live--;
    this.ledger.stale++;
  }
}

function isLive(event: ScheduledEvent): boolean {
  return event.state === WAITING;
}

/** Simulated clock plus event queue. Deterministic: same schedule calls, same execution order. */
export class Engine {
  private readonly heap = new EventHeap<ScheduledEvent>();
  private readonly ledger = new Ledger();
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
    return this.ledger.live;
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
      const heap = this.heap;
      let event: ScheduledEvent | undefined;
      while ((event = heap.pop()) !== undefined) {
        if (event.state !== WAITING) {
          this.ledger.stale--;
          continue;
        }
        this.execute(event);
        return true;
      }
      return false;
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
      const heap = this.heap;
      const ledger = this.ledger;
      while (heap.peekKey() < limit) {
        const event = heap.pop() as ScheduledEvent;
        if (event.state !== WAITING) {
          ledger.stale--;
          continue;
        }
        this.execute(event);
      }
    } finally {
      this.running = false;
    }
    if (until !== undefined) this.clock = until;
  }

  /** Time of the next live event, or undefined when none is left. */
  peekTime(): number | undefined {
    const heap = this.heap;
    let event: ScheduledEvent | undefined;
    // Drop cancelled entries from the top so the answer is the next event that will run.
    while ((event = heap.peek()) !== undefined && event.state !== WAITING) {
      heap.pop();
      this.ledger.stale--;
    }
    return event?.time;
  }

  // Shared tail of schedule() and after(), once `at` is known to be valid.
  private enqueue(at: number, priority: Priority, action: () => void): Handle {
    // Unsigned shift rejects negatives and fractions in one test.
    if (priority >>> 0 !== priority || priority >= PRIORITY_SLOTS) {
      throw new SimError(`unknown event priority ${String(priority)}`, { at, priority });
    }
    const ledger = this.ledger;
    if (ledger.stale > COMPACT_MIN_STALE && ledger.stale > ledger.live) this.compact();
    const event = new ScheduledEvent(at, action, ledger);
    ledger.live++;
    this.heap.push(at * PRIORITY_SLOTS + priority, this.nextSeq++, event);
    return event;
  }

  private execute(event: ScheduledEvent): void {
    this.clock = event.time;
    event.state = DONE;
    this.ledger.live--;
    this.executed++;
    const action = event.action as () => void;
    event.action = null;
    action();
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
    this.heap.retain(isLive);
    this.ledger.stale = 0;
  }
}
