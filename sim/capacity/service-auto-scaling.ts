/**
 * Service Auto Scaling at work (ecs-behaviour 9): every minute each scalable target gets its
 * service's datapoints (CloudWatch's 1-minute ECSServiceAverageCPUUtilization,
 * ECSServiceAverageMemoryUtilization and ALBRequestCountPerTarget, from the workload's load shared
 * by the running tasks), and what its policies decide becomes an UpdateService of the desired
 * count. Scheduled actions run at their own times. Every activity is an event.
 */
import type { ServiceApi } from "../control/services.ts";
import { MINUTE_MS } from "../engine/duration.ts";
import type { Engine } from "../engine/engine.ts";
import { every } from "../engine/every.ts";
import { Priority } from "../engine/priority.ts";
import type { EventBus } from "../model/events.ts";
import { primaryDeployment, serviceGroup, type Service } from "../model/service.ts";
import type { TaskGauges } from "../model/task-gauges.ts";
import { requestsPerTarget, serviceUsage } from "../model/usage.ts";
import type { WorkloadOf } from "../model/workload.ts";
import type { ScalingActivity } from "./auto-scaling/activity.ts";
import type { ServiceAutoScaling } from "./auto-scaling/policies.ts";
import { ScalableTarget, type MetricDatapoints } from "./auto-scaling/scalable-target.ts";

interface ScalableService extends ServiceAutoScaling {
  readonly service: string;
}

export class ServiceAutoScaler {
  readonly #targets: { readonly service: string; readonly target: ScalableTarget }[];

  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    /** RUNNING tasks by group and by task-definition family, kept from their state changes. */
    private readonly gauges: TaskGauges,
    private readonly services: ServiceApi,
    private readonly workload: WorkloadOf,
    clusterName: string,
    configs: readonly ScalableService[],
  ) {
    this.#targets = configs.map((c) => ({ service: c.service, target: new ScalableTarget({ clusterName, serviceName: c.service, autoScaling: c }) }));
    // Actions first: one due on a minute then runs before that minute's evaluation, whose
    // policies see the bounds it set.
    for (const t of this.#targets) this.#scheduleActions(t);
    every(engine, MINUTE_MS, Priority.SCHEDULER, () => this.#everyMinute());
  }

  #everyMinute(): void {
    const now = this.engine.now;
    for (const { service: name, target } of this.#targets) {
      const service = this.services.describe(name);
      if (service?.status !== "ACTIVE") continue;
      const running = this.gauges.runningByGroup.get(serviceGroup(name)) ?? 0;
      const primary = primaryDeployment(service);
      const activities = target.evaluate({
        now,
        runningCount: running,
        desiredCount: service.desiredCount,
        deploymentInProgress: service.deployments.length > 1 || primary.rolloutState === "IN_PROGRESS",
        metrics: this.#datapoints(service, running, now),
      });
      this.#apply(service, target, activities);
    }
  }

  /**
   * The minute's datapoints. While no task runs ECS publishes no utilization, but the load
   * balancer still counts the requests that arrive: the datapoint target tracking scales out
   * from zero on (ecs-behaviour 9.1, 9.4).
   */
  #datapoints(service: Service, running: number, t: number): MetricDatapoints {
    const definition = primaryDeployment(service).taskDefinition;
    const w = this.workload(definition);
    const family = this.gauges.runningByFamily.get(definition.family) ?? running;
    const requests = requestsPerTarget(w, t, family);
    const perTarget = requests === undefined ? {} : { ALBRequestCountPerTarget: requests };
    if (running === 0) return perTarget;
    const usage = serviceUsage(definition, w, t, family, this.gauges.runningByGroupHostCpu.get(serviceGroup(service.serviceName)));
    return {
      ...(usage.cpu !== undefined && { ECSServiceAverageCPUUtilization: usage.cpu * 100 }),
      ECSServiceAverageMemoryUtilization: usage.memory * 100,
      ...perTarget,
    };
  }

  #scheduleActions(entry: { readonly service: string; readonly target: ScalableTarget }): void {
    const at = entry.target.nextScheduledActionAt();
    if (at === undefined) return;
    this.engine.schedule(Math.max(at, this.engine.now), Priority.SCHEDULER, () => {
      const service = this.services.describe(entry.service);
      // The actions set the scalable target's bounds whatever the service does, and are used up
      // (or this would fire again at once); only an ACTIVE service's desired count follows them.
      const activities = entry.target.runScheduledActions(this.engine.now, service?.desiredCount ?? 0);
      if (service?.status === "ACTIVE") this.#apply(service, entry.target, activities);
      this.#scheduleActions(entry);
    });
  }

  #apply(service: Service, target: ScalableTarget, activities: readonly ScalingActivity[]): void {
    for (const a of activities) {
      this.bus.emit({
        type: "ServiceScalingActivity",
        t: this.engine.now,
        resourceId: target.resourceId,
        serviceName: service.serviceName,
        description: a.description,
        cause: a.cause,
        statusCode: a.statusCode,
        desiredCount: a.desiredCount,
        previousDesiredCount: a.previousDesiredCount,
      });
      if (a.statusCode === "Successful" && a.desiredCount !== service.desiredCount) this.services.updateService({ service: service.serviceName, desiredCount: a.desiredCount });
    }
  }
}

