/**
 * Domain events: what happened in the cluster, in ECS's vocabulary. Control plane and agents emit
 * them on one bus; the recorder, and later schedulers and faults, subscribe. Each event is also a
 * line of events.jsonl, so field names follow the ECS API and EventBridge detail shapes.
 */
import type { Explanation, ZoneChoice } from "./explanation.ts";
import type { Ec2State, InstanceStatus } from "./instance.ts";
import type { DeploymentStatus, RolloutState, ServiceStatus } from "./service.ts";
import type { DesiredStatus, StopCode, TargetHealthState, Task, TaskStatus } from "./task.ts";

/** RunTask `failures[]` reasons (ecs-behaviour 5.6). */
export type FailureReason =
  | "RESOURCE:CPU"
  | "RESOURCE:MEMORY"
  | "RESOURCE:GPU"
  | "RESOURCE:PORTS"
  | "RESOURCE:ENI"
  | "AGENT"
  | "ATTRIBUTE"
  | "MISSING"
  | "INACTIVE"
  | "RESOURCE:FARGATE"
  | "DistinctInstance placement constraint unsatisfied."
  | "MemberOf placement constraint unsatisfied.";

export interface RunTaskFailure {
  /** The closest matching container instance, when there was one. */
  readonly containerInstanceId?: string;
  readonly reason: FailureReason;
  readonly detail: string;
}

export const FAULT_KINDS = [
  "TerminateInstance",
  "StopInstance",
  "StartInstance",
  "LaunchReplacement",
  "SpotInterruptionNotice",
  "AgentDisconnected",
  "AgentReconnected",
  "NetworkPartitioned",
  "NetworkRestored",
  "AvailabilityZonePowerLoss",
  "AvailabilityZonePartition",
  "AvailabilityZoneRecovered",
  "FargateSpotInterruption",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds that end a fault: on the fault timeline, but not faults themselves. */
export const RECOVERY_KINDS: readonly string[] = ["StartInstance", "LaunchReplacement", "AgentReconnected", "NetworkRestored", "AvailabilityZoneRecovered"] satisfies FaultKind[];

export const FAULT_CAUSES = ["timeline", "instanceFailures", "spotInterruptions", "availabilityZoneOutage", "disconnectedInstances"] as const;
export type FaultCause = (typeof FAULT_CAUSES)[number];

/** An Availability Zone outage: the hosts lose power, or the zone is cut off from the network. */
export type OutageKind = "powerLoss" | "networkPartition";

export type SimEvent =
  | {
      readonly type: "ContainerInstanceStateChange";
      readonly t: number;
      readonly containerInstanceId: string;
      readonly ec2InstanceId: string;
      readonly instanceType: string;
      readonly availabilityZone: string;
      readonly status: InstanceStatus;
      readonly agentConnected: boolean;
      readonly reason: string;
    }
  | { readonly type: "TaskDefinitionRegistered"; readonly t: number; readonly taskDefinition: string }
  | {
      readonly type: "RunTask";
      readonly t: number;
      readonly taskDefinition: string;
      readonly count: number;
      readonly group: string;
      readonly startedBy?: string;
      readonly tasks: readonly string[];
      readonly failures: readonly RunTaskFailure[];
    }
  | {
      readonly type: "TaskPlaced";
      readonly t: number;
      readonly taskId: string;
      readonly group: string;
      readonly containerInstanceId: string;
      readonly availabilityZone: string;
    }
  /** Why a task went where it did (with --explain): each stage of the pipeline and each strategy. */
  | {
      readonly type: "PlacementExplained";
      readonly t: number;
      readonly taskDefinition: string;
      readonly group: string;
      /** The task placed, when one was; its TaskPlaced event comes just before. */
      readonly taskId?: string;
      readonly containerInstanceId?: string;
      readonly failure?: RunTaskFailure;
      readonly explanation: Explanation | ZoneChoice;
    }
  | {
      readonly type: "TaskStateChange";
      readonly t: number;
      readonly taskId: string;
      readonly group: string;
      readonly taskDefinition: string;
      readonly containerInstanceId: string;
      readonly lastStatus: TaskStatus;
      readonly desiredStatus: DesiredStatus;
      readonly stopCode?: StopCode;
      readonly stoppedReason?: string;
      readonly exitCode?: number;
    }
  | { readonly type: "StopTask"; readonly t: number; readonly taskId: string; readonly reason: string }
  /** The task's health from its container health checks changed. */
  | { readonly type: "TaskHealthChange"; readonly t: number; readonly taskId: string; readonly group: string; readonly healthStatus: "UNKNOWN" | "HEALTHY" | "UNHEALTHY" }
  /** A service event, as DescribeServices lists them, with ECS's message text. */
  | { readonly type: "ServiceEvent"; readonly t: number; readonly serviceName: string; readonly message: string }
  /** The scheduler could not place a service task (EventBridge SERVICE_TASK_PLACEMENT_FAILURE); every attempt. */
  | { readonly type: "ServiceTaskPlacementFailure"; readonly t: number; readonly serviceName: string; readonly reason: FailureReason; readonly detail: string }
  /** A DAEMON service's computed desired count changed (EventBridge SERVICE_DESIRED_COUNT_UPDATED). */
  | { readonly type: "ServiceDesiredCountUpdated"; readonly t: number; readonly serviceName: string; readonly desiredCount: number }
  /** CreateService, UpdateService and DeleteService as ECS accepted them. */
  | {
      readonly type: "ServiceAction";
      readonly t: number;
      readonly action: "CreateService" | "UpdateService" | "DeleteService";
      readonly serviceName: string;
      readonly status: ServiceStatus;
      readonly desiredCount: number;
      readonly taskDefinition: string;
    }
  /** A deployment started, completed or went INACTIVE. */
  | {
      readonly type: "DeploymentStateChange";
      readonly t: number;
      readonly serviceName: string;
      readonly deploymentId: string;
      readonly status: DeploymentStatus;
      readonly rolloutState: RolloutState;
      readonly taskDefinition: string;
      /** EventBridge's reason, e.g. "ECS deployment circuit breaker: task failed to start." */
      readonly reason?: string;
    }
  /** A target's health in an ELB target group changed (ELB TargetHealth). */
  | {
      readonly type: "TargetHealthChange";
      readonly t: number;
      readonly taskId: string;
      readonly group: string;
      readonly targetGroupArn: string;
      /** ELB's target id: the EC2 instance for an instance target (bridge, host); absent for an IP target (awsvpc). */
      readonly instanceId?: string;
      readonly port: number;
      readonly state: TargetHealthState;
      readonly reason?: string;
    }
  /** EC2's "EC2 Instance State-change Notification": a host stopped, started or terminated, whatever ECS knows of it. */
  | {
      readonly type: "EC2InstanceStateChange";
      readonly t: number;
      readonly ec2InstanceId: string;
      readonly containerInstanceId: string;
      readonly state: Ec2State;
    }
  /** A fault injected into the cluster, or its end: together they are the run's fault timeline. */
  | {
      readonly type: "Fault";
      readonly t: number;
      readonly fault: FaultKind;
      /** What injected it: the timeline, or one of the scenario's `faults:` processes. */
      readonly cause: FaultCause;
      readonly containerInstanceId?: string;
      readonly ec2InstanceId?: string;
      readonly availabilityZone?: string;
      /** On AvailabilityZoneRecovered: the kind of outage that ended (a zone's outages may overlap). */
      readonly outage?: OutageKind;
      /** The task a Fargate Spot interruption takes. */
      readonly taskId?: string;
    }
  /** An EC2 Auto Scaling activity (DescribeScalingActivities): a launch or a termination, and why. */
  | {
      readonly type: "AutoScalingActivity";
      readonly t: number;
      readonly autoScalingGroupName: string;
      readonly action: "Launch" | "Terminate";
      readonly ec2InstanceId: string;
      readonly instanceType: string;
      readonly description: string;
      readonly cause: string;
      /** The group's desired capacity after the change. */
      readonly desiredCapacity: number;
    }
  /** A Service Auto Scaling activity (Application Auto Scaling DescribeScalingActivities). */
  | {
      readonly type: "ServiceScalingActivity";
      readonly t: number;
      /** service/<cluster>/<service> */
      readonly resourceId: string;
      readonly serviceName: string;
      readonly description: string;
      readonly cause: string;
      readonly statusCode: "Successful" | "Failed";
      readonly desiredCount: number;
      readonly previousDesiredCount: number;
    }
  /** Managed scaling's metric, published every minute (namespace AWS/ECS/ManagedScaling). */
  | { readonly type: "CapacityProviderReservation"; readonly t: number; readonly capacityProviderName: string; readonly value: number }
  /** An API call ECS would have rejected with an exception, with ECS's message. */
  | { readonly type: "ApiError"; readonly t: number; readonly action: string; readonly error: string; readonly message: string };

export type SimEventType = SimEvent["type"];

/** The TaskStateChange event of a task now, as ECS's task state change events carry it. */
export function taskStateChange(task: Task, t: number, lastStatus: TaskStatus = task.lastStatus): SimEvent {
  return {
    type: "TaskStateChange",
    t,
    taskId: task.taskId,
    group: task.group,
    taskDefinition: task.taskDefinition.familyRevision,
    containerInstanceId: task.containerInstanceId,
    lastStatus,
    desiredStatus: task.desiredStatus,
    ...(task.stopCode !== undefined && { stopCode: task.stopCode }),
    ...(task.stoppedReason !== undefined && { stoppedReason: task.stoppedReason }),
    ...(task.exitCode !== undefined && { exitCode: task.exitCode }),
  };
}
export type Listener = (event: SimEvent) => void;

/**
 * The one bus every component publishes to. Listeners run synchronously in subscription order. An
 * event emitted while another is being delivered waits until every listener has had the first:
 * causes always come before their effects, in events.jsonl as in every listener.
 */
export class EventBus {
  readonly #listeners: Listener[] = [];
  readonly #pending: SimEvent[] = [];
  #delivering = false;

  subscribe(listener: Listener): void {
    this.#listeners.push(listener);
  }

  emit(event: SimEvent): void {
    this.#pending.push(event);
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      // Index, not shift(): O(1) per event however long a cascade gets.
      for (let i = 0; i < this.#pending.length; i++) {
        const next = this.#pending[i] as SimEvent;
        for (const listener of this.#listeners) listener(next);
      }
    } finally {
      this.#pending.length = 0;
      this.#delivering = false;
    }
  }
}
