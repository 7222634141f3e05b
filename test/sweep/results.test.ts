/** A sweep's result files, written and read back a line at a time, with the bytes csv-stringify gave. */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JOURNAL, Journal, openSweep, readResults, startSweep, writeResults, type Manifest, type RunResult } from "../../sim/sweep/results.ts";

const temp = () => mkdtempSync(join(tmpdir(), "ecs-sim-results-"));

/** Two configurations of two seeds; parameters that need quoting, one that has a line break, one missing. */
const manifest: Manifest = {
  sweepId: "0123456789abcdef",
  scenario: "s",
  seeds: [1, 2],
  parameters: [
    { name: "a", values: ["x,y", 'say "hi"\nthere'] },
    { name: "b", values: [[1, 2]] },
  ],
  configurations: [
    { index: 0, parameters: { a: "x,y", b: [1, 2] } },
    { index: 1, parameters: { a: 'say "hi"\nthere' } },
  ],
  metrics: [],
  runs: 4,
  shard: null,
};
const some = ["passed", "cost.total", "z,comma"];
const other = ["passed", "cost.total", "only.here"];
// Out of order, as workers finish them; run 2 has another KPI and lacks one.
const results: RunResult[] = [
  { run: 3, configuration: 1, seed: 2, kpis: { names: some, values: [0, 2.5, -0] } },
  { run: 0, configuration: 0, seed: 1, kpis: { names: some, values: [1, 10, 1e21] } },
  { run: 2, configuration: 1, seed: 1, kpis: { names: other, values: [1, 3.25, 7] } },
  { run: 1, configuration: 0, seed: 2, kpis: { names: some, values: [1, 20, 0.1] } },
];

function written(): string {
  const dir = temp();
  startSweep(dir, manifest);
  writeResults(dir, manifest, results, () => "");
  return dir;
}

describe("sweep results", () => {
  it("writes runs.csv sorted by run, quoting a cell only for a comma, quote or line break, empty where a run lacks a KPI", () => {
    const dir = written();
    expect(readFileSync(join(dir, "runs.csv"), "utf8")).toBe(
      [
        'run,configuration,a,b,seed,passed,cost.total,only.here,"z,comma"',
        '0,0,"x,y","[1,2]",1,1,10,,1e+21',
        '1,0,"x,y","[1,2]",2,1,20,,0.1',
        '2,1,"say ""hi""\nthere",,1,1,3.25,7,',
        '3,1,"say ""hi""\nthere",,2,0,2.5,,0',
        "",
      ].join("\n"),
    );
    // Written to a hidden sibling and renamed: nothing of it is left behind.
    expect(readdirSync(dir).sort()).toEqual(["report.html", "runs.csv", "summary.csv", "summary.json", "sweep.json"]);
  });

  it("writes summary.csv a row per configuration and KPI, empty aggregates for a KPI the configuration's runs lack", () => {
    expect(readFileSync(join(written(), "summary.csv"), "utf8")).toBe(
      [
        "configuration,a,b,kpi,n,mean,stddev,min,p50,p95,p99,max,ci95Low,ci95High",
        '0,"x,y","[1,2]",passed,2,1,0,1,1,1,1,1,0.34238,1',
        '0,"x,y","[1,2]",cost.total,2,15,7.07107,10,10,20,20,20,-48.531,78.531',
        '0,"x,y","[1,2]",only.here,,,,,,,,,,',
        '0,"x,y","[1,2]","z,comma",2,500000000000000000000,707107000000000000000,0.1,0.1,1e+21,1e+21,1e+21,-5.8531e+21,6.8531e+21',
        '1,"say ""hi""\nthere",,passed,2,0.5,0.707107,0,0,1,1,1,0.0945312,0.905469',
        '1,"say ""hi""\nthere",,cost.total,2,2.875,0.53033,2.5,2.5,3.25,3.25,3.25,-1.88983,7.63983',
        '1,"say ""hi""\nthere",,only.here,1,7,0,7,7,7,7,7,7,7',
        '1,"say ""hi""\nthere",,"z,comma",1,0,0,0,0,0,0,0,0,0',
        "",
      ].join("\n"),
    );
  });

  it("reads runs.csv back, a quoted line break and all, to the runs written: a resume or merge rewrites the same bytes", () => {
    const dir = written();
    const read = readResults(dir, manifest);
    expect(read.map((r) => [r.run, r.configuration, r.seed, r.kpis.names, Array.from(r.kpis.values)])).toEqual([
      [0, 0, 1, ["passed", "cost.total", "z,comma"], [1, 10, 1e21]],
      [1, 0, 2, ["passed", "cost.total", "z,comma"], [1, 20, 0.1]],
      [2, 1, 1, ["passed", "cost.total", "only.here"], [1, 3.25, 7]],
      [3, 1, 2, ["passed", "cost.total", "z,comma"], [0, 2.5, 0]],
    ]);
    // Runs with the same KPIs share one names array, as they did when written.
    expect(read[1]?.kpis.names).toBe(read[0]?.kpis.names);
    const again = temp();
    startSweep(again, manifest);
    writeResults(again, manifest, read, () => "");
    for (const f of ["runs.csv", "summary.csv", "summary.json"]) expect(readFileSync(join(again, f), "utf8")).toBe(readFileSync(join(dir, f), "utf8"));
  });

  it("refuses a runs.csv row with another number of fields than its header, naming the line", () => {
    const dir = written();
    writeFileSync(join(dir, "runs.csv"), 'run,configuration,a,b,seed,passed\n0,0,x,"[1,2]",1,1\n1,0,x,y,2\n');
    expect(() => readResults(dir, manifest)).toThrow(`${join(dir, "runs.csv")}:3: 5 fields where the header has 6`);
  });

  it("resumes from a journal whose last line was cut short, however long (a run with thousands of KPIs writes 200 kB lines)", () => {
    const dir = temp();
    startSweep(dir, manifest);
    const journal = new Journal(join(dir, JOURNAL));
    for (const r of results.slice(0, 2)) journal.append(r);
    const whole = readFileSync(join(dir, JOURNAL), "utf8");
    appendFileSync(join(dir, JOURNAL), `[2,1,1,[${"1,".repeat(100_000)}`);
    const { done } = openSweep(dir, manifest, true);
    expect([...done.keys()]).toEqual([3, 0]);
    expect(Array.from(done.get(0)?.kpis.values ?? [])).toEqual([1, 10, 1e21]);
    // Cut back to its whole lines: the next run appended starts a line of its own.
    expect(readFileSync(join(dir, JOURNAL), "utf8")).toBe(whole);
  });
});
