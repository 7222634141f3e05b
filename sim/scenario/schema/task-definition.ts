/**
 * The task-definition part of the scenario schema, in RegisterTaskDefinition's own shape, so the
 * JSON of `aws ecs describe-task-definition` can be pasted as is. Fields that change where or how a
 * task runs are modelled; other ECS fields (environment, logging, volumes...) are accepted and
 * ignored; anything else is a typo and an error.
 */
import { z } from "zod";
import { fargateProblem } from "../../capacity/fargate.ts";
import { taskDefinitionConstraintsSchema } from "./placement.ts";
import {
  COMPATIBILITIES,
  HEALTH_CHECK_DEFAULTS,
  NETWORK_MODES,
  PROTOCOLS,
  taskDefinitionProblems,
  type ContainerDefinitionInput,
  type TaskDefinitionInput,
} from "../../model/task-definition.ts";

/** ECS fields that do not change placement or the lifecycle the simulator models. */
function ignored<const K extends string>(names: readonly K[]): Record<K, z.ZodOptional<z.ZodUnknown>> {
  return Object.fromEntries(names.map((n) => [n, z.unknown().optional()])) as Record<K, z.ZodOptional<z.ZodUnknown>>;
}

const IGNORED_CONTAINER_FIELDS = [
  "repositoryCredentials", "links", "restartPolicy", "entryPoint", "command", "environment", "environmentFiles",
  "mountPoints", "volumesFrom", "linuxParameters", "secrets", "dependsOn", "startTimeout", "versionConsistency",
  "hostname", "user", "workingDirectory", "disableNetworking", "privileged", "readonlyRootFilesystem", "dnsServers",
  "dnsSearchDomains", "extraHosts", "dockerSecurityOptions", "interactive", "pseudoTerminal", "dockerLabels",
  "ulimits", "logConfiguration", "systemControls", "firelensConfiguration", "credentialSpecs",
] as const;

const IGNORED_TASK_FIELDS = [
  // Read-only fields of describe-task-definition output.
  "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt",
  "deregisteredAt", "registeredBy",
  // Request fields without an effect on placement or lifecycle here.
  "taskRoleArn", "executionRoleArn", "volumes", "inferenceAccelerators", "pidMode", "ipcMode",
  "proxyConfiguration", "ephemeralStorage", "enableFaultInjection", "tags",
] as const;

const port = z.number().int().min(0).max(65535);

const portMappingSchema = z.strictObject({
  containerPort: port.min(1),
  hostPort: port.optional(),
  protocol: z.enum(PROTOCOLS).optional(),
  name: z.string().optional(),
  appProtocol: z.enum(["http", "http2", "grpc"]).optional(),
});

const resourceRequirementSchema = z.strictObject({
  type: z.enum(["GPU", "InferenceAccelerator"]),
  value: z.string().regex(/^\d+$/, "expected a whole number as a string, e.g. \"1\""),
});

/** API HealthCheck: the command is the app's business; the timing is the simulator's. */
const healthCheckSchema = z
  .strictObject({
    command: z.array(z.string()).min(1),
    interval: z.number().int().min(5).max(300).optional(),
    timeout: z.number().int().min(2).max(60).optional(),
    retries: z.number().int().min(1).max(10).optional(),
    startPeriod: z.number().int().min(0).max(300).optional(),
  })
  .transform(({ interval, timeout, retries, startPeriod }) => ({
    interval: interval ?? HEALTH_CHECK_DEFAULTS.interval,
    timeout: timeout ?? HEALTH_CHECK_DEFAULTS.timeout,
    retries: retries ?? HEALTH_CHECK_DEFAULTS.retries,
    startPeriod: startPeriod ?? HEALTH_CHECK_DEFAULTS.startPeriod,
  }));

const containerDefinitionSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, "expected 1-255 letters, numbers, hyphens and underscores"),
    image: z.string().min(1),
    cpu: z.number().int().min(0).optional(),
    // Sizes are checked by taskDefinitionProblems (at least 6 MiB), so one message covers them.
    memory: z.number().int().optional(),
    memoryReservation: z.number().int().optional(),
    essential: z.boolean().optional(),
    portMappings: z.array(portMappingSchema).optional(),
    resourceRequirements: z.array(resourceRequirementSchema).optional(),
    stopTimeout: z.number().int().min(0).optional(),
    healthCheck: healthCheckSchema.optional(),
    ...ignored(IGNORED_CONTAINER_FIELDS),
  })
  .transform((c): ContainerDefinitionInput => {
    const gpu = (c.resourceRequirements ?? []).filter((r) => r.type === "GPU").reduce((n, r) => n + Number(r.value), 0);
    return {
      name: c.name,
      image: c.image,
      cpu: c.cpu,
      memory: c.memory,
      memoryReservation: c.memoryReservation,
      essential: c.essential,
      portMappings: c.portMappings,
      gpu,
      stopTimeout: c.stopTimeout,
      healthCheck: c.healthCheck,
    };
  });

/** Task-level cpu: CPU units as a number or string ("1024"), or vCPUs ("1 vCPU", "0.5 vcpu"). */
const taskCpuSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const text = String(v).trim();
  const vcpu = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text);
  const units = vcpu ? Number(vcpu[1]) * 1024 : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(units)) {
    ctx.addIssue({ code: "custom", message: `expected CPU units such as 1024 or "1 vCPU", got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return units;
});

/** Task-level memory: MiB as a number or string ("2048"), or GB ("2 GB", "0.5gb"). */
const taskMemorySchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const text = String(v).trim();
  const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  const mib = gb ? Number(gb[1]) * 1024 : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(mib) || mib <= 0) {
    ctx.addIssue({ code: "custom", message: `expected memory MiB such as 2048 or "2 GB", got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return mib;
});

const runtimePlatformSchema = z.strictObject({
  cpuArchitecture: z.enum(["X86_64", "ARM64"]).optional(),
  operatingSystemFamily: z.literal("LINUX").optional(),
});

/** One task definition, as RegisterTaskDefinition takes it; validated as ECS validates it. */
export const taskDefinitionSchema = z
  .strictObject({
    family: z.string(),
    networkMode: z.enum(NETWORK_MODES).optional(),
    cpu: taskCpuSchema.optional(),
    memory: taskMemorySchema.optional(),
    requiresCompatibilities: z.array(z.enum(COMPATIBILITIES)).optional(),
    runtimePlatform: runtimePlatformSchema.optional(),
    containerDefinitions: z.array(containerDefinitionSchema).min(1),
    placementConstraints: taskDefinitionConstraintsSchema.optional(),
    ...ignored(IGNORED_TASK_FIELDS),
  })
  .superRefine((td, ctx) => {
    for (const compat of td.requiresCompatibilities ?? []) {
      if (compat !== "EC2" && compat !== "FARGATE") {
        ctx.addIssue({ code: "custom", path: ["requiresCompatibilities"], message: `only EC2 and FARGATE are simulated, got "${compat}"` });
      }
    }
    // RegisterTaskDefinition refuses a FARGATE-compatible definition Fargate cannot run (8.4).
    const fargate = td.requiresCompatibilities?.includes("FARGATE") === true ? fargateProblem(toInput(td)) : undefined;
    if (fargate !== undefined) ctx.addIssue({ code: "custom", path: ["requiresCompatibilities"], message: fargate });
    for (const problem of taskDefinitionProblems(toInput(td))) {
      ctx.addIssue({ code: "custom", path: [...problem.path], message: problem.message });
    }
  })
  .transform(toInput)
  .meta({ description: "A task definition in RegisterTaskDefinition's shape (the output of describe-task-definition works too)." });

function toInput(td: {
  family: string;
  networkMode?: TaskDefinitionInput["networkMode"];
  cpu?: number | undefined;
  memory?: number | undefined;
  requiresCompatibilities?: TaskDefinitionInput["requiresCompatibilities"];
  runtimePlatform?: { cpuArchitecture?: "X86_64" | "ARM64" | undefined } | undefined;
  placementConstraints?: readonly { type: "memberOf"; expression: string }[] | undefined;
  containerDefinitions: readonly ContainerDefinitionInput[];
}): TaskDefinitionInput {
  const arch = td.runtimePlatform?.cpuArchitecture;
  return {
    family: td.family,
    networkMode: td.networkMode,
    cpu: td.cpu,
    memory: td.memory,
    requiresCompatibilities: td.requiresCompatibilities,
    cpuArchitecture: arch === undefined ? undefined : arch === "ARM64" ? "arm64" : "x86_64",
    placementConstraints: td.placementConstraints,
    containerDefinitions: td.containerDefinitions,
  };
}

/** The output of `aws ecs describe-task-definition`: the definition under `taskDefinition`, plus tags. */
export const describeTaskDefinitionOutputSchema = z.strictObject({
  taskDefinition: taskDefinitionSchema,
  tags: z.unknown().optional(),
});
