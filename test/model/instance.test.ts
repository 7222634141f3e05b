import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AGENT_RESERVED_TCP_PORTS, releaseCompute, releaseEni, reserve, resourceShortfall } from "../../sim/model/instance.ts";
import { EPHEMERAL_PORT_RANGE } from "../../sim/model/task-definition.ts";
import { container, makeDefinition, makeInstance, makeTask } from "../helpers/fixtures.ts";

describe("container instance registration", () => {
  it("registers the type's CPU and memory, less ECS_RESERVED_MEMORY (WE10)", () => {
    expect(makeInstance({ type: "m4.large" }).registered).toMatchObject({ cpu: 2048, memory: 7985 });
    expect(makeInstance({ type: "m4.large", reservedMemory: 256 }).registered.memory).toBe(7729);
  });

  it("carries the built-in attributes and custom ones, sorted", () => {
    const instance = makeInstance({ type: "m6g.large", az: "us-east-1b", attributes: { team: "web" } });
    expect(Object.keys(instance.attributes)).toEqual(["ecs.ami-id", "ecs.availability-zone", "ecs.cpu-architecture", "ecs.instance-type", "ecs.os-type", "team"]);
    expect(instance.attributes).toMatchObject({ "ecs.availability-zone": "us-east-1b", "ecs.cpu-architecture": "arm64", "ecs.instance-type": "m6g.large", "ecs.os-type": "linux" });
  });

  it("reserves the agent's default ports 22, 2375, 2376, 51678, 51679 (ecs-behaviour 3.3)", () => {
    const instance = makeInstance();
    expect([...instance.tcpPortsInUse]).toEqual([...AGENT_RESERVED_TCP_PORTS]);
    const ssh = makeDefinition({ containerDefinitions: [container({ portMappings: [{ containerPort: 22, hostPort: 22 }] })] });
    expect(resourceShortfall(instance, ssh.requirements)).toBe("RESOURCE:PORTS");
  });

  it("holds ENIs minus the primary for awsvpc tasks, more with trunking (WE9)", () => {
    expect(makeInstance({ type: "c5.large" }).registered.enis).toBe(2);
    expect(makeInstance({ type: "c5.large", trunking: true }).registered.enis).toBe(10);
  });
});

describe("resource accounting", () => {
  it("reports the first shortfall in the order CPU, memory, GPU, ports, ENI", () => {
    const instance = makeInstance({ type: "c5.large" });
    const big = makeDefinition({ containerDefinitions: [container({ cpu: 4096, memory: 65536 })] });
    expect(resourceShortfall(instance, big.requirements)).toBe("RESOURCE:CPU");
    const hungry = makeDefinition({ containerDefinitions: [container({ cpu: 10, memory: 65536 })] });
    expect(resourceShortfall(instance, hungry.requirements)).toBe("RESOURCE:MEMORY");
    const gpu = makeDefinition({ containerDefinitions: [container({ gpu: 1 })] });
    expect(resourceShortfall(instance, gpu.requirements)).toBe("RESOURCE:GPU");
  });

  it("allows one task per instance with a static host port, many with dynamic ports (WE11)", () => {
    const instance = makeInstance();
    const staticPort = makeDefinition({ containerDefinitions: [container({ cpu: 0, memory: 64, portMappings: [{ containerPort: 80, hostPort: 80 }] })] });
    reserve(instance, makeTask(staticPort, instance));
    expect(resourceShortfall(instance, staticPort.requirements)).toBe("RESOURCE:PORTS");
    const dynamic = makeDefinition({ containerDefinitions: [container({ cpu: 0, memory: 64, portMappings: [{ containerPort: 80 }] })] });
    const a = makeTask(dynamic, instance);
    const b = makeTask(dynamic, instance);
    reserve(instance, a);
    reserve(instance, b);
    expect(a.hostPorts.tcp).toEqual([EPHEMERAL_PORT_RANGE.first]);
    expect(b.hostPorts.tcp).toEqual([EPHEMERAL_PORT_RANGE.first + 1]);
  });

  it("limits awsvpc tasks by ENIs: a third task on a c5.large without trunking fails with RESOURCE:ENI (WE9)", () => {
    const instance = makeInstance({ type: "c5.large" });
    const awsvpc = makeDefinition({ networkMode: "awsvpc", containerDefinitions: [container({ cpu: 0, memory: 64 })] });
    reserve(instance, makeTask(awsvpc, instance));
    reserve(instance, makeTask(awsvpc, instance));
    expect(resourceShortfall(instance, awsvpc.requirements)).toBe("RESOURCE:ENI");
  });

  it("releases CPU, memory and ports when stopping starts, the ENI only at the end (ecs-behaviour 3.4)", () => {
    const instance = makeInstance({ type: "c5.large" });
    const awsvpc = makeDefinition({ networkMode: "awsvpc", containerDefinitions: [container({ cpu: 1024, memory: 1024 })] });
    const task = makeTask(awsvpc, instance);
    reserve(instance, task);
    releaseCompute(instance, task);
    expect(instance.remaining).toMatchObject({ cpu: 2048, memory: instance.registered.memory, enis: 1 });
    releaseEni(instance, task);
    expect(instance.remaining.enis).toBe(2);
    releaseCompute(instance, task);
    expect(instance.remaining.cpu).toBe(2048);
  });

  it("throws instead of over-committing", () => {
    const instance = makeInstance();
    const whole = makeDefinition({ containerDefinitions: [container({ cpu: 2048, memory: 512 })] });
    reserve(instance, makeTask(whole, instance));
    expect(() => reserve(instance, makeTask(whole, instance))).toThrow(/over-commit/);
  });

  it("property: any sequence of placements and releases never over-commits and releases back to registered", () => {
    const definitions = [
      makeDefinition({ containerDefinitions: [container({ cpu: 512, memory: 1024, portMappings: [{ containerPort: 80 }] })] }),
      makeDefinition({ containerDefinitions: [container({ cpu: 256, memory: 3000, portMappings: [{ containerPort: 8080, hostPort: 8080 }] })] }),
      makeDefinition({ networkMode: "awsvpc", containerDefinitions: [container({ cpu: 1024, memory: 256 })] }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), fc.boolean(), fc.nat(20)), { maxLength: 60 }), (steps) => {
        const instance = makeInstance({ type: "c5.large" });
        const placed: ReturnType<typeof makeTask>[] = [];
        for (const [which, place, victim] of steps) {
          const definition = definitions[which]!;
          if (place && resourceShortfall(instance, definition.requirements) === null) {
            const task = makeTask(definition, instance);
            reserve(instance, task);
            placed.push(task);
          } else if (!place && placed.length > 0) {
            const [task] = placed.splice(victim % placed.length, 1);
            releaseCompute(instance, task!);
            releaseEni(instance, task!);
            instance.tasks.delete(task!);
          }
          const r = instance.remaining;
          expect(Math.min(r.cpu, r.memory, r.gpu, r.enis)).toBeGreaterThanOrEqual(0);
        }
        for (const task of placed) {
          releaseCompute(instance, task);
          releaseEni(instance, task);
        }
        expect(instance.remaining).toEqual(instance.registered);
        expect([...instance.tcpPortsInUse]).toEqual([...AGENT_RESERVED_TCP_PORTS]);
        expect(instance.dynamicPortsInUse.size).toBe(0);
      }),
    );
  });
});
