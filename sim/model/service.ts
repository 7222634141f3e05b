/**
 * Services and their deployments as DescribeServices shows them (ecs-behaviour 5, 6): the desired
 * count, the placement policy, the deployment configuration, the deployments (PRIMARY first) and
 * the service's event log. Plain state; the service scheduler changes it.
 */
import type { CapacityProviderStrategyItem } from "../capacity/strategy.ts";
import type { Constraint, Strategy } from "../placement/policy.ts";
import type { TaskDefinition } from "./task-definition.ts";

export const SERVICE_STATUSES = ["ACTIVE", "DRAINING", "INACTIVE"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export type SchedulingStrategy = "REPLICA" | "DAEMON";
export type DeploymentStatus = "PRIMARY" | "ACTIVE" | "INACTIVE";
export type RolloutState = "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface DeploymentConfiguration {
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  readonly deploymentCircuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
}

/** The two numbers that bound a rollout. */
export type Percentages = Pick<DeploymentConfiguration, "minimumHealthyPercent" | "maximumPercent">;

const CIRCUIT_BREAKER_OFF = { enable: false, rollback: false } as const;

/** API defaults: REPLICA 100/200, DAEMON 0/100 (ecs-behaviour 6.1). */
export const DEFAULT_DEPLOYMENT_CONFIGURATION: Readonly<Record<SchedulingStrategy, DeploymentConfiguration>> = {
  REPLICA: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: CIRCUIT_BREAKER_OFF },
  DAEMON: { minimumHealthyPercent: 0, maximumPercent: 100, deploymentCircuitBreaker: CIRCUIT_BREAKER_OFF },
};

export interface Deployment {
  /** `ecs-svc/` and 19 digits; the deployment's tasks carry it as startedBy. */
  readonly id: string;
  status: DeploymentStatus;
  readonly taskDefinition: TaskDefinition;
  rolloutState: RolloutState;
  readonly createdAt: number;
  updatedAt: number;
  /** Consecutive tasks that failed to start; reset when one of its tasks runs (API Deployment.failedTasks). */
  failedTasks: number;
  /** Whether a task of this deployment has reached RUNNING: the circuit breaker's stage 2 (6.3). */
  hasRunningTask: boolean;
}

/** CreateService's loadBalancers entry: the target group each task's container port registers in. */
export interface LoadBalancer {
  readonly targetGroupArn: string;
  readonly containerName: string;
  readonly containerPort: number;
}

export interface ServiceEvent {
  readonly createdAt: number;
  readonly message: string;
}

/** Events a service keeps: the latest 100 (API Service.events). */
export const MAX_SERVICE_EVENTS = 100;

export interface Service {
  readonly serviceName: string;
  status: ServiceStatus;
  readonly schedulingStrategy: SchedulingStrategy;
  desiredCount: number;
  placementStrategy: readonly Strategy[];
  placementConstraints: readonly Constraint[];
  deploymentConfiguration: DeploymentConfiguration;
  /** Move tasks to even out zones after a steady state (ECS's default for new services: ENABLED). */
  availabilityZoneRebalancing: "ENABLED" | "DISABLED";
  /** Seconds after a task first starts during which failed health checks are ignored (default 0). */
  readonly healthCheckGracePeriodSeconds: number;
  /** Target groups its tasks register in: then they count as healthy only once the targets are (5.3). */
  readonly loadBalancers: readonly LoadBalancer[];
  /** The providers its tasks run on, fixed at creation (its own, else the cluster's default); none with a launch type. */
  readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[] | undefined;
  /** Newest first: deployments[0] is PRIMARY. */
  readonly deployments: Deployment[];
  readonly events: ServiceEvent[];
  readonly createdAt: number;
}

/** The task group of a service's tasks (ecs-behaviour 1.4). */
export function serviceGroup(serviceName: string): string {
  return `service:${serviceName}`;
}

const SERVICE_GROUP_PREFIX = serviceGroup("");

/** The service whose tasks make up `group`, the inverse of serviceGroup; undefined for a RunTask group. */
export function serviceNameOf(group: string): string | undefined {
  return group.startsWith(SERVICE_GROUP_PREFIX) ? group.slice(SERVICE_GROUP_PREFIX.length) : undefined;
}

export function primaryDeployment(service: Service): Deployment {
  const primary = service.deployments[0];
  if (primary === undefined) throw new Error(`service ${service.serviceName} has no deployment`);
  return primary;
}

/** The circuit breaker's threshold: half the desired count, rounded up, between 3 and 200 (6.3, WE6). */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/** minimumHealthyPercent rounds up, maximumPercent rounds down (ecs-behaviour 6.1, WE5). */
export function deploymentBounds(desiredCount: number, config: Percentages): { minHealthy: number; maxTasks: number } {
  // Integer arithmetic: count x percent is a whole number, so no floating-point rounding creeps in.
  return {
    minHealthy: Math.floor((desiredCount * config.minimumHealthyPercent + 99) / 100),
    maxTasks: Math.floor((desiredCount * config.maximumPercent) / 100),
  };
}
