/**
 * Container instances: what the agent registered, what tasks hold, status and agent connection,
 * and the resource arithmetic of reserving and releasing a task (ecs-behaviour 3, 7).
 */
import { SimError } from "../engine/errors.ts";
import type { InstanceType } from "./catalogue.ts";
import { EPHEMERAL_PORT_RANGE, type TaskRequirements } from "./task-definition.ts";
import type { Task } from "./task.ts";

/** API ContainerInstance.status (ecs-behaviour 7.1). */
export const INSTANCE_STATUSES = [
  "REGISTERING",
  "REGISTRATION_FAILED",
  "ACTIVE",
  "DRAINING",
  "DEREGISTERING",
  "INACTIVE",
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** The agent's default reserved TCP ports on Linux, ECS_RESERVED_PORTS (ecs-behaviour 3.3). */
export const AGENT_RESERVED_TCP_PORTS = [22, 2375, 2376, 51678, 51679] as const;
/** At most 100 reserved host ports per instance, the agent's included; dynamic ports do not count. */
export const MAX_RESERVED_PORTS = 100;

export interface Resources {
  cpu: number;
  memory: number;
  gpu: number;
  enis: number;
}

/** EC2's instance states that matter here (DescribeInstances InstanceState.Name). */
export type Ec2State = "running" | "stopped" | "terminated";

export interface ContainerInstance {
  /** Registration order in the cluster, from 0: the canonical order of every placement choice. */
  readonly index: number;
  readonly containerInstanceId: string;
  readonly ec2InstanceId: string;
  readonly instanceType: InstanceType;
  readonly availabilityZone: string;
  /** Built-in and custom attributes, keys sorted. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The scenario's name for the group this instance came from. */
  readonly groupName: string;
  /** The capacity provider whose Auto Scaling group launched it (API ContainerInstance.capacityProviderName). */
  readonly capacityProviderName: string | undefined;
  /** The container agent's version, e.g. "1.98.0" (the CQL subject agentVersion). */
  readonly agentVersion: string;
  status: InstanceStatus;
  agentConnected: boolean;
  /** The EC2 instance's own state, which ECS may not know: a host terminated while its agent was away stays registered. */
  ec2State: Ec2State;
  readonly registeredAt: number;
  readonly registered: Readonly<Resources>;
  readonly remaining: Resources;
  /** TCP/UDP host ports in use: the agent's reserved ports plus static ports of tasks. */
  readonly tcpPortsInUse: Set<number>;
  readonly udpPortsInUse: Set<number>;
  /** Count of static ports that count towards MAX_RESERVED_PORTS. */
  reservedPortCount: number;
  /** Dynamic ports handed out from the ephemeral range. */
  readonly dynamicPortsInUse: Set<number>;
  /** Tasks placed here that are not yet STOPPED, in placement order. */
  readonly tasks: Set<Task>;
}

export interface NewInstance {
  readonly index: number;
  readonly containerInstanceId: string;
  readonly ec2InstanceId: string;
  readonly instanceType: InstanceType;
  readonly availabilityZone: string;
  readonly groupName: string;
  readonly capacityProviderName?: string | undefined;
  readonly agentVersion: string;
  readonly amiId: string;
  readonly osType: "linux";
  readonly customAttributes: Readonly<Record<string, string>>;
  readonly registeredAt: number;
  /** ECS_RESERVED_MEMORY: MiB the agent keeps back from registration. */
  readonly reservedMemory: number;
  /** Whether the instance has a trunk ENI (awsvpcTrunking on, supported type). */
  readonly trunking: boolean;
}

/** The zone attribute every instance has (ecs-behaviour 2.2). */
export const ZONE_ATTRIBUTE = "ecs.availability-zone";

/** The instance RegisterContainerInstance creates: ACTIVE, agent connected (ecs-behaviour 7.2). */
export function createInstance(n: NewInstance): ContainerInstance {
  const type = n.instanceType;
  const memory = type.registeredMemory - n.reservedMemory;
  if (memory <= 0) {
    throw new SimError(`ECS_RESERVED_MEMORY ${n.reservedMemory} is not less than the ${type.registeredMemory} MiB of ${type.name}`);
  }
  const enis = n.trunking && type.awsvpcTasksWithTrunking !== null ? type.awsvpcTasksWithTrunking : type.awsvpcTasksWithoutTrunking;
  const registered: Resources = { cpu: type.registeredCpu, memory, gpu: type.gpus, enis };
  const builtIn: Record<string, string> = {
    "ecs.ami-id": n.amiId,
    [ZONE_ATTRIBUTE]: n.availabilityZone,
    "ecs.cpu-architecture": type.architecture,
    "ecs.instance-type": type.name,
    "ecs.os-type": n.osType,
  };
  if (n.trunking) builtIn["ecs.awsvpc-trunk-id"] = `trunk-${n.ec2InstanceId.slice(2)}`;
  const merged = { ...n.customAttributes, ...builtIn };
  const attributes = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k] as string]));
  return {
    index: n.index,
    containerInstanceId: n.containerInstanceId,
    ec2InstanceId: n.ec2InstanceId,
    instanceType: type,
    availabilityZone: n.availabilityZone,
    attributes,
    groupName: n.groupName,
    capacityProviderName: n.capacityProviderName,
    agentVersion: n.agentVersion,
    status: "ACTIVE",
    agentConnected: true,
    ec2State: "running",
    registeredAt: n.registeredAt,
    registered,
    remaining: { cpu: registered.cpu, memory: registered.memory, gpu: registered.gpu, enis: registered.enis },
    tcpPortsInUse: new Set(AGENT_RESERVED_TCP_PORTS),
    udpPortsInUse: new Set(),
    reservedPortCount: AGENT_RESERVED_TCP_PORTS.length,
    dynamicPortsInUse: new Set(),
    tasks: new Set(),
  };
}

/** RunTask failure reasons for resources (ecs-behaviour 5.6). */
export type ResourceReason = "RESOURCE:CPU" | "RESOURCE:MEMORY" | "RESOURCE:GPU" | "RESOURCE:PORTS" | "RESOURCE:ENI";

/**
 * The first resource a task does not fit on, checked in the order CPU, memory, GPU, ports, ENI,
 * or null when it fits. Cost: O(ports of the task).
 */
export function resourceShortfall(instance: ContainerInstance, req: TaskRequirements): ResourceReason | null {
  const r = instance.remaining;
  if (req.cpu > r.cpu) return "RESOURCE:CPU";
  if (req.memory > r.memory) return "RESOURCE:MEMORY";
  if (req.gpu > r.gpu) return "RESOURCE:GPU";
  if (!portsFit(instance, req)) return "RESOURCE:PORTS";
  if (req.eni && r.enis < 1) return "RESOURCE:ENI";
  return null;
}

function portsFit(instance: ContainerInstance, req: TaskRequirements): boolean {
  // Loops, not .some(): this runs for every instance a placement tries.
  for (const p of req.tcpPorts) if (instance.tcpPortsInUse.has(p)) return false;
  for (const p of req.udpPorts) if (instance.udpPortsInUse.has(p)) return false;
  if (instance.reservedPortCount + req.tcpPorts.length + req.udpPorts.length > MAX_RESERVED_PORTS) return false;
  return req.dynamicPorts === 0 || instance.dynamicPortsInUse.size + req.dynamicPorts <= EPHEMERAL_PORTS;
}

const EPHEMERAL_PORTS = EPHEMERAL_PORT_RANGE.last - EPHEMERAL_PORT_RANGE.first + 1;

/**
 * Takes a task's resources from its instance when it is placed. Invariant: remaining resources are
 * never negative and a host port is never given twice; a violation is a simulator bug and throws.
 */
export function reserve(instance: ContainerInstance, task: Task): void {
  const req = task.taskDefinition.requirements;
  const shortfall = resourceShortfall(instance, req);
  if (shortfall !== null) {
    throw new SimError(`over-commit: task ${task.taskId} does not fit on ${instance.containerInstanceId} (${shortfall})`);
  }
  const r = instance.remaining;
  r.cpu -= req.cpu;
  r.memory -= req.memory;
  r.gpu -= req.gpu;
  for (const p of req.tcpPorts) instance.tcpPortsInUse.add(p);
  for (const p of req.udpPorts) instance.udpPortsInUse.add(p);
  instance.reservedPortCount += req.tcpPorts.length + req.udpPorts.length;
  if (req.tcpPorts.length + req.udpPorts.length + req.dynamicPorts > 0) {
    const dynamic = allocateDynamicPorts(instance, req.dynamicPorts);
    task.hostPorts = { tcp: [...req.tcpPorts, ...dynamic], udp: [...req.udpPorts] };
  }
  task.holdsCompute = true;
  if (req.eni) {
    r.enis -= 1;
    task.holdsEni = true;
  }
  instance.tasks.add(task);
}

/** Lowest free ports of the ephemeral range. Cost: O(ports in use) per port at worst. */
function allocateDynamicPorts(instance: ContainerInstance, count: number): number[] {
  const ports: number[] = [];
  for (let p = EPHEMERAL_PORT_RANGE.first; ports.length < count; p++) {
    if (!instance.dynamicPortsInUse.has(p) && !instance.tcpPortsInUse.has(p)) {
      instance.dynamicPortsInUse.add(p);
      ports.push(p);
    }
  }
  return ports;
}

/**
 * Gives back CPU, memory, GPUs and ports. ECS treats them as free as soon as the task starts
 * stopping (ecs-behaviour 3.4), before the containers have exited.
 */
export function releaseCompute(instance: ContainerInstance, task: Task): void {
  if (!task.holdsCompute) return;
  const req = task.taskDefinition.requirements;
  const r = instance.remaining;
  r.cpu += req.cpu;
  r.memory += req.memory;
  r.gpu += req.gpu;
  for (const p of req.tcpPorts) instance.tcpPortsInUse.delete(p);
  for (const p of req.udpPorts) instance.udpPortsInUse.delete(p);
  instance.reservedPortCount -= req.tcpPorts.length + req.udpPorts.length;
  for (const p of task.hostPorts.tcp.slice(req.tcpPorts.length)) instance.dynamicPortsInUse.delete(p);
  task.holdsCompute = false;
}

/** Gives back the task's ENI, when it is detached at the end of DEPROVISIONING (ecs-behaviour 3.4). */
export function releaseEni(instance: ContainerInstance, task: Task): void {
  if (!task.holdsEni) return;
  instance.remaining.enis += 1;
  task.holdsEni = false;
}

/** API runningTasksCount: tasks on the instance whose desiredStatus is RUNNING (ecs-behaviour 7.1). */
export function runningTasksCount(instance: ContainerInstance): number {
  let n = 0;
  for (const t of instance.tasks) if (t.desiredStatus === "RUNNING") n++;
  return n;
}

/** Only ACTIVE instances with a connected agent accept new tasks (ecs-behaviour 1.1). */
export function acceptsTasks(instance: ContainerInstance): boolean {
  return instance.status === "ACTIVE" && instance.agentConnected;
}
