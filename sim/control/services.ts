/**
 * CreateService, UpdateService and DeleteService (ecs-behaviour 5.1, 5.9, 6.1, 6.2): validated as
 * ECS validates them, applied to the service model, handed to the service scheduler. A change of
 * task definition, placement or deployment configuration, or forceNewDeployment, starts a new
 * PRIMARY deployment; a change of desiredCount alone does not.
 */
import { allFargate, FARGATE_PLACEMENT_REFUSED } from "../capacity/fargate.ts";
import type { CapacityProviderStrategyItem } from "../capacity/strategy.ts";
import type { Random } from "../engine/rng.ts";
import {
  DEFAULT_DEPLOYMENT_CONFIGURATION,
  primaryDeployment,
  type Deployment,
  type LoadBalancer,
  type DeploymentConfiguration,
  type SchedulingStrategy,
  type Service,
} from "../model/service.ts";
import type { TaskDefinition } from "../model/task-definition.ts";
import type { Constraint, Strategy } from "../placement/policy.ts";
import { announce, setDeploymentState, type SchedulerContext, type ServiceScheduler } from "../schedulers/service-scheduler.ts";

/** Settings a call gives; the ones it leaves out keep their value. */
export interface DeploymentConfigurationInput {
  readonly minimumHealthyPercent?: number | undefined;
  readonly maximumPercent?: number | undefined;
  readonly deploymentCircuitBreaker?: { readonly enable: boolean; readonly rollback: boolean } | undefined;
}

export interface CreateServiceRequest {
  readonly serviceName: string;
  readonly taskDefinition: string;
  /** Ignored for DAEMON services, whose count the scheduler computes. */
  readonly desiredCount: number;
  readonly schedulingStrategy?: SchedulingStrategy | undefined;
  readonly placementStrategy?: readonly Strategy[] | undefined;
  readonly placementConstraints?: readonly Constraint[] | undefined;
  readonly deploymentConfiguration?: DeploymentConfigurationInput | undefined;
  readonly healthCheckGracePeriodSeconds?: number | undefined;
  readonly loadBalancers?: readonly LoadBalancer[] | undefined;
  /** CreateService's default: ENABLED (ecs-behaviour 5.5). */
  readonly availabilityZoneRebalancing?: "ENABLED" | "DISABLED" | undefined;
  /** Without one (and without a launch type) the cluster's default strategy applies (8.1). */
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[] | undefined;
  readonly launchType?: "EC2" | "FARGATE" | undefined;
}

export interface UpdateServiceRequest {
  readonly service: string;
  readonly desiredCount?: number | undefined;
  readonly taskDefinition?: string | undefined;
  readonly placementStrategy?: readonly Strategy[] | undefined;
  readonly placementConstraints?: readonly Constraint[] | undefined;
  readonly deploymentConfiguration?: DeploymentConfigurationInput | undefined;
  readonly forceNewDeployment?: boolean | undefined;
  /** Changing it starts no deployment. */
  readonly availabilityZoneRebalancing?: "ENABLED" | "DISABLED" | undefined;
}

export class ServiceApi {
  constructor(
    private readonly ctx: SchedulerContext,
    private readonly scheduler: ServiceScheduler,
    private readonly ids: Random,
  ) {}

  /** DescribeServices of one service: undefined if it was never created. */
  describe(serviceName: string): Service | undefined {
    return this.scheduler.service(serviceName);
  }

  createService(request: CreateServiceRequest): Service | undefined {
    const existing = this.scheduler.service(request.serviceName);
    if (existing !== undefined && existing.status !== "INACTIVE") {
      return this.#error("CreateService", "InvalidParameterException", "Creation of service was not idempotent.");
    }
    const definition = this.#definition("CreateService", request.taskDefinition);
    if (definition === undefined) return undefined;
    const schedulingStrategy = request.schedulingStrategy ?? "REPLICA";
    const service: Service = {
      serviceName: request.serviceName,
      status: "ACTIVE",
      schedulingStrategy,
      desiredCount: schedulingStrategy === "DAEMON" ? 0 : request.desiredCount,
      placementStrategy: request.placementStrategy ?? [],
      placementConstraints: request.placementConstraints ?? [],
      deploymentConfiguration: merge(DEFAULT_DEPLOYMENT_CONFIGURATION[schedulingStrategy], request.deploymentConfiguration),
      healthCheckGracePeriodSeconds: request.healthCheckGracePeriodSeconds ?? 0,
      loadBalancers: request.loadBalancers ?? [],
      availabilityZoneRebalancing: request.availabilityZoneRebalancing ?? "ENABLED",
      capacityProviderStrategy: schedulingStrategy === "DAEMON" ? undefined : this.ctx.control.strategyFor(request),
      deployments: [],
      events: [],
      createdAt: this.ctx.engine.now,
    };
    this.#deploy(service, definition);
    announce(this.ctx, service, "CreateService");
    this.scheduler.add(service);
    return service;
  }

  updateService(request: UpdateServiceRequest): void {
    const service = this.scheduler.service(request.service);
    if (service === undefined || service.status !== "ACTIVE") {
      this.#error("UpdateService", "ServiceNotFoundException", "Service not found.");
      return;
    }
    const previousDefinition = primaryDeployment(service).taskDefinition;
    const definition = request.taskDefinition === undefined ? previousDefinition : this.#definition("UpdateService", request.taskDefinition);
    if (definition === undefined) return;
    if (request.desiredCount !== undefined && service.schedulingStrategy === "DAEMON") {
      this.#error("UpdateService", "InvalidParameterException", "The daemon scheduling strategy does not support a desired count for services.");
      return;
    }
    for (const field of ["placementStrategy", "placementConstraints"] as const) {
      if ((request[field]?.length ?? 0) > 0 && allFargate(service.capacityProviderStrategy)) {
        this.#error("UpdateService", "InvalidParameterException", FARGATE_PLACEMENT_REFUSED[field]);
        return;
      }
    }
    if (request.desiredCount !== undefined) service.desiredCount = request.desiredCount;
    if (request.availabilityZoneRebalancing !== undefined) service.availabilityZoneRebalancing = request.availabilityZoneRebalancing;
    if (request.placementStrategy !== undefined) service.placementStrategy = request.placementStrategy;
    if (request.placementConstraints !== undefined) service.placementConstraints = request.placementConstraints;
    if (request.deploymentConfiguration !== undefined) {
      service.deploymentConfiguration = merge(service.deploymentConfiguration, request.deploymentConfiguration);
    }
    const redeploy =
      definition !== previousDefinition ||
      request.placementStrategy !== undefined ||
      request.placementConstraints !== undefined ||
      request.deploymentConfiguration !== undefined ||
      request.forceNewDeployment === true;
    if (redeploy) this.#deploy(service, definition);
    // A new task definition lifts the launch throttle (ecs-behaviour 5.4).
    if (definition !== previousDefinition) this.scheduler.resetThrottle(service.serviceName);
    announce(this.ctx, service, "UpdateService");
    this.scheduler.updated(service.serviceName);
  }

  /** DeleteService: refused while the service runs tasks unless forced; then DRAINING, then INACTIVE. */
  deleteService(serviceName: string, force: boolean): void {
    const service = this.scheduler.service(serviceName);
    if (service === undefined || service.status !== "ACTIVE") {
      this.#error("DeleteService", "ServiceNotFoundException", "Service not found.");
      return;
    }
    if (service.desiredCount > 0 && !force) {
      this.#error("DeleteService", "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
      return;
    }
    service.status = "DRAINING";
    service.desiredCount = 0;
    announce(this.ctx, service, "DeleteService");
    this.scheduler.wake(serviceName);
  }

  /** A new PRIMARY deployment; the previous PRIMARY becomes ACTIVE until its tasks are replaced. */
  #deploy(service: Service, definition: TaskDefinition): void {
    const previous = service.deployments[0];
    if (previous !== undefined) setDeploymentState(this.ctx, service, previous, "ACTIVE", previous.rolloutState);
    const now = this.ctx.engine.now;
    const deployment: Deployment = {
      id: this.#deploymentId(),
      status: "PRIMARY",
      taskDefinition: definition,
      rolloutState: "IN_PROGRESS",
      createdAt: now,
      updatedAt: now,
      failedTasks: 0,
      hasRunningTask: false,
    };
    service.deployments.unshift(deployment);
    setDeploymentState(this.ctx, service, deployment, "PRIMARY", "IN_PROGRESS");
  }

  /** `ecs-svc/` and 19 digits, as ECS names deployments (OBSERVED). */
  #deploymentId(): string {
    let digits = String(1 + this.ids.int(9));
    while (digits.length < 19) digits += String(this.ids.int(10));
    return `ecs-svc/${digits}`;
  }

  #definition(action: string, ref: string): TaskDefinition | undefined {
    const definition = this.ctx.cluster.taskDefinition(ref);
    if (definition === undefined) this.#error(action, "ClientException", `Unable to find task definition '${ref}'.`);
    return definition;
  }

  #error(action: string, error: string, message: string): undefined {
    this.ctx.bus.emit({ type: "ApiError", t: this.ctx.engine.now, action, error, message });
    return undefined;
  }
}

function merge(base: DeploymentConfiguration, input: DeploymentConfigurationInput | undefined): DeploymentConfiguration {
  return {
    minimumHealthyPercent: input?.minimumHealthyPercent ?? base.minimumHealthyPercent,
    maximumPercent: input?.maximumPercent ?? base.maximumPercent,
    deploymentCircuitBreaker: input?.deploymentCircuitBreaker ?? base.deploymentCircuitBreaker,
  };
}
