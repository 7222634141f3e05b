/** report.html from a real run, `ecs-sim report` and `ecs-sim compare`. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderComparison } from "../../reports/compare.ts";
import { renderPlanReport } from "../../reports/plan-report.ts";
import { renderReport } from "../../reports/report.ts";
import { renderSweepReport } from "../../reports/sweep-report.ts";
import { metricKey, readRun, type EventOf, type RunData } from "../../reports/run-data.ts";
import { explanations } from "../../reports/sections.ts";
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

  it("is the same page for the same files (ecs-sim report renders it again)", async () => {
    const again = join(mkdtempSync(join(tmpdir(), "ecs-sim-report-")), "again.html");
    const result = await runCli(["report", run, "--out", again]);
    expect(result).toMatchObject({ code: 0, stdout: `report: ${again}\n` });
    expect(readFileSync(again, "utf8")).toBe(html);
    expect(renderReport(readRun(run))).toBe(html);
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
    expect(page.match(/<figure>/g)?.length).toBeGreaterThanOrEqual(10);
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
