import { describe, expect, it } from "vitest";
import { BUILTIN_INSTANCE_TYPES, buildCatalogue } from "../../sim/model/catalogue.ts";

const get = (name: string) => {
  const type = BUILTIN_INSTANCE_TYPES.get(name);
  if (type === undefined) throw new Error(`missing ${name}`);
  return type;
};

describe("instance catalogue", () => {
  it("holds the families the simulator promises, large to 4xlarge, plus Graviton and GPU types", () => {
    for (const family of ["m5", "m6i", "c5", "c6i", "r5"]) {
      for (const size of ["large", "xlarge", "2xlarge", "4xlarge"]) expect(BUILTIN_INSTANCE_TYPES.has(`${family}.${size}`)).toBe(true);
    }
    // t3 stops at 2xlarge.
    for (const size of ["large", "xlarge", "2xlarge"]) expect(BUILTIN_INSTANCE_TYPES.has(`t3.${size}`)).toBe(true);
    const graviton = [...BUILTIN_INSTANCE_TYPES.values()].filter((t) => t.architecture === "arm64");
    expect(graviton.length).toBeGreaterThanOrEqual(2);
    expect([...BUILTIN_INSTANCE_TYPES.values()].some((t) => t.gpus > 0)).toBe(true);
  });

  it("registers vCPU x 1024 CPU units (ecs-behaviour 3.1)", () => {
    expect(get("m5.large").registeredCpu).toBe(2048);
    expect(get("c4.4xlarge").registeredCpu).toBe(16384);
    for (const t of BUILTIN_INSTANCE_TYPES.values()) expect(t.registeredCpu).toBe(t.vcpu * 1024);
  });

  it("reproduces the documented registered memory exactly (WE7, WE10)", () => {
    expect(get("m4.large").registeredMemory).toBe(7985);
    expect(get("c4.large").registeredMemory).toBe(3768);
    expect(get("c4.4xlarge").registeredMemory).toBe(30158);
  });

  it("models current-generation registered memory within 50 MiB of field observations (data/README.md)", () => {
    // m6i.large registered 7817 MiB on AL2 and about 7783 on AL2023 (ecs-ami#597).
    expect(Math.abs(get("m6i.large").registeredMemory - 7800)).toBeLessThanOrEqual(50);
    for (const t of BUILTIN_INSTANCE_TYPES.values()) expect(t.registeredMemory).toBeLessThan(t.memoryMiB);
  });

  it("counts awsvpc tasks as ENIs minus the primary, and the trunking table's limit (WE9)", () => {
    const c5 = get("c5.large");
    expect(c5.awsvpcTasksWithoutTrunking).toBe(2);
    expect(c5.awsvpcTasksWithTrunking).toBe(10);
    expect(get("t3.large").awsvpcTasksWithTrunking).toBeNull();
  });

  it("carries us-east-1 on-demand prices", () => {
    expect(get("m5.large").pricePerHour).toBe(0.096);
  });

  it("lets a scenario override a built-in type and add its own", () => {
    const catalogue = buildCatalogue([
      { name: "m5.large", pricePerHour: 0.05 },
      { name: "lab.small", cpu: 2048, memory: 4096, enis: 3, pricePerHour: 0.01 },
    ]);
    expect(catalogue.get("m5.large")?.pricePerHour).toBe(0.05);
    expect(catalogue.get("m5.large")?.registeredCpu).toBe(2048);
    expect(catalogue.get("lab.small")).toMatchObject({ registeredCpu: 2048, registeredMemory: 4096, awsvpcTasksWithoutTrunking: 2 });
    expect(BUILTIN_INSTANCE_TYPES.get("m5.large")?.pricePerHour).toBe(0.096);
  });
});
