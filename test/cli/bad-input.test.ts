/**
 * The bad-input corpus: each broken scenario in test/bad-input must exit 2 with a message that
 * names the file, line, column and field, and must leave no run directory behind.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

const DIR = "test/bad-input";

/** The first line each file must print (all files' problems are listed; these come first). */
const EXPECTED: Record<string, string> = {
  "01-typo-top-level-key.yaml": ':2:1 duraton: unknown key "duraton" (did you mean "duration"?)',
  "02-typo-cluster-key.yaml": ':5:3 cluster.containerInstance: unknown key "containerInstance" (did you mean "containerInstances"?)',
  "03-negative-instance-count.yaml": ":6:40 cluster.containerInstances[0].count: expected a non-negative integer, got -3",
  "04-cpu-not-a-number.yaml": ':10:41 taskDefinitions[0].containerDefinitions[0].cpu: expected a number, got "lots"',
  "05-unknown-task-definition-family.yaml": ':12:42 timeline[0].runTask.taskDefinition: unknown task definition family "webb" (did you mean "web"?)',
  "06-bad-duration.yaml": ':2:11 duration: expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got "1 hour"',
  "07-bad-distribution.yaml": ":15:51 workloads.web.startTime.lognormal.sigma: sigma must be greater than 0, got -1",
  "08-unknown-distribution.yaml":
    ':15:26 workloads.web.runtime.gaussian: unknown key "gaussian": expected a duration such as "20s" or a mapping with exactly one of constant, uniform, exponential, normal, lognormal, weibull, empirical',
  "09-malformed-yaml.yaml": ":9:5 Flow sequence in block collection must be sufficiently indented and end with a ]",
  "10-empty.yaml": ":1:1 the file is empty: expected a scenario mapping",
  "11-comments-only.yaml": ":1:1 the file is empty: expected a scenario mapping",
  "12-binary.yaml": ":1:1 not a text file (it contains binary data); expected a YAML or JSON scenario file",
  "13-cpu-larger-than-any-instance.yaml": ":10:7 taskDefinitions[0].containerDefinitions: the task needs 8192 CPU units but the largest instance in the scenario (m5.large) registers 2048",
  "14-memory-larger-than-any-instance.yaml": ":10:7 taskDefinitions[0].containerDefinitions: the task needs 65536 MiB but the largest instance in the scenario (m5.large) registers 7790 MiB",
  "15-unknown-instance-type.yaml": ':6:23 cluster.containerInstances[0].instanceType: unknown instance type "m5.larg" (did you mean "m5.large"?)',
  "16-runtask-count-over-10.yaml": ":12:54 timeline[0].runTask.count: expected an integer <= 10, got 11",
  "17-no-essential-container.yaml": ":10:7 taskDefinitions[0].containerDefinitions: at least one container must be essential",
  "18-memory-reservation-above-memory.yaml": ":10:78 taskDefinitions[0].containerDefinitions[0].memoryReservation: must be less than memory (1024 >= 512)",
  "19-bad-network-mode.yaml": ':9:18 taskDefinitions[0].networkMode: expected one of "bridge", "host", "awsvpc", "none", got "brige" (did you mean "bridge"?)',
  "20-host-mode-port-mismatch.yaml": ':11:105 taskDefinitions[0].containerDefinitions[0].portMappings[0].hostPort: in networkMode "host" hostPort must be omitted or equal containerPort (80), got 8080',
  "21-zone-not-in-cluster.yaml": ':6:63 cluster.containerInstances[0].availabilityZones[0]: "us-east-1d" is not one of the cluster\'s zones (us-east-1a, us-east-1b) (did you mean "us-east-1a"?)',
  "22-timeline-two-actions.yaml": ":12:5 timeline[0]: each timeline entry takes exactly one action (runTask, stopTask, registerContainerInstance, deregisterContainerInstance, updateContainerInstancesState, createService, updateService, deleteService, terminateInstances, stopInstances, disconnectAgents, availabilityZoneOutage, spotInterruption, fargateSpotInterruption), got runTask, stopTask",
  "23-gate-unknown-subject.yaml": ':14:5 expect[0]: unknown subject "tasks.startd" (did you mean "tasks.started"?)',
  "24-malformed-gate.yaml": ':14:5 expect[0]: expected a gate such as "cluster.placementFailures == 0" (subject, one of == != >= <= > <, a number), got "tasks.started is at least 2"',
  "25-missing-cluster.yaml": ':1:1 missing required key "cluster"',
  "26-top-level-list.yaml": ":1:1 expected a mapping at the top level, got a list",
  "27-duplicate-key.yaml": ':3:1 duplicate key "duration": each key may appear only once in a mapping',
  "28-workload-unknown-family.yaml": ':15:5 workloads.wbe: no task definition has the family "wbe" (did you mean "web"?)',
  "30-several-errors.yaml": ':2:11 duration: expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got "soon"',
  "31-unknown-revision.yaml": ':12:42 timeline[0].runTask.taskDefinition: "web" has revisions 1 to 1, got "4"',
  "32-tab-indentation.yaml": ":4:1 Tabs are not allowed as indentation",
  "33-too-many-constraints.yaml":
    ":49:9 timeline[2].runTask.placementConstraints: a task can have at most 10 placement constraints, its task definition's included; got 11",
  "34-bad-memberof-expression.yaml":
    ':53:41 timeline[3].runTask.placementConstraints[0].expression: memberOf expression at column 48: expected a list such as [a, b] after "in"',
  "35-distinct-instance-in-task-definition.yaml":
    ':23:17 taskDefinitions[0].placementConstraints[0].type: a task definition takes only memberOf constraints, got "distinctInstance" (distinctInstance belongs to RunTask or the service)',
  "36-outage-unknown-zone.yaml":
    ':8:60 timeline[0].availabilityZoneOutage.availabilityZone: "us-east-1c" is not one of the cluster\'s zones (us-east-1a, us-east-1b) (did you mean "us-east-1a"?)',
  "37-failures-unknown-group.yaml": ':9:15 faults.instanceFailures[0].name: no containerInstances group is named "worker" (did you mean "workers"?)',
  "38-restart-after-terminate.yaml":
    ":9:71 faults.instanceFailures[0].restartAfter: restartAfter applies only to hosts: stop (a terminated host never starts again; use replaceAfter)",
  "39-load-balancer-port-not-mapped.yaml": ":15:147 services[0].loadBalancers[0].containerPort: the container app does not have a container port 8080 defined",
  "40-spot-interruption-on-demand-group.yaml": ':8:42 timeline[0].spotInterruption.name: the group "workers" is not Spot: give it spot: true',
  "41-capacity-provider-unknown-group.yaml": ':8:70 capacityProviders[0].autoScalingGroupProvider.autoScalingGroupArn: no autoScalingGroups entry is named "web-agss" (did you mean "web-asg"?)',
  "42-strategy-unknown-provider.yaml": ':12:110 services[0].capacityProviderStrategy[0].capacityProvider: no capacity provider is named "web-pc" (did you mean "web-cp"?)',
  "43-scalable-target-unknown-service.yaml": ':11:16 serviceAutoScaling[0].service: no service is named "wbe" (did you mean "web"?)',
  "44-scalable-target-min-above-max.yaml": ":11:37 serviceAutoScaling[0].scalableTarget: minCapacity must not be greater than maxCapacity (5 > 4)",
  // An empty strategy falls back to the cluster's default (8.1), FARGATE here, which runs awsvpc only (8.4).
  "45-empty-strategy-fargate-default.yaml": ":9:41 services[0].taskDefinition: web runs on Fargate: Fargate only supports network mode 'awsvpc', got 'bridge'.",
  // Fargate's stopTimeout is 2 to 120 seconds (4.3), checked when the definition is registered.
  "46-fargate-stop-timeout.yaml": ":8:30 taskDefinitions[0].requiresCompatibilities: Fargate takes a stopTimeout of 2 to 120 seconds: container app has 600.",
  // Fargate picks the zone itself: CreateService's InvalidParameterException (OBSERVED).
  "47-fargate-placement-strategy.yaml": ":8:103 services[0].placementStrategy: Placement strategies are not supported with FARGATE launch type.",
};

async function expectRejected(file: string, firstLine: string) {
  const out = mkdtempSync(join(tmpdir(), "ecs-sim-bad-"));
  const result = await runCli(["run", file, "--out", join(out, "run"), "--quiet"]);
  expect(result.code).toBe(2);
  expect(result.stderr.split("\n")[0]).toBe(firstLine);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(readdirSync(out)).toEqual([]); // no run directory, not even a partial one
  return result;
}

describe("bad input corpus", () => {
  it("covers at least 25 broken scenarios, each with an expected message", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(EXPECTED).sort()).toEqual(files.filter((f) => f !== "29-task-definition-json-error.yaml").sort());
  });

  for (const [file, message] of Object.entries(EXPECTED)) {
    it(`${file}: exit 2, ${message.split(" ")[0]}`, async () => {
      await expectRejected(join(DIR, file), `${join(DIR, file)}${message}`);
    });
  }

  it("reports every problem of a scenario at once", async () => {
    const result = await expectRejected(join(DIR, "30-several-errors.yaml"), `${DIR}/30-several-errors.yaml${EXPECTED["30-several-errors.yaml"]}`);
    expect(result.stderr.trim().split("\n")).toEqual([
      `${DIR}/30-several-errors.yaml:2:11 duration: expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got "soon"`,
      `${DIR}/30-several-errors.yaml:6:40 cluster.containerInstances[0].count: expected a non-negative integer, got -1`,
      `${DIR}/30-several-errors.yaml:10:41 taskDefinitions[0].containerDefinitions[0].cpu: expected a non-negative integer, got -5`,
    ]);
  });

  it("points into a task-definition JSON file at its own line", async () => {
    await expectRejected(
      join(DIR, "29-task-definition-json-error.yaml"),
      `${DIR}/task-definitions/broken.json:9:19 taskDefinition.containerDefinitions[0].memory: must be at least 6 MiB, got -512`,
    );
  });

  it("refuses a huge file without reading it as YAML", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ecs-sim-huge-")), "huge.yaml");
    writeFileSync(file, `name: huge\n${"# padding padding padding padding padding padding padding\n".repeat(100_000)}`);
    const result = await expectRejected(file, `${file}:1:1 file is too large (5.6 MiB); the limit is 5 MiB`);
    expect(result.stdout).toBe("");
  });

  it("names a missing file", async () => {
    const result = await runCli(["run", "test/bad-input/no-such-file.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^test\/bad-input\/no-such-file.yaml:1:1 file not found/);
  });
});
