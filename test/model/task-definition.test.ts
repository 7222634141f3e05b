import { describe, expect, it } from "vitest";
import { taskDefinitionProblems, taskRequirements, type TaskDefinitionInput } from "../../sim/model/task-definition.ts";
import { container, makeDefinition } from "../helpers/fixtures.ts";

const td = (overrides: Partial<TaskDefinitionInput>): TaskDefinitionInput => ({ family: "web", containerDefinitions: [container()], ...overrides });
const messages = (input: TaskDefinitionInput) => taskDefinitionProblems(input).map((p) => p.message);

describe("task definition validation (API RegisterTaskDefinition)", () => {
  it("accepts a plain bridge definition", () => {
    expect(messages(td({}))).toEqual([]);
  });

  it("needs at least one essential container (ecs-behaviour 4.2)", () => {
    expect(messages(td({ containerDefinitions: [container({ essential: false })] }))).toContain("at least one container must be essential");
  });

  it("needs memory or memoryReservation on each container without task-level memory (EC2)", () => {
    const input = td({ containerDefinitions: [container({ memory: undefined })] });
    expect(messages(input)[0]).toMatch(/must set memory or memoryReservation/);
    expect(messages({ ...input, memory: 1024 })).toEqual([]);
  });

  it("requires memoryReservation to be less than memory (API ContainerDefinition.memory)", () => {
    expect(messages(td({ containerDefinitions: [container({ memory: 512, memoryReservation: 512 })] }))).toEqual([
      "must be less than memory (512 >= 512)",
    ]);
  });

  it("rejects container cpu or memory above the task-level values", () => {
    const input = td({ cpu: 256, memory: 256, containerDefinitions: [container({ cpu: 512, memory: 512 })] });
    expect(messages(input)).toEqual([
      "the containers' cpu adds up to 512, more than the task-level cpu 256",
      "the containers' memory adds up to 512 MiB, more than the task-level memory 256",
    ]);
  });

  it("applies each network mode's port rules", () => {
    const mapping = [{ containerPort: 80, hostPort: 8080 }];
    expect(messages(td({ networkMode: "host", containerDefinitions: [container({ portMappings: mapping })] }))[0]).toMatch(/hostPort must be omitted or equal containerPort/);
    expect(messages(td({ networkMode: "awsvpc", containerDefinitions: [container({ portMappings: mapping })] }))[0]).toMatch(/hostPort must be omitted/);
    expect(messages(td({ networkMode: "none", containerDefinitions: [container({ portMappings: mapping })] }))).toEqual([
      'networkMode "none" allows no port mappings',
    ]);
    expect(messages(td({ networkMode: "bridge", containerDefinitions: [container({ portMappings: mapping })] }))).toEqual([]);
  });

  it("rejects the same host port mapped twice", () => {
    const containers = [container({ name: "a", portMappings: [{ containerPort: 80, hostPort: 80 }] }), container({ name: "b", portMappings: [{ containerPort: 81, hostPort: 80 }] })];
    expect(messages(td({ containerDefinitions: containers }))).toContain("host port 80/tcp is mapped more than once");
  });
});

describe("what a task reserves (ecs-behaviour 3.1-3.3)", () => {
  it("uses task-level cpu and memory when given, not the containers' sum", () => {
    expect(taskRequirements(td({ cpu: 1024, memory: 2048 }))).toMatchObject({ cpu: 1024, memory: 2048 });
  });

  it("sums containers, using memoryReservation over memory", () => {
    const req = taskRequirements(td({ containerDefinitions: [container({ name: "a", cpu: 100, memory: 512, memoryReservation: 256 }), container({ name: "b", cpu: 0, memory: 128 })] }));
    expect(req).toMatchObject({ cpu: 100, memory: 384 });
  });

  it("separates static and dynamic host ports, and awsvpc takes an ENI instead", () => {
    const mappings = [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }, { containerPort: 53, hostPort: 53, protocol: "udp" as const }];
    expect(taskRequirements(td({ containerDefinitions: [container({ portMappings: mappings })] }))).toMatchObject({ tcpPorts: [80], udpPorts: [53], dynamicPorts: 1, eni: false });
    expect(taskRequirements(td({ networkMode: "host", containerDefinitions: [container({ portMappings: [{ containerPort: 9000 }] })] }))).toMatchObject({ tcpPorts: [9000], dynamicPorts: 0 });
    expect(taskRequirements(td({ networkMode: "awsvpc", containerDefinitions: [container({ portMappings: [{ containerPort: 80 }] })] }))).toMatchObject({ tcpPorts: [], dynamicPorts: 0, eni: true });
  });

  it("waits the longest container stopTimeout, 30 s by default (ecs-behaviour 4.3)", () => {
    expect(makeDefinition().stopTimeoutMs).toBe(30_000);
    expect(makeDefinition({ containerDefinitions: [container({ name: "a", stopTimeout: 5 }), container({ name: "b", stopTimeout: 90 })] }).stopTimeoutMs).toBe(90_000);
  });
});
