/**
 * The simulation worker: resolves a scenario and runs it with the same engine
 * as the CLI (src/model/simulate.ts), off the page's main thread. The typed
 * arrays of the result are transferred, not copied.
 */
import { simulate } from "../model/simulate.ts";
import { type LoadResult, loadBuiltin, loadScenario } from "../scenario/resolve.ts";
import type { RunRequest, WorkerReply } from "./protocol.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(reply: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

function run(request: RunRequest): void {
  const { id, source } = request;
  const t0 = performance.now();
  const loaded: LoadResult =
    "builtin" in source ? loadBuiltin(source.builtin) : loadScenario(source.text, source.file);
  if (!loaded.ok) {
    post({ type: "invalid", id, errors: loaded.errors });
    return;
  }
  let lastPosted = 0;
  const result = simulate(loaded.scenario, {
    onProgress(done, total) {
      const now = performance.now();
      if (done === total || now - lastPosted > 100) {
        lastPosted = now;
        post({ type: "progress", id, done, total });
      }
    },
  });
  const ms = performance.now() - t0;
  const transfer: Transferable[] = [result.flows.flowKg.buffer, result.flows.seizedKg.buffer];
  for (const byKey of result.monthly.variables.values()) {
    for (const values of byKey.values()) transfer.push(values.buffer);
  }
  post({ type: "result", id, scenario: loaded.scenario, result, ms }, transfer);
}

scope.onmessage = (event: MessageEvent<RunRequest>) => {
  const request = event.data;
  if (request?.type !== "run") return;
  try {
    run(request);
  } catch (error) {
    post({ type: "failed", id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};
