/** Helpers for the server tests: an app on an inline queue, requests, and waiting for runs. */
import type { Hono } from "hono";
import type { SimulationResult } from "../../src/model/results.ts";
import type { SimulateOptions } from "../../src/model/simulate.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import { type AppOptions, createApp } from "../../src/server/app.ts";
import { createInlineExecutor, createLocalQueue } from "../../src/server/queue.ts";
import type { RunInfo, RunQueue } from "../../src/server/types.ts";
import { fakeSimulate } from "../cli/fakes.ts";

export type Simulate = (scenario: ResolvedScenario, options?: SimulateOptions) => SimulationResult;

export interface TestApp {
  readonly app: Hono;
  readonly queue: RunQueue;
  close(): Promise<void>;
}

/** The app on an in-process queue; `simulate` defaults to the real model. */
export function testApp(options: { simulate?: Simulate } & Partial<AppOptions> = {}): TestApp {
  const { simulate, ...rest } = options;
  const queue = createLocalQueue({ executor: createInlineExecutor(simulate) });
  let n = 0;
  const app = createApp({ queue, version: "9.9.9-test", newId: () => `run-${++n}`, ...rest });
  return { app, queue, close: () => queue.close() };
}

/** fakeSimulate from the CLI tests: small, instant and different for each seed. */
export const fake: Simulate = (scenario, options) => fakeSimulate(scenario, options);

export function postJson(app: Hono, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

export function postText(
  app: Hono,
  path: string,
  body: string,
  contentType = "text/yaml",
): Promise<Response> {
  return Promise.resolve(
    app.request(path, { method: "POST", headers: { "content-type": contentType }, body }),
  );
}

export async function get(app: Hono, path: string): Promise<Response> {
  return app.request(path);
}

export interface SseEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** Parses a text/event-stream body into its events. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\n\n/)) {
    if (block.trim() === "") continue;
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "id") id = value;
      else if (field === "data") data.push(value);
    }
    events.push({ event, ...(id === undefined ? {} : { id }), data: data.join("\n") });
  }
  return events;
}

/** Follows the run's event stream to its end and returns the final info. */
export async function waitForRun(app: Hono, id: string): Promise<RunInfo> {
  const response = await app.request(`/api/runs/${id}/events`);
  const events = parseSse(await response.text());
  const last = events.at(-1);
  if (last === undefined) throw new Error(`no events for run ${id}`);
  return JSON.parse(last.data) as RunInfo;
}

/** Starts a run and waits for it; returns its id and final info. */
export async function runToEnd(app: Hono, body: unknown): Promise<{ id: string; info: RunInfo }> {
  const response = await postJson(app, "/api/runs", body);
  if (response.status !== 202) throw new Error(`POST /api/runs: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  return { id, info: await waitForRun(app, id) };
}

/** Checks the API's error shape and returns the error. */
export async function errorOf(
  response: Response,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const body = (await response.json()) as {
    error: { code: string; message: string; details?: Record<string, unknown> };
  };
  if (typeof body.error?.code !== "string" || typeof body.error.message !== "string") {
    throw new Error(`not an API error: ${JSON.stringify(body)}`);
  }
  return body.error;
}
