/**
 * What a worker needs to rebuild the configurations of a sweep or a capacity search: the scenario
 * file, the parameters' paths and each configuration's values (plain data, so it crosses to a
 * worker process, which reads the scenario itself).
 */
import { readSource } from "../scenario/source.ts";
import { configurations, type Configuration, type ParameterPath } from "./grid.ts";

export interface SweepSource {
  readonly scenarioFile: string;
  readonly parameters: readonly ParameterPath[];
  readonly rows: readonly (readonly unknown[])[];
}

export function configurationsOf(source: SweepSource): Configuration[] {
  return configurations(readSource(source.scenarioFile), source.parameters, source.rows);
}
