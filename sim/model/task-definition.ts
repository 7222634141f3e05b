/**
 * Task definitions as ECS registers them: the request shape (RegisterTaskDefinition's fields),
 * ECS's validation rules, and what a task of the definition reserves on an instance.
 */
import type { Architecture } from "./catalogue.ts";

export const NETWORK_MODES = ["bridge", "host", "awsvpc", "none"] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];
export const PROTOCOLS = ["tcp", "udp"] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const COMPATIBILITIES = ["EC2", "EXTERNAL", "FARGATE", "MANAGED_INSTANCES"] as const;
export type Compatibility = (typeof COMPATIBILITIES)[number];

/** The smallest memory Docker (>= 20.10) accepts for a container (API ContainerDefinition.memory). */
export const MIN_CONTAINER_MEMORY_MIB = 6;
/** Containers per task definition (ecs-behaviour 10.1). */
export const MAX_CONTAINERS = 10;

export interface PortMappingInput {
  readonly containerPort: number;
  readonly hostPort?: number | undefined;
  readonly protocol?: Protocol | undefined;
}

/** A container health check; times in seconds, defaults and ranges of API HealthCheck (ecs-behaviour 4.2). */
export interface HealthCheck {
  readonly interval: number;
  readonly timeout: number;
  readonly retries: number;
  readonly startPeriod: number;
}

export const HEALTH_CHECK_DEFAULTS: HealthCheck = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 };

export interface ContainerDefinitionInput {
  readonly name: string;
  readonly image: string;
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
  readonly memoryReservation?: number | undefined;
  readonly essential?: boolean | undefined;
  readonly portMappings?: readonly PortMappingInput[] | undefined;
  readonly gpu?: number | undefined;
  /** Seconds between SIGTERM and SIGKILL; the agent's ECS_CONTAINER_STOP_TIMEOUT (30 s) when unset. */
  readonly stopTimeout?: number | undefined;
  readonly healthCheck?: HealthCheck | undefined;
}

/** RegisterTaskDefinition's input, numbers already parsed (ECS accepts "1 vCPU" / "2 GB" strings). */
export interface TaskDefinitionInput {
  readonly family: string;
  readonly networkMode?: NetworkMode | undefined;
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
  readonly requiresCompatibilities?: readonly Compatibility[] | undefined;
  /** runtimePlatform.cpuArchitecture: the task needs an instance of this architecture. */
  readonly cpuArchitecture?: Architecture | undefined;
  /** memberOf constraints every task of the definition must meet (distinctInstance is not allowed here). */
  readonly placementConstraints?: readonly { readonly type: "memberOf"; readonly expression: string }[] | undefined;
  readonly containerDefinitions: readonly ContainerDefinitionInput[];
}

/** What one task of a definition takes from a container instance while it holds its resources. */
export interface TaskRequirements {
  readonly cpu: number;
  readonly memory: number;
  readonly gpu: number;
  /** Static host ports, per protocol (bridge with a hostPort, or host mode). */
  readonly tcpPorts: readonly number[];
  readonly udpPorts: readonly number[];
  /** Host ports Docker picks from the ephemeral range (bridge mappings without a hostPort). */
  readonly dynamicPorts: number;
  /** An awsvpc task holds one ENI attachment of its instance. */
  readonly eni: boolean;
}

/** A registered revision. */
export interface TaskDefinition extends TaskDefinitionInput {
  readonly networkMode: NetworkMode;
  readonly revision: number;
  /** `family:revision`, as ECS names a revision. */
  readonly familyRevision: string;
  readonly requirements: TaskRequirements;
  /** Longest container stopTimeout, in ms: how long StopTask waits before SIGKILL. */
  readonly stopTimeoutMs: number;
  /**
   * The health checks that decide the task's health: only essential containers' count (4.2). Empty:
   * the task's health is not checked, and it counts as healthy 40 s after RUNNING (5.3).
   */
  readonly healthChecks: readonly HealthCheck[];
}

/** The agent's default SIGTERM-to-SIGKILL wait, ECS_CONTAINER_STOP_TIMEOUT (ecs-behaviour 4.3). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/** A problem ECS would reject the registration for, with the path of the field inside the definition. */
export interface DefinitionProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * ECS's validation of a task definition for the EC2 launch type (API RegisterTaskDefinition,
 * ContainerDefinition, PortMapping; ecs-behaviour 3.1-3.5, 4.2). Returns every problem found.
 */
export function taskDefinitionProblems(td: TaskDefinitionInput): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const mode = td.networkMode ?? "bridge";
  const containers = td.containerDefinitions;

  if (!FAMILY_PATTERN.test(td.family)) {
    add(["family"], "must be 1-255 letters, numbers, hyphens and underscores");
  }
  if (containers.length > MAX_CONTAINERS) {
    add(["containerDefinitions"], `a task definition can hold at most ${MAX_CONTAINERS} containers, got ${containers.length}`);
  }
  if (containers.length > 0 && !containers.some((c) => c.essential ?? true)) {
    add(["containerDefinitions"], "at least one container must be essential");
  }
  if (td.cpu !== undefined && (td.cpu < 128 || td.cpu > 196608)) {
    add(["cpu"], `task-level cpu must be between 128 and 196608 CPU units, got ${td.cpu}`);
  }

  const names = new Set<string>();
  let containerCpu = 0;
  let containerMemory = 0;
  containers.forEach((c, i) => {
    const at = (...rest: (string | number)[]) => ["containerDefinitions", i, ...rest];
    if (names.has(c.name)) add(at("name"), `duplicate container name "${c.name}"`);
    names.add(c.name);
    containerCpu += c.cpu ?? 0;
    containerMemory += c.memory ?? c.memoryReservation ?? 0;
    if (td.memory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
      add(at(), `container "${c.name}" must set memory or memoryReservation when the task definition has no task-level memory`);
    }
    if (c.memory !== undefined && c.memory < MIN_CONTAINER_MEMORY_MIB) {
      add(at("memory"), `must be at least ${MIN_CONTAINER_MEMORY_MIB} MiB, got ${c.memory}`);
    }
    if (c.memoryReservation !== undefined && c.memoryReservation < MIN_CONTAINER_MEMORY_MIB) {
      add(at("memoryReservation"), `must be at least ${MIN_CONTAINER_MEMORY_MIB} MiB, got ${c.memoryReservation}`);
    }
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation >= c.memory) {
      add(at("memoryReservation"), `must be less than memory (${c.memoryReservation} >= ${c.memory})`);
    }
    problems.push(...portProblems(mode, c.portMappings ?? [], at));
  });

  const staticPorts = containers.flatMap((c) =>
    mode === "bridge" || mode === "host"
      ? (c.portMappings ?? []).map((m) => `${mode === "host" ? m.containerPort : (m.hostPort ?? 0)}/${m.protocol ?? "tcp"}`)
      : [],
  );
  const seen = new Set<string>();
  for (const p of staticPorts.filter((p) => !p.startsWith("0/"))) {
    if (seen.has(p)) add(["containerDefinitions"], `host port ${p} is mapped more than once`);
    seen.add(p);
  }
  if (td.cpu !== undefined && containerCpu > td.cpu) {
    add(["cpu"], `the containers' cpu adds up to ${containerCpu}, more than the task-level cpu ${td.cpu}`);
  }
  if (td.memory !== undefined && containerMemory > td.memory) {
    add(["memory"], `the containers' memory adds up to ${containerMemory} MiB, more than the task-level memory ${td.memory}`);
  }
  return problems;
}

/** Port-mapping rules of each network mode (API RegisterTaskDefinitionRequest.networkMode, PortMapping). */
function portProblems(
  mode: NetworkMode,
  mappings: readonly PortMappingInput[],
  at: (...rest: (string | number)[]) => (string | number)[],
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (mode === "none" && mappings.length > 0) {
    problems.push({ path: at("portMappings"), message: 'networkMode "none" allows no port mappings' });
    return problems;
  }
  mappings.forEach((m, j) => {
    const hostPort = m.hostPort;
    if ((mode === "host" || mode === "awsvpc") && hostPort !== undefined && hostPort !== 0 && hostPort !== m.containerPort) {
      problems.push({
        path: at("portMappings", j, "hostPort"),
        message: `in networkMode "${mode}" hostPort must be omitted or equal containerPort (${m.containerPort}), got ${hostPort}`,
      });
    }
  });
  return problems;
}

/** Host ports Docker assigns dynamically: the Linux ephemeral fallback range (ecs-behaviour 3.3). */
export const EPHEMERAL_PORT_RANGE = { first: 49153, last: 65535 } as const;

/** What a task of this definition reserves on an instance (ecs-behaviour 3.1-3.3, rule 2). */
export function taskRequirements(td: TaskDefinitionInput): TaskRequirements {
  const mode = td.networkMode ?? "bridge";
  const containers = td.containerDefinitions;
  const sum = (f: (c: ContainerDefinitionInput) => number) => containers.reduce((n, c) => n + f(c), 0);
  const tcpPorts: number[] = [];
  const udpPorts: number[] = [];
  let dynamicPorts = 0;
  if (mode === "bridge" || mode === "host") {
    for (const m of containers.flatMap((c) => c.portMappings ?? [])) {
      const hostPort = mode === "host" ? m.containerPort : (m.hostPort ?? 0);
      if (hostPort === 0) dynamicPorts += 1;
      else ((m.protocol ?? "tcp") === "tcp" ? tcpPorts : udpPorts).push(hostPort);
    }
  }
  return {
    // Task-level values, when given, are what ECS subtracts from the instance (ecs-behaviour 3.1).
    cpu: td.cpu ?? sum((c) => c.cpu ?? 0),
    memory: td.memory ?? sum((c) => c.memoryReservation ?? c.memory ?? 0),
    gpu: sum((c) => c.gpu ?? 0),
    tcpPorts: [...new Set(tcpPorts)].sort((a, b) => a - b),
    udpPorts: [...new Set(udpPorts)].sort((a, b) => a - b),
    dynamicPorts,
    eni: mode === "awsvpc",
  };
}

/** Makes revision `revision` of a definition that passed `taskDefinitionProblems`. */
export function makeTaskDefinition(input: TaskDefinitionInput, revision: number): TaskDefinition {
  const longestStop = Math.max(
    ...input.containerDefinitions.map((c) => c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS),
  );
  // Fields listed one by one, not spread from the input: every definition then shares one hidden
  // class in V8. Spread copies got a new one per run after a few runs, which made every read of a
  // task's definition megamorphic.
  return {
    family: input.family,
    networkMode: input.networkMode ?? "bridge",
    cpu: input.cpu,
    memory: input.memory,
    requiresCompatibilities: input.requiresCompatibilities,
    cpuArchitecture: input.cpuArchitecture,
    placementConstraints: input.placementConstraints,
    containerDefinitions: input.containerDefinitions,
    revision,
    familyRevision: `${input.family}:${revision}`,
    requirements: taskRequirements(input),
    stopTimeoutMs: longestStop * 1000,
    healthChecks: input.containerDefinitions.flatMap((c) => ((c.essential ?? true) && c.healthCheck !== undefined ? [c.healthCheck] : [])),
  };
}
