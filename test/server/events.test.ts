/** GET /api/runs/:id/events: the server-sent events of a run. */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.ts";
import type { RunInfo } from "../../src/server/types.ts";
import { errorOf, get, parseSse, postJson, testApp } from "./helpers.ts";
import { manualQueue } from "./manual-queue.ts";

describe("run events (SSE)", () => {
  it("streams progress, then done, for a real short run", async () => {
    const t = testApp();
    const started = await postJson(t.app, "/api/runs", { scenario: "peru", to: "2018-06" });
    const { id } = (await started.json()) as { id: string };
    const response = await get(t.app, `/api/runs/${id}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const events = parseSse(await response.text());

    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)!.event).toBe("done");
    expect(events.slice(0, -1).every((e) => e.event === "progress")).toBe(true);
    // Ids count up from 0.
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => String(i)));
    const infos = events.map((e) => JSON.parse(e.data) as RunInfo);
    for (const info of infos) {
      expect(info.id).toBe(id);
      expect(info.progress.monthsTotal).toBe(6);
    }
    // Progress never goes back.
    for (let i = 1; i < infos.length; i++) {
      expect(infos[i].progress.fraction).toBeGreaterThanOrEqual(infos[i - 1].progress.fraction);
    }
    const done = infos.at(-1)!;
    expect(done.status).toBe("done");
    expect(done.progress).toEqual({ runsDone: 1, runsTotal: 1, monthsDone: 6, monthsTotal: 6, fraction: 1 });

    // A client that connects after the end gets the final event at once.
    const again = parseSse(await (await get(t.app, `/api/runs/${id}/events`)).text());
    expect(again.map((e) => e.event)).toEqual(["done"]);
    expect((await get(t.app, `/api/runs/${id}/summary`)).status).toBe(200);
    await t.close();
  });

  it("reports each change of a run, coalescing what arrives between writes", async () => {
    const queue = manualQueue();
    const app = createApp({ queue });
    const { id } = (await (
      await postJson(app, "/api/runs", { scenario: "peru", to: "2018-02", runs: 2 })
    ).json()) as {
      id: string;
    };
    const response = await get(app, `/api/runs/${id}/events`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const readEvent = async (): Promise<RunInfo & { event: string }> => {
      for (;;) {
        const end = text.indexOf("\n\n");
        if (end >= 0) {
          const [event] = parseSse(text.slice(0, end + 2));
          text = text.slice(end + 2);
          return { ...(JSON.parse(event.data) as RunInfo), event: event.event };
        }
        const { done, value } = await reader.read();
        if (done) throw new Error("the stream ended");
        text += value;
      }
    };
    const first = await readEvent();
    expect(first).toMatchObject({ event: "progress", status: "queued" });
    const { events } = queue.jobs[0];
    events.start();
    expect(await readEvent()).toMatchObject({ event: "progress", status: "running" });
    events.progress({ runsDone: 1, runsTotal: 2, monthsDone: 2, monthsTotal: 4, fraction: 0.5 });
    expect(await readEvent()).toMatchObject({ event: "progress", progress: { fraction: 0.5 } });
    events.fail(new Error("the model fell over"));
    const last = await readEvent();
    expect(last.event).toBe("error");
    expect(last).toMatchObject({
      status: "failed",
      error: { code: "simulation_failed", message: "the model fell over" },
    });
    expect((await reader.read()).done).toBe(true);
  });

  it("answers HEAD with the headers only", async () => {
    const app = createApp({ queue: manualQueue() });
    const { id } = (await (await postJson(app, "/api/runs", { scenario: "peru" })).json()) as { id: string };
    const r = await app.request(`/api/runs/${id}/events`, { method: "HEAD" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/event-stream");
    expect(await r.text()).toBe("");
  });

  it("404 JSON, not a stream, for an unknown run", async () => {
    const app = createApp({ queue: manualQueue() });
    const r = await get(app, "/api/runs/nope/events");
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await errorOf(r)).code).toBe("run_not_found");
  });

  it("ends with an error event when the server shuts down under a queued run", async () => {
    const t = testApp();
    // Two runs: the second waits in the queue until close() cancels it.
    await postJson(t.app, "/api/runs", { scenario: "peru", to: "2018-01" });
    const { id } = (await (
      await postJson(t.app, "/api/runs", { scenario: "peru", to: "2018-01" })
    ).json()) as {
      id: string;
    };
    const stream = get(t.app, `/api/runs/${id}/events`);
    await t.close();
    const events = parseSse(await (await stream).text());
    expect(events.at(-1)!.event).toBe("error");
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ status: "failed", error: { code: "cancelled" } });
  });
});
