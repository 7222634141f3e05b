/**
 * The report in a real browser: headless Chromium (Debian's package) driven by playwright-core.
 * No console errors, no network requests, charts visible with a size, the hostile description shown
 * as text, the hover readout and the service picker working; a screenshot is saved for people to
 * look at. Skipped, saying why, only where no Chromium is installed (.ci/run installs it).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE, hostileRun } from "./hostile.ts";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (install Debian's chromium package or set CHROMIUM_PATH)`);

/** Flags for a closed network: no background connections to look up or update anything. */
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const SCREENSHOTS = resolve("out/screenshots");

describe.skipIf(!available)("report.html in headless Chromium", () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    url = pathToFileURL(join(await hostileRun("--explain"), "report.html")).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("renders with no errors and no requests, charts visible, the description as text; saves a screenshot", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: "load" });

    await expect(page.locator("p.description").first().textContent()).resolves.toBe(HOSTILE);
    const charts = page.locator("figure:visible svg");
    // The picked service's chart, five cluster charts and the timeline (no capacity providers or Auto Scaling groups).
    expect(await charts.count()).toBe(7);
    for (const chart of await charts.all()) {
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(100);
    }

    // Hovering the first service chart reads out the time and each series' value there.
    const first = page.locator("figure:visible svg[data-hover]").first();
    const box = await first.boundingBox();
    await first.hover({ position: { x: (box?.width ?? 0) / 2, y: (box?.height ?? 0) / 2 } });
    await expect(page.locator(".tooltip").textContent()).resolves.toMatch(/^\d+m.*desired: 6running \(ECS's view\): \d+serving \(truth\): \d+pending: \d+$/);

    // The picker shows one service's chart at a time.
    await page.selectOption("select[data-panels=services]", "checkout");
    expect(await page.locator('[data-panel-group=services][data-panel=checkout]').isVisible()).toBe(true);
    expect(await page.locator('[data-panel-group=services][data-panel=reports]').isVisible()).toBe(false);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "report.png"), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
