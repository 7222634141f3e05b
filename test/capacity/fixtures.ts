/** Scenarios with one Auto Scaling group capacity provider, for the capacity tests. */
import { simulate } from "../helpers/scenario.ts";

export interface ProviderOptions {
  desiredCount?: number;
  instanceType?: string;
  /** Extra keys of the group, as YAML flow text, e.g. "minSize: 1". */
  group?: string;
  /** The managedScaling object, as YAML flow text; "none" for none. */
  managedScaling?: string;
  provider?: string;
  taskCpu?: number;
  taskMemory?: number;
  timeline?: string[];
  duration?: string;
  services?: string;
  maxSize?: number;
  /** More keys of the cluster, as YAML lines. */
  cluster?: string;
  /** More keys of the task definition, as YAML flow text, e.g. "networkMode: awsvpc". */
  taskDefinition?: string;
  /** More keys of its container, as YAML flow text. */
  container?: string;
  /** More top-level keys, as YAML lines, e.g. targetGroups. */
  extra?: string;
}

/** A service of `desiredCount` tasks of 512 CPU units on an m5.large group (four tasks an instance) through the cluster's default strategy. */
export function providerScenario(o: ProviderOptions = {}): string {
  const scaling = o.managedScaling === "none" ? "" : `\n      managedScaling: ${o.managedScaling ?? "{ targetCapacity: 100 }"}`;
  return `
name: capacity-test
duration: ${o.duration ?? "2h"}
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  defaultCapacityProviderStrategy: [{ capacityProvider: cp, weight: 1 }]${o.cluster === undefined ? "" : `\n  ${o.cluster}`}
autoScalingGroups:
  - { autoScalingGroupName: asg, instanceType: ${o.instanceType ?? "m5.large"}, maxSize: ${o.maxSize ?? 10}, launchTime: 90s${o.group === undefined ? "" : `, ${o.group}`} }
capacityProviders:
  - name: cp
    autoScalingGroupProvider:
      autoScalingGroupArn: asg${scaling}${o.provider === undefined ? "" : `\n      ${o.provider}`}
taskDefinitions:
  - { family: web${o.taskDefinition === undefined ? "" : `, ${o.taskDefinition}`}, containerDefinitions: [{ name: app, image: nginx, cpu: ${o.taskCpu ?? 512}, memory: ${o.taskMemory ?? 1024}${o.container === undefined ? "" : `, ${o.container}`} }] }
services:
  ${o.services ?? `- { serviceName: web, taskDefinition: web, desiredCount: ${o.desiredCount ?? 1} }`}
timeline:
${(o.timeline ?? []).map((e) => `  - ${e}`).join("\n") || "  []"}
${o.extra ?? ""}
`;
}

export function runProvider(o: ProviderOptions = {}) {
  const run = simulate(providerScenario(o));
  const { events } = run;
  const activities = events.flatMap((e) => (e.type === "AutoScalingActivity" ? [{ t: e.t, action: e.action, desired: e.desiredCapacity, cause: e.cause, description: e.description }] : []));
  const reservations = events.flatMap((e) => (e.type === "CapacityProviderReservation" ? [{ t: e.t, value: e.value }] : []));
  const registrations = events.flatMap((e) => (e.type === "ContainerInstanceStateChange" && e.reason === "RegisterContainerInstance" ? [e] : []));
  return { ...run, activities, reservations, registrations };
}

/** A cluster over three zones (`zones` to change them) with a Fargate task definition `app` of 1 vCPU and 2 GB and the given services. */
export function fargateScenario(o: { services?: string; timeline?: string; duration?: string; zones?: readonly string[]; cpu?: number; memory?: number; stopTime?: string; extra?: string } = {}): string {
  return `
name: fargate
duration: ${o.duration ?? "1h"}
cluster:
  availabilityZones: [${(o.zones ?? ["us-east-1a", "us-east-1b", "us-east-1c"]).join(", ")}]
taskDefinitions:
  - { family: app, networkMode: awsvpc, requiresCompatibilities: [FARGATE], cpu: "${o.cpu ?? 1024}", memory: "${o.memory ?? 2048}", containerDefinitions: [{ name: app, image: "app:1" }] }
services:
  ${o.services ?? "[]"}
workloads:
  app: { imagePullTime: 20s, startTime: 10s${o.stopTime === undefined ? "" : `, stopTime: ${o.stopTime}`} }
timeline: ${o.timeline ?? "[]"}
${o.extra ?? ""}
`;
}
