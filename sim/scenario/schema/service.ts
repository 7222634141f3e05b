/**
 * Services in CreateService's and UpdateService's shapes. What is modelled is typed; other
 * CreateService fields are accepted and ignored; fields whose behaviour is not modelled yet are
 * refused with that reason rather than silently ignored.
 */
import { z } from "zod";
import { launchFields, oneLaunchChoice } from "./capacity.ts";
import { nonNegativeInt } from "./numbers.ts";
import { placementConstraintsSchema, placementStrategySchema } from "./placement.ts";

const serviceName = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, "expected 1-255 letters, numbers, hyphens and underscores");

const deploymentConfigurationSchema = z.strictObject({
  minimumHealthyPercent: z.number().int().min(0).max(100).optional(),
  maximumPercent: z.number().int().min(100).optional(),
  deploymentCircuitBreaker: z.strictObject({ enable: z.boolean(), rollback: z.boolean() }).optional(),
  alarms: z.unknown().optional(),
});

/** CreateService's loadBalancers entry for an Application or Network Load Balancer target group. */
const loadBalancerSchema = z.strictObject({
  targetGroupArn: z.string().min(1).meta({ description: "The target group; its health check settings come from the scenario's targetGroups, else ELB's defaults." }),
  containerName: z.string(),
  containerPort: z.number().int().min(0).max(65535),
  loadBalancerName: z.unknown().optional(),
});

const notYet = (what: string) => z.unknown().optional().refine((v) => v === undefined, `${what} not modelled yet`);

/** CreateService fields without an effect the simulator models. */
const IGNORED = ["cluster", "clientToken", "platformVersion", "role", "tags", "enableECSManagedTags", "propagateTags", "enableExecuteCommand", "networkConfiguration"] as const;

export const createServiceSchema = z
  .strictObject({
    serviceName,
    taskDefinition: z.string().meta({ description: "family (latest revision) or family:revision" }),
    desiredCount: nonNegativeInt.optional(),
    schedulingStrategy: z.enum(["REPLICA", "DAEMON"]).default("REPLICA"),
    placementStrategy: placementStrategySchema.optional(),
    placementConstraints: placementConstraintsSchema.optional(),
    deploymentConfiguration: deploymentConfigurationSchema.optional(),
    healthCheckGracePeriodSeconds: z.number().int().min(0).max(2_147_483_647).optional(),
    availabilityZoneRebalancing: z.enum(["ENABLED", "DISABLED"]).optional(),
    loadBalancers: z.array(loadBalancerSchema).max(5, "a service can have at most 5 target groups").optional(),
    serviceRegistries: notYet("service registries are"),
    ...launchFields,
    deploymentController: notYet("deployment controllers other than the rolling one are"),
    ...Object.fromEntries(IGNORED.map((k) => [k, z.unknown().optional()])) as Record<(typeof IGNORED)[number], z.ZodOptional<z.ZodUnknown>>,
  })
  .superRefine((s, ctx) => {
    // ECS's rules for the two scheduling strategies (API CreateServiceRequest, DeploymentConfiguration).
    const problem = (path: string[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (s.schedulingStrategy === "REPLICA" && s.desiredCount === undefined) problem([], 'missing required key "desiredCount" (a REPLICA service needs it)');
    oneLaunchChoice(s, ctx);
    if (s.schedulingStrategy === "DAEMON" && s.capacityProviderStrategy !== undefined) problem(["capacityProviderStrategy"], "a DAEMON service cannot use a capacity provider strategy");
    if (s.schedulingStrategy !== "DAEMON") return;
    if (s.desiredCount !== undefined) problem(["desiredCount"], "a DAEMON service takes no desiredCount: it runs one task on each instance");
    if (s.placementStrategy !== undefined) problem(["placementStrategy"], "a DAEMON service takes no placement strategies");
    if (s.placementConstraints?.some((c) => c.type === "distinctInstance")) problem(["placementConstraints"], "a DAEMON service runs one task per instance already: it takes only memberOf constraints");
    const max = s.deploymentConfiguration?.maximumPercent;
    if (max !== undefined && max !== 100) problem(["deploymentConfiguration", "maximumPercent"], `maximumPercent must be 100 for a DAEMON service, got ${max}`);
  })
  .transform(({ serviceName, taskDefinition, desiredCount, schedulingStrategy, placementStrategy, placementConstraints, deploymentConfiguration, healthCheckGracePeriodSeconds, availabilityZoneRebalancing, loadBalancers, capacityProviderStrategy, launchType }) => ({
    capacityProviderStrategy,
    launchType,
    healthCheckGracePeriodSeconds,
    loadBalancers: loadBalancers?.map(({ targetGroupArn, containerName, containerPort }) => ({ targetGroupArn, containerName, containerPort })),
    availabilityZoneRebalancing,
    serviceName,
    taskDefinition,
    desiredCount: desiredCount ?? 0,
    schedulingStrategy,
    placementStrategy,
    placementConstraints,
    deploymentConfiguration: deploymentConfiguration && {
      minimumHealthyPercent: deploymentConfiguration.minimumHealthyPercent,
      maximumPercent: deploymentConfiguration.maximumPercent,
      deploymentCircuitBreaker: deploymentConfiguration.deploymentCircuitBreaker,
    },
  }))
  .meta({ description: "A REPLICA or DAEMON service, in CreateService's shape." });

export const updateServiceSchema = z.strictObject({
  service: serviceName,
  desiredCount: nonNegativeInt.optional(),
  taskDefinition: z.string().optional(),
  placementStrategy: placementStrategySchema.optional(),
  placementConstraints: placementConstraintsSchema.optional(),
  deploymentConfiguration: deploymentConfigurationSchema
    .transform(({ minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker }) => ({ minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker }))
    .optional(),
  forceNewDeployment: z.boolean().optional(),
  availabilityZoneRebalancing: z.enum(["ENABLED", "DISABLED"]).optional(),
});

export const deleteServiceSchema = z.strictObject({
  service: serviceName,
  force: z.boolean().default(false),
});
