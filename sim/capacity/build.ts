/**
 * Builds the scenario's Auto Scaling groups, attaches each to the capacity provider that names it,
 * and the managed scaling of each provider that has it on. Each group joins the cluster's list of
 * groups (control.capacity), where EC2's faults find it. Part of the composition root.
 */
import type { ControlPlane } from "../control/control-plane.ts";
import type { Engine } from "../engine/engine.ts";
import type { RandomStreams } from "../engine/rng.ts";
import type { InstanceType } from "../model/catalogue.ts";
import type { EventBus } from "../model/events.ts";
import type { ContainerInstance } from "../model/instance.ts";
import type { Task } from "../model/task.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import type { InstanceGroup } from "../scenario/schema/scenario.ts";
import { AutoScalingGroup } from "./auto-scaling-group.ts";
import { ManagedScaling } from "./managed-scaling.ts";

export interface CapacityContext {
  readonly engine: Engine;
  readonly bus: EventBus;
  readonly control: ControlPlane;
  readonly rng: RandomStreams;
  readonly catalogue: ReadonlyMap<string, InstanceType>;
  readonly isDaemonTask: (task: Task) => boolean;
  readonly clock: (t: number) => string;
}

/** Returns the managed scaling of each provider that has it on; the groups are in control.capacity. */
export function buildCapacity(scenario: LoadedScenario, ctx: CapacityContext): ManagedScaling[] {
  const scalers: ManagedScaling[] = [];
  // Daemon tasks do not make an instance busy (8.2): neither for scale-in nor for the metric.
  const busy = (instance: ContainerInstance, counts: (task: Task) => boolean): boolean => {
    for (const t of instance.tasks) if (counts(t) && !ctx.isDaemonTask(t)) return true;
    return false;
  };
  const runsTasks = (instance: ContainerInstance) => busy(instance, (t) => t.desiredStatus === "RUNNING");
  for (const spec of scenario.autoScalingGroups) {
    const name = spec.autoScalingGroupName;
    const provider = scenario.capacityProviders.find((p) => p.autoScalingGroupProvider.autoScalingGroupArn === name);
    const settings = provider?.autoScalingGroupProvider;
    const instanceTypes = spec.instanceTypes.map((t) => ctx.catalogue.get(t) as InstanceType);
    const group = new AutoScalingGroup(
      { ...spec, instanceTypes, availabilityZones: spec.availabilityZones ?? scenario.cluster.availabilityZones },
      ctx.engine,
      ctx.bus,
      ctx.control,
      ctx.rng.stream(`auto-scaling/${name}`),
      {
        register: (ec2InstanceId, availabilityZone, instanceType) => {
          const instance = ctx.control.registerContainerInstance({
            instanceType,
            availabilityZone,
            groupName: name,
            ec2InstanceId,
            capacityProviderName: provider?.name,
            attributes: spec.attributes ?? {},
            reservedMemory: spec.reservedMemory,
            amiId: spec.amiId,
            agentVersion: spec.agentVersion,
          });
          // Tasks waiting for capacity may fit now.
          ctx.control.placeWaitingTasks();
          return instance;
        },
        isProtected: (instance) => settings?.managedTerminationProtection === "ENABLED" && runsTasks(instance),
        managedDraining: settings?.managedDraining === "ENABLED",
        isBusy: (instance) => busy(instance, () => true),
        clock: ctx.clock,
      },
      ctx.control.zoneOutages,
    );
    ctx.control.capacity.addGroup(group);
    if (provider === undefined) continue;
    ctx.control.capacity.attach(provider.name, { instanceTypes, reservedMemory: spec.reservedMemory, trunking: scenario.cluster.awsvpcTrunking });
    if (settings?.managedScaling.status === "ENABLED") scalers.push(new ManagedScaling(provider, group, ctx.control, ctx.engine, ctx.bus, runsTasks, ctx.clock));
  }
  return scalers;
}

/** An Auto Scaling group as an instance group, for the faults that look instances up by group. */
export function instanceGroupOf(spec: LoadedScenario["autoScalingGroups"][number]): InstanceGroup {
  const { autoScalingGroupName: name, attributes, reservedMemory, amiId, spot, spotPrice, spotInstanceDraining, agentVersion } = spec;
  return { name, instanceType: spec.instanceTypes[0] as string, count: 0, availabilityZones: spec.availabilityZones, attributes, reservedMemory, amiId, spot, spotPrice, spotInstanceDraining, agentVersion };
}
