/** A capacity search's directory: plan.json (the question, the answer, every candidate run), runs.csv and report.html. */
import { join } from "node:path";
import { writeFileAtomically } from "../recorder/write-file.ts";
import { writeCsvAtomically, type Cell } from "./csv-file.ts";
import { KpiColumns } from "./kpis.ts";
import { rowAt } from "./source.ts";
import { csvCell } from "./results.ts";
import type { Evaluation, PlanOutcome, PlanSpec } from "./plan.ts";

export interface PlanResult {
  readonly question: { readonly scenario: string; readonly gates: readonly string[]; readonly seeds: number; readonly passRate: number; readonly candidates: number };
  readonly answer: Evaluation | null;
  readonly evaluated: readonly Evaluation[];
}

export function writePlan(dir: string, plan: PlanSpec, outcome: PlanOutcome, report: (result: PlanResult) => string): PlanResult {
  const { scenario } = outcome;
  const result: PlanResult = {
    question: { scenario: scenario.name, gates: scenario.expect.map((g) => g.text), seeds: plan.seeds.length, passRate: plan.passRate, candidates: outcome.candidates },
    answer: outcome.answer ?? null,
    evaluated: outcome.evaluated,
  };
  writeFileAtomically(join(dir, "plan.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeCsvAtomically(join(dir, "runs.csv"), runRows(plan, outcome));
  writeFileAtomically(join(dir, "report.html"), report(result));
  return result;
}

/** runs.csv's rows, the header first: a row per candidate run and seed, in candidate order. */
function* runRows(plan: PlanSpec, outcome: PlanOutcome): Generator<Cell[]> {
  const candidates = [...outcome.runs.keys()].sort((a, b) => a - b);
  const columns = new KpiColumns(candidates.flatMap((candidate) => outcome.runs.get(candidate) ?? []));
  yield ["candidate", ...plan.source.parameters.map((p) => p.name), "seed", ...columns.names];
  for (const candidate of candidates) {
    const values = rowAt(plan.source.rows, candidate).map(csvCell);
    for (const [i, kpis] of (outcome.runs.get(candidate) ?? []).entries()) yield [candidate, ...values, plan.seeds[i], ...columns.row(kpis)];
  }
}
