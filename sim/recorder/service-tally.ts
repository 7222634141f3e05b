/**
 * Per-service KPIs from the event stream, in two views. ECS's view counts RUNNING tasks; the truth
 * view counts the tasks that actually serve: RUNNING on a host clients can reach (a network
 * partition leaves tasks RUNNING for ECS while they serve nobody; a Fargate task's host is its
 * zone, cut off by a zone's partition) and, behind a load balancer,
 * with healthy targets (a load balancer routes only to those). Availability is task-seconds
 * served, capped at the desired count, over desired task-seconds. Also: tasks started and stopped
 * by stop code, placement failures and the task-seconds left unplaced after one, deployments, the
 * longest time from a change to the next steady state, and for faults the tasks they took and the
 * time until the service served its desired count again.
 *
 * Cost: O(1) per task or target event; a partition or its end costs O(tasks on the host).
 */
import { FAULT_CAUSES, type FaultCause, type SimEvent } from "../model/events.ts";
import { serviceGroup, serviceNameOf } from "../model/service.ts";
import { STOP_CODES, type TargetHealthState } from "../model/task.ts";
import { serviceMessages } from "../schedulers/messages.ts";
import { ZoneOutages } from "../capacity/zones.ts";
import { round } from "./round.ts";

interface Tally {
  desired: number;
  /** The primary task definition, family:revision, as the latest ServiceAction gave it. */
  taskDefinition: string;
  /** RUNNING tasks and the instance each runs on. */
  readonly running: Map<string, string>;
  /** RUNNING tasks that serve (the truth view). */
  readonly serving: Set<string>;
  /** Tasks placed and not yet STOPPED. */
  placed: number;
  since: number;
  servedMs: number;
  runningMs: number;
  desiredMs: number;
  /** Set by a placement failure; cleared once every desired task is placed. */
  unplaced: boolean;
  unplacedMs: number;
  started: number;
  stopped: number;
  readonly stoppedByCode: Map<string, number>;
  placementFailures: number;
  readonly deployments: Set<string>;
  changedAt: number | undefined;
  timeToSteadyState: number[];
  lostToFaults: number;
  /** When the fault that left the service short began; cleared when it serves its desired count again. */
  faultAt: number | undefined;
  readonly timeToRecover: number[];
}

/** A service's counts now, and its primary task definition (for its utilization). */
export interface ServiceCounts {
  readonly group: string;
  readonly desired: number;
  readonly serving: number;
  readonly taskDefinition: string;
}

/** The host a Fargate task is reached through, for partitions: its zone. */
const fargateHost = (zone: string): string => `zone ${zone}`;

export class ServiceTally {
  readonly #services = new Map<string, Tally>();
  /** Hosts cut off by a network partition: instances, and zones (Fargate tasks' hosts, by fargateHost). */
  readonly #partitioned = new Set<string>();
  /** RUNNING service tasks by host: taskId -> service name. */
  readonly #byInstance = new Map<string, Map<string, string>>();
  /** Fargate service tasks not yet STOPPED: taskId -> their host, their zone. */
  readonly #fargateHosts = new Map<string, string>();
  /** Zones under one or more network partitions. */
  readonly #zonePartitions = new ZoneOutages();
  /** Service tasks lost to faults, by what injected the fault. */
  readonly #lostByCause = new Map<FaultCause, number>(FAULT_CAUSES.map((c) => [c, 0]));
  /** The cause of the latest fault: the tasks it takes are stopped or cut off right after it. */
  #cause: FaultCause = "timeline";
  /** The target health of RUNNING tasks behind a load balancer (the worst of their targets). */
  readonly #targets = new Map<string, TargetHealthState>();

  constructor(names: readonly string[]) {
    for (const name of names) this.#tally(name);
  }

  record(event: SimEvent): void {
    switch (event.type) {
      case "ServiceAction": {
        const tally = this.#advance(event.serviceName, event.t);
        tally.desired = event.desiredCount;
        tally.taskDefinition = event.taskDefinition;
        tally.changedAt = event.t;
        this.#settle(tally, event.t);
        break;
      }
      case "ServiceDesiredCountUpdated": {
        const tally = this.#advance(event.serviceName, event.t);
        tally.desired = event.desiredCount;
        this.#settle(tally, event.t);
        break;
      }
      case "DeploymentStateChange":
        this.#tally(event.serviceName).deployments.add(event.deploymentId);
        break;
      case "ServiceTaskPlacementFailure":
        this.#advance(event.serviceName, event.t).unplaced = true;
        this.#tally(event.serviceName).placementFailures += 1;
        break;
      case "ServiceEvent": {
        const tally = this.#tally(event.serviceName);
        if (tally.changedAt !== undefined && event.message === serviceMessages.steadyState(event.serviceName)) {
          tally.timeToSteadyState.push(event.t - tally.changedAt);
          tally.changedAt = undefined;
        }
        break;
      }
      case "TaskPlaced": {
        const service = serviceNameOf(event.group);
        if (service !== undefined) {
          if (event.containerInstanceId === "") this.#fargateHosts.set(event.taskId, fargateHost(event.availabilityZone));
          const tally = this.#advance(service, event.t);
          tally.placed += 1;
          this.#settle(tally, event.t);
        }
        break;
      }
      case "TaskStateChange": {
        const service = serviceNameOf(event.group);
        if (service !== undefined) this.#taskChanged(event, service);
        break;
      }
      case "TargetHealthChange": {
        const service = serviceNameOf(event.group);
        if (service !== undefined) {
          const tally = this.#advance(service, event.t);
          this.#targets.set(event.taskId, event.state);
          this.#refresh(tally, event.taskId);
          this.#settle(tally, event.t);
        }
        break;
      }
      case "Fault":
        this.#cause = event.cause;
        if (event.fault === "NetworkPartitioned" || event.fault === "NetworkRestored") this.#reachability(event.containerInstanceId as string, event.fault === "NetworkRestored", event.t);
        // A zone's partitions cut its Fargate tasks off too, from the first until the last ends.
        else if (event.fault === "AvailabilityZonePartition") {
          const zone = event.availabilityZone as string;
          const cutOff = !this.#zonePartitions.isOut(zone);
          this.#zonePartitions.lost(zone);
          if (cutOff) this.#reachability(fargateHost(zone), false, event.t);
        } else if (event.fault === "AvailabilityZoneRecovered" && event.outage === "networkPartition") {
          const zone = event.availabilityZone as string;
          if (this.#zonePartitions.recovered(zone)) this.#reachability(fargateHost(zone), true, event.t);
        }
        break;
      default:
        break;
    }
  }

  #taskChanged(event: Extract<SimEvent, { type: "TaskStateChange" }>, service: string): void {
    const tally = this.#advance(service, event.t);
    const instance = event.containerInstanceId === "" ? (this.#fargateHosts.get(event.taskId) as string) : event.containerInstanceId;
    const wasServing = tally.serving.has(event.taskId);
    if (event.lastStatus === "RUNNING") {
      tally.running.set(event.taskId, instance);
      tally.started += 1;
      this.#tasksOn(instance).set(event.taskId, service);
    } else if (tally.running.delete(event.taskId)) {
      this.#byInstance.get(instance)?.delete(event.taskId);
      this.#targets.delete(event.taskId);
    }
    this.#refresh(tally, event.taskId);
    // A serving task whose host was terminated or stopped under it, or whose Spot capacity was taken back: the fault took it.
    if (wasServing && !tally.serving.has(event.taskId) && (event.stopCode === "TerminationNotice" || event.stopCode === "SpotInterruption")) this.#lostToFault(tally, event.t);
    if (event.lastStatus === "STOPPED") {
      this.#fargateHosts.delete(event.taskId);
      tally.placed -= 1;
      tally.stopped += 1;
      const code = event.stopCode ?? "none";
      tally.stoppedByCode.set(code, (tally.stoppedByCode.get(code) ?? 0) + 1);
    }
    this.#settle(tally, event.t);
  }

  /** Whether a task serves: RUNNING, on a reachable host, and healthy in its target groups if it has any. */
  #refresh(tally: Tally, taskId: string): void {
    const instance = tally.running.get(taskId);
    const serves = instance !== undefined && !this.#partitioned.has(instance) && (this.#targets.get(taskId) ?? "healthy") === "healthy";
    if (serves) tally.serving.add(taskId);
    else tally.serving.delete(taskId);
  }

  /** A partition cuts a host's RUNNING tasks off from clients; its end brings them back. */
  #reachability(instance: string, reachable: boolean, t: number): void {
    if (reachable) this.#partitioned.delete(instance);
    else this.#partitioned.add(instance);
    for (const [taskId, service] of this.#tasksOn(instance)) {
      const tally = this.#advance(service, t);
      const wasServing = tally.serving.has(taskId);
      this.#refresh(tally, taskId);
      if (wasServing && !tally.serving.has(taskId)) this.#lostToFault(tally, t);
      this.#settle(tally, t);
    }
  }

  #lostToFault(tally: Tally, t: number): void {
    tally.lostToFaults += 1;
    this.#lostByCause.set(this.#cause, (this.#lostByCause.get(this.#cause) ?? 0) + 1);
    tally.faultAt ??= t;
  }

  /** After a change: is the service back at its desired count of serving tasks, and fully placed? */
  #settle(tally: Tally, t: number): void {
    if (tally.placed >= tally.desired) tally.unplaced = false;
    if (tally.faultAt !== undefined && tally.serving.size >= tally.desired) {
      tally.timeToRecover.push(t - tally.faultAt);
      tally.faultAt = undefined;
    }
  }

  #tasksOn(instance: string): Map<string, string> {
    let tasks = this.#byInstance.get(instance);
    if (tasks === undefined) {
      tasks = new Map();
      this.#byInstance.set(instance, tasks);
    }
    return tasks;
  }

  /** The summary's `services` section at time `end`, keys sorted. */
  summarize(end: number) {
    const ratio = (part: number, whole: number) => (whole === 0 ? 1 : round(part / whole, 6));
    return Object.fromEntries(
      [...this.#services.keys()].sort().map((name) => {
        const t = this.#advance(name, end);
        // A change or a fault still not settled at the end counts with the time it has taken so far.
        const recoveries = t.faultAt === undefined ? t.timeToRecover : [...t.timeToRecover, end - t.faultAt];
        return [
          name,
          {
            desiredCount: t.desired,
            runningCount: t.running.size,
            availability: ratio(t.servedMs, t.desiredMs),
            reportedAvailability: ratio(t.runningMs, t.desiredMs),
            unplacedTaskSeconds: round(t.unplacedMs / 1000, 6),
            tasksStarted: t.started,
            tasksStopped: t.stopped,
            stoppedByCode: Object.fromEntries([...STOP_CODES, "none"].map((code) => [code, t.stoppedByCode.get(code) ?? 0])),
            placementFailures: t.placementFailures,
            deployments: t.deployments.size,
            maxTimeToSteadyState: Math.max(0, ...t.timeToSteadyState, t.changedAt === undefined ? 0 : end - t.changedAt),
            tasksLostToFaults: t.lostToFaults,
            faultRecoveries: t.timeToRecover.length,
            recoveringAtEnd: t.faultAt === undefined ? 0 : 1,
            maxTimeToRecover: recoveries.reduce((a, b) => Math.max(a, b), 0),
            meanTimeToRecover: recoveries.length === 0 ? 0 : Math.round(recoveries.reduce((a, b) => a + b, 0) / recoveries.length),
          },
        ];
      }),
    );
  }

  /** Each service's desired count and serving tasks now, for metrics.csv; O(services). */
  *counts(): Iterable<ServiceCounts> {
    for (const [name, tally] of this.#services) yield { group: serviceGroup(name), desired: tally.desired, serving: tally.serving.size, taskDefinition: tally.taskDefinition };
  }

  /** Service tasks lost to faults by cause, in a fixed key order. */
  lostByCause(): Record<FaultCause, number> {
    return Object.fromEntries(FAULT_CAUSES.map((c) => [c, this.#lostByCause.get(c) ?? 0])) as Record<FaultCause, number>;
  }

  /** Accrues served, running, desired and unplaced task-time up to `t`. */
  #advance(name: string, t: number): Tally {
    const tally = this.#tally(name);
    const dt = t - tally.since;
    if (dt === 0) return tally;
    tally.servedMs += Math.min(tally.serving.size, tally.desired) * dt;
    tally.runningMs += Math.min(tally.running.size, tally.desired) * dt;
    tally.desiredMs += tally.desired * dt;
    if (tally.unplaced) tally.unplacedMs += Math.max(0, tally.desired - tally.placed) * dt;
    tally.since = t;
    return tally;
  }

  #tally(name: string): Tally {
    let tally = this.#services.get(name);
    if (tally === undefined) {
      tally = {
        desired: 0,
        taskDefinition: "",
        running: new Map(),
        serving: new Set(),
        placed: 0,
        since: 0,
        servedMs: 0,
        runningMs: 0,
        desiredMs: 0,
        unplaced: false,
        unplacedMs: 0,
        started: 0,
        stopped: 0,
        stoppedByCode: new Map(),
        placementFailures: 0,
        deployments: new Set(),
        changedAt: undefined,
        timeToSteadyState: [],
        lostToFaults: 0,
        faultAt: undefined,
        timeToRecover: [],
      };
      this.#services.set(name, tally);
    }
    return tally;
  }
}
