/**
 * Service Auto Scaling input the scenario loader refuses, with the file:line:column of the bad
 * field (ecs-behaviour 9.2). Kept here, beside the schema, rather than in test/bad-input, whose
 * expected messages live in test/cli/bad-input.test.ts.
 */
import { describe, expect, it } from "vitest";
import { checkScenario } from "../../sim/scenario/load.ts";
import { parseSource, ScenarioError } from "../../sim/scenario/source.ts";

/** A web service with the given load balancers, workload and scaling policies. */
const scenario = (o: { loadBalancers?: string; load: string; policies: string }) => `name: bad
duration: 1h
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: 1 }]
taskDefinitions:
  - { family: web, containerDefinitions: [{ name: app, image: nginx, cpu: 256, memory: 512, portMappings: [{ containerPort: 80 }] }] }
services:
  - { serviceName: web, taskDefinition: web, desiredCount: 2${o.loadBalancers ?? ""} }
workloads:
  web: { load: ${o.load} }
serviceAutoScaling:
  - service: web
    scalableTarget: { minCapacity: 1, maxCapacity: 4 }
    scalingPolicies:
${o.policies}
`;

const policy = (name: string, metric: string) =>
  `      - { policyName: ${name}, policyType: TargetTrackingScaling, targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: ${metric} } } }`;

const LB = ", loadBalancers: [{ targetGroupArn: web-tg, containerName: app, containerPort: 80 }]";
const REQUESTS = "{ requestsPerSecond: { constant: 10 }, cpuPerRequest: 2 }";

function problems(yaml: string): string[] {
  try {
    checkScenario(parseSource("bad.yaml", yaml));
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe("Service Auto Scaling input refused (ecs-behaviour 9.2)", () => {
  it("accepts ALBRequestCountPerTarget on a service behind a load balancer with a request load", () => {
    expect(problems(scenario({ loadBalancers: LB, load: REQUESTS, policies: policy("requests", "ALBRequestCountPerTarget") }))).toEqual([]);
  });

  it("ECS developer guide (service-autoscaling-targettracking): two target tracking policies must use different metrics", () => {
    const policies = [policy("cpu", "ECSServiceAverageCPUUtilization"), policy("cpu-again", "ECSServiceAverageCPUUtilization")].join("\n");
    expect(problems(scenario({ load: "{ cpu: { constant: 100 } }", policies }))).toEqual([
      '17:185 serviceAutoScaling[0].scalingPolicies[1].targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType: target tracking policy "cpu" already tracks ECSServiceAverageCPUUtilization: each target tracking policy of a service must use a different metric',
    ]);
  });

  it("API PutScalingPolicy: ALBRequestCountPerTarget needs the service's target group", () => {
    expect(problems(scenario({ load: REQUESTS, policies: policy("requests", "ALBRequestCountPerTarget") }))).toEqual([
      "16:9 serviceAutoScaling[0].scalingPolicies[0]: ALBRequestCountPerTarget needs a target group: the service web has no loadBalancers",
    ]);
  });

  it("ALBRequestCountPerTarget needs requests to count: a requestsPerSecond load", () => {
    expect(problems(scenario({ loadBalancers: LB, load: "{ cpu: { constant: 100 } }", policies: policy("requests", "ALBRequestCountPerTarget") }))).toEqual([
      "16:9 serviceAutoScaling[0].scalingPolicies[0]: ALBRequestCountPerTarget counts requests: give the workload of web a load with requestsPerSecond",
    ]);
  });

  it("requestsPerSecond without cpuPerRequest: the requests would use no CPU, and a load replaces cpuUtilization", () => {
    expect(problems(scenario({ loadBalancers: LB, load: "{ requestsPerSecond: { constant: 10 } }", policies: policy("requests", "ALBRequestCountPerTarget") }))).toEqual([
      "11:16 workloads.web.load.cpuPerRequest: requestsPerSecond needs cpuPerRequest: the CPU units a request per second keeps busy (a load replaces cpuUtilization)",
    ]);
  });
});
