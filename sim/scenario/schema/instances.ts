/** Container instances: custom attributes, instance types, and groups of identical instances. */
import { z } from "zod";
import { ARCHITECTURES } from "../../model/catalogue.ts";
import { nonNegativeInt, positiveInt } from "./numbers.ts";

/** Custom attribute names and values as PutAttributes accepts them (ecs-behaviour 2.2). */
const attributesSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_./-]{1,128}$/, "attribute names are 1-128 letters, numbers, and - _ / ."),
    z.union([z.string(), z.number(), z.boolean()]).transform(String).pipe(
      z.string().min(1).max(128).refine((v) => v.trim() === v, "attribute values cannot start or end with a space"),
    ),
  )
  .refine((a) => Object.keys(a).length <= 10, "at most 10 custom attributes per container instance")
  .refine((a) => !Object.keys(a).some((k) => k.startsWith("ecs.")), 'names starting with "ecs." are reserved for built-in attributes');

export const instanceTypeSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*\.[a-z0-9-]+$/, 'expected a type name such as "m5.large" or "lab.small"'),
  cpu: positiveInt.optional().meta({ description: "Registered CPU units (vCPU x 1024)." }),
  memory: positiveInt.optional().meta({ description: "Registered memory MiB." }),
  gpus: nonNegativeInt.optional(),
  enis: positiveInt.optional().meta({ description: "Maximum ENIs, the primary one included." }),
  awsvpcTasksWithTrunking: positiveInt.optional(),
  architecture: z.enum(ARCHITECTURES).optional(),
  pricePerHour: z.number().nonnegative().optional().meta({ description: "On-demand USD per hour." }),
});

/** A set of identical container instances, spread round-robin over its Availability Zones. */
export const instanceGroupSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional().meta({ description: "Names the group in timeline actions; defaults to the instance type." }),
  instanceType: z.string(),
  count: nonNegativeInt.default(1),
  availabilityZones: z.array(z.string()).min(1).optional().meta({ description: "Defaults to all of the cluster's zones." }),
  attributes: attributesSchema.optional(),
  reservedMemory: nonNegativeInt.default(0).meta({ description: "ECS_RESERVED_MEMORY: MiB the agent keeps back." }),
  amiId: z.string().default("ami-0ecs0optimized0al2023").meta({ description: "The ecs.ami-id attribute." }),
  spot: z.boolean().default(false).meta({ description: "EC2 Spot instances: they can receive a two-minute interruption notice." }),
  spotPrice: z.number().nonnegative().optional().meta({ description: "Spot USD per hour; default 30% of the on-demand price (a typical Spot discount)." }),
  spotInstanceDraining: z
    .boolean()
    .default(false)
    .meta({ description: "ECS_ENABLE_SPOT_INSTANCE_DRAINING: the agent sets the instance DRAINING when the interruption notice comes." }),
  agentVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'expected a version such as "1.98.0"')
    .default("1.98.0")
    .meta({ description: "The container agent's version (the CQL subject agentVersion)." }),
});

