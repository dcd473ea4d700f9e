/**
 * A worker thread that runs simulations for worker-executor.ts: it receives
 * `{ type: "run", job, scenario }`, posts `progress` messages month by month, then
 * `done` with the result or `error` with a message.
 */
import { parentPort } from "node:worker_threads";
import { simulate } from "../model/simulate.ts";
import type { ResolvedScenario } from "../scenario/types.ts";

export interface RunMessage {
  readonly type: "run";
  readonly job: number;
  readonly scenario: ResolvedScenario;
}

export type WorkerReply =
  | { readonly type: "progress"; readonly job: number; readonly done: number; readonly total: number }
  | { readonly type: "done"; readonly job: number; readonly result: ReturnType<typeof simulate> }
  | { readonly type: "error"; readonly job: number; readonly message: string };

const port = parentPort;
if (port === null) throw new Error("src/server/worker.ts runs only as a worker thread");

port.on("message", (message: RunMessage) => {
  if (message?.type !== "run") return;
  const { job, scenario } = message;
  let reply: WorkerReply;
  try {
    const result = simulate(scenario, {
      onProgress: (done, total) =>
        port.postMessage({ type: "progress", job, done, total } satisfies WorkerReply),
    });
    reply = { type: "done", job, result };
  } catch (error) {
    reply = { type: "error", job, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
