/**
 * A sweep file: a base scenario, the parameters to vary with their values (the grid is every
 * combination, in the order given), the seeds every configuration runs with (common random
 * numbers: configurations differ by their parameters, not by their luck) and optionally the KPIs
 * to chart.
 */
import { z } from "zod";
import { readSource, ScenarioError, type SourceDocument, type SourceIssue } from "../scenario/source.ts";
import { validate } from "../scenario/validate.ts";
import { parsePath, type PathPart } from "./paths.ts";
import { namedScenario } from "./source.ts";

const sweepSchema = z.strictObject({
  scenario: z.string().meta({ description: "The base scenario, relative to the sweep file." }),
  seeds: z
    .union([z.number().int().min(1).max(100_000), z.array(z.number().int().nonnegative()).min(1)])
    .meta({ description: "How many seeds (1 to N), or the seeds themselves; every configuration runs with each." }),
  parameters: z
    .record(z.string(), z.array(z.unknown()).min(1))
    .default({})
    .meta({ description: "Scenario paths (e.g. cluster.containerInstances[0].count) and the values each takes." }),
  metrics: z.array(z.string()).optional().meta({ description: "The KPIs (summary.json paths) the sweep report charts; default: availability, cost and the gates' subjects." }),
});

export interface Parameter {
  readonly name: string;
  readonly path: readonly PathPart[];
  readonly values: readonly unknown[];
  /** Where the sweep (or plan) file names it: a path the scenario lacks is reported there. */
  readonly where: Omit<SourceIssue, "message">;
}

export interface SweepSpec {
  readonly file: string;
  /** The scenario as read: the main process builds from it, workers from its text. */
  readonly scenario: SourceDocument;
  readonly seeds: readonly number[];
  readonly parameters: readonly Parameter[];
  readonly metrics: readonly string[] | undefined;
}

export function loadSweep(file: string): SweepSpec {
  const doc = readSource(file);
  const spec = validate(sweepSchema, doc);
  const parameters: Parameter[] = [];
  const issues = Object.entries(spec.parameters).flatMap(([name, values]) => {
    const where = { file: doc.file, ...doc.locateKey(["parameters"], name), path: `parameters.${name}` };
    const path = parsePath(name);
    if (typeof path === "string") return [{ ...where, message: path }];
    parameters.push({ name, path, values, where });
    return [];
  });
  const seeds = typeof spec.seeds === "number" ? Array.from({ length: spec.seeds }, (_, i) => i + 1) : spec.seeds;
  // A seed listed twice gives the same runs twice, counted as independent: intervals too narrow.
  // Only a list can repeat one; one pass, O(seeds).
  if (Array.isArray(spec.seeds)) {
    const firstAt = new Map<number, number>();
    seeds.forEach((seed, i) => {
      const first = firstAt.get(seed);
      if (first === undefined) firstAt.set(seed, i);
      else issues.push({ file: doc.file, ...doc.locate(["seeds", i]), path: `seeds[${i}]`, message: `seed ${seed} is listed already (seeds[${first}]): a seed gives the same runs every time, which would count twice` });
    });
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  const scenario = namedScenario(doc, spec.scenario);
  return { file, scenario, seeds, parameters, metrics: spec.metrics };
}
