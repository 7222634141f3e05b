/**
 * Random host failures at a mean time between failures: exponential times to failure, one random
 * stream per instance, so the same seed fails the same hosts at the same moments.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../helpers/scenario.ts";

const fleet = (faults: string, duration = "10d") => `
name: mtbf
duration: ${duration}
metricsInterval: 1h
cluster:
  availabilityZones: [us-east-1a, us-east-1b]
  containerInstances:
    - { name: web, instanceType: m5.large, count: 200 }
    - { name: spare, instanceType: c5.large, count: 20 }
faults:
${faults}
`;

const failures = (yaml: string, seed?: number) =>
  simulate(yaml, seed === undefined ? {} : { seed }).events.flatMap((e) => (e.type === "Fault" ? [`${e.t} ${e.fault} ${e.containerInstanceId}`] : []));

describe("random instance failures", () => {
  it("fail at the rate the mean implies: 200 hosts, MTBF 10d, 10 days lose about 200 x (1 - 1/e) = 126", () => {
    const yaml = fleet("  instanceFailures: [{ name: web, meanTimeBetweenFailures: 10d }]");
    const lost = failures(yaml).filter((f) => f.includes("TerminateInstance"));
    // Binomial(200, 0.632): standard deviation 6.8; the band is about 3.5 of them.
    expect(lost.length).toBeGreaterThan(102);
    expect(lost.length).toBeLessThan(150);
  });

  it("apply only to the group or type named", () => {
    const { events } = simulate(fleet("  instanceFailures: [{ instanceType: c5.large, meanTimeBetweenFailures: 1d }]", "5d"));
    const lost = events.flatMap((e) => (e.type === "ContainerInstanceStateChange" && e.status === "INACTIVE" ? [e.instanceType] : []));
    expect(lost.length).toBeGreaterThan(10);
    expect(new Set(lost)).toEqual(new Set(["c5.large"]));
  });

  it("are byte-identical for a seed and differ between seeds", () => {
    const yaml = fleet("  instanceFailures: [{ meanTimeBetweenFailures: 20d }]");
    expect(failures(yaml, 7)).toEqual(failures(yaml, 7));
    expect(failures(yaml, 8)).not.toEqual(failures(yaml, 7));
  });

  it("replaced hosts (replaceAfter) keep the fleet's size; stopped hosts (restartAfter) come back and fail again", () => {
    const replaced = simulate(fleet("  instanceFailures: [{ name: web, meanTimeBetweenFailures: 5d, replaceAfter: 5m }]"));
    const active = (events: typeof replaced.events) => {
      const status = new Map<string, string>();
      for (const e of events) if (e.type === "ContainerInstanceStateChange") status.set(e.containerInstanceId, e.status);
      return [...status.values()].filter((s) => s === "ACTIVE").length;
    };
    const terminated = replaced.events.filter((e) => e.type === "Fault" && e.fault === "TerminateInstance");
    const launched = replaced.events.filter((e) => e.type === "Fault" && e.fault === "LaunchReplacement");
    expect(terminated.length).toBeGreaterThan(200); // replacements fail too
    expect(launched.length).toBeGreaterThanOrEqual(terminated.length - 2); // bar those still within their 5 minutes
    expect(active(replaced.events)).toBeGreaterThanOrEqual(218);

    const restarted = simulate(fleet("  instanceFailures: [{ name: spare, meanTimeBetweenFailures: 1d, hosts: stop, restartAfter: 1h }]"));
    const byHost = new Map<string, string[]>();
    for (const e of restarted.events) if (e.type === "Fault") byHost.set(e.containerInstanceId ?? "", [...(byHost.get(e.containerInstanceId ?? "") ?? []), e.fault]);
    // Each spare stops and starts about ten times in ten days, always in that order.
    for (const faults of byHost.values()) {
      expect(faults.length).toBeGreaterThan(4);
      faults.forEach((f, i) => expect(f).toBe(i % 2 === 0 ? "StopInstance" : "StartInstance"));
    }
    expect(byHost.size).toBe(20);
  });
});
