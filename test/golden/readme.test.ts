/** The README stays true: its scenario example is a valid scenario. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { checkScenario } from "../../sim/scenario/load.ts";
import { parseSource } from "../../sim/scenario/source.ts";

it("the README's scenario example loads without errors", () => {
  const readme = readFileSync("README.md", "utf8");
  const example = /```yaml\n(name: [\s\S]*?)```/.exec(readme)?.[1];
  expect(example, "no scenario example in README.md").toBeDefined();
  const scenario = checkScenario(parseSource("README.md", example!));
  expect(scenario.timeline.length).toBeGreaterThan(0);
});
