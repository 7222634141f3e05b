/**
 * The service scheduler. REPLICA: keeps each service at its desired count, replaces tasks that stop
 * for any reason, scales in and out, and rolls deployments within minimumHealthyPercent and
 * maximumPercent (ecs-behaviour 5, 6). DAEMON: one task on each ACTIVE instance the service's
 * constraints admit, scheduled before replica services so it gets its capacity first (5.1). It acts on what the control plane knows, wakes when one of
 * its services' tasks changes, when capacity appears and when a task becomes healthy, and reports
 * in ECS's event texts.
 */
import { FARGATE_CAPACITY_UNAVAILABLE, type ControlPlane, type PlaceTasksRequest } from "../control/control-plane.ts";
import type { Engine, Handle } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { RandomStreams } from "../engine/rng.ts";
import type { Cluster } from "../model/cluster.ts";
import { acceptsTasks, type ContainerInstance } from "../model/instance.ts";
import type { EventBus, FaultKind, RunTaskFailure, SimEvent } from "../model/events.ts";
import { SimError } from "../engine/errors.ts";
import { deploymentBounds, primaryDeployment, serviceGroup, type Deployment, type Service } from "../model/service.ts";
import type { Task } from "../model/task.ts";
import { chooseTaskToStop, SERVICE_DEFAULT_STRATEGY } from "../placement/scale-in.ts";
import { countFailure, rollbackTarget } from "./circuit-breaker.ts";
import { describeCounts, isBalanced, rebalanceTargets, rebalancingApplies } from "./az-rebalancing.ts";
import { planDaemon } from "./daemon.ts";
import { EVENT_REPEAT_MS, ServiceEventLog } from "./event-log.ts";
import { launchRate, FARGATE_LAUNCHES_PER_MINUTE, type TokenBucket, LaunchThrottle } from "./launch-limits.ts";
import { allFargate, isFargate } from "../capacity/fargate.ts";
import type { TargetGroups } from "../elb/target-groups.ts";
import { FAILED_HEALTH_CHECKS, failedElbHealthChecks, scalingActivity, serviceMessages } from "./messages.ts";
import { planRollout } from "./rollout.ts";
import { CURRENT, FAILING, HEALTHY, PRIMARY, RUNNING, ServiceTasks, type Classified } from "./service-tasks.ts";

/** Without a load balancer or container health check, a task is healthy 40 s after RUNNING (5.3). */
export const HEALTHY_AFTER_MS = 40_000;
/** How soon the scheduler tries again after a task could not be placed (UNCONFIRMED: a choice). */
export const PLACEMENT_RETRY_MS = 60_000;
export interface SchedulerContext {
  readonly engine: Engine;
  readonly bus: EventBus;
  readonly cluster: Cluster;
  readonly control: ControlPlane;
  readonly rng: RandomStreams;
  /** The load balancers' target groups, where tasks of services with loadBalancers register. */
  readonly targets: TargetGroups;
  /** Check the deployment bounds after every action (`ecs-sim run --check`, and every test). */
  readonly check?: boolean | undefined;
}

/** What the scheduler keeps per service beside the service itself. */
interface Tracked {
  readonly service: Service;
  /** The order the service was added in: services woken together wake in it. */
  readonly order: number;
  /** The service's tasks whose desiredStatus is RUNNING, each classed as the scheduler sees it. */
  readonly tasks: ServiceTasks;
  /**
   * The PRIMARY deployment the classes were made for (none yet: undefined). Nothing else they read
   * changes with UpdateService: healthCheckGracePeriodSeconds is not updatable here.
   */
  classedFor: string | undefined;
  wake: Handle | undefined;
  /** Set after a placement failure: no launch until it fires or capacity frees up. */
  retry: Handle | undefined;
  steady: boolean;
  reminder: Handle | undefined;
  readonly log: ServiceEventLog;
  readonly throttle: LaunchThrottle;
  readonly rate: TokenBucket;
  /** The one timed wake pending (the throttle lifting, a launch token back): the earliest asked for. */
  timer: Handle | undefined;
  /** The wake's action, and a wake by name for timers: made once, not per wake (one per task change). */
  readonly reconcileNow: () => void;
  readonly wakeByName: () => void;
  /** AZ rebalancing under way: the tasks it started, and the balanced count per zone. */
  rebalance: { readonly started: ReadonlySet<Task>; readonly targets: ReadonlyMap<string, number> } | undefined;
  /** DAEMON: the instances its PRIMARY deployment may run on, kept between reconciles when it can be. */
  admitted: DaemonAdmitted | undefined;
}

/**
 * The ACTIVE instances a DAEMON deployment's constraints admit, in registration order. Kept only
 * for constraints that read nothing but the instance's fixed attributes: then it changes only with
 * an instance's own state change, and only for that instance.
 */
interface DaemonAdmitted {
  readonly deployment: string;
  readonly admits: (instance: ContainerInstance) => boolean;
  readonly instances: ContainerInstance[];
}

export class ServiceScheduler {
  readonly #services = new Map<string, Tracked>();
  /** Instances that accept tasks (ACTIVE, agent connected), and how many per zone, from their state changes. */
  readonly #accepting = new Set<string>();
  readonly #acceptingPerZone = new Map<string, number>();
  /** Zones with an instance that can take tasks, by name. */
  #zones: readonly string[] = [];
  /**
   * Instances that are not ACTIVE (DRAINING, INACTIVE), from their state changes: a small set, so
   * asking it for every task of a service on every reconcile is cheaper than the cluster's map.
   */
  readonly #notActive = new Set<string>();
  /** A task's instance, none for a Fargate task, for the scale-in choice (made once, not per call). */
  readonly #instanceOf = (task: Task) => this.ctx.cluster.instance(task.containerInstanceId);
  /** Services with a placement retry pending, so that freed room costs nothing when none waits. */
  readonly #retrying = new Set<Tracked>();
  /** Unhealthy tasks inside their grace period that have a wake-up at its end. */
  readonly #graceWakes = new WeakSet<Task>();

  constructor(private readonly ctx: SchedulerContext) {
    for (const i of ctx.cluster.instances()) this.#acceptanceChanged(i.containerInstanceId, i.availabilityZone, acceptsTasks(i));
    ctx.bus.subscribe((event) => this.#onEvent(event));
    // Placements that failed can succeed once the cluster gives room back, and only then (3.4).
    ctx.cluster.observe({
      instanceChanged: () => {},
      groupCountChanged: (_instance, _group, delta) => {
        if (delta < 0) this.#roomFreed(true);
      },
      resourcesFreed: () => this.#roomFreed(false),
    });
  }

  /** Starts scheduling a service that CreateService made. */
  add(service: Service): void {
    const tracked: Tracked = {
      service,
      order: this.#services.size,
      tasks: new ServiceTasks((task) => this.#classOf(task, tracked.service)),
      classedFor: undefined,
      wake: undefined,
      retry: undefined,
      steady: false,
      reminder: undefined,
      log: new ServiceEventLog(this.ctx.engine, this.ctx.bus, service),
      throttle: new LaunchThrottle(),
      rate: launchRate(this.ctx.engine.now, service.capacityProviderStrategy?.some((i) => isFargate(i.capacityProvider)) ? FARGATE_LAUNCHES_PER_MINUTE : undefined),
      timer: undefined,
      reconcileNow: () => {
        tracked.wake = undefined;
        this.#reconcile(tracked);
      },
      wakeByName: () => this.wake(service.serviceName),
      rebalance: undefined,
      admitted: undefined,
    };
    this.#services.set(service.serviceName, tracked);
    this.wake(service.serviceName);
  }

  service(serviceName: string): Service | undefined {
    return this.#services.get(serviceName)?.service;
  }

  /**
   * The service was updated: it must reach a steady state again before it reports one. A
   * rebalancing under way is abandoned (its tasks stay): its targets were for the old count.
   */
  updated(serviceName: string): void {
    const tracked = this.#services.get(serviceName);
    if (tracked === undefined) return;
    tracked.rebalance = undefined;
    tracked.admitted = undefined;
    tracked.steady = false;
    tracked.reminder?.cancel();
    tracked.reminder = undefined;
    this.wake(serviceName);
  }

  /**
   * A new task definition returns a throttled service to normal at once (5.4). Its timed wake goes
   * too: a reconcile follows every reset, and asks again for any wake still needed.
   */
  resetThrottle(serviceName: string): void {
    const tracked = this.#services.get(serviceName);
    if (tracked === undefined) return;
    tracked.throttle.reset();
    tracked.timer?.cancel();
    tracked.timer = undefined;
  }

  /** Reconciles the service once at the current time, after everything else that happens now. */
  wake(serviceName: string): void {
    const tracked = this.#services.get(serviceName);
    if (tracked === undefined || tracked.wake !== undefined) return;
    tracked.wake = this.ctx.engine.schedule(this.ctx.engine.now, Priority.SCHEDULER, tracked.reconcileNow);
  }

  /**
   * Wakes the service at `at`, or earlier if a wake is already due: one timer per service, however
   * often a reconcile asks. A reconcile asks again for whatever still holds it back.
   */
  #wakeAt(tracked: Tracked, at: number): void {
    if (tracked.timer !== undefined && tracked.timer.time <= at) return;
    tracked.timer?.cancel();
    tracked.timer = this.ctx.engine.schedule(at, Priority.SCHEDULER, () => {
      tracked.timer = undefined;
      this.wake(tracked.service.serviceName);
    });
  }

  #onEvent(event: SimEvent): void {
    if (event.type === "ContainerInstanceStateChange") {
      if (event.status === "ACTIVE") this.#notActive.delete(event.containerInstanceId);
      else this.#notActive.add(event.containerInstanceId);
      const zonesChanged = this.#acceptanceChanged(event.containerInstanceId, event.availabilityZone, event.status === "ACTIVE" && event.agentConnected);
      // Daemons first: a new instance gets its daemon task before replica tasks take the room.
      const instance = this.ctx.cluster.instance(event.containerInstanceId);
      for (const tracked of this.#services.values()) {
        if (tracked.service.schedulingStrategy !== "DAEMON") continue;
        if (tracked.admitted !== undefined && instance !== undefined) readmit(tracked.admitted, instance);
        this.wake(tracked.service.serviceName);
      }
      if (event.status === "ACTIVE" && event.agentConnected) this.#roomFreed(false);
      // Who looks again: services with tasks there (a draining instance's are to be replaced, 7.4);
      // every service when a zone gained or lost its last instance (the spread to balance changed,
      // 5.5); services out of balance that found no room to rebalance; services not yet steady (a
      // safety net: what they wait for wakes them too). A steady, balanced service elsewhere would
      // find nothing to do, and at scale that is most of them: 300 reconciles per host failure.
      const onInstance = this.#refreshTasksOn(event.containerInstanceId);
      for (const tracked of this.#services.values()) {
        const name = tracked.service.serviceName;
        if (zonesChanged || !tracked.steady || onInstance.has(name) || this.#awaitsRebalancing(tracked)) this.wake(name);
      }
      return;
    }
    if (event.type === "Fault" && ZONE_FAULTS.has(event.fault)) {
      // Fargate's zones changed: its services may be out of balance, or able to rebalance now (5.5).
      for (const tracked of this.#services.values()) if (allFargate(tracked.service.capacityProviderStrategy)) this.wake(tracked.service.serviceName);
      return;
    }
    if ((event.type === "TaskHealthChange" || event.type === "TargetHealthChange") && event.group.startsWith("service:")) this.#healthChanged(event);
    if (event.type !== "TaskStateChange" || !event.group.startsWith("service:")) return;
    const tracked = this.#services.get(event.group.slice("service:".length));
    if (tracked === undefined) return;
    const task = this.ctx.cluster.task(event.taskId);
    if (task !== undefined && task.desiredStatus === "STOPPED") tracked.tasks.delete(task);
    if (task !== undefined) tracked.tasks.refresh(task);
    if (task !== undefined && event.lastStatus === "STOPPED" && event.stopCode === "TaskFailedToStart") this.#failedToStart(tracked, task);
    if (task !== undefined && event.lastStatus === "RUNNING") this.#running(tracked, task);
    if (event.lastStatus === "RUNNING") {
      // Check again when the task becomes healthy.
      this.ctx.engine.after(HEALTHY_AFTER_MS, Priority.SCHEDULER, tracked.wakeByName);
    }
    this.wake(tracked.service.serviceName);
  }

  /**
   * Follows whether an instance accepts tasks; true when its zone thereby gained its first such
   * instance or lost its last, which changes the zones AZ rebalancing spreads over (5.5).
   */
  #acceptanceChanged(containerInstanceId: string, zone: string, accepts: boolean): boolean {
    if (accepts === this.#accepting.has(containerInstanceId)) return false;
    if (accepts) this.#accepting.add(containerInstanceId);
    else this.#accepting.delete(containerInstanceId);
    const n = (this.#acceptingPerZone.get(zone) ?? 0) + (accepts ? 1 : -1);
    this.#acceptingPerZone.set(zone, n);
    if (n !== (accepts ? 1 : 0)) return false;
    this.#zones = [...this.#acceptingPerZone].filter(([, count]) => count > 0).map(([z]) => z).sort();
    return true;
  }

  /**
   * The instance's state changed: its service tasks (not yet STOPPED) are classed again; returns
   * the names of their services. The wakes stay in service order, hence the set.
   */
  #refreshTasksOn(containerInstanceId: string): Set<string> {
    const names = new Set<string>();
    for (const task of this.ctx.cluster.instance(containerInstanceId)?.tasks ?? []) {
      if (!task.group.startsWith("service:")) continue;
      const name = task.group.slice("service:".length);
      names.add(name);
      this.#services.get(name)?.tasks.refresh(task);
    }
    return names;
  }

  /** A task of the service never reached RUNNING: feeds the throttle and the circuit breaker. */
  #failedToStart(tracked: Tracked, task: Task): void {
    if (tracked.throttle.failed(this.ctx.engine.now)) tracked.log.say(serviceMessages.throttled(tracked.service.serviceName));
    this.#deploymentFailure(tracked, task, 1);
  }

  /** Feeds the circuit breaker, and trips it when the count reaches the threshold. */
  #deploymentFailure(tracked: Tracked, task: Task, stage: 1 | 2): void {
    const deployment = tracked.service.deployments.find((d) => d.id === task.startedBy);
    const config = tracked.service.deploymentConfiguration;
    if (deployment !== undefined && countFailure(deployment, stage, config, tracked.service.desiredCount)) {
      this.#tripCircuitBreaker(tracked, deployment, config.deploymentCircuitBreaker.rollback);
    }
  }

  /** A task of the service is RUNNING: it joins the service's target groups, tasks start again, and its deployment has a running task. */
  #running(tracked: Tracked, task: Task): void {
    const { loadBalancers, serviceName } = tracked.service;
    this.ctx.targets.register(task, loadBalancers);
    for (const lb of loadBalancers) tracked.log.say(serviceMessages.registeredTargets(serviceName, 1, lb.targetGroupArn));
    tracked.throttle.succeeded();
    const deployment = tracked.service.deployments.find((d) => d.id === task.startedBy);
    if (deployment === undefined) return;
    // The first running task moves the circuit breaker to its second stage, counting from zero.
    if (deployment.hasRunningTask) return;
    deployment.hasRunningTask = true;
    deployment.failedTasks = 0;
  }

  /**
   * The deployment circuit breaker (6.3): the deployment FAILED launches nothing more; with
   * rollback, the most recent COMPLETED deployment becomes PRIMARY again, IN_PROGRESS. Without one
   * to return to, the service stays on the failed deployment and launches nothing.
   */
  #tripCircuitBreaker(tracked: Tracked, failed: Deployment, rollback: boolean): void {
    const { service } = tracked;
    setDeploymentState(this.ctx, service, failed, "PRIMARY", "FAILED", "ECS deployment circuit breaker: task failed to start.");
    tracked.log.say(serviceMessages.deploymentFailed(service.serviceName));
    const target = rollback ? rollbackTarget(service.deployments, failed) : undefined;
    if (target === undefined) return;
    service.deployments.splice(service.deployments.indexOf(target), 1);
    service.deployments.unshift(target);
    setDeploymentState(this.ctx, service, failed, "ACTIVE", "FAILED");
    setDeploymentState(this.ctx, service, target, "PRIMARY", "IN_PROGRESS", `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`);
    this.resetThrottle(service.serviceName);
  }

  /**
   * A container health check or a target changed. An unhealthy target ECS reports, and replaces
   * the task once past the grace period (5.3). A task now healthy by 5.3 (its target too, behind a
   * load balancer) resets its deployment's failure count: resetOnHealthyTask, the default (6.3).
   */
  #healthChanged(event: Extract<SimEvent, { type: "TaskHealthChange" | "TargetHealthChange" }>): void {
    const serviceName = event.group.slice("service:".length);
    const tracked = this.#services.get(serviceName);
    if (tracked === undefined) return;
    if (event.type === "TargetHealthChange" && event.state === "unhealthy") {
      const target = event.instanceId !== undefined ? { instance: event.instanceId } : { task: event.taskId };
      tracked.log.say(serviceMessages.unhealthyTarget(serviceName, target, event.port, event.targetGroupArn, event.reason ?? ""));
    }
    const task = this.ctx.cluster.task(event.taskId);
    if (task !== undefined) tracked.tasks.refresh(task);
    const deployment = task !== undefined && this.#healthy(task) ? tracked.service.deployments.find((d) => d.id === task.startedBy) : undefined;
    if (deployment !== undefined) deployment.failedTasks = 0;
    this.wake(serviceName);
  }

  /**
   * New or freed room: services waiting to retry a placement try again now. A task that only left
   * its group's count (desiredStatus STOPPED, still holding its resources while it drains) makes
   * room only for placements that count tasks: distinctInstance, task:group.
   */
  #roomFreed(groupCountOnly: boolean): void {
    // Every task that stops frees room: with no service waiting, that must cost nothing.
    if (this.#retrying.size === 0) return;
    const due = [...this.#retrying].filter(({ service }) => !groupCountOnly || this.ctx.control.placementCountsTasks(primaryDeployment(service).taskDefinition, service.placementConstraints));
    for (const tracked of due.sort((a, b) => a.order - b.order)) {
      tracked.retry?.cancel();
      tracked.retry = undefined;
      this.#retrying.delete(tracked);
      this.wake(tracked.service.serviceName);
    }
  }

  /** A task that stays: started by the PRIMARY deployment and not on a draining instance. */
  #current(task: Task, primary: Deployment): boolean {
    return task.startedBy === primary.id && !this.#notActive.has(task.containerInstanceId);
  }

  /** Whether the throttle holds launches back now; if so, wake when it lifts. */
  #throttled(tracked: Tracked): boolean {
    const now = this.ctx.engine.now;
    if (now >= tracked.throttle.until) return false;
    this.#wakeAt(tracked, tracked.throttle.until);
    return true;
  }

  /**
   * Healthy for minimumHealthyPercent (5.3): behind a load balancer, when its targets are healthy
   * and its container health checks (if any) say HEALTHY; with container health checks only, when
   * they say HEALTHY; with neither, 40 s after RUNNING.
   */
  #healthy(task: Task): boolean {
    if (task.lastStatus !== "RUNNING" || task.startedAt === undefined) return false;
    const checked = task.taskDefinition.healthChecks.length > 0;
    if (checked && task.healthStatus !== "HEALTHY") return false;
    if (task.targetHealth !== undefined) return task.targetHealth === "healthy";
    return checked || this.ctx.engine.now - task.startedAt >= HEALTHY_AFTER_MS;
  }

  /**
   * UNHEALTHY past the service's healthCheckGracePeriodSeconds, which ignores failures after a
   * start (5.3); an unhealthy task still inside it wakes the service when it ends.
   */
  #failing(task: Task, service: Service): boolean {
    if ((task.healthStatus !== "UNHEALTHY" && task.targetHealth !== "unhealthy") || task.startedAt === undefined) return false;
    const graceEnds = task.startedAt + service.healthCheckGracePeriodSeconds * 1000;
    if (this.ctx.engine.now >= graceEnds) return true;
    if (!this.#graceWakes.has(task)) {
      this.#graceWakes.add(task);
      this.ctx.engine.schedule(graceEnds, Priority.SCHEDULER, () => this.wake(service.serviceName));
    }
    return false;
  }

  /**
   * A task's class (ServiceTasks): current, healthy, failing, running, and when the clock turns it:
   * healthy 40 s after RUNNING without health checks or load balancer (5.3), failing once the grace
   * period of an unhealthy task ends.
   */
  #classOf(task: Task, service: Service): Classified {
    const failing = this.#failing(task, service);
    const current = this.#current(task, primaryDeployment(service));
    const healthy = this.#healthy(task);
    const flags = (current ? CURRENT : 0) | (current && !failing ? PRIMARY : 0) | (healthy ? HEALTHY : 0) | (failing ? FAILING : 0) | (task.lastStatus === "RUNNING" ? RUNNING : 0);
    return { flags, turnsAt: this.#turnsAt(task, service, healthy, failing) };
  }

  /** When a task's class may turn without an event: the end of its 40 s or of its grace period. */
  #turnsAt(task: Task, service: Service, healthy: boolean, failing: boolean): number | undefined {
    const startedAt = task.startedAt;
    if (startedAt === undefined || task.lastStatus !== "RUNNING") return undefined;
    if (!healthy && task.taskDefinition.healthChecks.length === 0 && task.targetHealth === undefined) return startedAt + HEALTHY_AFTER_MS;
    if (!failing && (task.healthStatus === "UNHEALTHY" || task.targetHealth === "unhealthy")) return startedAt + service.healthCheckGracePeriodSeconds * 1000;
    return undefined;
  }

  /** Brings the classes up to date: all of them for a new PRIMARY deployment, else the ones the clock turned. */
  #classed(tracked: Tracked, primary: Deployment): void {
    if (tracked.classedFor === primary.id) tracked.tasks.refreshDue(this.ctx.engine.now);
    else {
      tracked.tasks.refreshAll();
      tracked.classedFor = primary.id;
    }
    if (this.ctx.check !== true) return;
    const drift = tracked.tasks.verify();
    if (drift !== undefined) throw new SimError(`service ${tracked.service.serviceName}: the scheduler's task counts drifted: ${drift}`, { t: this.ctx.engine.now });
  }

  #reconcile(tracked: Tracked): void {
    const { service } = tracked;
    if (service.status === "INACTIVE") return;
    const primary = primaryDeployment(service);
    this.#classed(tracked, primary);
    if (service.schedulingStrategy === "DAEMON" && service.status === "ACTIVE") {
      this.#reconcileDaemon(tracked, primary);
      this.#settle(tracked);
      return;
    }
    const healthyBefore = tracked.tasks.counts.healthy;
    const totalBefore = tracked.tasks.size;
    const plan = planRollout({
      desiredCount: service.status === "DRAINING" ? 0 : service.desiredCount,
      deploymentConfiguration: service.status === "DRAINING" ? { minimumHealthyPercent: 0, maximumPercent: 100 } : service.deploymentConfiguration,
      tasks: tracked.tasks.views,
      counts: tracked.tasks.counts,
    });
    this.#stop(tracked, plan.stopOld, primary);
    this.#stopFailing(tracked, plan.stopFailing);
    for (const task of plan.stopFailing) this.#deploymentFailure(tracked, task, 2);
    if (tracked.rebalance === undefined) this.#scaleIn(tracked, plan.scaleIn, primary);
    else this.#finishRebalancing(tracked, primary);
    const waiting = tracked.retry !== undefined || this.#throttled(tracked);
    if (plan.start > 0 && !waiting && service.status === "ACTIVE" && primary.rolloutState !== "FAILED") this.#launch(tracked, primary, plan.start);
    if (plan.stalled) tracked.log.say(serviceMessages.deploymentConfigurationStall(service.serviceName));
    if (this.ctx.check === true) this.#checkBounds(tracked, healthyBefore, totalBefore);
    this.#settle(tracked);
  }

  /**
   * Invariants of a rolling deployment or scale (ecs-behaviour 6.1): the scheduler's own stops never
   * take healthy tasks below the minimum, and its launches never take running plus pending tasks
   * above the maximum. Tasks that die by themselves may break either; the scheduler then only
   * must not make it worse.
   */
  #checkBounds(tracked: Tracked, healthyBefore: number, totalBefore: number): void {
    const s = tracked.service;
    const desired = s.status === "DRAINING" ? 0 : s.desiredCount;
    const { minHealthy, maxTasks } = deploymentBounds(desired, s.deploymentConfiguration);
    const healthy = [...tracked.tasks].filter((t) => this.#healthy(t)).length;
    const context = { service: s.serviceName, t: this.ctx.engine.now, healthy, healthyBefore, minHealthy, total: tracked.tasks.size, totalBefore, maxTasks };
    if (s.status === "ACTIVE" && healthy < Math.min(minHealthy, healthyBefore)) {
      throw new SimError(`service ${s.serviceName}: the scheduler stopped healthy tasks below minimumHealthyPercent`, context);
    }
    if (tracked.tasks.size > Math.max(maxTasks, totalBefore)) {
      throw new SimError(`service ${s.serviceName}: the scheduler started tasks beyond maximumPercent`, context);
    }
  }

  /** DAEMON: applies planDaemon; the computed desired count is the number of admitted instances. */
  #reconcileDaemon(tracked: Tracked, primary: Deployment): void {
    const { service } = tracked;
    const group = serviceGroup(service.serviceName);
    const definition = primary.taskDefinition;
    const admitted = this.#admitted(tracked, primary);
    if (service.desiredCount !== admitted.length) {
      service.desiredCount = admitted.length;
      this.ctx.bus.emit({ type: "ServiceDesiredCountUpdated", t: this.ctx.engine.now, serviceName: service.serviceName, desiredCount: admitted.length });
    }
    const plan = planDaemon({
      admitted: admitted.map((i) => i.containerInstanceId),
      tasks: [...tracked.tasks].map((task) => ({ task, primary: task.startedBy === primary.id, healthy: this.#healthy(task) })),
      deploymentConfiguration: service.deploymentConfiguration,
    });
    this.#stop(tracked, plan.stop, primary);
    const launched: Task[] = [];
    for (const id of plan.startOn) {
      const result = this.ctx.control.placeTaskOn({ definition, group, startedBy: primary.id, constraints: service.placementConstraints }, this.ctx.cluster.instance(id)!);
      if ("taskId" in result) {
        tracked.tasks.add(result);
        launched.push(result);
      } else {
        this.#cannotPlace(tracked, result);
      }
    }
    if (launched.length > 0) tracked.log.say(serviceMessages.started(service.serviceName, launched.map((t) => t.taskId)));
  }

  /**
   * The instances the DAEMON deployment runs on: kept from the last reconcile, or listed again.
   * Listing costs O(instances x constraints); constraints that read tasks (distinctInstance,
   * task:group, runningTasksCount) change with any task in the cluster, so theirs is never kept.
   */
  #admitted(tracked: Tracked, primary: Deployment): readonly ContainerInstance[] {
    const kept = tracked.admitted?.deployment === primary.id ? tracked.admitted : undefined;
    if (kept !== undefined && this.ctx.check !== true) return kept.instances;
    const { service } = tracked;
    const definition = primary.taskDefinition;
    const admits = kept?.admits ?? this.ctx.control.daemonAdmits(definition, service.placementConstraints, serviceGroup(service.serviceName));
    const instances = [...this.ctx.cluster.instances()].filter((i) => i.status === "ACTIVE" && admits(i));
    if (kept !== undefined) {
      // Check mode: the kept list must be the one listed again.
      const ids = (list: readonly ContainerInstance[]) => list.map((i) => i.containerInstanceId).join(",");
      if (ids(kept.instances) !== ids(instances)) throw new SimError(`service ${service.serviceName}: the daemon's admitted instances drifted`, { t: this.ctx.engine.now });
      return kept.instances;
    }
    const keep = !this.ctx.control.placementCountsTasks(definition, service.placementConstraints);
    tracked.admitted = keep ? { deployment: primary.id, admits, instances } : undefined;
    return instances;
  }

  #stop(tracked: Tracked, victims: readonly Task[], primary: Deployment): void {
    if (victims.length === 0) return;
    const reason = scalingActivity(primary.id);
    for (const task of victims) this.#stopOne(tracked, task, reason);
    tracked.log.say(serviceMessages.stopped(tracked.service.serviceName, victims.map((t) => t.taskId)));
  }

  /** Tasks that failed their health checks, with the reason of the check that failed. */
  #stopFailing(tracked: Tracked, failing: readonly Task[]): void {
    for (const task of failing) {
      this.#stopOne(tracked, task, task.targetHealth === "unhealthy" ? failedElbHealthChecks(task.unhealthyIn ?? "") : FAILED_HEALTH_CHECKS);
    }
    if (failing.length > 0) tracked.log.say(serviceMessages.stopped(tracked.service.serviceName, failing.map((t) => t.taskId)));
  }

  /** Stops one task; behind a load balancer it first leaves the target groups and drains. */
  #stopOne(tracked: Tracked, task: Task, stoppedReason: string): void {
    tracked.tasks.delete(task);
    const drainMs = this.ctx.targets.deregister(task);
    const { loadBalancers, serviceName } = tracked.service;
    if (drainMs > 0) for (const lb of loadBalancers) tracked.log.say(serviceMessages.deregisteredTargets(serviceName, 1, lb.targetGroupArn));
    this.ctx.control.stopTaskAs(task, { stopCode: "ServiceSchedulerInitiated", stoppedReason, drainMs });
  }

  /**
   * Scale-in: tasks not yet healthy first, then the strategy's choice, one at a time, each stop
   * freeing its resources before the next choice (binpack weighs what is left after each stop).
   */
  #scaleIn(tracked: Tracked, count: number, primary: Deployment): void {
    if (count <= 0) return;
    const candidates = [...tracked.tasks.views].filter((t) => t.primary);
    const victims = candidates.filter((t) => !t.healthy).slice(0, count).map((t) => t.task);
    for (const task of victims) this.#stopOne(tracked, task, scalingActivity(primary.id));
    let healthy = candidates.filter((t) => t.healthy).map((t) => t.task);
    const rng = this.ctx.rng.stream(`scheduler/${tracked.service.serviceName}`);
    while (victims.length < count && healthy.length > 0) {
      const victim = chooseTaskToStop(healthy, tracked.service.placementStrategy, this.#instanceOf, rng);
      this.#stopOne(tracked, victim, scalingActivity(primary.id));
      victims.push(victim);
      healthy = healthy.filter((t) => t !== victim);
    }
    if (victims.length > 0) tracked.log.say(serviceMessages.stopped(tracked.service.serviceName, victims.map((t) => t.taskId)));
  }

  #launch(tracked: Tracked, primary: Deployment, wanted: number): void {
    const { service } = tracked;
    const count = Math.min(wanted, this.#launchesAvailable(tracked));
    if (count === 0) return;
    const strategy = service.capacityProviderStrategy;
    if (!this.ctx.control.canLaunch(strategy)) {
      tracked.log.say(strategy === undefined ? serviceMessages.noInstances(service.serviceName) : serviceMessages.emptyCapacityProvider(service.serviceName));
      this.#retryLater(tracked);
      return;
    }
    const { tasks, failures, provisioningLimit, throttledUntil } = this.ctx.control.placeTasks(placeRequest(service, primary, count));
    for (const task of tasks) tracked.tasks.add(task);
    tracked.rate.took(tasks.length);
    if (tasks.length > 0) tracked.log.say(serviceMessages.started(service.serviceName, tasks.map((t) => t.taskId)));
    if (provisioningLimit === true) {
      tracked.log.say(serviceMessages.provisioningLimit(service.serviceName));
      this.#retryLater(tracked);
    }
    // Fargate's launch bucket is empty: launch again once it refills, whatever else frees up (8.4).
    if (throttledUntil !== undefined) {
      tracked.log.say(serviceMessages.operationsThrottled(service.serviceName));
      this.#wakeAt(tracked, throttledUntil);
    }
    const failure = failures[0];
    if (failure !== undefined) this.#cannotPlace(tracked, failure);
  }

  /** Launches the rate limit allows now (ecs-behaviour 5.8); when none, wake once one is back. */
  #launchesAvailable(tracked: Tracked): number {
    const now = this.ctx.engine.now;
    const available = tracked.rate.available(now);
    if (available === 0) this.#wakeAt(tracked, now + tracked.rate.wait());
    return available;
  }

  /**
   * The zones AZ rebalancing spreads the service over (5.5), by name: for a Fargate service those
   * Fargate launches in ("Fargate: automatic"), else those with an instance that takes tasks.
   */
  #zonesOf(service: Service): readonly string[] {
    return allFargate(service.capacityProviderStrategy) ? this.ctx.control.fargate.availableZones() : this.#zones;
  }

  /** The service's current RUNNING tasks per zone it spreads over, zones by name. */
  #zoneCounts(tracked: Tracked): Map<string, number> {
    return new Map(this.#zonesOf(tracked.service).map((z) => [z, tracked.tasks.runningIn(z)]));
  }

  /**
   * Steady, with AZ rebalancing on and none under way, and out of zone balance: AZ rebalancing
   * found no room to start a task at the last reconcile, and new capacity may give it some (5.5).
   * O(zones).
   */
  #awaitsRebalancing(tracked: Tracked): boolean {
    const { service } = tracked;
    return tracked.steady && tracked.rebalance === undefined && rebalancingApplies(service) && !isBalanced(this.#zonesOf(service).map((z) => tracked.tasks.runningIn(z)));
  }

  /**
   * AZ rebalancing, first half (5.5): a steady service whose zones are out of balance starts tasks
   * in the zones below their balanced count, on the instances there are (it launches none).
   */
  #startRebalancing(tracked: Tracked, primary: Deployment): void {
    const { service } = tracked;
    const counts = this.#zoneCounts(tracked);
    if (isBalanced(counts.values())) return;
    const targets = rebalanceTargets(counts, service.desiredCount);
    let room = deploymentBounds(service.desiredCount, service.deploymentConfiguration).maxTasks - tracked.tasks.size;
    const started = new Set<Task>();
    for (const [zone, target] of targets) {
      const missing = Math.min(target - (counts.get(zone) ?? 0), room);
      if (missing <= 0) continue;
      const { tasks } = this.ctx.control.placeTasks(placeRequest(service, primary, missing, zone));
      if (tasks.length === 0) continue;
      if (started.size === 0) tracked.log.say(serviceMessages.notAzBalanced(service.serviceName, describeCounts(counts, false)));
      for (const task of tasks) {
        tracked.tasks.add(task);
        started.add(task);
      }
      room -= tasks.length;
      tracked.log.say(serviceMessages.rebalanceStarted(service.serviceName, zone, tasks.map((t) => t.taskId)));
    }
    if (started.size > 0) tracked.rebalance = { started, targets };
  }

  /**
   * AZ rebalancing, second half: once the tasks it started are healthy and RUNNING, stop as many in
   * the zones above their balanced count, from the instance with the most; if one of them stopped
   * instead, give up. Either way the scheduler's usual scale-in then takes what is still above the
   * desired count (the zones may have changed since the start), in a reconcile of its own.
   */
  #finishRebalancing(tracked: Tracked, primary: Deployment): void {
    const rebalance = tracked.rebalance!;
    const started = [...rebalance.started];
    if (started.some((t) => !tracked.tasks.has(t))) {
      this.#rebalanced(tracked);
      return;
    }
    if (!started.every((t) => this.#healthy(t))) return;
    const { service } = tracked;
    const counts = this.#zoneCounts(tracked);
    const rng = this.ctx.rng.stream(`scheduler/${service.serviceName}`);
    // Only what is over the desired count, and never below the healthy minimum: tasks may have
    // stopped meanwhile (StopTask, a fault), and those are the scheduler's to replace, not to lose.
    const { healthy } = tracked.tasks.counts;
    let budget = Math.min(tracked.tasks.size - service.desiredCount, healthy - deploymentBounds(service.desiredCount, service.deploymentConfiguration).minHealthy);
    for (const [zone, target] of rebalance.targets) {
      let inZone = [...tracked.tasks].filter((t) => t.availabilityZone === zone && tracked.tasks.isCurrent(t) && !rebalance.started.has(t));
      const victims: Task[] = [];
      for (let n = (counts.get(zone) ?? 0) - target; n > 0 && inZone.length > 0 && budget > 0; n--, budget--) {
        const victim = chooseTaskToStop(inZone, [{ type: "spread", field: "instanceId" }], this.#instanceOf, rng);
        this.#stopOne(tracked, victim, scalingActivity(primary.id));
        victims.push(victim);
        inZone = inZone.filter((t) => t !== victim);
      }
      if (victims.length > 0) tracked.log.say(serviceMessages.rebalanceStopped(service.serviceName, zone, victims.map((t) => t.taskId)));
    }
    this.#rebalanced(tracked);
    tracked.log.say(serviceMessages.azBalanced(service.serviceName, describeCounts(this.#zoneCounts(tracked), true)));
  }

  /** Rebalancing is over: the next reconcile scales in whatever is above the desired count. */
  #rebalanced(tracked: Tracked): void {
    tracked.rebalance = undefined;
    this.wake(tracked.service.serviceName);
  }

  /** A task could not be placed: the failure event for every attempt, the service event, a retry. */
  #cannotPlace(tracked: Tracked, failure: RunTaskFailure): void {
    const serviceName = tracked.service.serviceName;
    this.ctx.bus.emit({ type: "ServiceTaskPlacementFailure", t: this.ctx.engine.now, serviceName, reason: failure.reason, detail: failure.detail });
    const fargate = failure.reason === FARGATE_CAPACITY_UNAVAILABLE.reason;
    tracked.log.say(fargate ? serviceMessages.capacityUnavailable(serviceName, failure.detail) : serviceMessages.unableToPlace(serviceName, failure.detail));
    this.#retryLater(tracked);
  }

  #retryLater(tracked: Tracked): void {
    if (tracked.retry !== undefined) return;
    this.#retrying.add(tracked);
    tracked.retry = this.ctx.engine.after(PLACEMENT_RETRY_MS, Priority.SCHEDULER, () => {
      tracked.retry = undefined;
      this.#retrying.delete(tracked);
      this.wake(tracked.service.serviceName);
    });
  }

  /** Completes deployments, reports steady state, and retires a deleted service. */
  #settle(tracked: Tracked): void {
    const { service } = tracked;
    if (service.status === "DRAINING") {
      // DRAINING until every task is stopping or stopped, then INACTIVE (ecs-behaviour 5.9).
      if (tracked.tasks.size > 0) return;
      service.status = "INACTIVE";
      announce(this.ctx, service, "DeleteService");
      return;
    }
    const primary = primaryDeployment(service);
    // The circuit breaker may have rolled back during this reconcile: classes for the PRIMARY now.
    this.#classed(tracked, primary);
    const { total, primaryHealthy, currentRunning: running } = tracked.tasks.counts;
    // Every task PRIMARY and healthy, as many as desired.
    const done = primaryHealthy === service.desiredCount && total === service.desiredCount;
    if (done && primary.rolloutState === "IN_PROGRESS") {
      for (const old of service.deployments.splice(1)) setDeploymentState(this.ctx, service, old, "INACTIVE", old.rolloutState);
      setDeploymentState(this.ctx, service, primary, "PRIMARY", "COMPLETED");
      tracked.log.say(serviceMessages.deploymentCompleted(service.serviceName, primary.id));
    }
    // Steady: one deployment and runningCount == desiredCount (the services-stable waiter, 5.7).
    const steady = service.deployments.length === 1 && running === service.desiredCount && tracked.tasks.size === running;
    if (steady && !tracked.steady) {
      tracked.log.resolved();
      tracked.log.say(serviceMessages.steadyState(service.serviceName));
      tracked.reminder = this.ctx.engine.after(EVENT_REPEAT_MS, Priority.SCHEDULER, () => this.#remind(tracked));
    }
    // Rebalancing watches a steady service (5.5).
    if (steady && tracked.rebalance === undefined && rebalancingApplies(service)) this.#startRebalancing(tracked, primary);
    if (!steady) {
      tracked.reminder?.cancel();
      tracked.reminder = undefined;
    }
    tracked.steady = steady;
  }

  /** A service that stays steady says so again every six hours (WE19). */
  #remind(tracked: Tracked): void {
    tracked.log.resolved();
    tracked.log.say(serviceMessages.steadyState(tracked.service.serviceName));
    tracked.reminder = this.ctx.engine.after(EVENT_REPEAT_MS, Priority.SCHEDULER, () => this.#remind(tracked));
  }

}

/** Faults that take a zone out or bring it back. */
const ZONE_FAULTS: ReadonlySet<string> = new Set(["AvailabilityZonePowerLoss", "AvailabilityZonePartition", "AvailabilityZoneRecovered"] satisfies FaultKind[]);

/**
 * Where the service's tasks go: its strategy (the default without one) and constraints (5.2). AZ
 * rebalancing places in one zone, best effort, respecting them too: on EC2 only on the instances
 * there are (it launches none), on Fargate in that zone (5.5).
 */
function placeRequest(service: Service, primary: Deployment, count: number, rebalancingZone?: string): PlaceTasksRequest {
  return {
    definition: primary.taskDefinition,
    count,
    group: serviceGroup(service.serviceName),
    startedBy: primary.id,
    strategies: service.placementStrategy.length > 0 ? service.placementStrategy : SERVICE_DEFAULT_STRATEGY,
    constraints: service.placementConstraints,
    availabilityZone: rebalancingZone,
    stopAtFirstFailure: true,
    capacityProviderStrategy: service.capacityProviderStrategy,
    waitForCapacity: rebalancingZone === undefined,
  };
}

/** An instance's state changed: it joins or leaves the admitted ones, in registration order. O(log n + moves). */
function readmit(admitted: DaemonAdmitted, instance: ContainerInstance): void {
  const list = admitted.instances;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as ContainerInstance).index < instance.index) lo = mid + 1;
    else hi = mid;
  }
  const present = list[lo] === instance;
  const admits = instance.status === "ACTIVE" && admitted.admits(instance);
  if (present && !admits) list.splice(lo, 1);
  else if (!present && admits) list.splice(lo, 0, instance);
}

/** Reports a service API action that ECS accepted. */
export function announce(ctx: Pick<SchedulerContext, "engine" | "bus">, s: Service, action: "CreateService" | "UpdateService" | "DeleteService"): void {
  ctx.bus.emit({
    type: "ServiceAction",
    t: ctx.engine.now,
    action,
    serviceName: s.serviceName,
    status: s.status,
    desiredCount: s.desiredCount,
    taskDefinition: primaryDeployment(s).taskDefinition.familyRevision,
  });
}

/** Moves a deployment to a new status and rollout state, and reports it. */
export function setDeploymentState(
  ctx: Pick<SchedulerContext, "engine" | "bus">,
  service: Service,
  deployment: Deployment,
  status: Deployment["status"],
  rolloutState: Deployment["rolloutState"],
  reason?: string,
): void {
  deployment.status = status;
  deployment.rolloutState = rolloutState;
  deployment.updatedAt = ctx.engine.now;
  ctx.bus.emit({
    type: "DeploymentStateChange",
    t: ctx.engine.now,
    serviceName: service.serviceName,
    deploymentId: deployment.id,
    status,
    rolloutState,
    taskDefinition: deployment.taskDefinition.familyRevision,
    ...(reason !== undefined && { reason }),
  });
}
