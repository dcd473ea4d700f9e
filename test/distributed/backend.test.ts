/**
 * The queue backends (src/distributed/backend.ts) against the real datastores:
 * the ensemble manifests that `cocasim status` reads behave the same on Redis
 * and on Postgres (exact ids, unique prefixes, ambiguous ones, replacement,
 * expiry, one queue's manifests apart from another's), and on Postgres the
 * schema is created once however many processes start at once, and never by
 * a status.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmbiguousIdError, openQueueBackend, type QueueBackend } from "../../src/distributed/backend.ts";
import type { EnsembleManifest } from "../../src/distributed/jobs.ts";
import { parseQueueUrl } from "../../src/distributed/url.ts";
import { conformanceScenario } from "../executors/conformance.ts";
import { POSTGRES_BACKEND, POSTGRES_URL, QUEUE_BACKENDS, sleep } from "./helpers.ts";

function manifest(id: string, submitted = "2026-01-01T00:00:00.000Z"): EnsembleManifest {
  return {
    protocol: 2,
    id,
    modelVersion: "9.9.9",
    scenario: conformanceScenario(`scenario-${id}`),
    seeds: [1, 2, 3],
    blocks: [
      { id: `block-${id}-a`, seeds: [1, 2] },
      { id: `block-${id}-b`, seeds: [3] },
    ],
    submitted,
  };
}

for (const backend of QUEUE_BACKENDS) {
  describe.skipIf(backend.skip)(`the ensemble manifests on ${backend.name}`, () => {
    const url = backend.uniqueUrl("manifests");
    let opened: QueueBackend;
    beforeAll(async () => {
      await backend.require();
      opened = await openQueueBackend(parseQueueUrl(url), { connectTimeout: 5000 });
    });
    afterAll(async () => {
      await opened?.close();
      await backend.cleanup(url);
    });

    it("finds a manifest by its id or a unique prefix, and says when a prefix is ambiguous", async () => {
      await opened.putManifests(
        "runs-9.9.9",
        [manifest("aaaa1111"), manifest("aaaa2222"), manifest("bbbb3333")],
        60,
      );
      expect(await opened.findManifest("runs-9.9.9", "aaaa1111")).toEqual(manifest("aaaa1111"));
      expect(await opened.findManifest("runs-9.9.9", "bbbb")).toEqual(manifest("bbbb3333"));
      await expect(opened.findManifest("runs-9.9.9", "aaaa")).rejects.toThrow(AmbiguousIdError);
      await expect(opened.findManifest("runs-9.9.9", "aaaa")).rejects.toThrow(
        /aaaa1111.*aaaa2222|aaaa2222.*aaaa1111/,
      );
      expect(await opened.findManifest("runs-9.9.9", "cccc")).toBeUndefined();
      // Another version's queue has manifests of its own.
      expect(await opened.findManifest("runs-9.9.8", "aaaa1111")).toBeUndefined();
    });

    it("replaces a manifest submitted again, and forgets it once it expires", async () => {
      await opened.putManifests("runs-9.9.9", [manifest("dddd4444")], 60);
      const again = manifest("dddd4444", "2026-02-02T00:00:00.000Z");
      await opened.putManifests("runs-9.9.9", [again], 1);
      expect(await opened.findManifest("runs-9.9.9", "dddd4444")).toEqual(again);
      await sleep(1200);
      expect(await opened.findManifest("runs-9.9.9", "dddd4444")).toBeUndefined();
      expect(await opened.findManifest("runs-9.9.9", "dddd")).toBeUndefined();
    });
  });
}

describe.skipIf(POSTGRES_BACKEND.skip)("a Postgres queue's schema", () => {
  const url = POSTGRES_BACKEND.uniqueUrl("schema");
  const { schema } = parseQueueUrl(url) as { schema: string };

  async function tablesOf(name: string): Promise<string[]> {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
        [name],
      );
      return rows.map((r) => r.table_name);
    } finally {
      await client.end();
    }
  }

  beforeAll(() => POSTGRES_BACKEND.require());
  afterAll(() => POSTGRES_BACKEND.cleanup(url));

  it("is not created by a reader (cocasim status), which finds nothing there", async () => {
    const reader = await openQueueBackend(parseQueueUrl(url), { connectTimeout: 5000, prepare: false });
    try {
      expect(await reader.findManifest("runs-9.9.9", "abcd")).toBeUndefined();
    } finally {
      await reader.close();
    }
    expect(await tablesOf(schema)).toEqual([]);
  });

  it("is created once, with BullMQ's tables and the manifests' table, by processes starting together", async () => {
    const location = parseQueueUrl(url);
    const all = await Promise.all(
      [1, 2, 3].map(() => openQueueBackend(location, { connectTimeout: 10_000 })),
    );
    try {
      const tables = await tablesOf(schema);
      expect(tables).toContain("job");
      expect(tables).toContain("migration");
      expect(tables).toContain("cocasim_ensemble_manifest");
      await all[0].putManifests("runs-9.9.9", [manifest("eeee5555")], 60);
      expect(await all[2].findManifest("runs-9.9.9", "eeee")).toEqual(manifest("eeee5555"));
    } finally {
      await Promise.all(all.map((b) => b.close()));
    }
    // Opening it again finds everything there and creates nothing.
    const again = await openQueueBackend(location, { connectTimeout: 5000 });
    await again.close();
  });

  it("says which queue it cannot reach", async () => {
    await expect(
      openQueueBackend(parseQueueUrl(POSTGRES_BACKEND.unreachableUrl), { connectTimeout: 2000 }),
    ).rejects.toThrow("cannot reach the queue at postgres://postgres@127.0.0.1:1/test: ");
  });
});
