/** report.html from a real run, `ecs-sim report` and `ecs-sim compare`. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderComparison } from "../../reports/compare.ts";
import { renderPlanReport } from "../../reports/plan-report.ts";
import { renderReport } from "../../reports/report.ts";
import { reservationHeatMap } from "../../reports/run-charts.ts";
import { renderSweepReport } from "../../reports/sweep-report.ts";
import { metricKey, readRun, type EventOf, type RunData } from "../../reports/run-data.ts";
import { explanations, serviceEventsTable } from "../../reports/sections.ts";
import { runCli } from "../helpers/cli.ts";
import { hostileRun } from "./hostile.ts";

let run: string;
let html: string;

beforeAll(async () => {
  run = await hostileRun("--explain");
  html = readFileSync(join(run, "report.html"), "utf8");
});

describe("report.html", () => {
  it("shows a hostile scenario description as text, never as markup", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; &quot;quotes&quot;");
  });

  it("needs nothing from elsewhere: no external scripts, styles, images or links", () => {
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it("puts the gates and KPIs at the top, then every chart, the service events and the explanations", () => {
    const order = ["Gates", "Key figures", "Tasks of service reports", "Cluster CPU and memory", "Running tasks per Availability Zone", "Container instances", "Cost so far (EC2 and Fargate)", "Memory reserved on each instance", "What happened when", "Service events", "Placement explanations"];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Both services have a chart; the one that serves nobody during the partition comes first.
    expect(html.indexOf('data-panel="reports"')).toBeLessThan(html.indexOf('data-panel="checkout"'));
    expect(html).toContain("(service checkout) has reached a steady state.");
  });

  it("says what the Faults figure counts, by kind", () => {
    // The zone's partition and the two hosts it cut off: three fault events, the two restorations left out.
    expect(html).toContain(
      '<div class="kpi" title="Fault events, recoveries left out: 2 NetworkPartitioned, 1 AvailabilityZonePartition. One fault can bring others: an Availability Zone outage counts once and once for each host it stops, terminates or cuts off; a Spot interruption, its notice and the termination."><div class="label">Faults</div><div class="value">3</div></div>',
    );
  });

  it("explains each placement with every instance's fate", () => {
    expect(html).toMatch(/<option value="0">0ms · service:checkout \(checkout:1\) · task [0-9a-f]{8} on i-[0-9a-f]+<\/option>/);
    expect(html).toContain("tied, not picked");
    expect(html).toContain('<tr class="chosen">');
    // The steps read as `ecs-sim run --explain` prints them, without the terminal's columns.
    expect(html).toMatch(/<ol><li>\d+ instances<\/li><li>status: none removed -&gt; \d+<\/li><li>resources: /);
  });

  it("names the value an instance lacks when a spread ranks by an attribute", () => {
    const explained: EventOf<"PlacementExplained"> = {
      type: "PlacementExplained",
      t: 0,
      taskDefinition: "web:1",
      group: "service:web",
      explanation: {
        instances: 3,
        stages: [{ stage: "resources", removed: { "RESOURCE:MEMORY": 1 }, remaining: 2 }],
        ranking: [{ strategy: "spread(attribute:rack)", best: 0, values: ["", "<r1>"], kept: 2 }],
        tied: 2,
        candidates: [],
      },
    };
    expect(explanations({ ...readRun(run), explanations: [explained] })).toContain(
      "<li>resources: removed RESOURCE:MEMORY 1 -&gt; 2</li><li>strategy: spread(attribute:rack): best 0 (no value, &lt;r1&gt;) -&gt; 2</li><li>choice: random among 2 tied</li>",
    );
  });

  it("explains a Fargate task's zone: each zone with the group's tasks, the one chosen", () => {
    const explained: EventOf<"PlacementExplained"> = {
      type: "PlacementExplained",
      t: 600_000,
      taskDefinition: "api:1",
      group: "service:api",
      taskId: "4a721017ffd8fad7d0a5ffcbd0a0812d",
      containerInstanceId: "",
      explanation: {
        zones: [
          { availabilityZone: "us-east-1a", tasks: 0, out: true },
          { availabilityZone: "us-east-1b", tasks: 2, out: false },
          { availabilityZone: "us-east-1c", tasks: 2, out: false },
        ],
        chosen: "us-east-1b",
      },
    };
    const section = explanations({ ...readRun(run), explanations: [explained] });
    expect(section).toContain('<option value="0">10m · service:api (api:1) · task 4a721017 on Fargate in us-east-1b</option>');
    expect(section).toContain("<li>us-east-1a: out of service</li><li>us-east-1b: 2 tasks of the group -&gt; chosen</li>");
    expect(section).toContain('<tr><td>us-east-1a</td><td class="num">out of service</td><td></td></tr>\n<tr class="chosen"><td>us-east-1b</td><td class="num">2</td><td>chosen</td></tr>');
  });

  it("is the same page for the same files (ecs-sim report renders it again)", async () => {
    const again = join(mkdtempSync(join(tmpdir(), "ecs-sim-report-")), "again.html");
    const result = await runCli(["report", run, "--out", again]);
    expect(result).toMatchObject({ code: 0, stdout: `report: ${again}\n` });
    expect(readFileSync(again, "utf8")).toBe(html);
    expect(renderReport(readRun(run))).toBe(html);
  });

  it("lists each service's first and last events, says how many it left out, and offers only services with rows", () => {
    const base = readRun(run);
    const event = (serviceName: string, t: number): EventOf<"ServiceEvent"> => ({ type: "ServiceEvent", t, serviceName, message: `(service ${serviceName}) event ${t}` });
    // busy's 2,000 events come first: a cap on the whole run would leave quiet out.
    const serviceEvents = [...Array.from({ length: 2000 }, (_, i) => event("busy", i)), ...[0, 1, 2].map((i) => event("quiet", 5000 + i))];
    const table = serviceEventsTable({ ...base, serviceEvents });
    // 1,000 rows shared by two services: each keeps its first and last 250.
    expect(table.match(/<tr data-panel-group="events" data-panel="busy"><td class="num">\d/g)).toHaveLength(500);
    expect(table.match(/data-panel="quiet"/g)).toHaveLength(3);
    expect(table).toContain("event 249</td></tr>\n<tr data-panel-group=\"events\" data-panel=\"busy\"><td class=\"num\"></td><td>busy</td><td class=\"note\">... 1,500 events left out</td></tr>\n<tr");
    expect(table).toContain("... 1,500 events left out</td></tr>\n<tr data-panel-group=\"events\" data-panel=\"busy\"><td class=\"num\">1s 750ms</td>");
    expect(table).toContain("Of 2,003 service events, each service's first and last 250 are listed; events.jsonl has them all.");
    expect([...table.matchAll(/<option value="([^"]*)">/g)].map((m) => m[1])).toEqual(["*", "busy", "quiet"]);
  });

  it("reads only the metrics it draws, of the services it charts", () => {
    const groups = (data: RunData) => [...data.metrics.keys()].filter((k) => k.startsWith("group|")).sort();
    const counts = ["DesiredTaskCount", "PendingTaskCount", "RunningTaskCount", "ServingTaskCount"];
    expect(groups(readRun(run))).toEqual(["checkout", "reports"].flatMap((s) => counts.map((m) => `group|service:${s}|${m}`)));
    expect(groups(readRun(run, ["reports"]))).toEqual(counts.map((m) => `group|service:reports|${m}`));
    expect([...readRun(run).metrics.keys()].filter((k) => k.startsWith("cluster|")).map((k) => k.split("|")[2]).sort()).toEqual(["CPUReservation", "CPUUtilization", "Cost", "MemoryReservation", "MemoryUtilization", "RegisteredContainerInstances"]);
  });

  it("parses no placement explanation past the ones it keeps", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "ecs-sim-report-")), "run");
    cpSync(run, copy, { recursive: true });
    const events = readFileSync(join(copy, "events.jsonl"), "utf8");
    const explained = events.split("\n").find((l) => l.startsWith('{"type":"PlacementExplained"')) ?? "";
    // 300 more than the report keeps, then one that is not JSON: skipped by its type, never parsed.
    writeFileSync(join(copy, "events.jsonl"), `${events}${`${explained}\n`.repeat(300)}{"type":"PlacementExplained", not JSON\n`);
    expect(readRun(copy).explanations).toHaveLength(300);
  });

  it("names the damaged file and line of a run directory, with exit 2", async () => {
    const damaged = (file: string, edit: (text: string) => string) => {
      const copy = join(mkdtempSync(join(tmpdir(), "ecs-sim-report-")), "run");
      cpSync(run, copy, { recursive: true });
      writeFileSync(join(copy, file), edit(readFileSync(join(copy, file), "utf8")));
      return copy;
    };
    const events = damaged("events.jsonl", (text) => text.replace(/\n/, '\n{"type":"Fault", cut short\n'));
    const result = await runCli(["report", events]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^ecs-sim: ${join(events, "events.jsonl").replace(/[.*+?^$()[\]{}|\\/]/g, "\\$&")}:2: not valid JSON \\(.+\\)\n$`));
    const summary = damaged("summary.json", (text) => text.slice(0, 100));
    expect(await runCli(["compare", run, summary])).toMatchObject({ code: 2, stderr: expect.stringMatching(/summary\.json: not valid JSON \(.+\)\n$/) });
    // A summary.json of an older ecs-sim, without the capacity section.
    const old = damaged("summary.json", (text) => JSON.stringify({ ...JSON.parse(text), capacity: undefined }));
    expect(await runCli(["report", old])).toMatchObject({ code: 2, stderr: `ecs-sim: ${old}: not a run directory of this ecs-sim version (summary.json has no capacity, capacity.provisioning)\n` });
  });

  it("tells a user who points it at something else what is missing, with exit 2", async () => {
    const empty = mkdtempSync(join(tmpdir(), "ecs-sim-report-"));
    writeFileSync(join(empty, "summary.json"), "{}");
    const result = await runCli(["report", empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`ecs-sim: ${empty}: not a run directory (missing metrics.csv, events.jsonl)\n`);
  });
});

describe("ecs-sim compare", () => {
  it("prints the KPIs of both runs with B's difference and writes a side-by-side page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ecs-sim-compare-"));
    const a = join(dir, "twelve-hosts");
    const b = join(dir, "nine-hosts");
    await runCli(["run", "scenarios/az-loss-headroom.yaml", "--out", a, "--quiet"]);
    await runCli(["run", "scenarios/az-loss-no-headroom.yaml", "--out", b, "--quiet"]);
    const out = join(dir, "compare.html");
    const result = await runCli(["compare", a, b, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^A: .*twelve-hosts\nB: .*nine-hosts\n/);
    // Nine hosts cannot hold the service when a zone is lost (docs/az-loss.md): worse, but cheaper.
    expect(result.stdout).toMatch(/\nLowest service availability +99\.7% +93% +−6\.7 pp, worse\n/);
    expect(result.stdout).toMatch(/\nUnplaced task-seconds +0 +21,600 +\+21,600, worse\n/);
    expect(result.stdout).toMatch(/\nEC2 cost +\$6\.14 +\$4\.61 +−\$1\.54 \(−25%\), better\n/);
    expect(result.stdout).toContain(`report: ${out}\n`);
    const page = readFileSync(out, "utf8");
    expect(page).toContain("<h1>Comparison</h1>");
    // One service (web) and five cluster charts, each for A and for B.
    expect(page.match(/<figure>/g)?.length).toBe(12);
    // The heat map shows the outage: us-east-1a's four hosts are blank (not registered) from 1h,
    // their four replacements from 2h; 8 of 16 rows are coloured at 1h30m, 12 at the end.
    const heat = JSON.parse(/<script type="application\/json" data-chart="a-heat">(.*?)<\/script>/.exec(page)?.[1] ?? "null") as { cells: number[][] };
    const registered = (column: number) => heat.cells.filter((row) => (row[column] as number) >= 0).length;
    expect(heat.cells).toHaveLength(16);
    expect(registered(100)).toBe(8);
    expect(registered(199)).toBe(12);
  });

  it("charts the services least available in either run first", () => {
    const a = readRun(run);
    const title = (page: string, service: string) => page.indexOf(`Tasks of service ${service}`);
    // reports is the less available in the hostile run, though checkout comes first in summary.json.
    const same = renderComparison(a, a);
    expect(title(same, "reports")).toBeLessThan(title(same, "checkout"));
    const checkout = a.summary.services["checkout"];
    if (checkout === undefined) throw new Error("no checkout service");
    const b: RunData = { ...a, summary: { ...a.summary, services: { ...a.summary.services, checkout: { ...checkout, availability: 0.5 } } } };
    const worse = renderComparison(a, b);
    expect(title(worse, "checkout")).toBeLessThan(title(worse, "reports"));
  });

  it("draws both runs on one time axis, the longer run's", () => {
    const a = readRun(run);
    const b: RunData = { ...a, summary: { ...a.summary, duration: 2 * a.summary.duration } };
    const page = renderComparison(a, b);
    // Each chart's time domain (data-t1, the end) and its time axis.
    const chart = (id: string) => new RegExp(`<svg[^>]* id="${id}"[^>]*data-t1="(\\d+)"[\\s\\S]*?<g class="axis x">([\\s\\S]*?)</g>`).exec(page) ?? [];
    for (const id of ["service-0", "reservation", "zones", "instances", "cost", "heat"]) {
      const [, endA, axisA] = chart(`a-${id}`);
      const [, endB, axisB] = chart(`b-${id}`);
      expect([endA, endB]).toEqual([String(b.summary.duration), String(b.summary.duration)]);
      expect(axisA).toBe(axisB);
    }
  });

  it("holds an instance's sample until its next sampling, read from the instants it was sampled at", () => {
    const base = readRun(run);
    const minutes = (list: number[]) => list.map((m) => m * 60_000);
    const series = (t: number[]) => ({ t, v: t.map(() => 50) });
    const everyTen = minutes(Array.from({ length: 37 }, (_, i) => i * 10));
    // The cluster sampled every 10 minutes for 6 hours, the instances every 30: i-2 is gone after 60 minutes.
    const data: RunData = {
      ...base,
      summary: { ...base.summary, duration: 360 * 60_000 },
      instances: [
        { ec2InstanceId: "i-1", instanceType: "m5.large", availabilityZone: "us-east-1a" },
        { ec2InstanceId: "i-2", instanceType: "m5.large", availabilityZone: "us-east-1b" },
      ],
      metrics: new Map([
        [metricKey("cluster", base.summary.cluster.clusterName, "CPUReservation"), series(everyTen)],
        [metricKey("containerInstance", "i-1", "MemoryReservation"), series(everyTen.filter((_, i) => i % 3 === 0))],
        [metricKey("containerInstance", "i-2", "MemoryReservation"), series(minutes([0, 30, 60]))],
      ]),
    };
    const cells = reservationHeatMap(data, "heat").grid?.cells ?? [];
    expect(cells[0]).toEqual(new Array(200).fill(50));
    // 200 columns of 108 s: the sample at 60 minutes holds until 90, where column 50 starts.
    expect(cells[1]).toEqual([...new Array(50).fill(50), ...new Array(150).fill(-1)]);
  });

  it("compares runs of any length on a shared scale: series of 250,000 samples", () => {
    const base = readRun(run);
    const t = Array.from({ length: 250_000 }, (_, i) => i * 60_000);
    const series = (value: (i: number) => number) => ({ t, v: t.map((_, i) => value(i)) });
    const cluster = base.summary.cluster.clusterName;
    // The cluster's clock makes every chart's series that long; B has 40 instances for one sample.
    const long = (peak: number): RunData => ({
      ...base,
      summary: { ...base.summary, duration: t.at(-1) as number },
      metrics: new Map([
        [metricKey("cluster", cluster, "CPUReservation"), series(() => 50)],
        [metricKey("cluster", cluster, "RegisteredContainerInstances"), series((i) => (i === 123_457 ? peak : 3))],
      ]),
    });
    const page = renderComparison(long(3), long(40));
    const instancesOfA = /<svg[^>]*id="a-instances"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? "";
    // A's value axis reaches B's peak.
    expect([...instancesOfA.matchAll(/<text[^>]*text-anchor="end"[^>]*>(\d+)<\/text>/g)].map((m) => m[1])).toContain("40");
  });
});

describe("capacity search report", () => {
  it("names each candidate as the terminal does, and escapes it", () => {
    const candidate = (n: number, count: number, passes: boolean) => ({
      candidate: n,
      parameters: { "cluster.containerInstances[0].instanceType": "<m6i>", "cluster.containerInstances[0].count": count },
      runs: 5,
      passRate: passes ? 1 : 0.6,
      ci95Low: passes ? 0.566 : 0.231,
      ci95High: passes ? 1 : 0.882,
      meanCost: 12.5,
      passes,
    });
    const html = renderPlanReport({ question: { scenario: "capacity-plan", gates: ["services.web.unplacedTaskSeconds == 0"], seeds: 5, passRate: 0.9, candidates: 4 }, answer: candidate(3, 15, true), evaluated: [candidate(1, 12, false), candidate(3, 15, true)] });
    expect(html).toContain('<span class="badge pass">cluster.containerInstances[0].instanceType=&quot;&lt;m6i&gt;&quot;, cluster.containerInstances[0].count=15</span>');
    expect(html).toContain("<td>cluster.containerInstances[0].instanceType=&quot;&lt;m6i&gt;&quot;, cluster.containerInstances[0].count=12</td>");
    expect(html).not.toContain("<m6i>");
  });
});

describe("sweep report", () => {
  it("names configurations as the terminal does, and escapes them", () => {
    const aggregate = (mean: number) => ({ n: 2, mean, stddev: 0, min: mean, p50: mean, p95: mean, p99: mean, max: mean, ci95Low: mean, ci95High: mean });
    const parameters = [
      { name: "strategy", values: ["<binpack>", "spread"] },
      { name: "count", values: [3, 6] },
    ];
    const configurations = parameters[0]!.values.flatMap((strategy, i) =>
      parameters[1]!.values.map((count, j) => ({ index: 2 * i + j, parameters: { strategy, count }, runs: 2, kpis: { passed: aggregate(j), "cost.total": aggregate(3 + j) } })),
    );
    const html = renderSweepReport({ sweep: { sweepId: "0", scenario: "s", seeds: [1, 2], parameters, metrics: ["cost.total"], runs: 8 }, configurations });
    // A line per count, and each point's tooltip names its whole configuration.
    expect(html).toContain(">count=3</text>");
    expect(html).toContain("<title>strategy=&quot;&lt;binpack&gt;&quot;, count=6\npassed: mean 1");
    expect(html).not.toContain("<binpack>");
  });
});
