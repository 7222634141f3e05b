/** The deployment circuit breaker's decisions (ecs-behaviour 6.3, WE6), pure. */
import { circuitBreakerThreshold, type Deployment, type DeploymentConfiguration } from "../model/service.ts";

/**
 * A task of the deployment failed: to start (stage 1, until one of its tasks runs) or its health
 * checks (stage 2, after). Counts it where it counts, and says whether the PRIMARY deployment in
 * progress has now failed as many tasks in a row as the threshold.
 */
export function countFailure(deployment: Deployment, stage: 1 | 2, config: DeploymentConfiguration, desiredCount: number): boolean {
  if ((stage === 1) !== !deployment.hasRunningTask) return false;
  deployment.failedTasks += 1;
  return (
    config.deploymentCircuitBreaker.enable &&
    deployment.status === "PRIMARY" &&
    deployment.rolloutState === "IN_PROGRESS" &&
    deployment.failedTasks >= circuitBreakerThreshold(desiredCount)
  );
}

/** Where a rollback goes: the most recent COMPLETED deployment other than the failed one. */
export function rollbackTarget(deployments: readonly Deployment[], failed: Deployment): Deployment | undefined {
  return deployments.find((d) => d !== failed && d.rolloutState === "COMPLETED");
}
