/**
 * A REPLICA service's tasks whose desiredStatus is RUNNING, with what the scheduler counts of them
 * kept up to date as they change, so that a reconcile (one per change of any of the service's
 * tasks) costs O(1) plus the tasks it acts on, not O(tasks): a rollout of n tasks would otherwise
 * cost O(n²).
 *
 * Each task's class (current, healthy, failing, running; ecs-behaviour 5.3, 6.1) is computed by the
 * scheduler's `classify` and cached. It is computed again when something it reads changes: the
 * task's own events (`refresh`), the PRIMARY deployment (`refreshAll`), and time, for the two
 * rules that turn with the clock: healthy 40 s after RUNNING, failing once the grace period ends. `classify` says when a class will turn; `refreshDue` recomputes the ones due.
 * The scheduler checks the counts against a full recount in every test simulation (`verify`).
 */
import { add } from "../engine/add.ts";
import type { Task } from "../model/task.ts";
import { countTask, type RolloutCounts, type ServiceTask } from "./rollout.ts";

/** Started by the PRIMARY deployment and not on a draining instance: a task that stays. */
export const CURRENT = 1;
/** Current and not failing: counts towards the new deployment in a rollout. */
export const PRIMARY = 2;
/** Counts as healthy for minimumHealthyPercent. */
export const HEALTHY = 4;
/** Failed its health checks past the grace period: to be replaced. */
export const FAILING = 8;
/** lastStatus RUNNING. */
export const RUNNING = 16;

/** A task's class now, and when it may turn by itself (undefined: only an event can turn it). */
export interface Classified {
  readonly flags: number;
  readonly turnsAt: number | undefined;
}

/**
 * What the rollout and the steady-state check count. The current healthy tasks are the PRIMARY
 * healthy ones: a failing task is never healthy (5.3).
 */
interface TaskCounts extends RolloutCounts {
  /** Current and RUNNING: the runningCount of the steady state (5.7). */
  currentRunning: number;
}

// Listed field by field, not spread: spread copies can get a new hidden class per run in V8.
const zero = (): TaskCounts => ({ total: 0, healthy: 0, primary: 0, primaryHealthy: 0, oldHealthy: 0, oldUnhealthy: 0, failing: 0, currentRunning: 0 });

/** Current and RUNNING: counted in its zone and in the steady state. */
const runsHere = (flags: number): boolean => (flags & (CURRENT | RUNNING)) === (CURRENT | RUNNING);

/** Adds (sign 1) or removes (sign -1) one task of the given class. */
function count(counts: TaskCounts, flags: number, sign: 1 | -1): void {
  countTask(counts, (flags & PRIMARY) !== 0, (flags & HEALTHY) !== 0, (flags & FAILING) !== 0, sign);
  if (runsHere(flags)) counts.currentRunning += sign;
}

/** The rollout's view of a task of this class. */
function serviceTask(task: Task, flags: number): ServiceTask {
  return { task, primary: (flags & PRIMARY) !== 0, healthy: (flags & HEALTHY) !== 0, failing: (flags & FAILING) !== 0 };
}

export class ServiceTasks implements Iterable<Task> {
  /** Each task's class, in the order the tasks joined (the order the scheduler walks them). */
  readonly #flags = new Map<Task, number>();
  readonly #counts = zero();
  /** Current RUNNING tasks per zone, what AZ rebalancing balances (5.5): a task's zone is fixed once it runs. */
  readonly #runningByZone = new Map<string, number>();
  /** Classes due to turn by the clock: [time, task], sorted by time, from `#next` on. */
  #due: [number, Task][] = [];
  #next = 0;

  constructor(private readonly classify: (task: Task) => Classified) {}

  get size(): number {
    return this.#flags.size;
  }

  get counts(): Readonly<TaskCounts> {
    return this.#counts;
  }

  /** Current RUNNING tasks in the zone. */
  runningIn(zone: string): number {
    return this.#runningByZone.get(zone) ?? 0;
  }

  has(task: Task): boolean {
    return this.#flags.has(task);
  }

  /** Whether the task is here and CURRENT: it stays. */
  isCurrent(task: Task): boolean {
    return ((this.#flags.get(task) ?? 0) & CURRENT) !== 0;
  }

  [Symbol.iterator](): IterableIterator<Task> {
    return this.#flags.keys();
  }

  /** The tasks as the rollout sees them, in order; each walk makes its views as it goes. */
  readonly views: Iterable<ServiceTask> = { [Symbol.iterator]: () => this.#views() };

  *#views(): IterableIterator<ServiceTask> {
    for (const [task, flags] of this.#flags) yield serviceTask(task, flags);
  }

  add(task: Task): void {
    if (this.#flags.has(task)) return;
    this.#set(task);
  }

  delete(task: Task): boolean {
    const flags = this.#flags.get(task);
    if (flags === undefined) return false;
    this.#count(task, flags, -1);
    this.#flags.delete(task);
    return true;
  }

  /** Something the task's class reads changed; a task not here is ignored. */
  refresh(task: Task): void {
    if (this.#flags.has(task)) this.#set(task);
  }

  /** Every class again: the PRIMARY deployment changed. */
  refreshAll(): void {
    for (const task of this.#flags.keys()) this.#set(task);
  }

  /** The classes that turn by the clock at or before `now`. O(due) amortized. */
  refreshDue(now: number): void {
    while (this.#next < this.#due.length && (this.#due[this.#next] as [number, Task])[0] <= now) {
      this.refresh((this.#due[this.#next] as [number, Task])[1]);
      this.#next += 1;
    }
    // Drop what has been read once it is most of the list: amortized O(1) per entry.
    if (this.#next > 64 && this.#next * 2 > this.#due.length) {
      this.#due = this.#due.slice(this.#next);
      this.#next = 0;
    }
  }

  /** The first difference between the kept classes and counts and a recount, or undefined. */
  verify(): string | undefined {
    const counts = zero();
    const byZone = new Map<string, number>();
    for (const [task, flags] of this.#flags) {
      const now = this.classify(task).flags;
      if (now !== flags) return `task ${task.taskId}: class ${flags} kept, ${now} now`;
      count(counts, flags, 1);
      if (runsHere(flags)) add(byZone, task.availabilityZone, 1);
    }
    for (const key of Object.keys(counts) as (keyof TaskCounts)[]) {
      if (counts[key] !== this.#counts[key]) return `${key}: ${this.#counts[key]} kept, ${counts[key]} counted`;
    }
    for (const [zone, n] of this.#runningByZone) {
      if (n !== (byZone.get(zone) ?? 0)) return `running in ${zone}: ${n} kept, ${byZone.get(zone) ?? 0} counted`;
    }
    return undefined;
  }

  #set(task: Task): void {
    const old = this.#flags.get(task);
    if (old !== undefined) this.#count(task, old, -1);
    const { flags, turnsAt } = this.classify(task);
    this.#flags.set(task, flags);
    this.#count(task, flags, 1);
    if (turnsAt !== undefined) this.#schedule(turnsAt, task);
  }

  #count(task: Task, flags: number, sign: 1 | -1): void {
    count(this.#counts, flags, sign);
    if (runsHere(flags)) add(this.#runningByZone, task.availabilityZone, sign);
  }

  /** Insertion into the sorted list: times nearly always come in order, so it is an append. */
  #schedule(at: number, task: Task): void {
    const due = this.#due;
    let i = due.length;
    while (i > this.#next && (due[i - 1] as [number, Task])[0] > at) i--;
    if (i === due.length) due.push([at, task]);
    else due.splice(i, 0, [at, task]);
  }
}
