/**
 * How many more instances the tasks waiting for capacity need (ecs-behaviour 8.2): ECS packs them
 * onto the group's largest instance type by "vCPU, memory, ENI, ports, GPU"; a task that does not
 * fit even the smallest type is left out (it would never run). The packing uses empty instances as
 * the group would register them (ECS_RESERVED_MEMORY, trunking), so the model's own arithmetic
 * decides what fits. First-fit decreasing by memory, then CPU: the classic bin-packing heuristic,
 * within 22% of the optimum. Cost: O(t log t + t x b) for t tasks in b bins.
 */
import type { InstanceType } from "../model/catalogue.ts";
import { createInstance, reserve, resourceShortfall, type ContainerInstance } from "../model/instance.ts";
import { createTask } from "../model/task.ts";
import type { TaskDefinition } from "../model/task-definition.ts";

/** What an Auto Scaling group capacity provider launches, as its instances register. */
export interface ProviderCapacity {
  readonly instanceTypes: readonly InstanceType[];
  /** ECS_RESERVED_MEMORY of the group's instances. */
  readonly reservedMemory: number;
  /** The cluster's awsvpcTrunking setting: the ENIs an instance gets. */
  readonly trunking: boolean;
}

/** Whether one task of `definition` fits on an empty instance of the smallest type: one that does not never causes a scale-out (8.2, 8.3). */
export function couldEverRun(definition: TaskDefinition, capacity: ProviderCapacity): boolean {
  const guard = smallestInstance(capacity);
  return guard !== undefined && resourceShortfall(guard, definition.requirements) === null;
}

/** Instances of the largest type the tasks fill; undefined when none of them could ever run. */
export function instancesNeeded(definitions: readonly TaskDefinition[], capacity: ProviderCapacity): number | undefined {
  const largest = [...capacity.instanceTypes].sort((a, b) => b.registeredMemory - a.registeredMemory || b.registeredCpu - a.registeredCpu)[0];
  const guard = smallestInstance(capacity);
  if (largest === undefined || guard === undefined) return undefined;
  const eligible = definitions.filter((d) => resourceShortfall(guard, d.requirements) === null).sort((a, b) => b.requirements.memory - a.requirements.memory || b.requirements.cpu - a.requirements.cpu);
  if (eligible.length === 0) return definitions.length === 0 ? 0 : undefined;
  const bins: ContainerInstance[] = [];
  for (const definition of eligible) {
    let bin = bins.find((b) => resourceShortfall(b, definition.requirements) === null);
    if (bin === undefined) bins.push((bin = emptyInstance(largest, capacity)));
    // A task the largest type cannot hold (a GPU only the smallest has, say) still takes an instance.
    if (resourceShortfall(bin, definition.requirements) === null) reserve(bin, probe(definition));
  }
  return bins.length;
}

/** An empty instance of the type with the least registered memory, then CPU: the guard of managed scaling (8.2). */
function smallestInstance(capacity: ProviderCapacity): ContainerInstance | undefined {
  const smallest = [...capacity.instanceTypes].sort((a, b) => a.registeredMemory - b.registeredMemory || a.registeredCpu - b.registeredCpu)[0];
  return smallest === undefined ? undefined : emptyInstance(smallest, capacity);
}

/** An instance that is never registered: only its resources matter. */
function emptyInstance(type: InstanceType, capacity: ProviderCapacity): ContainerInstance {
  return createInstance({
    index: -1,
    containerInstanceId: "",
    ec2InstanceId: "",
    instanceType: type,
    availabilityZone: "",
    groupName: "",
    agentVersion: "",
    amiId: "",
    osType: "linux",
    customAttributes: {},
    registeredAt: 0,
    reservedMemory: capacity.reservedMemory,
    trunking: capacity.trunking,
  });
}

/** A task that is never run, for `reserve` to fill a bin with: the waiting task itself stays untouched. */
function probe(definition: TaskDefinition) {
  return createTask({ taskId: "", taskDefinition: definition, group: "", startedBy: undefined, containerInstanceId: "", availabilityZone: "", createdAt: 0, capacityProviderName: undefined });
}
