/**
 * The grid of a sweep: every combination of the parameters' values (the first parameter varies
 * slowest), each a scenario validated like any other, and every configuration run with every
 * seed. Run i is configuration floor(i / seeds) with seed number i mod seeds, so a run's index,
 * and with it every output, does not depend on how the runs are spread over workers or shards.
 */
import { checkScenario, type LoadedScenario } from "../scenario/load.ts";
import { ScenarioError, type SourceDocument, type SourceIssue } from "../scenario/source.ts";
import { PathError, withValue } from "./paths.ts";
import type { Parameter } from "./spec.ts";

export interface Configuration {
  readonly index: number;
  /** Each parameter's value, by parameter name, in the sweep's order. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly scenario: LoadedScenario;
}

export interface Run {
  readonly index: number;
  readonly configuration: number;
  readonly seed: number;
}

/** The configurations of `rows` (one value per parameter each), checked; a bad value is reported with its configuration. */
export function configurations(scenario: SourceDocument, parameters: readonly ParameterPath[], rows: readonly (readonly unknown[])[]): Configuration[] {
  return rows.map((values, index) => configuration(scenario, parameters, values, index));
}

/** Configuration `index`, whose values are `values`. */
export function configuration(scenario: SourceDocument, parameters: readonly ParameterPath[], values: readonly unknown[], index: number): Configuration {
  const named = Object.fromEntries(parameters.map((p, i) => [p.name, values[i]]));
  return { index, parameters: named, scenario: scenarioWith(scenario, parameters, values, describe(named)) };
}

/** A parameter without its values. */
export type ParameterPath = Pick<Parameter, "name" | "path" | "where">;

/** The scenario with the configuration's values in place, checked as `ecs-sim validate` would. */
function scenarioWith(base: SourceDocument, parameters: readonly ParameterPath[], values: readonly unknown[], label: string): LoadedScenario {
  let value = base.value;
  const missing: SourceIssue[] = [];
  parameters.forEach((p, i) => {
    try {
      value = withValue(value, p.path, values[i]);
    } catch (error) {
      if (!(error instanceof PathError)) throw error;
      missing.push({ ...p.where, message: `cannot set it in ${base.file}: ${error.message}` });
    }
  });
  if (missing.length > 0) throw new ScenarioError(missing);
  try {
    return checkScenario({ ...base, value });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new ScenarioError(error.issues.map((issue) => ({ ...issue, message: `with ${label}: ${issue.message}` })));
  }
}

/** Every combination of the parameters' values, the first parameter varying slowest. */
export function combinations(parameters: readonly Parameter[]): unknown[][] {
  return parameters.reduce<unknown[][]>((grid, p) => grid.flatMap((row) => p.values.map((v) => [...row, v])), [[]]);
}

/** A configuration for a person: `count=9, placementStrategy=[...]`. */
export function describe(parameters: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(parameters);
  return entries.length === 0 ? "the scenario as it is" : entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
}

export function runsOf(configurationCount: number, seeds: readonly number[]): Run[] {
  return Array.from({ length: configurationCount * seeds.length }, (_, index) => ({
    index,
    configuration: Math.floor(index / seeds.length),
    seed: seeds[index % seeds.length] as number,
  }));
}

/** One shard's share of the runs: every count-th run from `index` (0-based), so shards take turns. */
export function shardOf<T extends { readonly index: number }>(runs: readonly T[], shard: { readonly index: number; readonly count: number } | undefined): T[] {
  return shard === undefined ? [...runs] : runs.filter((r) => r.index % shard.count === shard.index);
}
