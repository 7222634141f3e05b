/**
 * How many more instances the tasks waiting for capacity need (ecs-behaviour 8.2). ECS sorts the
 * group's instance types "by their parameters ... vCPU, memory, elastic network interfaces (ENIs),
 * ports, and GPUs. The smallest and the largest instance types for each parameter are selected"
 * (LIVE:managed-scaling-behavior): the largest of each parameter gives the instances the tasks
 * fill, the smallest of each is the guard, and a task that does not fit it is left out (it would
 * never cause a scale-out). The packing uses empty instances as the group would register them
 * (ECS_RESERVED_MEMORY, trunking), so the model's own arithmetic decides what fits; ports are the
 * same on every type. First-fit decreasing by memory, then CPU: the classic bin-packing heuristic,
 * within 22% of the optimum. Cost: O(t log t + t x b) for t tasks in b bins.
 */
import type { InstanceType } from "../model/catalogue.ts";
import { createInstance, reserve, resourceShortfall, type ContainerInstance, type Resources } from "../model/instance.ts";
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

/** Whether one task of `definition` fits the guard, the smallest of each parameter: one that does not never causes a scale-out (8.2, 8.3). */
export function couldEverRun(definition: TaskDefinition, capacity: ProviderCapacity): boolean {
  const guard = guardOf(capacity);
  return guard !== undefined && resourceShortfall(guard, definition.requirements) === null;
}

/** The guard of each provider's capacity, built once: it is only read, and a provider's types never change. */
const guards = new WeakMap<ProviderCapacity, ContainerInstance | undefined>();

function guardOf(capacity: ProviderCapacity): ContainerInstance | undefined {
  if (!guards.has(capacity)) guards.set(capacity, boundInstance(capacity, Math.min));
  return guards.get(capacity);
}

/** Instances with the largest of each parameter the tasks fill; undefined when none of them could ever run. */
export function instancesNeeded(definitions: readonly TaskDefinition[], capacity: ProviderCapacity): number | undefined {
  const guard = guardOf(capacity);
  if (guard === undefined) return undefined;
  const eligible = definitions.filter((d) => resourceShortfall(guard, d.requirements) === null).sort((a, b) => b.requirements.memory - a.requirements.memory || b.requirements.cpu - a.requirements.cpu);
  if (eligible.length === 0) return definitions.length === 0 ? 0 : undefined;
  const bins: ContainerInstance[] = [];
  for (const definition of eligible) {
    let bin = bins.find((b) => resourceShortfall(b, definition.requirements) === null);
    // What fits the smallest of every parameter fits an empty bin, the largest of each.
    if (bin === undefined) bins.push((bin = boundInstance(capacity, Math.max) as ContainerInstance));
    reserve(bin, probe(definition));
  }
  return bins.length;
}

/** An empty instance registering, per parameter, the least (Math.min) or most (Math.max) of the group's types. */
function boundInstance(capacity: ProviderCapacity, bound: (...values: number[]) => number): ContainerInstance | undefined {
  const empties = capacity.instanceTypes.map((type) => emptyInstance(type, capacity));
  const first = empties[0];
  if (first === undefined) return undefined;
  const of = (key: keyof Resources): number => bound(...empties.map((i) => i.registered[key]));
  const registered: Resources = { cpu: of("cpu"), memory: of("memory"), gpu: of("gpu"), enis: of("enis") };
  return { ...first, registered, remaining: { ...registered } };
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
