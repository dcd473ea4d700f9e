/**
 * A worker thread of the local executor (local.ts): runs the batches of jobs it
 * is sent, one job after the other, and posts each summary as soon as it is done.
 */
import { parentPort } from "node:worker_threads";
import { simulate } from "../model/simulate.ts";
import type { BatchMessage, WorkerMessage } from "./protocol.ts";

const port = parentPort;
if (!port) throw new Error("src/executors/worker.ts must run in a worker thread");

port.on("message", (message: BatchMessage) => {
  for (let k = 0; k < message.seeds.length; k++) {
    let reply: WorkerMessage;
    try {
      const scenario = { ...message.scenarios[message.scenarioOf[k]], seed: message.seeds[k] };
      reply = { type: "result", batch: message.batch, k, summary: simulate(scenario).summary };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        type: "error",
        batch: message.batch,
        k,
        name: e.name,
        message: e.message,
        ...(e.stack === undefined ? {} : { stack: e.stack }),
      } satisfies WorkerMessage);
      return;
    }
    port.postMessage(reply);
  }
});
