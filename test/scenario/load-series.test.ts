/** A load series from a CSV file (seriesFile): what the loader refuses, at the file and line of the problem. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load.ts";
import { ScenarioError } from "../../sim/scenario/source.ts";

const SCENARIO = `name: series
duration: 1h
cluster:
  availabilityZones: [us-east-1a]
  containerInstances: [{ instanceType: m5.large, count: 1 }]
taskDefinitions:
  - { family: web, cpu: "512", memory: "1024", containerDefinitions: [{ name: app, image: web }] }
services:
  - { serviceName: web, taskDefinition: "web:1", desiredCount: 1 }
workloads:
  web:
    load: { cpu: { seriesFile: load.csv } }
`;

/** The scenario's directory, with `load.csv` made by `make`. */
function scenarioDir(make: (csv: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "ecs-sim-series-"));
  writeFileSync(join(dir, "scenario.yaml"), SCENARIO);
  make(join(dir, "load.csv"));
  return dir;
}

/** The loader's message, with the temporary directory written as `<dir>`. */
function refusal(make: (csv: string) => void): string {
  const dir = scenarioDir(make);
  try {
    loadScenario(join(dir, "scenario.yaml"));
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.replaceAll(dir, "<dir>");
    throw error;
  }
  throw new Error("the scenario loaded");
}

const csv = (text: string) => (file: string) => writeFileSync(file, text);

describe("load series files refused", () => {
  it("a seriesFile that is a directory", () => {
    expect(refusal((file) => mkdirSync(file))).toBe("<dir>/load.csv:1:1 this is a directory, not a file");
  });

  it("a seriesFile that does not exist", () => {
    expect(refusal(() => undefined)).toBe("<dir>/load.csv:1:1 file not found");
  });

  it("a seriesFile that is not text", () => {
    expect(refusal((file) => writeFileSync(file, Buffer.from([0x74, 0x00, 0xff])))).toBe("<dir>/load.csv:1:1 not a text file (it contains binary data); expected a CSV load series");
  });

  it("rows that do not parse, each at its line", () => {
    expect(refusal(csv("t,value\n0s,256\nsoon,5\n1h,lots\n"))).toBe(
      '<dir>/load.csv:3:1 t: expected a duration such as 500ms, 30s, 5m, 1h30m or 2d, got "soon"\n<dir>/load.csv:4:1 value: expected a number, got "lots"',
    );
  });

  it("the load profile's rules, at the row that breaks them: times increasing, values at least 0", () => {
    expect(refusal(csv("t,value\n0s,256\n1h,-5\n30m,5\n"))).toBe(
      "<dir>/load.csv:3:1 value: value must be a finite number of at least 0, got -5\n<dir>/load.csv:4:1 t: points must be in increasing order of t: 1800000 comes after 3600000",
    );
  });

  it("a series without rows", () => {
    expect(refusal(csv("t,value\n"))).toBe("<dir>/load.csv:1:1 points needs at least one entry");
  });
});
