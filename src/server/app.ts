/**
 * The HTTP API and the dashboard's files, as a Hono app: Web-standard Request and
 * Response only, so it runs under any adapter (node.ts for Node) and is tested
 * with `app.request()` without sockets. Runs execute off the request path, on the
 * RunQueue it is given; finished runs are kept in the ResultStore.
 *
 * Every error is JSON `{ error: { code, message, details? } }` (errors.ts).
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { formatMonth } from "../core/time.ts";
import { DEPARTMENTS, ZONE_ALIASES, ZONES } from "../model/zones/zones.ts";
import { builtinNames, getBuiltin } from "../scenario/builtin/index.ts";
import { MAX_SCENARIO_CHARS, type ScenarioError } from "../scenario/parse.ts";
import { type LoadResult, loadBuiltin, loadScenario } from "../scenario/resolve.ts";
import { scenarioJsonSchema } from "../scenario/schema.ts";
import { ensembleSeeds } from "./ensemble.ts";
import { ApiError, type ErrorBody } from "./errors.ts";
import { API_ROUTES, openApiDocument } from "./openapi.ts";
import { posteriorRunDraws } from "./posterior.ts";
import { parseFormat, parseJsonBody, parseRunRequest, readBodyText, requireQuery } from "./requests.ts";
import { RunManager } from "./runs.ts";
import { assetPath, cacheControlOf, contentTypeOf, etagMatches, NOT_BUILT_HTML } from "./static.ts";
import { createMemoryResultStore, DEFAULT_MAX_STORED_RUNS } from "./store.ts";
import type { ResultStore, RunInfo, RunQueue, StaticAssets, StoredRun } from "./types.ts";
import { compareJson, flowsCsv, flowsJson, monthlyCsv, monthlyJson, summaryJson } from "./views.ts";

export interface ServerLimits {
  /** Largest request body, bytes (413 above). */
  readonly maxBodyBytes: number;
  /** Largest ensemble (`runs`), 400 above. */
  readonly maxEnsembleRuns: number;
  /** Runs queued or running at once; 429 above. */
  readonly maxQueuedRuns: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 256 * 1024,
  maxEnsembleRuns: 200,
  maxQueuedRuns: 100,
};

export interface AppOptions {
  /** Where runs execute (queue.ts: createLocalQueue with an inline or worker executor). */
  readonly queue: RunQueue;
  /** Where finished runs are kept; default: the latest 50 in memory. */
  readonly store?: ResultStore;
  /** The built dashboard; without it, / shows a page saying it has not been built. */
  readonly assets?: StaticAssets;
  readonly limits?: Partial<ServerLimits>;
  /** cocasim's version, reported by /api/health. */
  readonly version?: string;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Server-side problems (failed runs, unexpected errors); default: ignored. */
  readonly log?: (message: string) => void;
}

/** The file name that scenario errors refer to. */
const SCENARIO_FILE = "scenario";

/** A built-in scenario's name rather than scenario text: one word, no YAML punctuation. */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

function errorResponse(c: Context, error: ApiError): Response {
  return c.json(error.toBody(), error.status);
}

function scenarioErrors(errors: readonly ScenarioError[]): ApiError {
  const n = errors.length;
  const first = errors[0];
  const where = first && first.line > 0 ? `line ${first.line}, column ${first.column}: ` : "";
  const path = first && first.path !== "" ? `${first.path}: ` : "";
  return new ApiError(
    422,
    "invalid_scenario",
    `the scenario has ${n} error${n === 1 ? "" : "s"}${first ? `; the first: ${where}${path}${first.message}` : ""}`,
    {
      errors: errors.map((e) => ({
        file: e.file,
        line: e.line,
        column: e.column,
        path: e.path,
        message: e.message,
      })),
    },
  );
}

function links(id: string): Record<string, string> {
  const base = `/api/runs/${encodeURIComponent(id)}`;
  return {
    self: base,
    events: `${base}/events`,
    summary: `${base}/summary`,
    monthly: `${base}/monthly`,
    flows: `${base}/flows`,
  };
}

/** The route patterns of the API, to tell 405 (known path, other method) from 404. */
function allowedMethods(path: string): string[] {
  const methods: string[] = [];
  for (const route of API_ROUTES) {
    const pattern = new RegExp(`^${route.path.replace(/\{[^}]+\}/g, "[^/]+").replaceAll(".", "\\.")}$`);
    if (pattern.test(path)) methods.push(route.method.toUpperCase());
  }
  return methods;
}

const sleep = (ms: number): { promise: Promise<void>; cancel: () => void } => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
};

/** How often an idle event stream repeats its progress, so that proxies keep it open. */
const KEEP_ALIVE_MS = 15_000;

export function createApp(options: AppOptions): Hono {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const store = options.store ?? createMemoryResultStore(DEFAULT_MAX_STORED_RUNS);
  const log = options.log ?? (() => {});
  const runs = new RunManager({
    queue: options.queue,
    store,
    maxQueuedRuns: limits.maxQueuedRuns,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => crypto.randomUUID()),
    log,
  });
  const version = options.version ?? "unknown";
  const openapi = openApiDocument({ version, limits });

  const app = new Hono();

  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException) {
      const status = error.status;
      const body: ErrorBody = {
        error: {
          code: status === 413 ? "body_too_large" : "bad_request",
          message: error.message || "bad request",
        },
      };
      return c.json(body, status >= 400 && status < 500 ? status : 400);
    }
    log(
      `internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return errorResponse(c, new ApiError(500, "internal", "an unexpected error occurred in the server"));
  });

  app.notFound((c) => {
    const path = c.req.path;
    if (path.startsWith("/api/") || path === "/api") {
      const allowed = allowedMethods(path);
      if (allowed.length > 0) {
        c.header("Allow", allowed.join(", "));
        return errorResponse(
          c,
          new ApiError(
            405,
            "method_not_allowed",
            `${c.req.method} is not allowed on ${path}; use ${allowed.join(" or ")}`,
          ),
        );
      }
      return errorResponse(
        c,
        new ApiError(404, "not_found", `no API route ${c.req.method} ${path} (see /api/openapi.json)`),
      );
    }
    return errorResponse(c, new ApiError(404, "not_found", `nothing at ${path}`));
  });

  // --- Service --------------------------------------------------------------------------------

  app.get("/api/health", (c) =>
    c.json({ status: "ok", version, runs: { active: options.queue.size, limit: limits.maxQueuedRuns } }),
  );

  app.get("/api/openapi.json", (c) => c.json(openapi));

  // --- Scenarios ------------------------------------------------------------------------------

  app.get("/api/scenarios", (c) =>
    c.json({
      scenarios: builtinNames().map((name) => {
        const builtin = getBuiltin(name)!;
        return { name, description: builtin.description, yaml: builtin.yaml };
      }),
    }),
  );

  app.get("/api/zones", (c) => {
    const aliases = new Map<string, string[]>();
    for (const [alias, zone] of Object.entries(ZONE_ALIASES))
      aliases.set(zone, [...(aliases.get(zone) ?? []), alias]);
    return c.json({
      zones: ZONES.map((z) => ({
        name: z.name,
        departments: z.departments,
        aliases: aliases.get(z.name) ?? [],
        lat: z.lat,
        lon: z.lon,
        hectares2018: z.hectares2018,
      })),
      departments: DEPARTMENTS,
    });
  });

  app.get("/api/schema", (c) => c.json(scenarioJsonSchema()));

  app.post("/api/validate", async (c) => {
    const text = await readBodyText(c.req.raw, limits.maxBodyBytes);
    if (text.trim() === "")
      throw new ApiError(400, "bad_request", "the body is empty; send the scenario's YAML or JSON text");
    const loaded = loadScenario(text, SCENARIO_FILE);
    if (!loaded.ok) throw scenarioErrors(loaded.errors);
    const s = loaded.scenario;
    return c.json({
      ok: true,
      scenario: {
        name: s.name,
        from: formatMonth(s.from),
        to: formatMonth(s.to),
        seed: s.seed,
        policies: s.policies.length,
        events: s.events.length,
      },
    });
  });

  // --- Runs -----------------------------------------------------------------------------------

  app.post("/api/runs", async (c) => {
    const text = await readBodyText(c.req.raw, limits.maxBodyBytes);
    const request = parseRunRequest(parseJsonBody(text), limits.maxEnsembleRuns, MAX_SCENARIO_CHARS);
    const overrides = {
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.from === undefined ? {} : { from: request.from }),
      ...(request.to === undefined ? {} : { to: request.to }),
    };
    const name = request.scenario.trim();
    const loaded: LoadResult = NAME_PATTERN.test(name)
      ? loadBuiltin(name, overrides)
      : loadScenario(request.scenario, SCENARIO_FILE, overrides);
    if (!loaded.ok) throw scenarioErrors(loaded.errors);
    const scenario = loaded.scenario;
    if (scenario.to < scenario.from) {
      throw scenarioErrors([
        {
          file: SCENARIO_FILE,
          line: 0,
          column: 0,
          path: "period",
          message: `the run would end (${formatMonth(scenario.to)}) before it starts (${formatMonth(scenario.from)})`,
        },
      ]);
    }
    // A single run uses the scenario's seed; an ensemble's members, the seeds derived from it.
    const seeds = request.runs === 1 ? [scenario.seed] : ensembleSeeds(scenario.seed, request.runs);
    const info =
      request.varies === "posterior"
        ? runs.submit(scenario, seeds, posteriorRunDraws(scenario, seeds))
        : runs.submit(scenario, seeds);
    c.header("Location", links(info.id).self);
    return c.json({ id: info.id, status: info.status, links: links(info.id) }, 202);
  });

  app.get("/api/runs", async (c) => {
    const list = await runs.list(100);
    return c.json({ runs: list.map((info) => ({ ...info, links: links(info.id) })) });
  });

  const findRun = async (id: string): Promise<StoredRun> => {
    const run = await runs.get(id);
    if (!run)
      throw new ApiError(
        404,
        "run_not_found",
        `no run with id ${JSON.stringify(id)} (never started, or no longer kept)`,
      );
    return run;
  };

  /** The results of a finished run, or 409 while it is not done (or failed). */
  const findResult = async (id: string) => {
    const run = await findRun(id);
    if (run.info.status === "failed") {
      throw new ApiError(409, "run_failed", `run ${id} failed: ${run.info.error?.message ?? "no results"}`, {
        status: run.info.status,
        error: run.info.error,
      });
    }
    if (run.result === undefined) {
      throw new ApiError(409, "run_not_finished", `run ${id} has not finished (status: ${run.info.status})`, {
        status: run.info.status,
        progress: run.info.progress,
      });
    }
    return { info: run.info, result: run.result };
  };

  app.get("/api/runs/:id", async (c) => {
    const { info } = await findRun(c.req.param("id"));
    return c.json({ ...info, links: links(info.id) });
  });

  /** Sends the run's progress as it changes, then a final "done" or "error" event. */
  const followRun = async (id: string, stream: SSEStreamingApi): Promise<void> => {
    let aborted = false;
    const abort = new Promise<void>((resolve) => {
      stream.onAbort(() => {
        aborted = true;
        resolve();
      });
    });
    let seq = 0;
    const send = (event: string, info: RunInfo): Promise<void> =>
      stream.writeSSE({ event, id: String(seq++), data: JSON.stringify(info) });
    while (!aborted) {
      const active = runs.active(id);
      // Taken before writing, so that a change during the write is not missed.
      const changed = active?.changed();
      const info = active?.info ?? (await runs.get(id))?.info;
      if (info === undefined) {
        await stream.writeSSE({
          event: "error",
          id: String(seq++),
          data: JSON.stringify({
            id,
            error: { code: "run_not_found", message: "the run is no longer kept" },
          }),
        });
        return;
      }
      if (info.status === "done") return send("done", info);
      if (info.status === "failed") return send("error", info);
      await send("progress", info);
      const keepAlive = sleep(KEEP_ALIVE_MS);
      // An idle stream repeats its progress now and then, so that proxies keep it open.
      await Promise.race([changed ?? Promise.resolve(), abort, keepAlive.promise]);
      keepAlive.cancel();
    }
  };

  app.get("/api/runs/:id/events", async (c) => {
    const id = c.req.param("id");
    await findRun(id);
    // HEAD gets the headers only: a stream nobody reads would wait forever.
    if (c.req.method === "HEAD") return c.body(null, 200, { "Content-Type": "text/event-stream" });
    return streamSSE(c, async (stream) => {
      try {
        await followRun(id, stream);
      } catch (error) {
        // Nothing may escape: hono would log it, and the client keeps what it has.
        log(`event stream of run ${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  });

  app.get("/api/runs/:id/summary", async (c) => {
    const { info, result } = await findResult(c.req.param("id"));
    return c.json(summaryJson(info.id, result));
  });

  const variablesOf = (c: Context, available: Iterable<string>): Set<string> | undefined => {
    const param = c.req.query("variable");
    if (param === undefined || param === "") return undefined;
    const requested = new Set(
      param
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== ""),
    );
    const known = new Set(available);
    const unknown = [...requested].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new ApiError(
        400,
        "bad_request",
        `variable: unknown monthly variable ${JSON.stringify(unknown[0])}`,
        {
          issues: unknown.map((v) => ({
            path: "variable",
            message: `unknown monthly variable ${JSON.stringify(v)}`,
          })),
          variables: [...known],
        },
      );
    }
    return requested;
  };

  const csvResponse = (c: Context, id: string, name: string, body: string): Response => {
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header(
      "Content-Disposition",
      `attachment; filename="${id.replace(/[^A-Za-z0-9_-]/g, "_")}-${name}.csv"`,
    );
    return c.body(body);
  };

  app.get("/api/runs/:id/monthly", async (c) => {
    const format = parseFormat(c.req.query("format"));
    const { info, result } = await findResult(c.req.param("id"));
    const available =
      result.kind === "single"
        ? result.result.monthly.variables.keys()
        : result.result.monthly.series.map((s) => s.variable);
    const variables = variablesOf(c, available);
    return format === "csv"
      ? csvResponse(c, info.id, "monthly", monthlyCsv(result, variables))
      : c.json(monthlyJson(info.id, result, variables));
  });

  app.get("/api/runs/:id/flows", async (c) => {
    const format = parseFormat(c.req.query("format"));
    const { info, result } = await findResult(c.req.param("id"));
    return format === "csv"
      ? csvResponse(c, info.id, "flows", flowsCsv(result))
      : c.json(flowsJson(info.id, result));
  });

  app.get("/api/compare", async (c) => {
    const baselineId = requireQuery("baseline", c.req.query("baseline"));
    const policyId = requireQuery("policy", c.req.query("policy"));
    const baseline = await findResult(baselineId);
    const policy = await findResult(policyId);
    return c.json(compareJson(baseline, policy));
  });

  // --- The dashboard --------------------------------------------------------------------------

  app.get("*", async (c) => {
    const urlPath = c.req.path;
    if (urlPath === "/api" || urlPath.startsWith("/api/")) return c.notFound();
    const path = assetPath(urlPath);
    if (path === undefined) return c.notFound();
    const asset = options.assets ? await options.assets.get(path) : undefined;
    if (asset === undefined) {
      if (path === "index.html") {
        c.header("Cache-Control", "no-cache");
        return c.html(NOT_BUILT_HTML);
      }
      return c.notFound();
    }
    c.header("Cache-Control", cacheControlOf(path));
    if (asset.etag !== undefined) c.header("ETag", asset.etag);
    if (etagMatches(c.req.header("If-None-Match"), asset)) return c.body(null, 304);
    c.header("Content-Type", contentTypeOf(path));
    return c.body(asset.body);
  });

  return app;
}
