/** One run of a sweep: the scenario at a seed, and every numeric KPI of its summary. */
import { numericEntries } from "../recorder/gates.ts";
import { runScenario } from "../run.ts";
import type { LoadedScenario } from "../scenario/load.ts";

/** What every run reports: the summary's numbers by path, and `passed` (1 when every gate passed). */
export type Kpis = Readonly<Record<string, number>>;

/** Constant or redundant in a sweep's rows. */
const LEFT_OUT = new Set(["seed", "duration"]);

export function runOnce(scenario: LoadedScenario, seed: number): Kpis {
  const summary = runScenario(scenario, { seed }).summary;
  const kpis: Record<string, number> = { passed: summary.passed ? 1 : 0 };
  for (const [path, value] of numericEntries(summary)) if (!LEFT_OUT.has(path)) kpis[path] = value;
  return kpis;
}
