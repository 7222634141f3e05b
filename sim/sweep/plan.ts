/**
 * Capacity search (`ecs-sim plan`): the cheapest setting of a parameter at which a scenario's
 * `expect:` gates pass in at least a given share of seeds. The candidates go from the least
 * capacity to the most, and more capacity never makes the gates fail more: so the search bisects,
 * running every seed at O(log n) candidates instead of all n, and reports the answer's pass rate
 * with its Wilson 95% interval, and the candidate just below it, which did not make it.
 */
import { z } from "zod";
import { readSource, ScenarioError, type SourceDocument } from "../scenario/source.ts";
import { validate } from "../scenario/validate.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import { configurationsOf, namedScenario, rowCount, type CountRange, type SweepSource } from "./source.ts";
import type { ParameterPath } from "./grid.ts";
import { parsePath } from "./paths.ts";
import { InterruptedError, openPool } from "./pool.ts";
import { kpi, type Kpis } from "./kpis.ts";
import { aggregate } from "./stats.ts";

const planSchema = z.strictObject({
  scenario: z.string().meta({ description: "The scenario with the expect: gates to pass, relative to the plan file." }),
  seeds: z.number().int().min(1).max(100_000),
  passRate: z.number().gt(0).max(1).meta({ description: "The share of seeds in which every gate must pass." }),
  search: z.union([
    z.strictObject({ parameter: z.string(), from: z.number().int(), to: z.number().int(), step: z.number().int().positive().default(1) }),
    z.strictObject({ candidates: z.array(z.record(z.string(), z.unknown())).min(1).meta({ description: "Settings from the least capacity to the most: each maps scenario paths to values." }) }),
  ]),
});

export interface PlanSpec {
  readonly scenario: SourceDocument;
  readonly source: SweepSource;
  readonly seeds: readonly number[];
  readonly passRate: number;
}

export function loadPlan(file: string): PlanSpec {
  const doc = readSource(file);
  const plan = validate(planSchema, doc);
  const search = plan.search;
  const { names, rows } = "parameter" in search ? countRange(search, doc) : candidateList(search.candidates, doc);
  const parameters = names.map((name): ParameterPath => {
    const where =
      "parameter" in search
        ? { file: doc.file, ...doc.locate(["search", "parameter"]), path: "search.parameter" }
        : { file: doc.file, ...doc.locateKey(["search", "candidates", 0], name), path: `search.candidates[0].${name}` };
    const path = parsePath(name);
    if (typeof path === "string") throw new ScenarioError([{ ...where, message: path }]);
    return { name, path, where };
  });
  const scenario = namedScenario(doc, plan.scenario);
  return {
    scenario,
    source: { scenarioFile: scenario.file, scenarioText: scenario.text, parameters, rows },
    seeds: Array.from({ length: plan.seeds }, (_, i) => i + 1),
    passRate: plan.passRate,
  };
}

/** `from` to `to` by `step`, as a range: only the candidates the search runs are ever made. */
function countRange(s: { parameter: string; from: number; to: number; step: number }, doc: SourceDocument): { names: string[]; rows: CountRange } {
  const count = Math.floor((s.to - s.from) / s.step) + 1;
  if (count < 1) throw new ScenarioError([{ file: doc.file, ...doc.locate(["search"]), path: "search", message: "from must not be above to" }]);
  return { names: [s.parameter], rows: { from: s.from, step: s.step, count } };
}

/** Each candidate's values, in the order the first candidate names the paths (the others may name them in any order). */
function candidateList(candidates: readonly Record<string, unknown>[], doc: SourceDocument): { names: string[]; rows: unknown[][] } {
  const names = Object.keys(candidates[0] ?? {});
  candidates.forEach((c, i) => {
    const keys = Object.keys(c);
    if (keys.length === names.length && names.every((n) => Object.hasOwn(c, n))) return;
    const message = `every candidate must set the same paths as the first (${names.join(", ")}): this one sets ${keys.length === 0 ? "none" : keys.join(", ")}`;
    throw new ScenarioError([{ file: doc.file, ...doc.locate(["search", "candidates", i]), path: `search.candidates[${i}]`, message }]);
  });
  return { names, rows: candidates.map((c) => names.map((n) => c[n])) };
}

export interface Evaluation {
  readonly candidate: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly runs: number;
  /** The share of seeds in which every gate passed, and its Wilson 95% interval. */
  readonly passRate: number;
  readonly ci95Low: number;
  readonly ci95High: number;
  readonly meanCost: number;
  readonly passes: boolean;
}

export interface PlanOutcome {
  readonly answer: Evaluation | undefined;
  /** Every candidate run, in candidate order. */
  readonly evaluated: readonly Evaluation[];
  /** Each run's KPIs, by candidate, in seed order. */
  readonly runs: ReadonlyMap<number, readonly Kpis[]>;
  /** How many candidates there are, run or not. */
  readonly candidates: number;
  /** The first candidate's scenario: its name and gates. */
  readonly scenario: LoadedScenario;
}

export async function runPlan(plan: PlanSpec, workers: number, onEvaluated?: (e: Evaluation) => void): Promise<PlanOutcome> {
  const candidates = rowCount(plan.source.rows);
  const configurationOf = configurationsOf(plan.source, plan.scenario);
  // The ends are checked before anything runs; a candidate between them when the search comes to it.
  const first = configurationOf(0);
  configurationOf(candidates - 1);
  if (first.scenario.expect.length === 0) throw new ScenarioError([{ file: plan.scenario.file, ...plan.scenario.locate(["expect"]), path: "expect", message: "a capacity search needs expect: gates to pass" }]);
  const runs = new Map<number, Kpis[]>();
  const evaluated = new Map<number, Evaluation>();
  const pool = openPool({ workers, source: plan.source, configuration: configurationOf });
  const evaluate = async (candidate: number): Promise<Evaluation> => {
    const { parameters } = configurationOf(candidate);
    const returned: (Kpis | undefined)[] = new Array(plan.seeds.length);
    const batch = plan.seeds.map((seed, i) => ({ index: i, configuration: candidate, seed }));
    await pool.run(batch, (r) => (returned[r.index] = r.kpis));
    // A worker interrupted by a signal ends its share of the batch without an error.
    if (returned.includes(undefined)) throw new InterruptedError();
    const kpis = returned as Kpis[];
    runs.set(candidate, kpis);
    const passes = kpis.map((k) => kpi(k, "passed") ?? 0);
    const passed = aggregate(passes, true);
    const cost = kpis.reduce((c, k) => c + (kpi(k, "cost.total") ?? 0), 0) / kpis.length;
    const e: Evaluation = { candidate, parameters, runs: kpis.length, passRate: passed.mean, ci95Low: passed.ci95Low, ci95High: passed.ci95High, meanCost: Number(cost.toPrecision(6)), passes: reaches(passes.reduce((a, b) => a + b, 0), kpis.length, plan.passRate) };
    evaluated.set(candidate, e);
    onEvaluated?.(e);
    return e;
  };
  const outcome = (answer: Evaluation | undefined): PlanOutcome => ({ answer, evaluated: sorted(evaluated), runs, candidates, scenario: first.scenario });
  try {
    let low = 0;
    let high = candidates - 1;
    const top = await evaluate(high);
    if (!top.passes) return outcome(undefined);
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if ((await evaluate(mid)).passes) high = mid;
      else low = mid + 1;
    }
    return outcome(evaluated.get(high));
  } finally {
    pool.close();
  }
}

/**
 * A list of candidates is taken as ordered by cost, so the first that passes is the cheapest: two
 * evaluated candidates, the later costing less on average, when the list is not; else undefined.
 */
export function costInversion(plan: PlanSpec, outcome: PlanOutcome): readonly [earlier: Evaluation, later: Evaluation] | undefined {
  if (!Array.isArray(plan.source.rows)) return undefined;
  const { evaluated } = outcome;
  for (let i = 1; i < evaluated.length; i++) {
    const [earlier, later] = [evaluated[i - 1] as Evaluation, evaluated[i] as Evaluation];
    if (later.meanCost < earlier.meanCost) return [earlier, later];
  }
  return undefined;
}

/**
 * Whether `passes` of `runs` reach `rate`, exactly: not by the rounded mean (2 of 3 is 0.666667,
 * which reached 0.6666667), and with the rate as the decimal written (0.9, not the double just
 * above it, which 9 of 10 would miss).
 */
export function reaches(passes: number, runs: number, rate: number): boolean {
  const [mantissa = "", exponent = "0"] = String(rate).split("e");
  const [whole = "", fraction = ""] = mantissa.split(".");
  // rate = digits / 10^scale (a rate is at most 1, so scale is never negative: 1e-7 gives 7)
  const digits = BigInt(whole + fraction);
  const scale = BigInt(fraction.length - Number(exponent));
  return BigInt(passes) * 10n ** scale >= digits * BigInt(runs);
}

const sorted = (m: ReadonlyMap<number, Evaluation>) => [...m.values()].sort((a, b) => a.candidate - b.candidate);
