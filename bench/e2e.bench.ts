// The "e2e" suite: a whole simulated day of a large cluster, end to end, beside the bare kernel
// measured in the same run. 500 REPLICA services of 40 tasks (20,000 tasks) on 2,000 instances
// over three zones; every service rolls out a new task definition during the day. The ratio
// says what the ECS logic costs on top of the event queue alone. Then one service rolling out
// 2,000 and 4,000 tasks: the second's rate over the first's stays near 1 while a rollout costs
// O(tasks), and falls towards 0.5 if it costs O(tasks²). The last case renders the day's
// report.html from its run directory, which must stay under 5 MB.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReport } from "../reports/report.ts";
import { readRun } from "../reports/run-data.ts";
import { RunDirectory } from "../sim/recorder/run-directory.ts";
import { runScenario } from "../sim/run.ts";
import { checkScenario, type LoadedScenario } from "../sim/scenario/load.ts";
import { parseSource } from "../sim/scenario/source.ts";
import { engineHold, kernelSuite } from "./kernel.bench.ts";
import type { BenchCase, BenchSuite } from "./suite.ts";

const SERVICES = 500;
const TASKS_PER_SERVICE = 40;
const INSTANCES = 2000;
const FAMILIES = 10;

function scenarioText(): string {
  const lines = [
    "name: e2e-day",
    "duration: 1d",
    "metricsInterval: 5m",
    "cluster:",
    "  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]",
    `  containerInstances: [{ instanceType: m5.xlarge, count: ${INSTANCES} }]`,
    "taskDefinitions:",
  ];
  for (let f = 0; f < FAMILIES; f++) {
    for (const version of [1, 2]) lines.push(`  - { family: app${f}, containerDefinitions: [{ name: app, image: "app${f}:${version}", cpu: 128, memory: 256 }] }`);
  }
  lines.push("services:");
  for (let s = 0; s < SERVICES; s++) lines.push(`  - { serviceName: s${s}, taskDefinition: "app${s % FAMILIES}:1", desiredCount: ${TASKS_PER_SERVICE} }`);
  lines.push("workloads:");
  for (let f = 0; f < FAMILIES; f++) lines.push(`  app${f}: { startTime: { lognormal: { median: 15s, sigma: 0.5 } } }`);
  lines.push("timeline:");
  // Deployments spread over the day, one every ~2.9 minutes.
  for (let s = 0; s < SERVICES; s++) lines.push(`  - { at: ${1 + Math.floor((s * 24 * 60) / (SERVICES + 10))}m, updateService: { service: s${s}, taskDefinition: "app${s % FAMILIES}:2" } }`);
  return `${lines.join("\n")}\n`;
}

/** One service of `tasks` tasks, 8 to an instance, rolling out a new task definition at 30 minutes. */
function rolloutText(tasks: number): string {
  return `name: rollout-${tasks}
duration: 2h
cluster:
  availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
  containerInstances: [{ instanceType: m5.4xlarge, count: ${tasks / 8} }]
taskDefinitions:
  - { family: app, containerDefinitions: [{ name: app, image: "app:1", cpu: 128, memory: 256 }] }
  - { family: app, containerDefinitions: [{ name: app, image: "app:2", cpu: 128, memory: 256 }] }
services:
  - { serviceName: big, taskDefinition: "app:1", desiredCount: ${tasks} }
workloads:
  app: { startTime: { lognormal: { median: 15s, sigma: 0.5 } } }
timeline:
  - { at: 30m, updateService: { service: big, taskDefinition: "app:2" } }
`;
}

/** A rollout case: the scenario once loaded, its events counted by a first run. */
function rolloutCase(tasks: number, baseline?: string): BenchCase {
  let loaded: LoadedScenario | undefined;
  let events = 0;
  const run = (): void => {
    loaded ??= checkScenario(parseSource(`rollout-${tasks}.yaml`, rolloutText(tasks)));
    const output = runScenario(loaded);
    if (output.summary.tasks.runningAtEnd !== tasks || output.summary.tasks.created < 2 * tasks) throw new Error(`rollout of ${tasks}: ${output.summary.tasks.runningAtEnd} running of ${output.summary.tasks.created}`);
    events = output.eventsProcessed;
  };
  return {
    name: `1 service, ${tasks} tasks, a rollout`,
    unit: "events",
    get unitsPerCall() {
      if (events === 0) run();
      return events;
    },
    fn: run,
    ...(baseline !== undefined && { baseline }),
    options: { minSamples: 3, maxTime: 1 },
  };
}

let scenario: LoadedScenario | undefined;
let eventsPerRun = 0;

function day(): void {
  const output = runScenario(scenario as LoadedScenario);
  const tasks = output.summary.tasks;
  // Every task replaced once by its rollout; AZ rebalancing may move a few more.
  if (tasks.runningAtEnd !== SERVICES * TASKS_PER_SERVICE || tasks.created < 2 * SERVICES * TASKS_PER_SERVICE) {
    throw new Error(`e2e day: expected ${SERVICES * TASKS_PER_SERVICE} tasks running after one rollout each, got ${tasks.runningAtEnd} of ${tasks.created}`);
  }
  if (eventsPerRun !== 0 && output.eventsProcessed !== eventsPerRun) throw new Error("e2e day: not deterministic");
  eventsPerRun = output.eventsProcessed;
}

const KERNEL = "bare kernel: hold model, 1M events";
const MAX_REPORT_BYTES = 5_000_000;
let runDirectory = "";

/** Writes the day's run directory as `ecs-sim run --no-report` would. */
function writeRunDirectory(): void {
  const parent = mkdtempSync(join(tmpdir(), "ecs-sim-bench-"));
  process.once("exit", () => rmSync(parent, { recursive: true, force: true }));
  runDirectory = join(parent, "e2e-day");
  const directory = new RunDirectory(runDirectory);
  directory.writeOutputs(runScenario(scenario as LoadedScenario, { eventSink: directory.appendEvent, metricSink: directory.appendMetric }));
  directory.commit();
}

function report(): void {
  const bytes = Buffer.byteLength(renderReport(readRun(runDirectory)));
  if (bytes > MAX_REPORT_BYTES) throw new Error(`e2e report: ${bytes} bytes, over ${MAX_REPORT_BYTES}`);
}

/** The 2,000-task rollout, baseline of the 4,000-task one. */
const smallRollout = rolloutCase(2000);

/** The e2e suite; setup builds the scenario and counts the events of one run. */
export const e2eSuite: BenchSuite = {
  name: "e2e",
  setup: () => {
    kernelSuite.setup?.();
    scenario = checkScenario(parseSource("e2e-day.yaml", scenarioText()));
    day();
    writeRunDirectory();
    const bytes = Buffer.byteLength(renderReport(readRun(runDirectory)));
    console.error(`  e2e / report.html of the day: ${(bytes / 1e6).toFixed(2)} MB (limit ${MAX_REPORT_BYTES / 1e6} MB)`);
  },
  cases: [
    { name: KERNEL, unit: "events", unitsPerCall: 1_000_000, fn: engineHold },
    {
      name: `${SERVICES} services, ${SERVICES * TASKS_PER_SERVICE} tasks, ${INSTANCES} instances, 1 day, a deployment each`,
      unit: "events",
      get unitsPerCall() {
        return eventsPerRun;
      },
      fn: day,
      baseline: KERNEL,
      options: { minSamples: 2, maxTime: 1 },
    },
    smallRollout,
    rolloutCase(4000, smallRollout.name),
    { name: "report.html of that day, from its run directory", unit: "reports", unitsPerCall: 1, fn: report, options: { minSamples: 2, maxTime: 1 } },
  ],
};
