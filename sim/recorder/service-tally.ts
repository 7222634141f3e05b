/**
 * Per-service KPIs from the event stream: availability from the truth view (task-seconds RUNNING,
 * capped at the desired count, over desired task-seconds), tasks started and stopped by stop code,
 * placement failures, deployments, and the longest time from a change (CreateService,
 * UpdateService) to the next steady state.
 */
import type { SimEvent } from "../model/events.ts";
import { STOP_CODES } from "../model/task.ts";

interface Tally {
  desired: number;
  readonly running: Set<string>;
  since: number;
  servedMs: number;
  desiredMs: number;
  started: number;
  stopped: number;
  readonly stoppedByCode: Map<string, number>;
  placementFailures: number;
  readonly deployments: Set<string>;
  changedAt: number | undefined;
  timeToSteadyState: number[];
}

export class ServiceTally {
  readonly #services = new Map<string, Tally>();

  constructor(names: readonly string[]) {
    for (const name of names) this.#tally(name);
  }

  record(event: SimEvent): void {
    switch (event.type) {
      case "ServiceAction": {
        const tally = this.#advance(event.serviceName, event.t);
        tally.desired = event.desiredCount;
        tally.changedAt = event.t;
        break;
      }
      case "ServiceDesiredCountUpdated":
        this.#advance(event.serviceName, event.t).desired = event.desiredCount;
        break;
      case "DeploymentStateChange":
        this.#tally(event.serviceName).deployments.add(event.deploymentId);
        break;
      case "ServiceTaskPlacementFailure":
        this.#tally(event.serviceName).placementFailures += 1;
        break;
      case "ServiceEvent": {
        const tally = this.#tally(event.serviceName);
        if (event.message.endsWith("has reached a steady state.") && tally.changedAt !== undefined) {
          tally.timeToSteadyState.push(event.t - tally.changedAt);
          tally.changedAt = undefined;
        }
        break;
      }
      case "TaskStateChange": {
        if (!event.group.startsWith("service:")) break;
        const tally = this.#advance(event.group.slice("service:".length), event.t);
        if (event.lastStatus === "RUNNING") {
          tally.running.add(event.taskId);
          tally.started += 1;
        } else {
          tally.running.delete(event.taskId);
        }
        if (event.lastStatus === "STOPPED") {
          tally.stopped += 1;
          const code = event.stopCode ?? "none";
          tally.stoppedByCode.set(code, (tally.stoppedByCode.get(code) ?? 0) + 1);
        }
        break;
      }
      default:
        break;
    }
  }

  /** The summary's `services` section at time `end`, keys sorted. */
  summarize(end: number) {
    const round = (n: number) => Math.round(n * 1e6) / 1e6;
    return Object.fromEntries(
      [...this.#services.keys()].sort().map((name) => {
        const t = this.#advance(name, end);
        return [
          name,
          {
            desiredCount: t.desired,
            runningCount: t.running.size,
            availability: t.desiredMs === 0 ? 1 : round(t.servedMs / t.desiredMs),
            tasksStarted: t.started,
            tasksStopped: t.stopped,
            stoppedByCode: Object.fromEntries([...STOP_CODES, "none"].map((code) => [code, t.stoppedByCode.get(code) ?? 0])),
            placementFailures: t.placementFailures,
            deployments: t.deployments.size,
            // A change still not settled at the end counts with the time it has taken so far.
            maxTimeToSteadyState: Math.max(0, ...t.timeToSteadyState, t.changedAt === undefined ? 0 : end - t.changedAt),
          },
        ];
      }),
    );
  }

  /** Accrues served and desired task-time up to `t`. */
  #advance(name: string, t: number): Tally {
    const tally = this.#tally(name);
    const dt = t - tally.since;
    tally.servedMs += Math.min(tally.running.size, tally.desired) * dt;
    tally.desiredMs += tally.desired * dt;
    tally.since = t;
    return tally;
  }

  #tally(name: string): Tally {
    let tally = this.#services.get(name);
    if (tally === undefined) {
      tally = { desired: 0, running: new Set(), since: 0, servedMs: 0, desiredMs: 0, started: 0, stopped: 0, stoppedByCode: new Map(), placementFailures: 0, deployments: new Set(), changedAt: undefined, timeToSteadyState: [] };
      this.#services.set(name, tally);
    }
    return tally;
  }
}
