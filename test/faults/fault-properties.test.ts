/**
 * Over random sequences of faults (host terminations and stops, agent disconnects, zone outages of
 * both kinds, Spot interruptions) the scheduler keeps its deployment bounds (ecs-behaviour 6.1,
 * rule 13.6: the check throws if not), no instance is ever over-committed (rule 13.2), and once
 * every fault has recovered and replacements have launched, each service serves its desired count
 * again (7.2, 7.3, 7.5, rule 13.12).
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";
import { threeZoneCluster } from "./fixtures.ts";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1";
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;

const fault = fc.oneof(
  fc.record({ kind: fc.constant("terminate"), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant("stop"), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant("disconnect"), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant("powerLoss"), zone: fc.constantFrom(...ZONES), hosts: fc.constantFrom("stop", "terminate") }),
  fc.record({ kind: fc.constant("partition"), zone: fc.constantFrom(...ZONES) }),
  fc.record({ kind: fc.constant("spot"), zone: fc.constantFrom(...ZONES) }),
);

type Fault = typeof fault extends fc.Arbitrary<infer T> ? T : never;

/** Each fault lasts 10 minutes (or is answered by a replacement 5 minutes on); they start 4 minutes apart. */
function action(f: Fault, i: number): string {
  const at = `${(i + 1) * 4}m`;
  const zone = `availabilityZone: ${f.zone}`;
  switch (f.kind) {
    case "terminate":
      return `  - { at: ${at}, terminateInstances: { ${zone}, count: 1 } }`;
    case "stop":
      return `  - { at: ${at}, stopInstances: { ${zone}, count: 1, for: 10m } }`;
    case "disconnect":
      return `  - { at: ${at}, disconnectAgents: { ${zone}, count: 1, for: 10m } }`;
    case "powerLoss":
      return `  - { at: ${at}, availabilityZoneOutage: { ${zone}, kind: powerLoss, hosts: ${"hosts" in f ? f.hosts : "stop"}, for: 10m } }`;
    case "partition":
      return `  - { at: ${at}, availabilityZoneOutage: { ${zone}, kind: networkPartition, for: 10m } }`;
    case "spot":
      return `  - { at: ${at}, spotInterruption: { name: spot, ${zone}, replaceAfter: 5m } }`;
  }
}

it("property: under random faults the bounds hold, nothing is over-committed, and services recover", () => {
  fc.assert(
    fc.property(fc.array(fault, { maxLength: 6 }), fc.nat(50), (faults, seed) => {
      const { events, output, metrics } = simulate(
        `${threeZoneCluster("fault-property", "3h", 6)}
    - { name: spot, instanceType: m5.large, count: 3, spot: true, spotInstanceDraining: true }
taskDefinitions:
  - family: web
    containerDefinitions: [{ name: app, image: "nginx:1", cpu: 256, memory: 512, portMappings: [{ containerPort: 80 }] }]
  - family: jobs
    containerDefinitions: [{ name: app, image: "jobs:1", cpu: 256, memory: 512 }]
targetGroups:
  - { targetGroupArn: "${ARN}", healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 15 }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 6, loadBalancers: [{ targetGroupArn: "${ARN}", containerName: app, containerPort: 80 }] }
  - { serviceName: jobs, taskDefinition: jobs, desiredCount: 6 }
workloads:
  web: { imagePullTime: 20s, startTime: { uniform: { min: 2s, max: 10s } } }
  jobs: { startTime: 5s }
faults:
  # Lost hosts are replaced, so capacity comes back whatever the faults did.
  disconnectedInstances: { terminateAfter: 30m, replaceAfter: 2m }
${faults.length > 0 ? `timeline:\n${faults.map(action).join("\n")}` : ""}
`,
        { seed },
      );
      // Never over-committed: a placement that does not fit throws (reserve), and what stopping
      // tasks give back never makes any instance look emptier than empty or fuller than full.
      const reserved = metrics.filter((m) => m.scope === "containerInstance" && m.metric === "MemoryReservation").map((m) => m.value);
      expect(reserved.length).toBeGreaterThan(0);
      expect(Math.min(...reserved)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...reserved)).toBeLessThanOrEqual(100);
      // The cluster's CPU is never over-committed either (rule 13.2).
      const { cpuReservation } = output.summary.cluster;
      expect(cpuReservation.peak).toBeLessThanOrEqual(100);
      expect(cpuReservation.mean).toBeGreaterThanOrEqual(0);
      // Fault events come from the timeline alone: some when it has faults, none when it has none.
      expect(events.some((e) => e.type === "Fault")).toBe(faults.length > 0);
      // Every fault has recovered by 1h15m; by 3h both services serve their desired count.
      for (const name of ["web", "jobs"]) {
        expect(output.summary.services[name]).toMatchObject({ runningCount: 6, recoveringAtEnd: 0 });
      }
    }),
    { numRuns: 40 },
  );
});
