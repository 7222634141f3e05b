/**
 * One run of a sweep: the scenario at a seed, and every numeric KPI of its summary.
 *
 * A run has thousands of KPIs (every service's), and a sweep thousands of runs, so KPIs travel
 * packed: the names in one array, shared by the runs that have the same names (nearly all of a
 * sweep's), and the values in the same order. Reading them by position is what keeps writing a
 * sweep's results fast; `kpi` reads one by name.
 */
import { numericEntries } from "../recorder/gates.ts";
import { runScenario } from "../run.ts";
import type { LoadedScenario } from "../scenario/load.ts";

/** What every run reports: the summary's numbers by path, and `passed` (1 when every gate passed). */
export interface Kpis {
  readonly names: readonly string[];
  readonly values: ArrayLike<number>;
}

/** Constant or redundant in a sweep's rows. */
const LEFT_OUT = new Set(["seed", "duration"]);

export function runOnce(scenario: LoadedScenario, seed: number): Kpis {
  const summary = runScenario(scenario, { seed }).summary;
  const names = ["passed"];
  const values = [summary.passed ? 1 : 0];
  for (const [path, value] of numericEntries(summary)) {
    if (LEFT_OUT.has(path)) continue;
    names.push(path);
    values.push(value);
  }
  return { names, values };
}

/** Position of each name, once per names array. */
const positions = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

function positionsOf(names: readonly string[]): ReadonlyMap<string, number> {
  let found = positions.get(names);
  if (found === undefined) {
    found = new Map(names.map((name, i) => [name, i]));
    positions.set(names, found);
  }
  return found;
}

/** One KPI by name; undefined when the run has none of that name. */
export function kpi(kpis: Kpis, name: string): number | undefined {
  const i = positionsOf(kpis.names).get(name);
  return i === undefined ? undefined : kpis.values[i];
}

/** The same names as `last` (then `last` itself, so runs share one array), or `names`. */
export function shareNames(names: readonly string[], last: readonly string[] | undefined): readonly string[] {
  return last !== undefined && names.length === last.length && names.every((name, i) => name === last[i]) ? last : names;
}

/**
 * The columns of runs' KPIs (`passed`, then every name any run has, sorted) and where each run's
 * values go among them: a pass per distinct names array, then one per value. Runs are placed one at
 * a time, so the runs x KPIs table (thousands of each) is never held whole.
 */
export class KpiColumns {
  readonly names: readonly string[];
  readonly #columnOf: ReadonlyMap<readonly string[], readonly number[]>;

  constructor(runs: Iterable<Kpis>) {
    const distinct = new Set<readonly string[]>();
    for (const k of runs) distinct.add(k.names);
    const others = new Set([...distinct].flat());
    others.delete("passed");
    this.names = ["passed", ...[...others].sort()];
    const at = positionsOf(this.names);
    this.#columnOf = new Map([...distinct].map((names) => [names, names.map((name) => at.get(name) as number)]));
  }

  /** Calls `each` with the column and value of each of a run's KPIs. */
  forEach(kpis: Kpis, each: (column: number, value: number) => void): void {
    const to = this.#columnOf.get(kpis.names) as readonly number[];
    for (let i = 0; i < to.length; i++) each(to[i] as number, kpis.values[i] as number);
  }

  /** A run's values by column, undefined where it lacks one. */
  row(kpis: Kpis): (number | undefined)[] {
    const row = new Array<number | undefined>(this.names.length).fill(undefined);
    this.forEach(kpis, (column, value) => (row[column] = value));
    return row;
  }
}
