/** The task groups a scenario's timeline starts tasks in: RunTask's `group`, else `family:NAME` (ecs-behaviour 1.4). */
import type { Scenario } from "./schema/scenario.ts";

export function knownTaskGroups(scenario: Pick<Scenario, "timeline">): string[] {
  const groups = scenario.timeline.flatMap((e) =>
    e.runTask === undefined ? [] : [e.runTask.group ?? `family:${e.runTask.taskDefinition.split(":")[0]}`],
  );
  return [...new Set(groups)].sort();
}
