/** Service event messages in ECS's own words (ecs-behaviour 5.6); the tests pin each text. */

const tasks = (ids: readonly string[]) => ids.map((id) => `(task ${id})`).join(" ");
const TROUBLESHOOTING = "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

export const serviceMessages = {
  started: (service: string, ids: readonly string[]) => `(service ${service}) has started ${ids.length} tasks: ${tasks(ids)}.`,
  stopped: (service: string, ids: readonly string[]) => `(service ${service}) has stopped ${ids.length} running tasks: ${tasks(ids)}.`,
  steadyState: (service: string) => `(service ${service}) has reached a steady state.`,
  deploymentCompleted: (service: string, deploymentId: string) => `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
  /** `detail` is the closest instance's failure, e.g. "The closest matching container-instance ... has insufficient memory available." */
  unableToPlace: (service: string, detail: string) =>
    `service (${service}) was unable to place a task because no container instance met all of its requirements. ${detail} ${TROUBLESHOOTING}`,
  noInstances: (service: string) =>
    `service (${service}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. ${TROUBLESHOOTING}`,
  /** Fargate has no capacity for the task (ecs-behaviour 5.6): `reason` is RunTask's failure text. */
  capacityUnavailable: (service: string, reason: string) => `service (${service}) was unable to place a task. Reason: ${reason}.`,
  /** A capacity provider without managed scaling and without instances (ecs-behaviour 5.6). */
  emptyCapacityProvider: (service: string) => `service (${service}) was unable to reach steady state. Reason: No Container Instances were found in your capacity provider.`,
  /** The cluster has 500 tasks in PROVISIONING already (ecs-behaviour 5.6, 8.3). */
  provisioningLimit: (service: string) => `service (${service}) was unable to place tasks in your cluster because the tasks provisioning capacity limit was exceeded.`,
  notAzBalanced: (service: string, counts: string) => `service (${service}) is not AZ balanced with ${counts}. AZ Rebalancing in progress.`,
  azBalanced: (service: string, counts: string) => `service (${service}) is AZ balanced with ${counts}.`,
  rebalanceStarted: (service: string, zone: string, ids: readonly string[]) => `${service} has started ${ids.length} tasks in ${zone} to AZ Rebalance: ${ids.join(", ")}.`,
  rebalanceStopped: (service: string, zone: string, ids: readonly string[]) => `${service} has stopped ${ids.length} running tasks in ${zone} due to AZ rebalancing: ${ids.join(", ")}.`,
  throttled: (service: string) => `(service ${service}) is unable to consistently start tasks successfully.`,
  /** Fargate's task launch bucket is empty (ecs-behaviour 5.6, 8.4). */
  operationsThrottled: (service: string) => `service (${service}) operations are being throttled. Will try again later.`,
  deploymentFailed: (service: string) => `service (${service}) deployment failed: tasks failed to start.`,
  deploymentConfigurationStall: (service: string) =>
    `service (${service}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.`,
  registeredTargets: (service: string, count: number, targetGroupArn: string) => `(service ${service}) registered ${count} targets in (target-group ${targetGroupArn})`,
  deregisteredTargets: (service: string, count: number, targetGroupArn: string) => `(service ${service}) deregistered ${count} targets in (target-group ${targetGroupArn})`,
  /** `target`: an instance target names its EC2 instance, an IP target (awsvpc) its task (OBSERVED). */
  unhealthyTarget: (service: string, target: { readonly instance: string } | { readonly task: string }, port: number, targetGroupArn: string, reason: string) =>
    `(service ${service}) ${"instance" in target ? `(instance ${target.instance})` : `(task ${target.task})`} (port ${port}) is unhealthy in (target-group ${targetGroupArn}) due to (reason ${reason}).`,
} as const;

/** stoppedReason of a task replaced for failing its target group's health checks (OBSERVED). */
export const failedElbHealthChecks = (targetGroupArn: string) => `Task failed ELB health checks in (target-group ${targetGroupArn})`;

/** stoppedReason of a task replaced for failing its container health checks (OBSERVED). */
export const FAILED_HEALTH_CHECKS = "Task failed container health checks";

/** stoppedReason of tasks the service scheduler stops (OBSERVED). */
export function scalingActivity(deploymentId: string): string {
  return `Scaling activity initiated by (deployment ${deploymentId})`;
}
