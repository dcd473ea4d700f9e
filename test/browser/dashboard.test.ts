/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core):
 * the page loads and runs the baseline, the map shows the departments, zones and
 * routes, moving a policy control re-runs and the comparison appears, the
 * Spanish switch changes the text, and the editor links errors to their line.
 * Screenshots go to test-results/ (ignored by git).
 *
 * Set COCASIM_SKIP_BROWSER=1 to skip on a machine without Chromium.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/model/simulate.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import { summaryCsv } from "../../src/web/csv.ts";
import { ensureBuilt, launchChromium, resultPath, type StaticServer, serve } from "./harness.ts";

const skip = process.env.COCASIM_SKIP_BROWSER === "1";

describe.skipIf(skip)("dashboard in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    server = await serve();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "en-GB" });
    page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    await page.goto(server.url);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it("loads and runs the peru baseline in the worker", async () => {
    await expect(page.locator("h1").textContent()).resolves.toContain("cocasim");
    await page.waitForSelector("body[data-baseline='ready']", { timeout: 90_000 });
    await expect(page.locator("#status").textContent()).resolves.toMatch(/Baseline ready \(\d+ ms\)/);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    // The charts are drawn (Observable Plot SVGs) with DEVIDA's record as dots.
    expect(await page.locator("#charts .chart-card").count()).toBe(6);
    expect(await page.locator("#chart-hectares svg").count()).toBeGreaterThan(0);
    await page.screenshot({ path: resultPath("dashboard-baseline.png"), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);

  it("shows the departments, the zones and the routes on the map", async () => {
    await page.waitForSelector("body[data-baseline='ready']");
    expect(await page.locator("#map .department").count()).toBeGreaterThanOrEqual(25);
    expect(await page.locator("#map .country").count()).toBe(5);
    expect(await page.locator("#map .zone").count()).toBe(18);
    expect(await page.locator("#map .route").count()).toBeGreaterThanOrEqual(70);
    // Some routes carry cocaine in the month shown: their width shows the flow.
    expect(await page.locator("#map .route:not(.unused)").count()).toBeGreaterThan(10);
    // The zones are sized by hectares: VRAEM, the largest, is drawn largest.
    const radius = async (zone: string) =>
      Number(await page.locator(`#map .zone[data-id='${zone}']`).getAttribute("r"));
    expect(await radius("VRAEM")).toBeGreaterThan(await radius("Kosñipata"));
    await expect(page.locator(".credit").textContent()).resolves.toContain("GeoNames (CC BY 4.0)");
    // Hover shows a zone's figures; keyboard focus does too.
    await page.locator("#map .zone[data-id='VRAEM']").hover();
    await expect(page.locator("#tooltip").textContent()).resolves.toMatch(/VRAEM.*Coca: [\d,]+ ha/);
    await page.locator("#map").screenshot({ path: resultPath("dashboard-map.png") });
    await page.locator("#month-slider").focus();
    const before = await page.locator("#month-label").textContent();
    await page.keyboard.press("ArrowLeft");
    expect(await page.locator("#month-label").textContent()).not.toBe(before);
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#month-label").textContent()).toBe(before);
    // Play steps month by month; pause stops.
    await page.locator("#play").click();
    expect(await page.locator("#play").getAttribute("aria-pressed")).toBe("true");
    await page.waitForFunction(
      (label) => document.getElementById("month-label")?.textContent !== label,
      before,
      {
        timeout: 5_000,
      },
    );
    await page.locator("#play").click();
    expect(await page.locator("#play").getAttribute("aria-pressed")).toBe("false");
    await page.locator("#map .zone[tabindex='0']").focus();
    await page.keyboard.press("ArrowRight");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("class"));
    expect(focused).toContain("zone");
    expect(await page.locator("#tooltip").isVisible()).toBe(true);
  });

  it("re-runs when a policy control moves and shows the comparison", async () => {
    await page.waitForSelector("body[data-baseline='ready']");
    expect(await page.locator("#comparison-table").count()).toBe(0);
    const slider = page.locator("#intensity-checkpoints");
    await slider.focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight"); // 1.0 → 3.0
    await expect(page.locator("#intensity-checkpoints-value").textContent()).resolves.toBe("×3");
    await page.waitForSelector("body[data-policy='ready']", { timeout: 90_000 });
    await expect(page.locator("#scenario-text").inputValue()).resolves.toContain("kind: checkpoints");
    const rows = page.locator("#comparison-table tbody tr");
    expect(await rows.count()).toBe(5);
    // Three times the checkpoints from 2025 seize more and cost more than the status quo.
    const cumulative = async (indicator: string) =>
      (
        await page.locator(`#comparison-table tbody tr[data-indicator='${indicator}'] td`).allTextContents()
      ).slice(3);
    const seizures = await cumulative("seizures");
    expect(Number(seizures[1].replace(/,/g, ""))).toBeGreaterThan(Number(seizures[0].replace(/,/g, "")));
    const spending = await cumulative("spending");
    expect(Number(spending[1].replace(/,/g, ""))).toBeGreaterThan(Number(spending[0].replace(/,/g, "")));
    // Each chart shows the differences; the map can show the policy run.
    expect(await page.locator("#charts .chart-diff").count()).toBe(6);
    expect(await page.locator("#map-run").isEnabled()).toBe(true);
    await page.screenshot({ path: resultPath("dashboard-policy.png"), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);

  it("draws the uncertainty band of the baseline and of the policy", async () => {
    await page.waitForSelector("body[data-policy='ready']");
    expect(await page.locator("body").getAttribute("data-bands")).toBe("none");
    expect(await page.locator("#chart-hectares [aria-description='baseline-band']").count()).toBe(0);
    // Three members keep the test short; the page's default is 20.
    await page.evaluate(() => window.cocasim?.setBandRuns(3));
    await expect(page.locator("#bands-button").textContent()).resolves.toBe("Show uncertainty (3 runs)");
    await page.locator("#bands-button").click();
    await page.waitForSelector("body[data-bands='ready']", { timeout: 120_000 });
    await expect(page.locator("#status").textContent()).resolves.toMatch(
      /Uncertainty band ready \(\d+\.\d s\)/,
    );
    // The members drew the calibrated parameters: peru starts with the calibration.
    await expect(page.locator("#bands-key").textContent()).resolves.toContain(
      "90% of 3 runs, each drawing the calibrated parameters",
    );
    expect(await page.locator("#chart-hectares [aria-description='baseline-band'] path").count()).toBe(1);
    expect(await page.locator("#chart-hectares [aria-description='policy-band'] path").count()).toBe(1);
    // Both bands are shown: nothing left to compute.
    expect(await page.locator("#bands-button").isDisabled()).toBe(true);
    // The band follows the zone chosen.
    await page.locator("#hectares-zone").selectOption("VRAEM");
    expect(await page.locator("#chart-hectares [aria-description='baseline-band'] path").count()).toBe(1);
    await page.locator("#hectares-zone").selectOption("");
    await page.locator("#chart-hectares").screenshot({ path: resultPath("dashboard-bands.png") });
    expect(errors).toEqual([]);
  }, 180_000);

  it("switches the interface to Spanish and back", async () => {
    await page.locator("#lang-es").click();
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    await expect(page.locator("h1").textContent()).resolves.toContain("el sistema coca–cocaína del Perú");
    await expect(page.locator("#policy-title").textContent()).resolves.toBe("Panel de políticas");
    await expect(page.locator("#map-title").textContent()).resolves.toBe("Mapa");
    await expect(page.locator(".credit").textContent()).resolves.toContain("límites: Natural Earth");
    await expect(page.locator("#policy-controls legend").first().textContent()).resolves.toContain(
      "Erradicación",
    );
    if ((await page.locator("#comparison-table").count()) > 0) {
      await expect(page.locator("#comparison-table thead").textContent()).resolves.toContain("Línea base");
    }
    expect(await page.locator("#lang-es").getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: resultPath("dashboard-es.png"), fullPage: true });
    await page.locator("#lang-en").click();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expect(page.locator("#policy-title").textContent()).resolves.toBe("Policy panel");
  });

  it("shows scenario errors with their line and links to it", async () => {
    const textarea = page.locator("#scenario-text");
    const good = await textarea.inputValue();
    await textarea.fill(
      "name: bad\nextends: peru\npolicies:\n  - kind: checkpoints\n    from: 2025-01\n    intensity: high\n",
    );
    const error = page.locator("#editor-status .error-list button").first();
    await error.waitFor({ timeout: 10_000 });
    await expect(error.textContent()).resolves.toMatch(/^Line 6, column \d+: policies\[0\]\.intensity: /);
    await expect(page.locator("#scenario-gutter .error-line").textContent()).resolves.toBe("!6");
    await error.click();
    const caretLine = await textarea.evaluate(
      (el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split("\n").length,
    );
    expect(caretLine).toBe(6);
    await page.locator("#editor").screenshot({ path: resultPath("dashboard-editor-errors.png") });
    await textarea.fill(good);
    await page.locator("#editor-status .valid").waitFor({ timeout: 10_000 });
  });

  it("downloads the results as CSV, with the same figures as the CLI", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#editor-csv-summary").click(),
    ]);
    expect(download.suggestedFilename()).toBe("cocasim-summary.csv");
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")[0]).toMatch(/^run,scenario,year,hectares_total,/);
    // The worker runs the same engine as the CLI: the baseline's figures are Node's, to the digit.
    const loaded = loadBuiltin("peru");
    if (!loaded.ok) throw new Error("peru does not load");
    const node = summaryCsv([{ run: "baseline", result: simulate(loaded.scenario) }])
      .trim()
      .split("\n");
    const browser = text.trim().split("\n");
    expect(browser.filter((line) => line.startsWith("baseline,"))).toEqual(node.slice(1));
    expect(browser[0]).toBe(node[0]);
    expect(errors).toEqual([]);
  });
});
