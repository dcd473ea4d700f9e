/** The conformance suite on SQLite (a temporary file per test), and what is particular to SQLite. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, runKey } from "../../src/store/index.ts";
import { fakeScenario, fakeSimulate } from "../cli/fakes.ts";
import { runConformance } from "./conformance.ts";

const root = mkdtempSync(join(tmpdir(), "cocasim-store-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

runConformance("SQLite", async () => {
  const dir = join(root, `store-${++counter}`);
  return {
    url: `sqlite:${join(dir, "nested", "cocasim.db")}`,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("SQLite store", () => {
  it("creates the file and its directory on demand, in WAL mode", async () => {
    const path = join(root, "wal", "deeper", "store.db");
    const store = await openStore(path);
    expect(store.kind).toBe("sqlite");
    expect(store.location).toBe(path);
    await store.close();
    expect(existsSync(path)).toBe(true);
    const db = new SqliteDatabase(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = db
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
        )
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toEqual([
        "cocasim_migration",
        "cocasim_migration_lock",
        "ensembles",
        "experiment_rows",
        "experiments",
        "runs",
      ]);
    } finally {
      db.close();
    }
  });

  it("works in memory", async () => {
    const store = await openStore("sqlite::memory:");
    const scenario = fakeScenario();
    await store.putRun(runKey("1", scenario), { scenario, summary: fakeSimulate(scenario).summary });
    expect((await store.listRuns()).length).toBe(1);
    await store.close();
  });

  it("refuses a store written by a newer cocasim", async () => {
    const path = join(root, "newer.db");
    await (await openStore(path)).close();
    const db = new SqliteDatabase(path);
    db.prepare("insert into cocasim_migration (name, timestamp) values ('9999_future', 'x')").run();
    db.close();
    await expect(openStore(path)).rejects.toThrow(/newer cocasim/);
  });

  it("says which file it could not open", async () => {
    await expect(openStore(root)).rejects.toThrow(`cannot open the store ${root}`);
  });
});
