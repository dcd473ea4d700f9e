/**
 * The OpenAPI 3.1 description of the API, written by hand. test/server/openapi.test.ts
 * checks that every route of the app is described here and every path described
 * here is a route, so the two cannot drift apart.
 */
import { MAX_SEED } from "../scenario/schema.ts";
import { ERROR_CODES, RUN_ERROR_CODES } from "./errors.ts";
import { MAIN_FIGURES } from "./views.ts";

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string): Schema => ({
  description,
  content: { "application/json": { schema } },
});
const errorRef = (name: string): Schema => ({ $ref: `#/components/responses/${name}` });
const MONTH = { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])$", examples: ["2018-06"] };
const numberArray = { type: "array", items: { type: ["number", "null"] } };
const idParam = {
  name: "id",
  in: "path",
  required: true,
  description: "the run's id, as returned by POST /api/runs",
  schema: { type: "string" },
};
const formatParam = {
  name: "format",
  in: "query",
  required: false,
  description: "json (default) or csv",
  schema: { type: "string", enum: ["json", "csv"], default: "json" },
};
const resultErrors = {
  "400": errorRef("BadRequest"),
  "404": errorRef("RunNotFound"),
  "409": errorRef("NotFinished"),
};

export interface OpenApiOptions {
  readonly version: string;
  readonly limits: {
    readonly maxBodyBytes: number;
    readonly maxEnsembleRuns: number;
    readonly maxQueuedRuns: number;
  };
}

function paths(limits: OpenApiOptions["limits"]): Record<string, Record<string, Schema>> {
  return {
    "/api/health": {
      get: {
        operationId: "health",
        summary: "Whether the server is up, its version, and how many runs are queued or running",
        tags: ["service"],
        responses: { "200": json(ref("Health"), "the server is up") },
      },
    },
    "/api/openapi.json": {
      get: {
        operationId: "openapi",
        summary: "This description of the API (OpenAPI 3.1)",
        tags: ["service"],
        responses: { "200": json({ type: "object" }, "the OpenAPI document") },
      },
    },
    "/api/scenarios": {
      get: {
        operationId: "listScenarios",
        summary: "The built-in scenarios with their description and YAML",
        tags: ["scenarios"],
        responses: {
          "200": json(
            {
              type: "object",
              required: ["scenarios"],
              properties: {
                scenarios: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["name", "description", "yaml"],
                    properties: {
                      name: { type: "string", examples: ["peru"] },
                      description: { type: "string" },
                      yaml: {
                        type: "string",
                        description: "the scenario file, a starting point for your own",
                      },
                    },
                  },
                },
              },
            },
            "the built-in scenarios, sorted by name",
          ),
        },
      },
    },
    "/api/zones": {
      get: {
        operationId: "listZones",
        summary: "The growing zones (names for `where.zones`) and departments (for `where.departments`)",
        tags: ["scenarios"],
        responses: {
          "200": json(
            {
              type: "object",
              required: ["zones", "departments"],
              properties: {
                zones: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["name", "departments", "aliases", "lat", "lon", "hectares2018"],
                    properties: {
                      name: { type: "string", description: "DEVIDA zone name" },
                      departments: { type: "array", items: { type: "string" } },
                      aliases: {
                        type: "array",
                        items: { type: "string" },
                        description: "other names scenarios may use",
                      },
                      lat: { type: "number" },
                      lon: { type: "number" },
                      hectares2018: {
                        type: "number",
                        description: "DEVIDA hectares on 31 Dec 2018 (0: not reported)",
                      },
                    },
                  },
                },
                departments: { type: "array", items: { type: "string" } },
              },
            },
            "the zones and departments",
          ),
        },
      },
    },
    "/api/schema": {
      get: {
        operationId: "scenarioSchema",
        summary: "The JSON Schema of scenario files (for editors)",
        tags: ["scenarios"],
        responses: { "200": json({ type: "object" }, "a JSON Schema") },
      },
    },
    "/api/validate": {
      post: {
        operationId: "validateScenario",
        summary: "Checks a scenario without running it",
        description: `The body is the scenario file's text, YAML or JSON (any content type), at most ${limits.maxBodyBytes} bytes. Errors come back with 422 and their line, column and path.`,
        tags: ["scenarios"],
        requestBody: {
          required: true,
          content: {
            "text/yaml": { schema: { type: "string" } },
            "application/json": { schema: { type: "object" } },
            "text/plain": { schema: { type: "string" } },
          },
        },
        responses: {
          "200": json(
            {
              type: "object",
              required: ["ok", "scenario"],
              properties: {
                ok: { const: true },
                scenario: {
                  type: "object",
                  required: ["name", "from", "to", "seed", "policies", "events"],
                  properties: {
                    name: { type: "string" },
                    from: MONTH,
                    to: MONTH,
                    seed: { type: "integer" },
                    policies: { type: "integer", description: "number of policies, with those of `extends`" },
                    events: { type: "integer" },
                  },
                },
              },
            },
            "the scenario is valid",
          ),
          "400": errorRef("BadRequest"),
          "413": errorRef("TooLarge"),
          "422": errorRef("InvalidScenario"),
        },
      },
    },
    "/api/runs": {
      post: {
        operationId: "startRun",
        summary: "Starts a run, or an ensemble of runs with consecutive seeds",
        description:
          "Returns at once with 202 and the run's id; follow it with GET /api/runs/{id}/events. " +
          `An ensemble (runs > 1) runs the scenario with the seeds src/ensemble derives from the base seed (SplitMix32, as the CLI's ensembles do) and reports means and percentiles. ` +
          `At most ${limits.maxQueuedRuns} runs may be queued or running (429 above). ` +
          "Finished runs are kept in the results store (`cocasim serve --store`; by default an SQLite file, .cocasim/cocasim.db), where they outlive the server and `cocasim runs` lists them; a run the store already holds, with its series, is read back instead of simulated. With `--store memory` only the latest 50 are kept, in memory.",
        tags: ["runs"],
        requestBody: { required: true, content: { "application/json": { schema: ref("RunRequest") } } },
        responses: {
          "202": {
            description: "the run is queued",
            headers: { Location: { description: "the run's URL", schema: { type: "string" } } },
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "status", "links"],
                  properties: { id: { type: "string" }, status: { const: "queued" }, links: ref("RunLinks") },
                },
              },
            },
          },
          "400": errorRef("BadRequest"),
          "413": errorRef("TooLarge"),
          "422": errorRef("InvalidScenario"),
          "429": errorRef("QueueFull"),
        },
      },
      get: {
        operationId: "listRuns",
        summary: "The runs queued or running, then the latest finished ones (at most 100)",
        tags: ["runs"],
        responses: {
          "200": json(
            {
              type: "object",
              required: ["runs"],
              properties: { runs: { type: "array", items: ref("RunInfo") } },
            },
            "the runs, newest first",
          ),
        },
      },
    },
    "/api/runs/{id}": {
      get: {
        operationId: "getRun",
        summary: "A run's status and progress",
        tags: ["runs"],
        parameters: [idParam],
        responses: { "200": json(ref("RunInfo"), "the run"), "404": errorRef("RunNotFound") },
      },
    },
    "/api/runs/{id}/events": {
      get: {
        operationId: "runEvents",
        summary: "The run's progress as server-sent events",
        description:
          "A stream of `progress` events (data: RunInfo) as the run advances, then one final `done` event (data: RunInfo) or `error` event (data: RunInfo with `error`, or `{ id, error }` when the run is no longer kept); then the stream ends. A client that connects after the run ended gets the final event at once. While a run waits, its progress is repeated every 15 s so that proxies keep the stream open.",
        tags: ["runs"],
        parameters: [idParam],
        responses: {
          "200": {
            description: "the event stream",
            content: { "text/event-stream": { schema: { type: "string" }, itemSchema: ref("RunInfo") } },
          },
          "404": errorRef("RunNotFound"),
        },
      },
    },
    "/api/runs/{id}/summary": {
      get: {
        operationId: "runSummary",
        summary: "The yearly summary of a finished run (an ensemble: the spread of every figure)",
        tags: ["results"],
        parameters: [idParam],
        responses: {
          "200": json(
            {
              type: "object",
              required: ["id", "kind", "summary"],
              properties: {
                id: { type: "string" },
                kind: { enum: ["single", "ensemble"] },
                summary: { oneOf: [ref("Summary"), ref("EnsembleSummary")] },
              },
            },
            "the summary (docs/outputs.md describes every figure)",
          ),
          "404": errorRef("RunNotFound"),
          "409": errorRef("NotFinished"),
        },
      },
    },
    "/api/runs/{id}/monthly": {
      get: {
        operationId: "runMonthly",
        summary: "The monthly series of a finished run, columnar JSON or CSV",
        description:
          'JSON: `{ id, kind, months, series: [{ variable, key, values }] }`, values by month (key "" for national series); an ensemble\'s series hold the mean in `values` and the 5th, 50th and 95th percentiles in `p5`, `p50`, `p95`. CSV: `month,variable,key,value` as in monthly.csv (an ensemble: `month,variable,key,mean,p5,p50,p95`).',
        tags: ["results"],
        parameters: [
          idParam,
          formatParam,
          {
            name: "variable",
            in: "query",
            required: false,
            description: "only these variables, comma-separated (e.g. hectares,producedKg)",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "the monthly series",
            content: {
              "application/json": { schema: ref("Monthly") },
              "text/csv": { schema: { type: "string" } },
            },
          },
          ...resultErrors,
        },
      },
    },
    "/api/runs/{id}/flows": {
      get: {
        operationId: "runFlows",
        summary: "Flow and seizures on every leg of the network by month, columnar JSON or CSV",
        description:
          "JSON: `{ id, kind, months, edges, flowKg, seizedKg }` with `flowKg[month][edge]` in kg HCl-equivalent (an ensemble: member means). CSV: `month,edge,from,to,mode,flow_kg,seized_kg` as in flows.csv, rows with neither flow nor seizures left out.",
        tags: ["results"],
        parameters: [idParam, formatParam],
        responses: {
          "200": {
            description: "the flows",
            content: {
              "application/json": { schema: ref("Flows") },
              "text/csv": { schema: { type: "string" } },
            },
          },
          ...resultErrors,
        },
      },
    },
    "/api/compare": {
      get: {
        operationId: "compareRuns",
        summary: "Per-year differences (policy − baseline) of the main figures of two finished runs",
        description: `Ensembles are compared by their means. The figures: ${MAIN_FIGURES.map((f) => f.path).join(", ")}. Only the years both runs cover are listed; \`percent\` is null when the baseline is 0.`,
        tags: ["results"],
        parameters: [
          {
            name: "baseline",
            in: "query",
            required: true,
            description: "run id",
            schema: { type: "string" },
          },
          { name: "policy", in: "query", required: true, description: "run id", schema: { type: "string" } },
        ],
        responses: { "200": json(ref("Comparison"), "the comparison"), ...resultErrors },
      },
    },
  };
}

function components(limits: OpenApiOptions["limits"]): Schema {
  const error = (description: string, example: Schema): Schema => ({
    description,
    content: { "application/json": { schema: ref("Error"), example } },
  });
  const stat = {
    type: "object",
    description: "mean and 5th, 50th and 95th percentiles over the members of an ensemble",
    required: ["mean", "p5", "p50", "p95"],
    properties: Object.fromEntries(
      ["mean", "p5", "p50", "p95"].map((k) => [k, { type: ["number", "null"] }]),
    ),
  };
  return {
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: {
                enum: Object.keys(ERROR_CODES),
                description: Object.entries(ERROR_CODES)
                  .map(([code, meaning]) => `\`${code}\`: ${meaning}`)
                  .join("; "),
              },
              message: { type: "string", description: "for people" },
              details: { description: "for programs; its shape depends on the code" },
            },
          },
        },
      },
      ScenarioError: {
        type: "object",
        required: ["file", "line", "column", "path", "message"],
        properties: {
          file: {
            type: "string",
            description: '"scenario" for a posted text, "builtin:NAME" for a built-in',
          },
          line: { type: "integer", description: "1-based; 0 when the error has no position" },
          column: { type: "integer", description: "1-based; 0 when the error has no position" },
          path: { type: "string", description: 'path of the offending value, e.g. "policies[0].intensity"' },
          message: { type: "string" },
        },
      },
      RunRequest: {
        type: "object",
        required: ["scenario"],
        additionalProperties: false,
        properties: {
          scenario: {
            type: "string",
            minLength: 1,
            description: "the scenario's YAML or JSON text, or the name of a built-in scenario (e.g. peru)",
          },
          seed: {
            type: "integer",
            minimum: 0,
            maximum: MAX_SEED,
            description: "replaces the scenario's seed",
          },
          from: { ...MONTH, description: "first month, replaces the scenario's" },
          to: { ...MONTH, description: "last month, replaces the scenario's" },
          runs: {
            type: "integer",
            minimum: 1,
            maximum: limits.maxEnsembleRuns,
            default: 1,
            description: "ensemble size; more than 1 runs an ensemble whose seeds derive from `seed`",
          },
          varies: {
            type: "string",
            enum: ["seed", "posterior"],
            default: "seed",
            description:
              "what differs between an ensemble's members: the seed only, or also the calibrated parameters, each member drawing them from the calibration's posterior (as `cocasim run --runs N --posterior`). Posterior ensembles need runs ≥ 2, a scenario that carries the calibration (peru or one that extends it) and a start in 2018-01 (400 otherwise); a parameter the scenario sets itself keeps its value",
          },
        },
        examples: [
          { scenario: "peru", to: "2018-06" },
          { scenario: "peru", runs: 20, seed: 7 },
          { scenario: "peru", runs: 20, to: "2030-12", varies: "posterior" },
        ],
      },
      RunLinks: {
        type: "object",
        properties: Object.fromEntries(
          ["self", "events", "summary", "monthly", "flows"].map((k) => [k, { type: "string" }]),
        ),
      },
      RunProgress: {
        type: "object",
        required: ["runsDone", "runsTotal", "monthsDone", "monthsTotal", "fraction"],
        properties: {
          runsDone: { type: "integer" },
          runsTotal: { type: "integer" },
          monthsDone: { type: "integer", description: "summed over the members" },
          monthsTotal: { type: "integer" },
          fraction: { type: "number", minimum: 0, maximum: 1 },
        },
      },
      RunInfo: {
        type: "object",
        required: ["id", "status", "kind", "scenario", "runs", "progress", "createdAt"],
        properties: {
          id: { type: "string" },
          status: { enum: ["queued", "running", "done", "failed"] },
          kind: { enum: ["single", "ensemble"] },
          scenario: {
            type: "object",
            required: ["name", "hash", "from", "to", "seed"],
            properties: {
              name: { type: "string" },
              hash: { type: "string", description: "SHA-256 of the resolved scenario's canonical JSON" },
              from: MONTH,
              to: MONTH,
              seed: { type: "integer", description: "the seed (an ensemble: its first member's)" },
            },
          },
          runs: { type: "integer" },
          varies: {
            type: "string",
            enum: ["seed", "posterior"],
            description:
              "what differs between the members: the seed, or also the calibrated parameters (absent on runs stored before it was recorded: seed)",
          },
          progress: ref("RunProgress"),
          createdAt: { type: "string", format: "date-time" },
          startedAt: { type: "string", format: "date-time" },
          finishedAt: { type: "string", format: "date-time" },
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: {
                enum: Object.keys(RUN_ERROR_CODES),
                description: Object.entries(RUN_ERROR_CODES)
                  .map(([code, meaning]) => `\`${code}\`: ${meaning}`)
                  .join("; "),
              },
              message: { type: "string" },
            },
          },
          links: ref("RunLinks"),
        },
      },
      Summary: {
        type: "object",
        description: "summary.json of a single run (docs/outputs.md)",
        required: ["scenario", "seed", "from", "to", "years"],
        properties: {
          scenario: { type: "string" },
          seed: { type: "integer" },
          from: MONTH,
          to: MONTH,
          years: { type: "array", items: { type: "object", description: "a YearSummary" } },
        },
      },
      EnsembleSummary: {
        type: "object",
        description:
          "src/ensemble's ensemble summary: every number of each YearSummary replaced by its Stat over the members, in the same nested shape",
        required: ["scenario", "from", "to", "runs", "seeds", "years"],
        properties: {
          scenario: { type: "string" },
          from: MONTH,
          to: MONTH,
          runs: { type: "integer" },
          seeds: {
            type: "array",
            items: { type: "integer" },
            description: "the members' seeds, in run order",
          },
          years: {
            type: "array",
            items: {
              type: "object",
              required: ["year"],
              properties: { year: { type: "integer" } },
              description:
                'e.g. { "year": 2020, "hectares": { "total": Stat, "byZone": { "VRAEM": Stat, … } }, "arrests": Stat, … }',
            },
          },
        },
      },
      Stat: stat,
      Monthly: {
        type: "object",
        required: ["id", "kind", "months", "series"],
        properties: {
          id: { type: "string" },
          kind: { enum: ["single", "ensemble"] },
          months: { type: "array", items: MONTH },
          series: {
            type: "array",
            items: {
              type: "object",
              required: ["variable", "key", "values"],
              properties: {
                variable: { type: "string" },
                key: { type: "string", description: 'zone, mode or lever; "" for national series' },
                values: { ...numberArray, description: "by month (an ensemble: the mean)" },
                p5: numberArray,
                p50: numberArray,
                p95: numberArray,
              },
            },
          },
        },
      },
      Flows: {
        type: "object",
        required: ["id", "kind", "months", "edges", "flowKg", "seizedKg"],
        properties: {
          id: { type: "string" },
          kind: { enum: ["single", "ensemble"] },
          months: { type: "array", items: MONTH },
          edges: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "from", "to", "mode"],
              properties: {
                id: { type: "string" },
                from: { type: "string" },
                to: { type: "string" },
                mode: { enum: ["road", "river", "air", "foot", "lake", "sea"] },
              },
            },
          },
          flowKg: { type: "array", items: numberArray, description: "[month][edge]" },
          seizedKg: { type: "array", items: numberArray, description: "[month][edge]" },
        },
      },
      Comparison: {
        type: "object",
        required: ["baseline", "policy", "figures", "years"],
        properties: {
          baseline: { type: "object" },
          policy: { type: "object" },
          figures: {
            type: "array",
            items: {
              type: "object",
              properties: { path: { type: "string" }, label: { type: "string" }, unit: { type: "string" } },
            },
          },
          years: {
            type: "array",
            items: {
              type: "object",
              required: ["year", "figures"],
              properties: {
                year: { type: "integer" },
                figures: {
                  type: "object",
                  additionalProperties: {
                    type: "object",
                    properties: {
                      baseline: { type: ["number", "null"] },
                      policy: { type: ["number", "null"] },
                      difference: { type: ["number", "null"], description: "policy − baseline" },
                      percent: { type: ["number", "null"], description: "100 × difference / |baseline|" },
                    },
                  },
                },
              },
            },
          },
        },
      },
      Health: {
        type: "object",
        required: ["status", "version", "runs"],
        properties: {
          status: { const: "ok" },
          version: { type: "string" },
          runs: {
            type: "object",
            properties: {
              active: { type: "integer", description: "queued or running" },
              limit: { type: "integer" },
            },
          },
        },
      },
    },
    responses: {
      BadRequest: error("malformed request: bad JSON, a field of the wrong type or out of range", {
        error: {
          code: "bad_request",
          message: `runs: expected an integer from 1 to ${limits.maxEnsembleRuns} (the ensemble size limit), got 500`,
          details: { issues: [{ path: "runs", message: "…" }] },
        },
      }),
      TooLarge: error(`the body is larger than ${limits.maxBodyBytes} bytes`, {
        error: { code: "body_too_large", message: `the body is larger than ${limits.maxBodyBytes} bytes` },
      }),
      InvalidScenario: {
        description: "the scenario has errors",
        content: {
          "application/json": {
            schema: {
              allOf: [
                ref("Error"),
                {
                  type: "object",
                  properties: {
                    error: {
                      type: "object",
                      properties: {
                        details: {
                          type: "object",
                          properties: { errors: { type: "array", items: ref("ScenarioError") } },
                        },
                      },
                    },
                  },
                },
              ],
            },
          },
        },
      },
      RunNotFound: error("no run with that id", {
        error: { code: "run_not_found", message: 'no run with id "x" (never started, or no longer kept)' },
      }),
      NotFinished: error("the run has not finished (run_not_finished) or failed (run_failed)", {
        error: { code: "run_not_finished", message: "run x has not finished (status: running)" },
      }),
      QueueFull: error("too many runs queued", {
        error: { code: "queue_full", message: "100 runs are queued or running (the limit); try again later" },
      }),
    },
  };
}

export function openApiDocument({ version, limits }: OpenApiOptions): Schema {
  return {
    openapi: "3.1.0",
    info: {
      title: "cocasim API",
      version,
      description:
        "Runs cocasim, the agent-based simulation of Peru's coca-to-cocaine system, and serves its results. " +
        "Every error is JSON `{ error: { code, message, details? } }`. Unknown routes answer 404; known paths with another method, 405.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "service" },
      { name: "scenarios", description: "built-in scenarios, zones, validation" },
      { name: "runs", description: "starting and following runs and ensembles" },
      { name: "results", description: "results of finished runs" },
    ],
    paths: paths(limits),
    components: components(limits),
  };
}

/** Every documented operation, `path` in OpenAPI form (`/api/runs/{id}`). */
export const API_ROUTES: readonly { readonly method: string; readonly path: string }[] = Object.entries(
  paths({ maxBodyBytes: 0, maxEnsembleRuns: 0, maxQueuedRuns: 0 }),
).flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method, path })));
