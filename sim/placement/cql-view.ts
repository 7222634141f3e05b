/** A container instance as the cluster query language sees it (the subjects of ecs-behaviour 2.2). */
import { runningTasksCount, type ContainerInstance } from "../model/instance.ts";
import type { CqlInstance } from "./cql/index.ts";

export function cqlView(instance: ContainerInstance, epochMs: number): CqlInstance {
  return {
    get agentConnected() {
      return instance.agentConnected;
    },
    agentVersion: instance.agentVersion,
    ec2InstanceId: instance.ec2InstanceId,
    registeredAtEpochMs: epochMs + instance.registeredAt,
    get runningTasksCount() {
      return runningTasksCount(instance);
    },
    attribute: (name) => instance.attributes[name],
    someTaskGroup(test) {
      for (const task of instance.tasks) if (task.desiredStatus === "RUNNING" && test(task.group)) return true;
      return false;
    },
  };
}
