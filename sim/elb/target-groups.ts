/**
 * Elastic Load Balancing target groups as ECS services use them (ecs-behaviour 5.3): a service task
 * registers as a target when it is RUNNING; the load balancer checks it every interval; it becomes
 * healthy after `healthyThresholdCount` passes in a row and unhealthy after
 * `unhealthyThresholdCount` failures. A check fails when the load balancer cannot reach the host
 * (a network partition): it times out. The verdict is ELB's own; the service scheduler acts on it.
 *
 * Cost: one timer per target; each check is O(targets of the task).
 */
import type { Engine, Handle } from "../engine/engine.ts";
import { Priority } from "../engine/priority.ts";
import type { EventBus } from "../model/events.ts";
import type { LoadBalancer } from "../model/service.ts";
import type { Cluster } from "../model/cluster.ts";
import type { Task, TargetHealthState } from "../model/task.ts";

/** A target group's health check, in ELB's CreateTargetGroup names. */
export interface TargetGroupSettings {
  readonly targetGroupArn: string;
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckTimeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  readonly deregistrationDelaySeconds: number;
}

/** An Application Load Balancer target group's defaults (ELB CreateTargetGroup). */
export const ALB_DEFAULTS: Omit<TargetGroupSettings, "targetGroupArn"> = {
  healthCheckIntervalSeconds: 30,
  healthCheckTimeoutSeconds: 5,
  healthyThresholdCount: 5,
  unhealthyThresholdCount: 2,
  deregistrationDelaySeconds: 300,
};

/** ELB's description of a Target.Timeout failure. */
export const TIMED_OUT = "Request timed out";

interface Target {
  readonly settings: TargetGroupSettings;
  /** The EC2 instance of an instance target; an IP target (awsvpc) has none. */
  readonly instanceId: string | undefined;
  readonly port: number;
  state: TargetHealthState;
  /** Passes (positive) or failures (negative) in a row. */
  streak: number;
  next: Handle | undefined;
}

export class TargetGroups {
  readonly #settings: ReadonlyMap<string, TargetGroupSettings>;
  readonly #targets = new Map<Task, Target[]>();

  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly cluster: Cluster,
    settings: readonly TargetGroupSettings[],
    /** The truth view: whether the load balancer reaches the task (no partition cuts it off). */
    private readonly reachable: (task: Task) => boolean,
  ) {
    this.#settings = new Map(settings.map((s) => [s.targetGroupArn, s]));
    // A task that stops by itself (its host lost, its container exited) leaves its target groups too.
    bus.subscribe((event) => {
      if (event.type !== "TaskStateChange" || this.#targets.size === 0 || (event.lastStatus !== "STOPPING" && event.lastStatus !== "STOPPED")) return;
      const task = cluster.task(event.taskId);
      if (task !== undefined) this.deregister(task);
    });
  }

  /** Registers a RUNNING task in its service's target groups: each target starts `initial`. */
  register(task: Task, loadBalancers: readonly LoadBalancer[]): void {
    if (loadBalancers.length === 0 || this.#targets.has(task)) return;
    const instanceId = task.taskDefinition.networkMode === "awsvpc" ? undefined : this.cluster.instance(task.containerInstanceId)?.ec2InstanceId;
    const targets = loadBalancers.map((lb): Target => ({
      settings: this.#settings.get(lb.targetGroupArn) ?? { targetGroupArn: lb.targetGroupArn, ...ALB_DEFAULTS },
      instanceId,
      port: this.#targetPort(task, lb),
      state: "initial",
      streak: 0,
      next: undefined,
    }));
    this.#targets.set(task, targets);
    task.targetHealth = "initial";
    for (const target of targets) {
      this.#emit(task, target);
      this.#scheduleCheck(task, target);
    }
  }

  /** Deregisters a stopping task; returns how long its connections drain (the longest delay), ms. */
  deregister(task: Task): number {
    const targets = this.#targets.get(task);
    if (targets === undefined) return 0;
    this.#targets.delete(task);
    for (const target of targets) target.next?.cancel();
    return Math.max(...targets.map((t) => t.settings.deregistrationDelaySeconds * 1000));
  }

  /**
   * The port a target registers with (DG alb: "an instance ID and port combination"): in bridge
   * mode the host port, static or the dynamic one Docker picked (the k-th dynamic mapping got the
   * k-th dynamic port, after the static ones in task.hostPorts); in host and awsvpc modes the
   * container port itself.
   */
  #targetPort(task: Task, lb: LoadBalancer): number {
    const definition = task.taskDefinition;
    if (definition.networkMode !== "bridge") return lb.containerPort;
    let dynamic = 0;
    for (const container of definition.containerDefinitions) {
      for (const mapping of container.portMappings ?? []) {
        const hostPort = mapping.hostPort ?? 0;
        if (container.name === lb.containerName && mapping.containerPort === lb.containerPort) {
          return hostPort !== 0 ? hostPort : (task.hostPorts.tcp[definition.requirements.tcpPorts.length + dynamic] as number);
        }
        if (hostPort === 0) dynamic += 1;
      }
    }
    return lb.containerPort;
  }

  #scheduleCheck(task: Task, target: Target): void {
    target.next = this.engine.after(target.settings.healthCheckIntervalSeconds * 1000, Priority.AGENT, () => this.#check(task, target));
  }

  #check(task: Task, target: Target): void {
    const { healthCheckIntervalSeconds, healthCheckTimeoutSeconds } = target.settings;
    if (this.reachable(task)) {
      this.#verdict(task, target, true);
      this.#scheduleCheck(task, target);
      return;
    }
    // No answer: the check fails when its timeout runs out; the next starts an interval after this one did.
    target.next = this.engine.after(healthCheckTimeoutSeconds * 1000, Priority.AGENT, () => {
      this.#verdict(task, target, false);
      target.next = this.engine.after((healthCheckIntervalSeconds - healthCheckTimeoutSeconds) * 1000, Priority.AGENT, () => this.#check(task, target));
    });
  }

  #verdict(task: Task, target: Target, passed: boolean): void {
    target.streak = passed ? Math.max(target.streak, 0) + 1 : Math.min(target.streak, 0) - 1;
    const { healthyThresholdCount, unhealthyThresholdCount, targetGroupArn } = target.settings;
    const state: TargetHealthState =
      passed && target.streak >= healthyThresholdCount ? "healthy" : !passed && -target.streak >= unhealthyThresholdCount ? "unhealthy" : target.state;
    if (state === target.state) return;
    target.state = state;
    const targets = this.#targets.get(task) ?? [];
    const worst = targets.some((t) => t.state === "unhealthy") ? "unhealthy" : targets.every((t) => t.state === "healthy") ? "healthy" : "initial";
    if (state === "unhealthy") task.unhealthyIn = targetGroupArn;
    task.targetHealth = worst;
    this.#emit(task, target);
  }

  #emit(task: Task, target: Target): void {
    const { state, port, instanceId } = target;
    const { targetGroupArn } = target.settings;
    const { taskId, group } = task;
    this.bus.emit({
      type: "TargetHealthChange",
      t: this.engine.now,
      taskId,
      group,
      targetGroupArn,
      ...(instanceId !== undefined && { instanceId }),
      port,
      state,
      ...(state === "unhealthy" && { reason: TIMED_OUT }),
    });
  }
}
