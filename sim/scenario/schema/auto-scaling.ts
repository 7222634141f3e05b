/**
 * Service Auto Scaling in the scenario (Application Auto Scaling for ECS services, ecs-behaviour 9)
 * and the load profiles that drive it: RegisterScalableTarget, PutScalingPolicy and
 * PutScheduledAction in the API's field names, each problem reported at its path.
 */
import { z } from "zod";
import { ADJUSTMENT_TYPES, COMPARISON_OPERATORS, METRIC_AGGREGATION_TYPES, PREDEFINED_METRIC_TYPES } from "../../capacity/auto-scaling/policies.ts";
import { serviceAutoScalingProblems } from "../../capacity/auto-scaling/validate.ts";
import { durationSchema, positiveDuration } from "./distribution.ts";
import { nonNegativeInt, positiveInt } from "./numbers.ts";

const targetTrackingSchema = z.strictObject({
  policyName: z.string().min(1),
  policyType: z.literal("TargetTrackingScaling"),
  targetTrackingScalingPolicyConfiguration: z.strictObject({
    targetValue: z.number().positive(),
    predefinedMetricSpecification: z.strictObject({ predefinedMetricType: z.enum(PREDEFINED_METRIC_TYPES) }),
    scaleOutCooldown: nonNegativeInt.optional().meta({ description: "Seconds; default 300." }),
    scaleInCooldown: nonNegativeInt.optional().meta({ description: "Seconds; default 300." }),
    disableScaleIn: z.boolean().optional(),
  }),
});

const stepScalingSchema = z.strictObject({
  policyName: z.string().min(1),
  policyType: z.literal("StepScaling"),
  stepScalingPolicyConfiguration: z.strictObject({
    adjustmentType: z.enum(ADJUSTMENT_TYPES),
    stepAdjustments: z
      .array(z.strictObject({ metricIntervalLowerBound: z.number().optional(), metricIntervalUpperBound: z.number().optional(), scalingAdjustment: z.number().int() }))
      .min(1),
    minAdjustmentMagnitude: positiveInt.optional(),
    cooldown: nonNegativeInt.optional().meta({ description: "Seconds; default 300." }),
    metricAggregationType: z.enum(METRIC_AGGREGATION_TYPES).optional(),
  }),
  alarm: z
    .strictObject({
      alarmName: z.string().optional(),
      metric: z.enum(PREDEFINED_METRIC_TYPES),
      comparisonOperator: z.enum(COMPARISON_OPERATORS),
      threshold: z.number(),
      evaluationPeriods: positiveInt,
      datapointsToAlarm: positiveInt.optional(),
    })
    .meta({ description: "The CloudWatch alarm that invokes the policy; 1-minute periods." }),
});

const scheduledActionSchema = z.strictObject({
  scheduledActionName: z.string().min(1),
  at: durationSchema.meta({ description: "When, in simulated time." }),
  every: positiveDuration.optional().meta({ description: "Repeats this often (e.g. 1d); once when absent." }),
  scalableTargetAction: z.strictObject({ minCapacity: nonNegativeInt.optional(), maxCapacity: nonNegativeInt.optional() }),
});

export const serviceAutoScalingSchema = z
  .strictObject({
    service: z.string().meta({ description: "The service's name (resource id service/<cluster>/<service>)." }),
    scalableTarget: z.strictObject({ minCapacity: nonNegativeInt, maxCapacity: nonNegativeInt }),
    scalingPolicies: z.array(z.discriminatedUnion("policyType", [targetTrackingSchema, stepScalingSchema])).default([]),
    scheduledActions: z.array(scheduledActionSchema).default([]),
  })
  .superRefine((config, ctx) => {
    for (const p of serviceAutoScalingProblems(config)) ctx.addIssue({ code: "custom", path: [...p.path], message: p.message });
  });

/** A load profile: one key naming its form, as distributions are written. */
const loadProfileSchema = z.union([
  z.strictObject({ constant: z.number().nonnegative() }).transform((f) => ({ type: "constant" as const, value: f.constant })),
  z.strictObject({ step: z.array(z.strictObject({ at: durationSchema, value: z.number().nonnegative() })).min(1) }).transform((f) => ({ type: "step" as const, steps: f.step })),
  z
    .strictObject({
      diurnal: z.strictObject({
        mean: z.number().nonnegative(),
        amplitude: z.number().nonnegative(),
        period: positiveDuration.optional().meta({ description: "Default 1d." }),
        peakAt: durationSchema.optional().meta({ description: "When in the period the load peaks; default 0s." }),
        noise: z.number().nonnegative().optional().meta({ description: "Relative standard deviation, drawn each minute; default 0." }),
      }),
    })
    .transform((f) => ({ type: "diurnal" as const, ...f.diurnal })),
  z.strictObject({ series: z.array(z.strictObject({ t: durationSchema, value: z.number().nonnegative() })).min(1) }).transform((f) => ({ type: "series" as const, points: f.series })),
  z
    .strictObject({ seriesFile: z.string().meta({ description: "A CSV file with columns t (a duration, e.g. 90m) and value, relative to the scenario." }) })
    .transform((f) => ({ type: "seriesFile" as const, file: f.seriesFile })),
]);

/** A workload's load: CPU units in all, or requests per second at so many CPU units each. */
export const loadSchema = z
  .strictObject({
    cpu: loadProfileSchema.optional().meta({ description: "CPU units the family's running tasks use in all." }),
    requestsPerSecond: loadProfileSchema.optional().meta({ description: "Requests per second to the family's tasks (for ALBRequestCountPerTarget)." }),
    cpuPerRequest: z.number().nonnegative().optional().meta({ description: "CPU units a request per second keeps busy; required with requestsPerSecond." }),
  })
  .refine((l) => (l.cpu === undefined) !== (l.requestsPerSecond === undefined), { message: "give either cpu or requestsPerSecond" })
  .refine((l) => l.requestsPerSecond !== undefined || l.cpuPerRequest === undefined, { message: "cpuPerRequest goes with requestsPerSecond", path: ["cpuPerRequest"] })
  // A load replaces cpuUtilization: without cpuPerRequest the requests would use no CPU at all.
  .refine((l) => l.requestsPerSecond === undefined || l.cpuPerRequest !== undefined, {
    message: "requestsPerSecond needs cpuPerRequest: the CPU units a request per second keeps busy (a load replaces cpuUtilization)",
    path: ["cpuPerRequest"],
  });

export type LoadProfileInput = z.output<typeof loadProfileSchema>;
