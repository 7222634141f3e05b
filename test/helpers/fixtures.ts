/** Builders with sensible defaults for model objects in tests. */
import { BUILTIN_INSTANCE_TYPES, type InstanceType } from "../../sim/model/catalogue.ts";
import { createInstance, type ContainerInstance } from "../../sim/model/instance.ts";
import { createTask, type Task } from "../../sim/model/task.ts";
import { makeTaskDefinition, type ContainerDefinitionInput, type TaskDefinition, type TaskDefinitionInput } from "../../sim/model/task-definition.ts";

let nextId = 0;
const id = (prefix: string) => `${prefix}${(nextId++).toString(16).padStart(8, "0")}`;

export function instanceType(name = "m5.large"): InstanceType {
  const type = BUILTIN_INSTANCE_TYPES.get(name);
  if (type === undefined) throw new Error(`no instance type ${name}`);
  return type;
}

export function makeInstance(options: { type?: string; az?: string; trunking?: boolean; reservedMemory?: number; attributes?: Record<string, string> } = {}): ContainerInstance {
  return createInstance({
    index: 0,
    containerInstanceId: id("ci-"),
    ec2InstanceId: id("i-"),
    instanceType: instanceType(options.type),
    availabilityZone: options.az ?? "us-east-1a",
    groupName: "test",
    agentVersion: "1.98.0",
    amiId: "ami-test",
    osType: "linux",
    customAttributes: options.attributes ?? {},
    registeredAt: 0,
    reservedMemory: options.reservedMemory ?? 0,
    trunking: options.trunking ?? false,
  });
}

export function container(overrides: Partial<ContainerDefinitionInput> = {}): ContainerDefinitionInput {
  return { name: "app", image: "nginx", cpu: 256, memory: 512, ...overrides };
}

export function makeDefinition(overrides: Partial<TaskDefinitionInput> = {}, revision = 1): TaskDefinition {
  return makeTaskDefinition({ family: "web", containerDefinitions: [container()], ...overrides }, revision);
}

export function makeTask(definition: TaskDefinition = makeDefinition(), instance?: ContainerInstance): Task {
  return createTask({
    taskId: id("task-"),
    capacityProviderName: undefined,
    taskDefinition: definition,
    group: `family:${definition.family}`,
    startedBy: undefined,
    containerInstanceId: instance?.containerInstanceId ?? "ci-none",
    availabilityZone: instance?.availabilityZone ?? "us-east-1a",
    createdAt: 0,
  });
}
