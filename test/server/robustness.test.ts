/** Whatever a client sends, the server answers with a status below 500 and errors in the API's shape. */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fake, testApp } from "./helpers.ts";

const t = testApp({ simulate: fake, limits: { maxQueuedRuns: 1000 } });
afterAll(() => t.close());

const PATHS = [
  "/api/health",
  "/api/scenarios",
  "/api/zones",
  "/api/schema",
  "/api/validate",
  "/api/runs",
  "/api/runs/run-1",
  "/api/runs/run-1/events",
  "/api/runs/run-1/summary",
  "/api/runs/run-1/monthly?format=csv",
  "/api/runs/run-1/flows?format=json",
  "/api/compare?baseline=run-1&policy=run-2",
  "/api/openapi.json",
  "/",
  // Malformed percent-encoding in paths and queries.
  "/api/runs/%ff",
  "/api/runs/%ff/monthly?format=%ff&variable=%zz",
  "/api/compare?baseline=%ff&policy=%",
  "/%ff%fe",
  "/api/runs/%00/events",
  "/assets/..%2f..%2fpackage.json",
];

const month = fc.oneof(
  fc.constantFrom("2018-01", "2018-03", "2017-12", "2031-01", "2018-13", "18-01"),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);
/** Bodies near the shape of a run request, so that many get past the first checks. */
const runRequest = fc.record(
  {
    scenario: fc.oneof(
      fc.constantFrom("peru", "peur", "", "name: x", "extends: peru\nname: y\n", "{}", "[1, 2]", "&a [*a]"),
      fc.string(),
      fc.integer(),
      fc.constant(null),
    ),
    seed: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 32)),
    from: month,
    to: fc.oneof(month, fc.constant("2018-02")),
    runs: fc.oneof(fc.integer({ min: -2, max: 4 }), fc.double(), fc.constant("3"), fc.constant(201)),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  fc.constant(undefined),
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.json(),
  runRequest.map((r) => JSON.stringify(r)),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom("{", '{"scenario":', "\u0000", "---\n- a\n- b\n", "a: [1, 2", "\ufeff{}"),
);

function init(method: string, data: string | Uint8Array | undefined, contentType: string): RequestInit {
  const withBody = method !== "GET" && method !== "HEAD" && data !== undefined;
  return {
    method,
    headers: { "content-type": contentType },
    ...(withBody ? { body: data as BodyInit } : {}),
  };
}

async function check(response: Response, method = "POST"): Promise<void> {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400 && method !== "HEAD") {
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const json = (await response.json()) as { error: { code: unknown; message: unknown } };
    expect(typeof json.error.code).toBe("string");
    expect(typeof json.error.message).toBe("string");
  } else {
    await response.arrayBuffer();
  }
}

describe("the server never fails, whatever it is sent", () => {
  it("random methods, paths, bodies and content types", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
        fc.oneof(
          fc.constantFrom(...PATHS),
          fc.webPath(),
          fc.string({ maxLength: 30 }).map((s) => `/api/${encodeURIComponent(s)}`),
          fc
            .string({ maxLength: 30 })
            .map((s) => `/api/runs/${encodeURIComponent(s)}/monthly?format=${encodeURIComponent(s)}`),
        ),
        body,
        fc.constantFrom("application/json", "text/yaml", "text/plain", "application/octet-stream", ""),
        async (method, path, data, contentType) => {
          const url = path.startsWith("/") ? path : `/${path}`;
          await check(await t.app.request(url, init(method, data, contentType)), method);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("random bodies for POST /api/runs and POST /api/validate", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/api/runs", "/api/validate"), body, async (path, data) => {
        const response = await t.app.request(path, init("POST", data, "application/json"));
        await check(response);
        if (path === "/api/runs" && response.status === 202) {
          // Bodies that start a run are fine too; its results arrive later.
          expect(response.headers.get("location")).toMatch(/^\/api\/runs\//);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("keeps answering after all that", async () => {
    const r = await t.app.request("/api/health");
    expect(r.status).toBe(200);
  });
});
