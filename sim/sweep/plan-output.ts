/** A capacity search's directory: plan.json (the question, the answer, every candidate run), runs.csv and report.html. */
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { writeFileAtomically } from "../recorder/write-file.ts";
import { kpiTable } from "./kpis.ts";
import { csvCell } from "./results.ts";
import type { Evaluation, PlanOutcome, PlanSpec } from "./plan.ts";

export interface PlanResult {
  readonly question: { readonly scenario: string; readonly gates: readonly string[]; readonly seeds: number; readonly passRate: number; readonly candidates: number };
  readonly answer: Evaluation | null;
  readonly evaluated: readonly Evaluation[];
}

export function writePlan(dir: string, plan: PlanSpec, outcome: PlanOutcome, report: (result: PlanResult) => string): PlanResult {
  const scenario = outcome.configurations[0]?.scenario;
  const result: PlanResult = {
    question: { scenario: scenario?.name ?? "", gates: scenario?.expect.map((g) => g.text) ?? [], seeds: plan.seeds.length, passRate: plan.passRate, candidates: outcome.configurations.length },
    answer: outcome.answer ?? null,
    evaluated: outcome.evaluated,
  };
  writeFileAtomically(join(dir, "plan.json"), `${JSON.stringify(result, null, 2)}\n`);
  const names = plan.source.parameters.map((p) => p.name);
  const candidates = [...outcome.runs.keys()].sort((a, b) => a - b);
  const { columns, rows: table } = kpiTable(candidates.flatMap((candidate) => outcome.runs.get(candidate) ?? []));
  let next = 0;
  const rows = candidates.flatMap((candidate) =>
    (outcome.runs.get(candidate) ?? []).map((_, i) => {
      const values = plan.source.rows[candidate] ?? [];
      return [candidate, ...values.map(csvCell), plan.seeds[i], ...(table[next++] ?? []).map((v) => v ?? "")];
    }),
  );
  writeFileAtomically(join(dir, "runs.csv"), stringify([["candidate", ...names, "seed", ...columns], ...rows]));
  writeFileAtomically(join(dir, "report.html"), report(result));
  return result;
}
