// ServiceTasks keeps a service's task counts as its tasks change, so that a reconcile does not
// recount them (ecs-behaviour 5.3, 6.1 define what is counted; the scheduler's classify applies it).
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine/rng.ts";
import type { Task } from "../../sim/model/task.ts";
import { CURRENT, HEALTHY, PRIMARY, RUNNING, ServiceTasks, type Classified } from "../../sim/schedulers/service-tasks.ts";

/** Stand-in tasks: ServiceTasks keys on them and reads only their zone. */
const task = (n: number) => ({ taskId: `t${n}`, availabilityZone: n % 2 === 0 ? "us-east-1a" : "us-east-1b" }) as unknown as Task;

/** A class that turns HEALTHY at `healthyAt`, as a task without health checks does 40 s after RUNNING. */
function world() {
  let now = 0;
  const healthyAt = new Map<Task, number>();
  const old = new Set<Task>();
  const classify = (t: Task): Classified => {
    const at = healthyAt.get(t) ?? Infinity;
    const current = !old.has(t);
    const flags = (current ? CURRENT | PRIMARY : 0) | RUNNING | (now >= at ? HEALTHY : 0);
    return { flags, turnsAt: now < at && at !== Infinity ? at : undefined };
  };
  return { tasks: new ServiceTasks(classify), healthyAt, old, setNow: (t: number) => (now = t) };
}

describe("ServiceTasks", () => {
  it("counts tasks as they join and leave, and as an event changes one (refresh)", () => {
    const { tasks, old } = world();
    const [a, b] = [task(1), task(2)];
    tasks.add(a);
    tasks.add(b);
    tasks.add(a);
    expect(tasks.counts).toMatchObject({ total: 2, primary: 2, currentRunning: 2, oldUnhealthy: 0 });
    expect([tasks.runningIn("us-east-1a"), tasks.runningIn("us-east-1b")]).toEqual([1, 1]);
    old.add(b);
    tasks.refresh(b);
    expect(tasks.counts).toMatchObject({ total: 2, primary: 1, oldUnhealthy: 1, currentRunning: 1 });
    // Zones count current RUNNING tasks only: what AZ rebalancing balances (5.5).
    expect([tasks.runningIn("us-east-1a"), tasks.runningIn("us-east-1b")]).toEqual([0, 1]);
    expect(tasks.delete(b)).toBe(true);
    expect(tasks.delete(b)).toBe(false);
    expect(tasks.counts).toMatchObject({ total: 1, primary: 1, oldUnhealthy: 0 });
    expect([...tasks]).toEqual([a]);
  });

  it("turns a class when its time comes, not before: healthy 40 s after RUNNING (5.3)", () => {
    const { tasks, healthyAt, setNow } = world();
    const a = task(1);
    healthyAt.set(a, 40_000);
    tasks.add(a);
    setNow(39_999);
    tasks.refreshDue(39_999);
    expect(tasks.counts.healthy).toBe(0);
    setNow(40_000);
    tasks.refreshDue(40_000);
    expect(tasks.counts).toMatchObject({ healthy: 1, primaryHealthy: 1 });
  });

  it("verify names a class that changed without a refresh: the check every test simulation runs can fail", () => {
    const { tasks, old } = world();
    const a = task(1);
    tasks.add(a);
    expect(tasks.verify()).toBeUndefined();
    old.add(a);
    expect(tasks.verify()).toBe(`task t1: class ${CURRENT | PRIMARY | RUNNING} kept, ${RUNNING} now`);
  });

  it("property: after any sequence of joins, leaves, events and clock steps, the counts equal a recount", () => {
    const random = new RandomStreams(7).stream("test/service-tasks");
    for (let round = 0; round < 50; round++) {
      const { tasks, healthyAt, old, setNow } = world();
      let now = 0;
      const pool = Array.from({ length: 12 }, (_, n) => task(n));
      for (let step = 0; step < 200; step++) {
        const t = random.pick(pool);
        const move = random.int(5);
        if (move === 0 && !tasks.has(t)) {
          healthyAt.set(t, now + random.int(100));
          tasks.add(t);
        } else if (move === 1) tasks.delete(t);
        else if (move === 2) {
          if (random.int(2) === 0) old.add(t);
          else old.delete(t);
          tasks.refresh(t);
        } else {
          now += random.int(30);
          setNow(now);
          tasks.refreshDue(now);
          expect(tasks.verify()).toBeUndefined();
        }
      }
    }
  });
});
