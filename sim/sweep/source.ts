/**
 * What a worker needs to rebuild a sweep's configurations: the scenario document's file and the
 * parameters (plain data, so it crosses to a worker thread), for sweeps and capacity searches alike.
 */
import { readSource } from "../scenario/source.ts";
import type { Parameter, SweepSpec } from "./spec.ts";

export interface SweepSource {
  readonly scenarioFile: string;
  readonly parameters: readonly Parameter[];
}

export const sweepSource = (spec: Pick<SweepSpec, "scenario" | "parameters">): SweepSource => ({ scenarioFile: spec.scenario.file, parameters: spec.parameters });

export function sweepSourceSpec(source: SweepSource): Pick<SweepSpec, "scenario" | "parameters"> {
  return { scenario: readSource(source.scenarioFile), parameters: source.parameters };
}
