import type { SimEvent } from "../../sim/model/events.ts";

/** The cluster most fault tests start from: a group "web" of m5.large hosts over three zones. */
export const threeZoneCluster = (name: string, duration: string, hosts: number) => `
name: ${name}
duration: ${duration}
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  containerInstances:
    - { name: web, instanceType: m5.large, count: ${hosts} }`;

type Fault = Extract<SimEvent, { type: "Fault" }>;

/** The run's fault timeline, one "<minute>m <what>" line per fault; `what` is the fault's kind unless given. */
export const faultLog = (events: readonly SimEvent[], what: (fault: Fault) => string = (f) => f.fault) =>
  events.flatMap((e) => (e.type === "Fault" ? [`${e.t / 60_000}m ${what(e)}`] : []));

/** The status and agent connection of a zone's instances at each change, "<minute>m ACTIVE true". */
export const instanceChanges = (events: readonly SimEvent[], zone: string) =>
  events.flatMap((e) => (e.type === "ContainerInstanceStateChange" && e.availabilityZone === zone ? [`${e.t / 60_000}m ${e.status} ${e.agentConnected}`] : []));

/** Tasks placed in `zone` from `from` (included) to `to` (excluded), ms. */
export const placedIn = (events: readonly SimEvent[], zone: string, from: number, to: number) =>
  events.filter((e) => e.type === "TaskPlaced" && e.availabilityZone === zone && e.t >= from && e.t < to).length;
