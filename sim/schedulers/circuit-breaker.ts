/** The deployment circuit breaker's decisions (ecs-behaviour 6.3, WE6), pure. */
import { circuitBreakerThreshold, type Deployment, type DeploymentConfiguration } from "../model/service.ts";

/**
 * Stage 1: the PRIMARY deployment in progress fails when as many of its tasks in a row failed to
 * reach RUNNING as the threshold, before any of its tasks ran.
 */
export function tripsCircuitBreaker(deployment: Deployment, config: DeploymentConfiguration, desiredCount: number): boolean {
  return (
    config.deploymentCircuitBreaker.enable &&
    deployment.status === "PRIMARY" &&
    deployment.rolloutState === "IN_PROGRESS" &&
    !deployment.hasRunningTask &&
    deployment.failedTasks >= circuitBreakerThreshold(desiredCount)
  );
}

/** Where a rollback goes: the most recent COMPLETED deployment other than the failed one. */
export function rollbackTarget(deployments: readonly Deployment[], failed: Deployment): Deployment | undefined {
  return deployments.find((d) => d !== failed && d.rolloutState === "COMPLETED");
}
