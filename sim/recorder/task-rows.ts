/** tasks.csv rows: one per task, as DescribeTasks would show it at the end of the run (times in ms). */
import type { ContainerInstance } from "../model/instance.ts";
import type { Task } from "../model/task.ts";

export const TASK_COLUMNS = [
  "taskId",
  "group",
  "startedBy",
  "taskDefinition",
  "containerInstanceId",
  "ec2InstanceId",
  "instanceType",
  "availabilityZone",
  "capacityProviderName",
  "lastStatus",
  "desiredStatus",
  "createdAt",
  "startedAt",
  "stoppingAt",
  "stoppedAt",
  "stopCode",
  "stoppedReason",
  "exitCode",
] as const;

export type TaskRow = Record<(typeof TASK_COLUMNS)[number], string | number>;

export function taskRow(task: Task, instance: ContainerInstance | undefined): TaskRow {
  return {
    taskId: task.taskId,
    group: task.group,
    startedBy: task.startedBy ?? "",
    taskDefinition: task.taskDefinition.familyRevision,
    containerInstanceId: task.containerInstanceId,
    ec2InstanceId: instance?.ec2InstanceId ?? "",
    instanceType: instance?.instanceType.name ?? "",
    availabilityZone: task.availabilityZone,
    capacityProviderName: task.capacityProviderName ?? "",
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    createdAt: task.createdAt,
    startedAt: task.startedAt ?? "",
    stoppingAt: task.stoppingAt ?? "",
    stoppedAt: task.stoppedAt ?? "",
    stopCode: task.stopCode ?? "",
    stoppedReason: task.stoppedReason ?? "",
    exitCode: task.exitCode ?? "",
  };
}
