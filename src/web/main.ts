/**
 * The dashboard page: runs the `peru` baseline in a Web Worker on load, shows
 * it on the map and in the charts, and re-runs the scenario whenever a policy
 * control or the scenario editor changes it, showing the new run beside the
 * baseline.
 *
 * The hectares chart's button runs an ensemble of the baseline (and of the policy,
 * when there is one) in the worker and draws its 90% band (ensemble-bands.ts).
 *
 * For tests and `bench/web.ts`, the page exposes `window.cocasim` (timings, a
 * re-run of `peru`, the band's run count) and `data-baseline` / `data-policy` /
 * `data-bands` on <body>.
 */

import type { EnsembleSummary } from "../ensemble/summarise.ts";
import { canonicalJson } from "../scenario/hash.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { BandsView, Charts } from "./charts.ts";
import { renderComparison } from "./compare.ts";
import { monthlyCsv, summaryCsv } from "./csv.ts";
import { makeRun, type Run } from "./data.ts";
import { download, ScenarioEditor } from "./editor.ts";
import { isLanguage, type Language, language, type MessageKey, setLanguage, t, translate } from "./i18n.ts";
import { MapView, renderLegend } from "./map.ts";
import { PolicyPanel } from "./panel.ts";
import { DEFAULT_SCENARIO_YAML, panelFromScenario } from "./panel-model.ts";
import type { RunSource } from "./protocol.ts";
import { type RunOutcome, SimulationClient } from "./worker-client.ts";

interface Timings {
  /** ms from navigation start until the page's map and controls were in the DOM. */
  firstRender?: number;
  /** ms from navigation start until the baseline was drawn. */
  baselineShown?: number;
  /** Worker time of the baseline run, ms. */
  baselineRunMs?: number;
}

interface CocasimDebug {
  readonly timings: Timings;
  /** Resolves when the baseline is drawn. */
  readonly baselineReady: Promise<void>;
  /** Runs `peru` again in the (warm) worker: worker ms and round-trip ms. */
  rerun(): Promise<{ ms: number; wallMs: number }>;
  /** Sets how many runs the uncertainty band takes (20 by default; tests use fewer). */
  setBandRuns(runs: number): void;
}

declare global {
  interface Window {
    cocasim?: CocasimDebug;
  }
}

// Start the worker and the baseline run first, so the simulation overlaps building the page.
const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const client = new SimulationClient(worker);
const PERU: RunSource = { builtin: "peru" };
const baselineRun = client.run("baseline", PERU, (done, total) =>
  showProgress("status.runningBaseline")(done, total),
);
const POLICY_DEBOUNCE_MS = 300;
/** Members of the uncertainty band: enough for its 5th and 95th percentiles to mean something, few enough to wait for (about 15 s per scenario). */
const DEFAULT_BAND_RUNS = 20;
const PLAY_INTERVAL_MS = 350;
const DEFAULT_MONTH = "2024-12";
const LANGUAGE_KEY = "cocasim.lang";

const state: {
  baseline?: Run;
  baselineScenario?: ResolvedScenario;
  policy?: Run;
  mapRun: "policy" | "baseline";
  month: string;
  playing?: ReturnType<typeof setInterval>;
  policyGeneration: number;
  status?: { key: MessageKey; values: Record<string, string | number> };
  /** The uncertainty band: its run count, the ensembles' statistics, and whether one is running. */
  bandRuns: number;
  baselineBands?: EnsembleSummary;
  policyBands?: EnsembleSummary;
  bandsVary?: "seed" | "posterior";
  bandsRunning: boolean;
  /** The scenario text of the policy run shown. */
  policyText?: string;
} = {
  mapRun: "policy",
  month: DEFAULT_MONTH,
  policyGeneration: 0,
  bandRuns: DEFAULT_BAND_RUNS,
  bandsRunning: false,
};
const timings: Timings = {};

const body = document.body;
body.dataset.baseline = "running";
body.dataset.policy = "none";
body.dataset.bands = "none";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const statusElement = $<HTMLParagraphElement>("status");
const progress = $<HTMLProgressElement>("progress");
const slider = $<HTMLInputElement>("month-slider");
const monthLabel = $<HTMLOutputElement>("month-label");
const playButton = $<HTMLButtonElement>("play");
const mapRunSelect = $<HTMLSelectElement>("map-run");

function setStatus(key: MessageKey, values: Record<string, string | number> = {}): void {
  state.status = { key, values };
  statusElement.textContent = t(key, values);
}

function showProgress(key: MessageKey) {
  return (done: number, total: number): void => {
    progress.hidden = false;
    progress.value = done / total;
    setStatus(key, { pct: Math.round((100 * done) / total) });
  };
}

function shownRun(): Run | undefined {
  return state.mapRun === "policy" && state.policy ? state.policy : state.baseline;
}

function formatMonth(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(language() === "es" ? "es-PE" : "en-GB", {
    year: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, m - 1, 1)));
}

function updateSlider(): void {
  const months = shownRun()?.result.flows.months ?? [];
  if (months.length === 0) return;
  let index = months.indexOf(state.month);
  if (index < 0) {
    index = state.month < months[0] ? 0 : months.length - 1;
    state.month = months[index];
  }
  slider.max = String(months.length - 1);
  slider.value = String(index);
  slider.disabled = false;
  playButton.disabled = false;
  const label = formatMonth(state.month);
  monthLabel.textContent = label;
  slider.setAttribute("aria-valuetext", label);
}

// Page skeleton.
const map = new MapView($("map"), $("tooltip"));
// The charts (Observable Plot, most of the page's code) load in parallel and draw when they arrive.
let charts: Charts | undefined;
const chartsLoaded = import("./charts.ts").then((module) => {
  charts = new module.Charts($("charts"), () => void showBands());
  map.setDepartmentRecord(module.departmentHectares);
  charts.setBands(bandsView());
  charts.update(state.baseline, state.policy);
});
const editor = new ScenarioEditor($("editor"), {
  onRun(text, raw) {
    panel.set(panelFromScenario(raw));
    runPolicy(text);
  },
  onDownloadSummary() {
    download("cocasim-summary.csv", summaryCsv(labelledRuns()), "text/csv");
  },
  onDownloadMonthly() {
    download("cocasim-monthly.csv", monthlyCsv(labelledRuns()), "text/csv");
  },
});
// The parser, validator and YAML library load after the first render too.
const scenarioTools = import("./scenario-tools.ts").then((tools) => {
  editor.setValidator(tools.loadScenario);
  return tools;
});

const panel = new PolicyPanel($("policy-controls"), async (model) => {
  const tools = await scenarioTools;
  const text = tools.applyPanel(editor.text, model);
  if (text === undefined) {
    // The YAML does not parse: the panel cannot rewrite it. Keep the user's text and say so.
    clearTimeout(debounce);
    editor.validate();
    body.dataset.policy = "invalid";
    setStatus("status.invalid");
    return;
  }
  editor.setText(text);
  schedulePolicyRun();
});

function labelledRuns() {
  const runs = state.baseline ? [{ run: "baseline", result: state.baseline.result }] : [];
  if (state.policy) runs.push({ run: "policy", result: state.policy.result });
  return runs;
}

function refreshMap(): void {
  map.update({ shown: shownRun(), baseline: state.baseline, month: state.month });
}

function refreshResults(): void {
  const hasPolicy = state.policy !== undefined;
  mapRunSelect.disabled = !hasPolicy;
  mapRunSelect.value = hasPolicy ? state.mapRun : "baseline";
  for (const id of ["editor-csv-summary", "editor-csv-monthly"]) {
    ($(id) as HTMLButtonElement).disabled = state.baseline === undefined;
  }
  updateSlider();
  refreshMap();
  charts?.update(state.baseline, state.policy);
  renderComparison($("comparison"), state.baseline, state.policy);
}

function applyLanguage(lang: Language): void {
  setLanguage(lang);
  document.documentElement.lang = lang;
  document.title = t("app.title");
  for (const button of document.querySelectorAll<HTMLButtonElement>(".lang button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  translate(document);
  playButton.textContent = state.playing ? t("map.pause") : t("map.play");
  map.retranslate();
  renderLegend($("legend"));
  panel.retranslate();
  editor.render();
  if (state.status) statusElement.textContent = t(state.status.key, state.status.values);
  if (state.baseline) {
    updateSlider();
    charts?.render();
    renderComparison($("comparison"), state.baseline, state.policy);
  } else charts?.update(undefined, undefined);
}

for (const button of document.querySelectorAll<HTMLButtonElement>(".lang button")) {
  button.addEventListener("click", () => {
    const lang = button.dataset.lang;
    if (!isLanguage(lang)) return;
    try {
      localStorage.setItem(LANGUAGE_KEY, lang);
    } catch {
      // Storage may be unavailable (private mode): the choice just isn't remembered.
    }
    applyLanguage(lang);
  });
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // ignore
  }
  return navigator.language.toLowerCase().startsWith("es") ? "es" : "en";
}

// Time slider and play.
slider.addEventListener("input", () => {
  const months = shownRun()?.result.flows.months ?? [];
  const month = months[Number(slider.value)];
  if (!month) return;
  state.month = month;
  updateSlider();
  refreshMap();
});

function stopPlaying(): void {
  if (state.playing === undefined) return;
  clearInterval(state.playing);
  state.playing = undefined;
  playButton.textContent = t("map.play");
  playButton.setAttribute("aria-pressed", "false");
}

playButton.addEventListener("click", () => {
  if (state.playing !== undefined) {
    stopPlaying();
    return;
  }
  const months = shownRun()?.result.flows.months ?? [];
  if (months.length === 0) return;
  if (months.indexOf(state.month) >= months.length - 1) state.month = months[0];
  playButton.textContent = t("map.pause");
  playButton.setAttribute("aria-pressed", "true");
  state.playing = setInterval(() => {
    const list = shownRun()?.result.flows.months ?? [];
    const next = list.indexOf(state.month) + 1;
    if (next <= 0 || next >= list.length) {
      stopPlaying();
      return;
    }
    state.month = list[next];
    updateSlider();
    refreshMap();
  }, PLAY_INTERVAL_MS);
  updateSlider();
  refreshMap();
});

mapRunSelect.addEventListener("change", () => {
  state.mapRun = mapRunSelect.value === "baseline" ? "baseline" : "policy";
  updateSlider();
  refreshMap();
});

// Policy runs.
let debounce: ReturnType<typeof setTimeout> | undefined;

function schedulePolicyRun(): void {
  clearTimeout(debounce);
  debounce = setTimeout(() => runPolicy(editor.text), POLICY_DEBOUNCE_MS);
}

/** The parts of a resolved scenario that change its results (not its name or description). */
function resultKey(s: ResolvedScenario): string {
  return canonicalJson({
    from: s.from,
    to: s.to,
    seed: s.seed,
    parameters: s.parameters,
    policies: s.policies,
    events: s.events,
  });
}

function clearPolicy(): void {
  if (state.policy === undefined) return;
  state.policy = undefined;
  state.policyBands = undefined;
  refreshBands();
  refreshResults();
}

// The uncertainty band.
function bandsView(): BandsView {
  return {
    runs: state.bandRuns,
    baseline: state.baselineBands,
    policy: state.policyBands,
    varies: state.bandsVary,
    running: state.bandsRunning,
  };
}

function refreshBands(): void {
  charts?.setBands(bandsView());
  body.dataset.bands = state.bandsRunning ? "running" : state.baselineBands ? "ready" : "none";
}

/** Runs the band's ensembles for the baseline (once) and for the policy shown, one after the other. */
async function showBands(): Promise<void> {
  if (state.bandsRunning || !state.baseline) return;
  state.bandsRunning = true;
  refreshBands();
  const t0 = performance.now();
  const runs = state.bandRuns;
  const progressOf = (done: number, total: number) => {
    progress.hidden = false;
    progress.value = done / total;
    setStatus("bands.running", { runs, pct: Math.round((100 * done) / total) });
  };
  try {
    if (!state.baselineBands) {
      const outcome = await client.bands("bands-baseline", PERU, runs, progressOf);
      if (outcome.kind !== "bands")
        throw new Error(outcome.kind === "failed" ? outcome.message : outcome.kind);
      state.baselineBands = outcome.summary;
      state.bandsVary = outcome.varies;
    }
    const generation = state.policyGeneration;
    if (state.policy && !state.policyBands) {
      const outcome = await client.bands(
        "bands-policy",
        { text: state.policyText ?? editor.text, file: "scenario.yaml" },
        runs,
        progressOf,
      );
      // A newer policy replaced the one the band was for: drop it.
      if (outcome.kind === "bands" && generation === state.policyGeneration && state.policy) {
        state.policyBands = outcome.summary;
      }
    }
    setStatus("bands.ready", { s: ((performance.now() - t0) / 1000).toFixed(1) });
  } catch (error) {
    setStatus("status.failed", { message: error instanceof Error ? error.message : String(error) });
  } finally {
    progress.hidden = true;
    state.bandsRunning = false;
    refreshBands();
  }
}

async function runPolicy(text: string): Promise<void> {
  clearTimeout(debounce);
  const generation = ++state.policyGeneration;
  await scenarioTools;
  if (generation !== state.policyGeneration) return;
  const loaded = editor.validate();
  if (!loaded?.ok) {
    body.dataset.policy = "invalid";
    setStatus("status.invalid");
    return;
  }
  if (state.baselineScenario && resultKey(loaded.scenario) === resultKey(state.baselineScenario)) {
    body.dataset.policy = "none";
    clearPolicy();
    setStatus("status.sameAsBaseline");
    return;
  }
  body.dataset.policy = "running";
  const outcome = await client.run("policy", { text, file: "scenario.yaml" }, (done, total) => {
    if (generation === state.policyGeneration) showProgress("status.running")(done, total);
  });
  if (generation !== state.policyGeneration || outcome.kind === "superseded") return;
  progress.hidden = true;
  if (outcome.kind === "result") state.policyText = text;
  handlePolicyOutcome(outcome);
}

function handlePolicyOutcome(outcome: RunOutcome): void {
  if (outcome.kind === "result") {
    state.policy = makeRun(outcome.result, outcome.ms);
    // The band was another policy's.
    state.policyBands = undefined;
    refreshBands();
    refreshResults();
    body.dataset.policy = "ready";
    setStatus("status.policyReady", { ms: Math.round(outcome.ms) });
  } else if (outcome.kind === "invalid") {
    body.dataset.policy = "invalid";
    editor.showErrors(outcome.errors);
    setStatus("status.invalid");
  } else if (outcome.kind === "failed") {
    body.dataset.policy = "failed";
    setStatus("status.failed", { message: outcome.message });
  }
}

// First render: everything but the results.
applyLanguage(initialLanguage());
editor.setText(DEFAULT_SCENARIO_YAML);
setStatus("status.loading");
refreshMap();
timings.firstRender = performance.now();
performance.mark("cocasim:first-render");

const baselineReady = baselineRun.then(async (outcome) => {
  progress.hidden = true;
  if (outcome.kind !== "result") {
    body.dataset.baseline = "failed";
    setStatus("status.failed", {
      message:
        outcome.kind === "failed" ? outcome.message : outcome.kind === "invalid" ? "peru" : "superseded",
    });
    return;
  }
  state.baseline = makeRun(outcome.result, outcome.ms);
  state.baselineScenario = outcome.scenario;
  refreshResults();
  await chartsLoaded;
  timings.baselineShown = performance.now();
  timings.baselineRunMs = outcome.ms;
  performance.mark("cocasim:baseline-shown");
  body.dataset.baseline = "ready";
  if (body.dataset.policy !== "running") setStatus("status.ready", { ms: Math.round(outcome.ms) });
});

window.cocasim = {
  timings,
  baselineReady,
  async rerun() {
    const outcome = await client.run("bench", PERU);
    if (outcome.kind !== "result") throw new Error(`re-run of peru: ${outcome.kind}`);
    return { ms: outcome.ms, wallMs: outcome.wallMs };
  },
  setBandRuns(runs: number) {
    state.bandRuns = Math.max(2, Math.floor(runs));
    refreshBands();
  },
};
