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
 * Runs' KPIs as a table: the columns (`passed`, then every name any run has, sorted) and a row per
 * run (undefined where a run lacks a KPI). Cost: a pass per distinct names array, then one per value.
 */
export function kpiTable(runs: readonly Kpis[]): { readonly columns: string[]; readonly rows: (number | undefined)[][] } {
  const distinct = [...new Set(runs.map((k) => k.names))];
  const others = new Set(distinct.flat());
  others.delete("passed");
  const columns = ["passed", ...[...others].sort()];
  const at = positionsOf(columns);
  const columnOf = new Map(distinct.map((names) => [names, names.map((name) => at.get(name) as number)]));
  const rows = runs.map((k) => {
    const row = new Array<number | undefined>(columns.length).fill(undefined);
    const to = columnOf.get(k.names) as number[];
    for (let i = 0; i < to.length; i++) row[to[i] as number] = k.values[i];
    return row;
  });
  return { columns, rows };
}
