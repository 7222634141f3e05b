/**
 * Capacity in the scenario: EC2 Auto Scaling groups (CreateAutoScalingGroup's fields), the capacity
 * providers over them (CreateCapacityProvider's shape, the group named by autoScalingGroupArn) and
 * capacity provider strategies (ecs-behaviour 8.1, 8.2).
 */
import { z } from "zod";
import { strategyProblems } from "../../capacity/strategy.ts";
import { durationDistributionSchema } from "./distribution.ts";
import { instanceGroupSchema } from "./instances.ts";
import { nonNegativeInt } from "./numbers.ts";

export const capacityProviderStrategySchema = z
  .array(
    z.strictObject({
      capacityProvider: z.string().min(1),
      base: z.number().int().min(0).max(100_000).default(0).meta({ description: "Tasks that run on this provider first; only one item may have a base." }),
      weight: z.number().int().min(0).max(1000).default(0).meta({ description: "Share of the tasks beyond the base; 0 takes none." }),
    }),
  )
  .superRefine((strategy, ctx) => {
    for (const message of strategyProblems(strategy)) ctx.addIssue({ code: "custom", message });
  })
  .meta({ description: "Which capacity providers the tasks run on (API CapacityProviderStrategyItem)." });

/** Where RunTask's and CreateService's tasks run: a launch type or a strategy (8.1). */
export const launchFields = {
  capacityProviderStrategy: capacityProviderStrategySchema.optional(),
  launchType: z.enum(["EC2", "FARGATE"]).optional().meta({ description: "EC2: any instance, no capacity provider; FARGATE: the FARGATE provider. Either way the cluster's default strategy is not used." }),
};

/** ECS takes a launch type or a strategy, not both (8.1): for a superRefine of a schema with launchFields. */
export function oneLaunchChoice(r: { readonly capacityProviderStrategy?: unknown; readonly launchType?: unknown }, ctx: z.RefinementCtx): void {
  if (r.capacityProviderStrategy !== undefined && r.launchType !== undefined) ctx.addIssue({ code: "custom", path: ["launchType"], message: "give a launchType or a capacityProviderStrategy, not both" });
}

const hostFields = instanceGroupSchema.pick({ attributes: true, reservedMemory: true, amiId: true, spot: true, spotPrice: true, spotInstanceDraining: true, agentVersion: true }).shape;

export const autoScalingGroupSchema = z
  .strictObject({
    autoScalingGroupName: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    instanceType: z.string().optional().meta({ description: "The group's instance type; or give instanceTypes." }),
    instanceTypes: z.array(z.string()).min(1).optional().meta({ description: "Several types: launches use the first, managed scaling sizes by the largest." }),
    minSize: nonNegativeInt.default(0),
    maxSize: nonNegativeInt,
    desiredCapacity: nonNegativeInt.default(0),
    availabilityZones: z.array(z.string()).min(1).optional().meta({ description: "Defaults to all of the cluster's zones." }),
    launchTime: durationDistributionSchema.default({ type: "constant", value: 90_000 }).meta({ description: "From launch to the agent's registration (boot plus agent start). Default 90s." }),
    ...hostFields,
  })
  .superRefine((g, ctx) => {
    const problem = (path: string[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if ((g.instanceType === undefined) === (g.instanceTypes === undefined)) problem([], "give either instanceType or instanceTypes");
    if (g.minSize > g.maxSize) problem(["minSize"], `minSize ${g.minSize} is above maxSize ${g.maxSize}`);
    if (g.desiredCapacity < g.minSize || g.desiredCapacity > g.maxSize) problem(["desiredCapacity"], `desiredCapacity must be between minSize ${g.minSize} and maxSize ${g.maxSize}, got ${g.desiredCapacity}`);
  })
  .transform(({ instanceType, instanceTypes, ...rest }) => ({ ...rest, instanceTypes: instanceTypes ?? [instanceType as string] }));

const managedScalingSchema = z.strictObject({
  status: z.enum(["ENABLED", "DISABLED"]).default("ENABLED"),
  targetCapacity: z.number().int().min(1).max(100).default(100),
  minimumScalingStepSize: z.number().int().min(1).max(10_000).default(1),
  maximumScalingStepSize: z.number().int().min(1).max(10_000).default(10_000),
  instanceWarmupPeriod: z.number().int().min(0).max(10_000).default(300).meta({ description: "Seconds after a launch during which no further scale-out happens." }),
});

export const capacityProviderSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/)
      .refine((n) => !/^(aws|ecs|fargate)/i.test(n), 'names starting with "aws", "ecs" or "fargate" are reserved'),
    autoScalingGroupProvider: z.strictObject({
      autoScalingGroupArn: z.string().meta({ description: "The autoScalingGroupName of one of the scenario's autoScalingGroups (or its ARN ending in it)." }),
      managedScaling: managedScalingSchema.optional().meta({ description: "Absent: managed scaling is off (tasks that find no room fail at once)." }),
      managedTerminationProtection: z.enum(["ENABLED", "DISABLED"]).default("DISABLED"),
      managedDraining: z.enum(["ENABLED", "DISABLED"]).default("ENABLED"),
    }),
  })
  .superRefine((p, ctx) => {
    const asg = p.autoScalingGroupProvider;
    if (asg.managedTerminationProtection === "ENABLED" && asg.managedScaling?.status !== "ENABLED") {
      ctx.addIssue({ code: "custom", path: ["autoScalingGroupProvider", "managedTerminationProtection"], message: "managed termination protection needs managed scaling ENABLED" });
    }
    if (asg.managedScaling !== undefined && asg.managedScaling.minimumScalingStepSize > asg.managedScaling.maximumScalingStepSize) {
      ctx.addIssue({ code: "custom", path: ["autoScalingGroupProvider", "managedScaling", "minimumScalingStepSize"], message: "minimumScalingStepSize is above maximumScalingStepSize" });
    }
  })
  .transform((p) => ({
    name: p.name,
    autoScalingGroupProvider: {
      ...p.autoScalingGroupProvider,
      // The group's name, from a name or an ARN ending in autoScalingGroupName/<name>.
      autoScalingGroupArn: p.autoScalingGroupProvider.autoScalingGroupArn.split("autoScalingGroupName/").at(-1) as string,
      // Absent is off, with the schema's defaults for the rest.
      managedScaling: p.autoScalingGroupProvider.managedScaling ?? managedScalingSchema.parse({ status: "DISABLED" }),
    },
  }));
