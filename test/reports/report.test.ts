/** report.html from a real run, `ecs-sim report` and `ecs-sim compare`. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRun } from "../../reports/run-data.ts";
import { renderReport } from "../../reports/report.ts";
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
    const order = ["Gates", "Key figures", "Tasks of service reports", "Cluster CPU and memory", "Running tasks per Availability Zone", "Container instances", "EC2 cost so far", "Memory reserved on each instance", "What happened when", "Service events", "Placement explanations"];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Both services have a chart; the one that serves nobody during the partition comes first.
    expect(html.indexOf('data-panel="reports"')).toBeLessThan(html.indexOf('data-panel="checkout"'));
    expect(html).toContain("(service checkout) has reached a steady state.");
  });

  it("explains each placement with every instance's fate", () => {
    expect(html).toMatch(/<option value="0">0ms · service:checkout \(checkout:1\) · task [0-9a-f]{8} on i-[0-9a-f]+<\/option>/);
    expect(html).toContain("tied, not picked");
    expect(html).toContain('<tr class="chosen">');
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
  });
});
