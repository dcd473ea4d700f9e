/**
 * The simulation worker: resolves a scenario and runs it with the same engine
 * as the CLI (src/model/simulate.ts), off the page's main thread. The typed
 * arrays of the result are transferred, not copied. A bands request runs an
 * ensemble of the scenario and returns its statistics (ensemble-bands.ts).
 */
import { simulate } from "../model/simulate.ts";
import { type LoadResult, loadBuiltin, loadScenario } from "../scenario/resolve.ts";
import { runBands } from "./ensemble-bands.ts";
import type { BandsRequest, RunRequest, RunSource, WorkerReply, WorkerRequest } from "./protocol.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(reply: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

function load(id: number, source: RunSource): LoadResult | undefined {
  const loaded: LoadResult =
    "builtin" in source ? loadBuiltin(source.builtin) : loadScenario(source.text, source.file);
  if (!loaded.ok) {
    post({ type: "invalid", id, errors: loaded.errors });
    return undefined;
  }
  return loaded;
}

/** Posts progress at most every 100 ms, and at the end. */
function progressPoster(id: number): (done: number, total: number) => void {
  let lastPosted = 0;
  return (done, total) => {
    const now = performance.now();
    if (done === total || now - lastPosted > 100) {
      lastPosted = now;
      post({ type: "progress", id, done, total });
    }
  };
}

function run(request: RunRequest): void {
  const { id, source } = request;
  const t0 = performance.now();
  const loaded = load(id, source);
  if (!loaded?.ok) return;
  const result = simulate(loaded.scenario, { onProgress: progressPoster(id) });
  const ms = performance.now() - t0;
  const transfer: Transferable[] = [result.flows.flowKg.buffer, result.flows.seizedKg.buffer];
  for (const byKey of result.monthly.variables.values()) {
    for (const values of byKey.values()) transfer.push(values.buffer);
  }
  post({ type: "result", id, scenario: loaded.scenario, result, ms }, transfer);
}

function bands(request: BandsRequest): void {
  const { id, source, runs } = request;
  const t0 = performance.now();
  const loaded = load(id, source);
  if (!loaded?.ok) return;
  const { summary, varies } = runBands(loaded.scenario, runs, simulate, progressPoster(id));
  post({ type: "bands", id, summary, varies, ms: performance.now() - t0 });
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request?.type !== "run" && request?.type !== "bands") return;
  try {
    if (request.type === "run") run(request);
    else bands(request);
  } catch (error) {
    post({ type: "failed", id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};
