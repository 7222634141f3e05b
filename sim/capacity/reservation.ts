/**
 * How many more instances the tasks waiting for capacity need (ecs-behaviour 8.2): ECS packs them
 * onto the group's largest instance type; a task that does not fit even the smallest type is left
 * out (it would never run). First-fit decreasing by memory, then CPU: the classic bin-packing
 * heuristic, within 22% of the optimum. Cost: O(t log t + t x b) for t tasks in b bins.
 */
import type { InstanceType } from "../model/catalogue.ts";
import type { TaskRequirements } from "../model/task-definition.ts";
import { fits, smallestType } from "./capacity-providers.ts";

/** Instances of the largest type the tasks fill; undefined when none of them could ever run. */
export function instancesNeeded(tasks: readonly TaskRequirements[], types: readonly InstanceType[]): number | undefined {
  const smallest = smallestType(types);
  const largest = [...types].sort((a, b) => b.registeredMemory - a.registeredMemory || b.registeredCpu - a.registeredCpu)[0];
  if (smallest === undefined || largest === undefined) return undefined;
  const eligible = tasks.filter((t) => fits(t, smallest)).sort((a, b) => b.memory - a.memory || b.cpu - a.cpu);
  if (eligible.length === 0) return tasks.length === 0 ? 0 : undefined;
  const bins: { cpu: number; memory: number; gpu: number }[] = [];
  for (const task of eligible) {
    let bin = bins.find((b) => b.cpu >= task.cpu && b.memory >= task.memory && b.gpu >= task.gpu);
    if (bin === undefined) {
      bin = { cpu: largest.registeredCpu, memory: largest.registeredMemory, gpu: largest.gpus };
      bins.push(bin);
    }
    bin.cpu -= task.cpu;
    bin.memory -= task.memory;
    bin.gpu -= task.gpu;
  }
  return bins.length;
}
