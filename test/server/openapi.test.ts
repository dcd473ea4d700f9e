/** The OpenAPI description covers every route, and only real routes. */
import { describe, expect, it } from "vitest";
import { createApp, DEFAULT_LIMITS } from "../../src/server/app.ts";
import { ERROR_CODES } from "../../src/server/errors.ts";
import { API_ROUTES } from "../../src/server/openapi.ts";
import { manualQueue } from "./manual-queue.ts";

const app = createApp({ queue: manualQueue(), version: "1.2.3" });

type Doc = {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  components: Record<string, Record<string, unknown>>;
};

async function document(): Promise<Doc> {
  const r = await app.request("/api/openapi.json");
  expect(r.status).toBe(200);
  return (await r.json()) as Doc;
}

/** The app's API routes as "METHOD /path/{param}". */
function appRoutes(): Set<string> {
  return new Set(
    app.routes
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api"))
      .map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:([A-Za-z_]+)/g, "{$1}")}`),
  );
}

describe("GET /api/openapi.json", () => {
  it("is OpenAPI 3.1 with the server's version", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("1.2.3");
  });

  it("documents every API route of the app, and nothing else", async () => {
    const doc = await document();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    expect(appRoutes().size).toBeGreaterThanOrEqual(14);
    expect([...documented].sort()).toEqual([...appRoutes()].sort());
    expect(new Set(API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`))).toEqual(documented);
  });

  it("gives every operation a unique operationId and a 2xx response", async () => {
    const doc = await document();
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops))
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
    }
  });

  it("has no dangling $ref", async () => {
    const doc = await document();
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
          if (k === "$ref" && typeof v === "string") refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const [, section, name] = /^#\/components\/(\w+)\/(\w+)$/.exec(ref) ?? [];
      expect(doc.components[section]?.[name], ref).toBeDefined();
    }
  });

  it("states the limits and the error codes", async () => {
    const doc = await document();
    const text = JSON.stringify(doc);
    expect(text).toContain(`"maximum":${DEFAULT_LIMITS.maxEnsembleRuns}`);
    expect(text).toContain(String(DEFAULT_LIMITS.maxBodyBytes));
    const codes = (
      doc.components.schemas.Error as { properties: { error: { properties: { code: { enum: string[] } } } } }
    ).properties.error.properties.code.enum;
    expect(codes).toEqual(Object.keys(ERROR_CODES));
  });
});
