/** A small simulated world for control-plane and agent tests: engine, bus, cluster, control plane. */
import { ControlPlane } from "../../sim/control/control-plane.ts";
import { Engine } from "../../sim/engine/engine.ts";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { buildCatalogue, type InstanceTypeOverride } from "../../sim/model/catalogue.ts";
import type { ContainerInstance } from "../../sim/model/instance.ts";
import { Cluster } from "../../sim/model/cluster.ts";
import { EventBus, type SimEvent } from "../../sim/model/events.ts";
import { DEFAULT_WORKLOAD, type Workload } from "../../sim/model/workload.ts";
import { createPlacementEngine } from "../../sim/placement/pipeline.ts";
import { CapacityProviders } from "../../sim/capacity/capacity-providers.ts";

export interface WorldOptions {
  seed?: number;
  workloads?: Record<string, Partial<Workload>>;
  awsvpcTrunking?: boolean;
  explain?: boolean;
  instanceTypes?: InstanceTypeOverride[];
}

export function makeWorld(options: WorldOptions = {}) {
  const engine = new Engine();
  const bus = new EventBus();
  const rng = new RandomStreams(options.seed ?? 1);
  const catalogue = buildCatalogue(options.instanceTypes);
  const cluster = new Cluster("test", ["us-east-1a", "us-east-1b", "us-east-1c"], catalogue);
  const workload = (definition: { family: string }): Workload => ({ ...DEFAULT_WORKLOAD, ...options.workloads?.[definition.family] });
  const control = new ControlPlane({ engine, bus, cluster, rng, workload }, createPlacementEngine(cluster, rng.stream("placement"), { explain: options.explain ?? false, epochMs: 0 }), rng.stream("ids"), {
    awsvpcTrunking: options.awsvpcTrunking ?? false,
    capacity: new CapacityProviders([], [], bus, cluster),
  });
  const events: SimEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const addInstance = (type = "m5.large", az = "us-east-1a", attributes: Record<string, string> = {}) =>
    control.registerContainerInstance({
      instanceType: catalogue.get(type)!,
      availabilityZone: az,
      groupName: type,
      attributes,
      reservedMemory: 0,
      amiId: "ami-test",
      agentVersion: "1.98.0",
    });
  /** Runs `fn` while only `instance` has a connected agent, so whatever it places lands there. */
  const onlyOn = <T>(instance: ContainerInstance, fn: () => T): T => {
    const others = [...cluster.instances()].filter((i) => i !== instance && i.agentConnected);
    for (const i of others) cluster.setAgentConnected(i, false);
    try {
      return fn();
    } finally {
      for (const i of others) cluster.setAgentConnected(i, true);
    }
  };
  /** The lastStatus values a task went through, in order. */
  const statuses = (taskId: string) =>
    events.flatMap((e) => (e.type === "TaskStateChange" && e.taskId === taskId ? [`${e.t}:${e.lastStatus}`] : []));
  return { engine, bus, cluster, control, events, addInstance, statuses, onlyOn };
}
