/**
 * Speed of the dashboard (issue #5 §4), measured in Debian's Chromium:
 *
 *   node --import tsx bench/web.ts [--runs 5] [--json]
 *
 * Builds dist-web/ if it is missing or stale, serves it on 127.0.0.1 and
 * reports, as medians over `--runs` fresh page loads (new browser context each,
 * so nothing is cached):
 *
 * - first render: navigation start → the page's map and controls are in the DOM
 *   (the `cocasim:first-render` mark), and the browser's first contentful paint;
 * - baseline shown: navigation start → the `peru` baseline run in the worker and
 *   drawn (map, charts);
 * - re-run of `peru` in the browser: the worker's time for a whole 2018–2030 run
 *   once the page is loaded (the worker is warm), and the round trip from the
 *   page including the transfer of the results;
 * - the page's JavaScript, gzipped (level 9), summed over dist-web/assets/*.js;
 * - for reference, the same `peru` run in Node on this machine at the same time
 *   (median of three warm runs), to tell the browser's cost from a busy machine.
 *
 * Targets: first render ≤ 1.5 s, re-run ≤ 1.5 s, JavaScript ≤ 500 kB gzipped.
 * Needs Chromium (`apt-get install -y chromium`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { simulate } from "../src/model/simulate.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";
import { DIST, ensureBuilt, launchChromium, serve } from "../test/browser/harness.ts";

interface PageTimings {
  firstRender: number;
  firstContentfulPaint: number;
  baselineShown: number;
  baselineRunMs: number;
  rerunMs: number[];
  rerunWallMs: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of three warm runs of `peru` in Node, ms. */
function nodeRunMs(): number {
  const loaded = loadBuiltin("peru");
  if (!loaded.ok) throw new Error("the built-in peru scenario does not load");
  simulate(loaded.scenario); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    simulate(loaded.scenario);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function jsSize(): { files: { name: string; bytes: number; gzip: number }[]; bytes: number; gzip: number } {
  const assets = join(DIST, "assets");
  const files = readdirSync(assets)
    .filter((name) => name.endsWith(".js"))
    .map((name) => {
      const content = readFileSync(join(assets, name));
      return { name, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
    });
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 5) : 5;
  const json = args.includes("--json");

  ensureBuilt();
  const size = jsSize();
  const server = await serve();
  const browser = await launchChromium();
  const samples: PageTimings[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "en-GB" });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => window.cocasim !== undefined);
      await page.evaluate(() => window.cocasim!.baselineReady);
      const timings = await page.evaluate(async () => {
        const c = window.cocasim!;
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        const reruns: { ms: number; wallMs: number }[] = [];
        for (let k = 0; k < 3; k++) reruns.push(await c.rerun());
        return {
          firstRender: c.timings.firstRender ?? Number.NaN,
          firstContentfulPaint: paint ? paint.startTime : Number.NaN,
          baselineShown: c.timings.baselineShown ?? Number.NaN,
          baselineRunMs: c.timings.baselineRunMs ?? Number.NaN,
          rerunMs: reruns.map((r) => r.ms),
          rerunWallMs: reruns.map((r) => r.wallMs),
        };
      });
      samples.push(timings);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const nodeMs = nodeRunMs();
  const result = {
    runs,
    firstRenderMs: median(samples.map((s) => s.firstRender)),
    firstContentfulPaintMs: median(samples.map((s) => s.firstContentfulPaint)),
    baselineShownMs: median(samples.map((s) => s.baselineShown)),
    baselineRunColdMs: median(samples.map((s) => s.baselineRunMs)),
    rerunMs: median(samples.flatMap((s) => s.rerunMs)),
    rerunWallMs: median(samples.flatMap((s) => s.rerunWallMs)),
    nodeRunMs: nodeMs,
    jsBytes: size.bytes,
    jsGzipBytes: size.gzip,
    jsFiles: size.files,
  };
  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const ms = (v: number) => `${Math.round(v)} ms`;
  const kb = (v: number) => `${(v / 1000).toFixed(1)} kB`;
  const rows: [string, string, string][] = [
    ["first render (map and controls in the DOM)", ms(result.firstRenderMs), "≤ 1500 ms"],
    ["first contentful paint", ms(result.firstContentfulPaintMs), ""],
    ["baseline run and drawn (first load, cold worker)", ms(result.baselineShownMs), ""],
    ["  of which the run in the worker", ms(result.baselineRunColdMs), ""],
    ["re-run of peru in the browser (worker)", ms(result.rerunMs), "≤ 1500 ms"],
    ["re-run of peru, round trip from the page", ms(result.rerunWallMs), "≤ 1500 ms"],
    ["peru in Node on this machine (reference, warm)", ms(result.nodeRunMs), ""],
    ["JavaScript, gzipped", kb(result.jsGzipBytes), "≤ 500 kB"],
  ];
  for (const f of size.files) rows.push([`  ${f.name} (${kb(f.bytes)} raw)`, kb(f.gzip), ""]);
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`Dashboard speed: medians over ${runs} page loads (re-runs: 3 per load)\n`);
  for (const [name, value, target] of rows) {
    console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${target}`);
  }
}

await main();
