/** An explanation of a placement as text for a person (`ecs-sim run --explain`, and the report). */
import type { Explanation, ZoneChoice } from "../model/explanation.ts";

/**
 * A short text for a person, one line per stage. By default each stage's name is padded into a
 * column, for a terminal; `columns: false` writes "stage: ..." instead, for proportional type.
 */
export function formatExplanation(e: Explanation | ZoneChoice, { columns = true }: { readonly columns?: boolean } = {}): string[] {
  const label = (name: string) => (columns ? name.padEnd(12) : `${name}: `);
  if ("zones" in e) {
    const zone = (z: ZoneChoice["zones"][number]) => `${label(z.availabilityZone)}${z.out ? "out of service" : `${z.tasks} task${z.tasks === 1 ? "" : "s"} of the group`}${z.availabilityZone === e.chosen ? " -> chosen" : ""}`;
    return ["Fargate: of these zones, the available one where the group has the fewest tasks, the first listed on a tie", ...e.zones.map(zone)];
  }
  const lines = [`${e.instances} instances`];
  for (const s of e.stages) {
    const reasons = Object.entries(s.removed).map(([r, n]) => `${r} ${n}`);
    lines.push(`${label(s.stage)}${reasons.length === 0 ? "none removed" : `removed ${reasons.join(", ")}`} -> ${s.remaining}`);
  }
  for (const r of e.ranking) {
    const values = r.values === undefined ? "" : ` (${r.values.map((v) => v || "no value").join(", ")})`;
    lines.push(`${label("strategy")}${r.strategy}: best ${r.best}${values} -> ${r.kept}`);
  }
  if (e.tied > 1) lines.push(`${label("choice")}random among ${e.tied} tied`);
  return lines;
}
