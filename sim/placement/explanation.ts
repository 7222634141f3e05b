/** An explanation of a placement as text for a person (`ecs-sim run --explain`). */
import type { Explanation } from "../model/explanation.ts";

/** A short text for a person, one line per stage. */
export function formatExplanation(e: Explanation): string[] {
  const lines = [`${e.instances} instances`];
  for (const s of e.stages) {
    const reasons = Object.entries(s.removed).map(([r, n]) => `${r} ${n}`);
    lines.push(`${s.stage.padEnd(12)}${reasons.length === 0 ? "none removed" : `removed ${reasons.join(", ")}`} -> ${s.remaining}`);
  }
  for (const r of e.ranking) {
    const values = r.values === undefined ? "" : ` (${r.values.map((v) => v || "no value").join(", ")})`;
    lines.push(`${"strategy".padEnd(12)}${r.strategy}: best ${r.best}${values} -> ${r.kept}`);
  }
  if (e.tied > 1) lines.push(`${"choice".padEnd(12)}random among ${e.tied} tied`);
  return lines;
}
