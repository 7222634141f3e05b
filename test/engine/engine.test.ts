import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Engine } from "../../sim/engine/engine.ts";
import { SimError } from "../../sim/engine/errors.ts";
import { Priority } from "../../sim/engine/priority.ts";

const priorities = Object.values(Priority);

describe("Engine ordering", () => {
  it("runs simultaneous events by priority, then in insertion order", () => {
    const engine = new Engine();
    const log: string[] = [];
    engine.schedule(10, Priority.SAMPLE, () => log.push("sample"));
    engine.schedule(10, Priority.SCHEDULER, () => log.push("scheduler-1"));
    engine.schedule(10, Priority.FAULT, () => log.push("fault"));
    engine.schedule(10, Priority.SCHEDULER, () => log.push("scheduler-2"));
    engine.schedule(10, Priority.AGENT, () => log.push("agent"));
    engine.schedule(10, Priority.CONTROL, () => log.push("control"));
    engine.schedule(5, Priority.SAMPLE, () => log.push("earlier"));
    engine.run();
    expect(log).toEqual(["earlier", "fault", "agent", "control", "scheduler-1", "scheduler-2", "sample"]);
  });

  it("runs events scheduled at the current time within the same run, after earlier-queued ones of the same priority", () => {
    const engine = new Engine();
    const log: string[] = [];
    engine.schedule(7, Priority.CONTROL, () => {
      log.push("a");
      engine.after(0, Priority.CONTROL, () => log.push("a-child"));
      engine.after(0, Priority.FAULT, () => log.push("a-fault"));
    });
    engine.schedule(7, Priority.CONTROL, () => log.push("b"));
    engine.run({ until: 7 });
    // The fault child sorts before "b" by priority; the control child after "b" by insertion.
    expect(log).toEqual(["a", "a-fault", "b", "a-child"]);
    expect(engine.pending).toBe(0);
  });

  it("exposes now to actions and advances it to each event's time", () => {
    const engine = new Engine();
    const seen: number[] = [];
    for (const t of [30, 10, 20]) engine.schedule(t, Priority.AGENT, () => seen.push(engine.now));
    expect(engine.now).toBe(0);
    engine.run();
    expect(seen).toEqual([10, 20, 30]);
    expect(engine.now).toBe(30);
    expect(engine.processed).toBe(3);
  });

  it("after() schedules relative to now", () => {
    const engine = new Engine();
    const handle = engine.schedule(100, Priority.AGENT, () => {
      const inner = engine.after(25, Priority.AGENT, () => undefined);
      expect(inner.time).toBe(125);
    });
    expect(handle.time).toBe(100);
    engine.run();
    expect(engine.now).toBe(125);
  });
});

describe("Engine cancellation", () => {
  it("never runs a cancelled event and keeps pending exact", () => {
    const engine = new Engine();
    const log: number[] = [];
    const handles = [1, 2, 3, 4].map((t) => engine.schedule(t, Priority.AGENT, () => log.push(t)));
    expect(engine.pending).toBe(4);
    handles[1]?.cancel();
    expect(engine.pending).toBe(3);
    expect(handles[1]?.cancelled).toBe(true);
    handles[1]?.cancel(); // twice: no-op
    expect(engine.pending).toBe(3);
    engine.run();
    expect(log).toEqual([1, 3, 4]);
    expect(engine.pending).toBe(0);
    expect(engine.processed).toBe(3);
  });

  it("treats cancel after the event ran as a no-op", () => {
    const engine = new Engine();
    const handle = engine.schedule(1, Priority.AGENT, () => undefined);
    const later = engine.schedule(2, Priority.AGENT, () => undefined);
    engine.run({ until: 1 });
    handle.cancel();
    expect(handle.cancelled).toBe(false);
    expect(engine.pending).toBe(1);
    later.cancel();
    expect(engine.pending).toBe(0);
  });

  it("never lets an old handle cancel a later event that reuses its queue slot", () => {
    const engine = new Engine();
    const log: string[] = [];
    const ran = engine.schedule(1, Priority.AGENT, () => log.push("ran"));
    const dropped = engine.schedule(2, Priority.AGENT, () => log.push("dropped"));
    dropped.cancel();
    engine.run({ until: 5 });
    // Both slots are free again; new events take them.
    const fresh = [engine.schedule(10, Priority.AGENT, () => log.push("fresh-1")), engine.schedule(11, Priority.AGENT, () => log.push("fresh-2"))];
    ran.cancel();
    dropped.cancel();
    expect(ran.cancelled).toBe(false);
    expect(dropped.cancelled).toBe(true);
    expect(engine.pending).toBe(2);
    engine.run();
    expect(log).toEqual(["ran", "fresh-1", "fresh-2"]);
    expect(fresh.map((h) => h.cancelled)).toEqual([false, false]);
  });

  it("keeps handles working across heap compaction", () => {
    const engine = new Engine();
    const log: number[] = [];
    const handles = Array.from({ length: 10_000 }, (_, i) => engine.schedule(i, Priority.AGENT, () => log.push(i)));
    for (let i = 0; i < 9_000; i++) handles[i]?.cancel();
    engine.schedule(0, Priority.AGENT, () => log.push(-1)); // compacts: 9000 stale > 1000 live
    handles[9_500]?.cancel();
    handles[9_000]?.cancel();
    handles[100]?.cancel(); // already cancelled: no-op
    expect(engine.pending).toBe(999);
    engine.run();
    expect(log).toEqual([-1, ...Array.from({ length: 1_000 }, (_, i) => 9_000 + i).filter((i) => i !== 9_000 && i !== 9_500)]);
  });

  it("lets an event cancel another at the same time", () => {
    const engine = new Engine();
    const log: string[] = [];
    let victim: ReturnType<Engine["schedule"]> | undefined;
    engine.schedule(5, Priority.FAULT, () => {
      log.push("fault");
      victim?.cancel();
    });
    victim = engine.schedule(5, Priority.SCHEDULER, () => log.push("victim"));
    engine.run();
    expect(log).toEqual(["fault"]);
  });

  it("skips cancelled events in peekTime and step", () => {
    const engine = new Engine();
    const first = engine.schedule(3, Priority.AGENT, () => undefined);
    engine.schedule(8, Priority.AGENT, () => undefined);
    first.cancel();
    expect(engine.peekTime()).toBe(8);
    expect(engine.pending).toBe(1);
    expect(engine.step()).toBe(true);
    expect(engine.now).toBe(8);
    expect(engine.step()).toBe(false);
    expect(engine.peekTime()).toBeUndefined();
  });

  it("stays exact and ordered when most of a large queue is cancelled (heap compaction)", () => {
    const engine = new Engine();
    const log: number[] = [];
    const handles = [];
    for (let i = 0; i < 20_000; i++) {
      const t = (i * 7919) % 10_007;
      handles.push(engine.schedule(t, Priority.AGENT, () => log.push(i)));
    }
    for (let i = 0; i < 20_000; i++) if (i % 4 !== 0) handles[i]?.cancel();
    expect(engine.pending).toBe(5_000);
    // Scheduling now finds stale entries outnumbering live ones.
    engine.schedule(0, Priority.FAULT, () => log.push(-1));
    expect(engine.pending).toBe(5_001);
    handles[0]?.cancel();
    handles[4]?.cancel();
    expect(engine.pending).toBe(4_999);
    engine.run();
    const expected = [...Array(20_000).keys()]
      .filter((i) => i % 4 === 0 && i !== 0 && i !== 4)
      .sort((a, b) => (a * 7919) % 10_007 - (b * 7919) % 10_007 || a - b);
    expect(log).toEqual([-1, ...expected]);
    expect(engine.processed).toBe(4_999);
  });
});

describe("Engine.run until", () => {
  it("is inclusive and sets now to until", () => {
    const engine = new Engine();
    const log: number[] = [];
    for (const t of [5, 10, 11]) engine.schedule(t, Priority.SAMPLE, () => log.push(t));
    engine.run({ until: 10 });
    expect(log).toEqual([5, 10]);
    expect(engine.now).toBe(10);
    expect(engine.pending).toBe(1);
    expect(engine.peekTime()).toBe(11);
    engine.run({ until: 50 });
    expect(log).toEqual([5, 10, 11]);
    expect(engine.now).toBe(50);
  });

  it("advances now to until even with an empty queue, and allows until === now", () => {
    const engine = new Engine();
    engine.run({ until: 1000 });
    expect(engine.now).toBe(1000);
    engine.run({ until: 1000 });
    expect(engine.now).toBe(1000);
    expect(() => engine.run({ until: 999 })).toThrow(SimError);
  });

  it("runs to the last event without until, leaving now there", () => {
    const engine = new Engine();
    engine.schedule(42, Priority.AGENT, () => undefined);
    engine.run();
    expect(engine.now).toBe(42);
    expect(engine.step()).toBe(false);
  });

  it("gives the same execution log however the run is sliced", () => {
    // A workload where events spawn children, some at the same millisecond.
    const workload = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 60 }),
        priority: fc.constantFrom(...priorities),
        children: fc.array(fc.record({ delay: fc.integer({ min: 0, max: 15 }), priority: fc.constantFrom(...priorities) }), { maxLength: 3 }),
      }),
      { maxLength: 40 },
    );
    const cuts = fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 8 });
    fc.assert(
      fc.property(workload, cuts, (events, rawCuts) => {
        const execute = (slices: number[]) => {
          const engine = new Engine();
          const log: string[] = [];
          events.forEach((event, i) => {
            engine.schedule(event.at, event.priority, () => {
              log.push(`${engine.now}:${i}`);
              event.children.forEach((child, j) => {
                engine.after(child.delay, child.priority, () => log.push(`${engine.now}:${i}.${j}`));
              });
            });
          });
          for (const until of slices) engine.run({ until });
          engine.run({ until: 100 });
          return { log, now: engine.now, processed: engine.processed, pending: engine.pending };
        };
        const sorted = [...rawCuts].sort((a, b) => a - b);
        expect(execute(sorted)).toEqual(execute([]));
      }),
    );
  });
});

describe("Engine loud failures", () => {
  it("refuses to schedule in the past", () => {
    const engine = new Engine();
    engine.run({ until: 100 });
    expect(() => engine.schedule(99, Priority.AGENT, () => undefined)).toThrow(SimError);
    expect(() => engine.after(-1, Priority.AGENT, () => undefined)).toThrow(SimError);
    let caught: unknown;
    try {
      engine.schedule(50, Priority.AGENT, () => undefined);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SimError);
    expect((caught as SimError).name).toBe("SimError");
    expect((caught as SimError).context).toMatchObject({ at: 50, now: 100 });
  });

  it("refuses non-integer and non-finite times and delays", () => {
    const engine = new Engine();
    for (const at of [1.5, Number.NaN, Infinity, 2 ** 60]) {
      expect(() => engine.schedule(at, Priority.AGENT, () => undefined)).toThrow(SimError);
      expect(() => engine.after(at, Priority.AGENT, () => undefined)).toThrow(SimError);
    }
    expect(() => engine.run({ until: 2.5 })).toThrow(SimError);
    expect(engine.pending).toBe(0);
  });

  it("refuses an unknown priority", () => {
    const engine = new Engine();
    for (const priority of [-1, 1.5, 8, 99]) {
      expect(() => engine.schedule(1, priority as Priority, () => undefined)).toThrow(SimError);
    }
  });

  it("refuses to run or step from inside an event, and recovers after an action throws", () => {
    const engine = new Engine();
    let inner: unknown;
    engine.schedule(1, Priority.AGENT, () => {
      try {
        engine.run();
      } catch (error) {
        inner = error;
      }
    });
    engine.schedule(2, Priority.AGENT, () => {
      throw new Error("boom");
    });
    engine.schedule(3, Priority.AGENT, () => undefined);
    expect(() => engine.run()).toThrow("boom");
    expect(inner).toBeInstanceOf(SimError);
    expect(engine.now).toBe(2);
    expect(engine.processed).toBe(2);
    engine.run();
    expect(engine.processed).toBe(3);
  });
});
