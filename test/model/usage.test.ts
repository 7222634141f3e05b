/** What a running task uses: memory limits (ecs-behaviour 3.2) as MemoryUtilization sees them (9.4, WE8). */
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKLOAD } from "../../sim/model/workload.ts";
import { memoryPerTask } from "../../sim/model/usage.ts";
import { container, makeDefinition } from "../helpers/fixtures.ts";

const at = (memoryUtilization: number) => ({ ...DEFAULT_WORKLOAD, memoryUtilization });

describe("memory a task uses (ecs-behaviour 3.2: memory is a hard limit, memoryReservation a soft one)", () => {
  it("WE8: one container with a 1,024 MiB hard limit uses 512 MiB when half busy (50 %) and never more than 1,024 (100 %)", () => {
    const definition = makeDefinition({ containerDefinitions: [container({ cpu: 512, memory: 1024 })] });
    expect(memoryPerTask(definition, at(0.5))).toBe(512);
    expect(memoryPerTask(definition, at(0.125))).toBe(128);
    expect(memoryPerTask(definition, at(3))).toBe(1024);
  });

  it("WE8, 9.4: with only the soft limit, a task uses more than it reserves (MemoryUtilization above 100 %)", () => {
    const definition = makeDefinition({ containerDefinitions: [container({ memory: undefined, memoryReservation: 512 })] });
    expect(memoryPerTask(definition, at(2))).toBe(1024);
  });

  it("3.2: a container with both limits grows past its reservation up to its hard limit", () => {
    const definition = makeDefinition({ containerDefinitions: [container({ memory: 768, memoryReservation: 512 })] });
    expect(memoryPerTask(definition, at(1.25))).toBe(640);
    expect(memoryPerTask(definition, at(2))).toBe(768);
  });

  it("3.2: each container is held to its own hard limit", () => {
    const definition = makeDefinition({
      containerDefinitions: [container({ name: "app", memory: 300, memoryReservation: 256 }), container({ name: "sidecar", memory: undefined, memoryReservation: 256 })],
    });
    // app stops at 300 MiB; the sidecar, with only a soft limit, takes twice its 256.
    expect(memoryPerTask(definition, at(2))).toBe(300 + 512);
  });

  it("3.2, 9.4: task-level memory is a hard limit for the whole task", () => {
    const soft = makeDefinition({ memory: 1024, containerDefinitions: [container({ memory: undefined, memoryReservation: 512 })] });
    expect(memoryPerTask(soft, at(3))).toBe(1024);
    const taskOnly = makeDefinition({ memory: 1024, containerDefinitions: [container({ memory: undefined })] });
    expect(memoryPerTask(taskOnly, at(0.5))).toBe(512);
    expect(memoryPerTask(taskOnly, at(1.5))).toBe(1024);
  });
});
