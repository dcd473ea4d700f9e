import { describe, expect, it } from "vitest";
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { WorkerReply, WorkerRequest } from "./protocol.ts";
import { type RunOutcome, SimulationClient, type WorkerLike } from "./worker-client.ts";

/** A worker that answers only when told to. */
class FakeWorker implements WorkerLike {
  readonly received: WorkerRequest[] = [];
  private listener: ((event: MessageEvent<WorkerReply>) => void) | undefined;
  postMessage(message: WorkerRequest): void {
    this.received.push(message);
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    if (type === "message") this.listener = listener as (event: MessageEvent<WorkerReply>) => void;
  }
  reply(reply: WorkerReply): void {
    this.listener?.({ data: reply } as MessageEvent<WorkerReply>);
  }
  finish(id: number): void {
    this.reply({ type: "failed", id, message: `done ${id}` });
  }
}

describe("simulation client", () => {
  it("runs one request at a time and keeps only the latest of a lane", async () => {
    const worker = new FakeWorker();
    const client = new SimulationClient(worker);
    const outcomes: RunOutcome[] = [];
    const first = client.run("policy", { builtin: "a" }).then((o) => outcomes.push(o));
    const second = client.run("policy", { builtin: "b" });
    const third = client.run("policy", { builtin: "c" });
    const baseline = client.run("baseline", { builtin: "peru" });
    expect(worker.received.map((r) => r.source)).toEqual([{ builtin: "a" }]);
    await expect(second).resolves.toEqual({ kind: "superseded" }); // replaced while queued
    worker.reply({ type: "progress", id: 1, done: 1, total: 2 });
    worker.finish(1); // a was running when c came: stale
    await first;
    expect(outcomes).toEqual([{ kind: "superseded" }]);
    expect(worker.received.map((r) => r.source)).toEqual([{ builtin: "a" }, { builtin: "c" }]);
    worker.finish(2);
    await expect(third).resolves.toEqual({ kind: "failed", message: "done 2" });
    expect(worker.received.at(-1)?.source).toEqual({ builtin: "peru" });
    worker.reply({ type: "invalid", id: 3, errors: [] });
    await expect(baseline).resolves.toEqual({ kind: "invalid", errors: [] });
    expect(client.busy).toBe(false);
  });

  it("sends a bands request with its run count and resolves with the statistics", async () => {
    const worker = new FakeWorker();
    const client = new SimulationClient(worker);
    const progress: number[] = [];
    const bands = client.bands("bands-baseline", { builtin: "peru" }, 20, (done, total) =>
      progress.push(done / total),
    );
    expect(worker.received).toEqual([{ type: "bands", id: 1, source: { builtin: "peru" }, runs: 20 }]);
    // A single run queued in another lane waits for it.
    const single = client.run("policy", { builtin: "x" });
    worker.reply({ type: "progress", id: 1, done: 10, total: 40 });
    const summary = { runs: 20 } as unknown as EnsembleSummary;
    worker.reply({ type: "bands", id: 1, summary, varies: "posterior", ms: 12 });
    await expect(bands).resolves.toEqual({ kind: "bands", summary, varies: "posterior", ms: 12 });
    expect(progress).toEqual([0.25]);
    expect(worker.received.at(-1)).toEqual({ type: "run", id: 2, source: { builtin: "x" } });
    worker.finish(2);
    await expect(single).resolves.toEqual({ kind: "failed", message: "done 2" });
  });
});
