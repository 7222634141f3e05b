/**
 * The scenario file's schema (contract 2 of the design): the one definition of what a scenario may
 * say. The TypeScript types of a loaded scenario are derived from it, and `ecs-sim schema` prints
 * it as JSON Schema.
 */
import { z } from "zod";
import { ALB_DEFAULTS } from "../../elb/target-groups.ts";
import { autoScalingGroupSchema, capacityProviderSchema, capacityProviderStrategySchema, launchFields, oneLaunchChoice } from "./capacity.ts";
import { instanceGroupSchema, instanceTypeSchema } from "./instances.ts";
import { loadSchema, serviceAutoScalingSchema } from "./auto-scaling.ts";
import { parseGate } from "../../recorder/gates.ts";
import { durationDistributionSchema, durationSchema, positiveDuration } from "./distribution.ts";
import { nonNegativeInt, positiveInt } from "./numbers.ts";
import { placementConstraintsSchema, placementStrategySchema } from "./placement.ts";
import { createServiceSchema, deleteServiceSchema, updateServiceSchema } from "./service.ts";
import { taskDefinitionSchema } from "./task-definition.ts";

const fraction = z.number().nonnegative();

const clusterSchema = z.strictObject({
  clusterName: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/).default("default"),
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'expected a zone name such as "us-east-1a"')).min(1),
  awsvpcTrunking: z.boolean().default(false).meta({ description: "The awsvpcTrunking account setting: instances get the trunking ENI limits." }),
  instanceTypes: z.array(instanceTypeSchema).default([]),
  containerInstances: z.array(instanceGroupSchema).default([]),
  defaultCapacityProviderStrategy: capacityProviderStrategySchema.default([]).meta({ description: "For tasks and services given neither a launch type nor a strategy (PutClusterCapacityProviders)." }),
});

/** What ECS has no field for: how a family's tasks behave once the agent runs them. */
const workloadSchema = z.strictObject({
  startTime: durationDistributionSchema
    .optional()
    .meta({ description: "PENDING to RUNNING once the images are on the instance: container start. Over 3m (ECS_CONTAINER_START_TIMEOUT) the task fails to start. Default 0s." }),
  imagePullTime: durationDistributionSchema.optional().meta({ description: "Pulling the task's images on an instance that has not pulled them before; cached images start at once. Default 0s." }),
  startFailure: z
    .strictObject({
      probability: z.number().min(0).max(1),
      stoppedReason: z.string().optional().meta({ description: "Default: a CannotPullContainerError for the first container's image." }),
    })
    .optional()
    .meta({ description: "How likely a start fails (TaskFailedToStart), e.g. a broken image: probability 1." }),
  healthCheckFailure: z.number().min(0).max(1).default(0).meta({ description: "The chance one container health check fails." }),
  runtime: durationDistributionSchema.optional().meta({ description: "How long the essential container runs before it exits. Default: until stopped." }),
  exitCode: z.number().int().min(0).max(255).default(0),
  stopTime: durationDistributionSchema.optional().meta({ description: "How long the app takes to exit after SIGTERM; capped by stopTimeout. Default 0s." }),
  cpuUtilization: fraction.default(1).meta({ description: "CPU used as a fraction of the CPU the task reserves." }),
  memoryUtilization: fraction.default(1).meta({ description: "Memory used as a fraction of the memory the task reserves." }),
  load: loadSchema.optional().meta({ description: "A load profile over time, shared by the family's running tasks: it sets their CPU use (instead of cpuUtilization) and the requests per target." }),
});

const runTaskSchema = z.strictObject({
  taskDefinition: z.string().meta({ description: "family (latest revision) or family:revision" }),
  count: z.number().int().min(1).max(10).default(1),
  group: z.string().min(1).max(255).optional(),
  startedBy: z.string().min(1).max(128).optional(),
  placementStrategy: placementStrategySchema.optional(),
  placementConstraints: placementConstraintsSchema.optional(),
  ...launchFields,
}).superRefine(oneLaunchChoice);

const stopTaskSchema = z
  .strictObject({
    task: z.string().optional().meta({ description: "A task id." }),
    group: z.string().optional(),
    startedBy: z.string().optional(),
    count: positiveInt.optional().meta({ description: "Stop at most this many matching tasks, oldest first. Default: all." }),
    reason: z.string().max(255).optional(),
  })
  .refine((s) => s.task !== undefined || s.group !== undefined || s.startedBy !== undefined, {
    message: "name the tasks to stop with task, group or startedBy",
  });

/** Which registered instances a timeline action means: by id, group name or zone, oldest first. */
const instanceSelector = {
  containerInstance: z.string().optional().meta({ description: "A container instance id." }),
  name: z.string().optional().meta({ description: "Instances of the containerInstances group with this name." }),
  availabilityZone: z.string().optional(),
  count: positiveInt.optional().meta({ description: "At most this many matching instances, oldest first. Default: all." }),
};
const selects = (d: { containerInstance?: string | undefined; name?: string | undefined; availabilityZone?: string | undefined }) =>
  d.containerInstance !== undefined || d.name !== undefined || d.availabilityZone !== undefined;
const SELECTOR_MESSAGE = "name the instances with containerInstance, name or availabilityZone";

const deregisterSchema = z
  .strictObject({ ...instanceSelector, force: z.boolean().default(false) })
  .refine(selects, { message: SELECTOR_MESSAGE });

const updateInstancesStateSchema = z
  .strictObject({ ...instanceSelector, status: z.enum(["ACTIVE", "DRAINING"]) })
  .refine(selects, { message: SELECTOR_MESSAGE });

const stopInstancesSchema = z
  .strictObject({ ...instanceSelector, for: durationSchema.optional().meta({ description: "Start the instances again after this long." }) })
  .refine(selects, { message: SELECTOR_MESSAGE });

const terminateInstancesSchema = z.strictObject({ ...instanceSelector }).refine(selects, { message: SELECTOR_MESSAGE });

const disconnectAgentsSchema = z
  .strictObject({
    ...instanceSelector,
    fraction: z.number().gt(0).max(1).optional().meta({ description: "Disconnect this share of the matching instances, chosen at random (rounded up)." }),
    for: durationSchema.optional().meta({ description: "The agents reconnect after this long." }),
  })
  .refine(selects, { message: SELECTOR_MESSAGE });

const spotInterruptionSchema = z
  .strictObject({ ...instanceSelector, replaceAfter: durationSchema.optional().meta({ description: "Auto Scaling launches a replacement this long after the termination." }) })
  .refine(selects, { message: SELECTOR_MESSAGE });

const fargateSpotInterruptionSchema = z.strictObject({
  service: z.string().optional().meta({ description: "Only this service's Fargate Spot tasks; all when absent." }),
  count: positiveInt.optional().meta({ description: "At most this many, oldest first. Default: all." }),
});

const availabilityZoneOutageSchema = z.strictObject({
  availabilityZone: z.string(),
  kind: z.enum(["powerLoss", "networkPartition"]).meta({
    description: "powerLoss: every host stops or terminates; networkPartition: hosts run on but their agents disconnect and their tasks serve nobody.",
  }),
  hosts: z.enum(["stop", "terminate"]).default("stop").meta({ description: "What a power loss does to the hosts: stopped ones start at recovery, terminated ones are replaced then." }),
  for: durationSchema.optional().meta({ description: "The zone recovers after this long; never when absent." }),
});

const instanceFailuresSchema = z
  .strictObject({
    name: z.string().optional().meta({ description: "Instances of the containerInstances group with this name; all when absent." }),
    instanceType: z.string().optional().meta({ description: "Instances of this type; all when absent." }),
    meanTimeBetweenFailures: positiveDuration.meta({ description: "Each host fails after an exponentially distributed time with this mean." }),
    hosts: z.enum(["terminate", "stop"]).default("terminate"),
    restartAfter: durationSchema.optional().meta({ description: "A stopped host starts again after this long, and can fail again." }),
    replaceAfter: durationSchema.optional().meta({ description: "Auto Scaling replaces a terminated host of a containerInstances group after this long (an Auto Scaling group replaces its own at once)." }),
  })
  .refine((f) => f.hosts === "stop" || f.restartAfter === undefined, { message: "restartAfter applies only to hosts: stop (a terminated host never starts again; use replaceAfter)", path: ["restartAfter"] })
  .refine((f) => f.hosts === "terminate" || f.replaceAfter === undefined, { message: "replaceAfter applies only to hosts: terminate (a stopped host is not replaced; use restartAfter)", path: ["replaceAfter"] });

/** An ELB target group's health check (ELB's CreateTargetGroup names; defaults of an ALB's). */
const targetGroupSchema = z.strictObject({
  targetGroupArn: z.string().min(1),
  healthCheckIntervalSeconds: z.number().int().min(5).max(300).default(ALB_DEFAULTS.healthCheckIntervalSeconds),
  healthCheckTimeoutSeconds: z.number().int().min(2).max(120).default(ALB_DEFAULTS.healthCheckTimeoutSeconds),
  healthyThresholdCount: z.number().int().min(2).max(10).default(ALB_DEFAULTS.healthyThresholdCount),
  unhealthyThresholdCount: z.number().int().min(2).max(10).default(ALB_DEFAULTS.unhealthyThresholdCount),
  deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(ALB_DEFAULTS.deregistrationDelaySeconds).meta({ description: "The deregistration_delay.timeout_seconds attribute: how long a stopping task drains connections." }),
}).refine((g) => g.healthCheckTimeoutSeconds < g.healthCheckIntervalSeconds, {
  message: "healthCheckTimeoutSeconds must be less than healthCheckIntervalSeconds",
  path: ["healthCheckTimeoutSeconds"],
});

const spotInterruptionsSchema = z.strictObject({
  name: z.string().optional().meta({ description: "Spot instances of the containerInstances group with this name; all Spot instances when absent." }),
  instanceType: z.string().optional(),
  meanTimeBetweenInterruptions: positiveDuration.meta({ description: "Each Spot host gets its notice after an exponentially distributed time with this mean." }),
  replaceAfter: durationSchema.optional().meta({ description: "Auto Scaling launches a replacement this long after the termination (containerInstances groups; an Auto Scaling group replaces its own at once)." }),
});

/** Faults that happen on their own, from their own random streams, rather than at set times. */
const faultsSchema = z.strictObject({
  instanceFailures: z.array(instanceFailuresSchema).default([]).meta({ description: "Random host failures; the first entry that matches an instance applies to it." }),
  spotInterruptions: z.array(spotInterruptionsSchema).default([]).meta({ description: "Random EC2 Spot interruptions; the first entry that matches an instance applies to it." }),
  fargateSpotInterruptions: z
    .strictObject({ meanTimeBetweenInterruptions: positiveDuration.meta({ description: "Each Fargate Spot task is interrupted after an exponentially distributed time with this mean from its start." }) })
    .optional(),
  disconnectedInstances: z
    .strictObject({
      terminateAfter: positiveDuration.meta({ description: "Terminate an instance whose agent has been disconnected this long." }),
      replaceAfter: durationSchema.optional().meta({ description: "Launch its replacement this long after the termination." }),
    })
    .optional()
    .meta({ description: "The operator's (or an Auto Scaling health check's) response to hosts ECS has lost touch with." }),
});

const ACTIONS = [
  "runTask",
  "stopTask",
  "registerContainerInstance",
  "deregisterContainerInstance",
  "updateContainerInstancesState",
  "createService",
  "updateService",
  "deleteService",
  "terminateInstances",
  "stopInstances",
  "disconnectAgents",
  "availabilityZoneOutage",
  "spotInterruption",
  "fargateSpotInterruption",
] as const;

const timelineEntrySchema = z
  .strictObject({
    at: durationSchema,
    runTask: runTaskSchema.optional(),
    stopTask: stopTaskSchema.optional(),
    registerContainerInstance: instanceGroupSchema.optional(),
    deregisterContainerInstance: deregisterSchema.optional(),
    updateContainerInstancesState: updateInstancesStateSchema.optional(),
    createService: createServiceSchema.optional(),
    updateService: updateServiceSchema.optional(),
    deleteService: deleteServiceSchema.optional(),
    terminateInstances: terminateInstancesSchema.optional().meta({ description: "EC2 terminates the instances (a fault)." }),
    stopInstances: stopInstancesSchema.optional().meta({ description: "EC2 stops the instances, and starts them again after `for` (a fault)." }),
    disconnectAgents: disconnectAgentsSchema.optional().meta({ description: "The instances' agents lose their connection to ECS (a fault)." }),
    availabilityZoneOutage: availabilityZoneOutageSchema.optional().meta({ description: "A zone loses power or network (a fault)." }),
    spotInterruption: spotInterruptionSchema.optional().meta({ description: "EC2 sends the Spot instances among them a two-minute interruption notice (a fault)." }),
    fargateSpotInterruption: fargateSpotInterruptionSchema.optional().meta({ description: "Fargate Spot tasks get their two-minute warning and SIGTERM (a fault)." }),
  })
  .superRefine((entry, ctx) => {
    const given = ACTIONS.filter((a) => entry[a] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `each timeline entry takes exactly one action (${ACTIONS.join(", ")}), got ${given.length === 0 ? "none" : given.join(", ")}`,
      });
    }
  });

const gateSchema = z.string().transform((text, ctx) => {
  const gate = parseGate(text);
  if (typeof gate === "string") {
    ctx.addIssue({ code: "custom", message: gate });
    return z.NEVER;
  }
  return gate;
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "expected 1-100 letters, numbers, and - _ . (it names the output directory)"),
    description: z.string().default(""),
    seed: nonNegativeInt.default(1),
    startDate: z.iso
      .datetime({ offset: true })
      .default("2026-01-01T00:00:00Z")
      .transform((text) => Date.parse(text))
      .meta({ description: "The wall-clock time of simulated time 0 (for registeredAt in memberOf expressions)." }),
    duration: durationSchema.refine((ms) => ms > 0, "the duration must be longer than 0s"),
    metricsInterval: durationSchema.default(60_000).refine((ms) => ms >= 1000, "metricsInterval must be at least 1s"),
    cluster: clusterSchema,
    taskDefinitions: z
      .array(
        z.union([
          z.string().meta({ description: "Path to a JSON task definition, relative to the scenario file." }),
          taskDefinitionSchema,
        ]),
      )
      .default([])
      .meta({ description: "Each entry registers the next revision of its family." }),
    services: z.array(createServiceSchema).default([]).meta({ description: "Services created at time 0, in CreateService's shape." }),
    targetGroups: z.array(targetGroupSchema).default([]).meta({ description: "Health check settings of the target groups services name in loadBalancers." }),
    autoScalingGroups: z.array(autoScalingGroupSchema).default([]).meta({ description: "EC2 Auto Scaling groups whose instances join the cluster through capacity providers." }),
    capacityProviders: z.array(capacityProviderSchema).default([]).meta({ description: "Auto Scaling group capacity providers, in CreateCapacityProvider's shape." }),
    serviceAutoScaling: z.array(serviceAutoScalingSchema).default([]).meta({ description: "Service Auto Scaling: a scalable target per service, its policies and scheduled actions." }),
    workloads: z.record(z.string(), workloadSchema).default({}),
    timeline: z.array(timelineEntrySchema).default([]),
    faults: faultsSchema.default({ instanceFailures: [], spotInterruptions: [] }),
    expect: z.array(gateSchema).default([]),
  })
  .meta({ title: "ecs-sim scenario", description: "A simulated Amazon ECS cluster and what happens to it." });

export type Scenario = z.output<typeof scenarioSchema>;
export type InstanceGroup = z.output<typeof instanceGroupSchema>;
export type TimelineEntry = z.output<typeof timelineEntrySchema>;
export type RunTaskAction = z.output<typeof runTaskSchema>;
export type StopTaskAction = z.output<typeof stopTaskSchema>;
export type DeregisterAction = z.output<typeof deregisterSchema>;
export type InstanceSelector = Pick<DeregisterAction, "containerInstance" | "name" | "availabilityZone" | "count">;
export type CreateServiceAction = z.output<typeof createServiceSchema>;
export type WorkloadSpec = z.output<typeof workloadSchema>;
