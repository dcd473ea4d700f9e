/** The conformance suite on SQLite (a temporary file per test), and what is particular to SQLite. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { ensembleId, ensembleKey, openStore, runKey, SCHEMA_VERSION } from "../../src/store/index.ts";
import { type Database, migrations } from "../../src/store/schema.ts";
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
        "server_runs",
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

  it("upgrades a store written by the first schema in place, keeping what it holds", async () => {
    const path = join(root, "schema1.db");
    // A store as the first schema left it: only migration 0001 applied.
    const database = new SqliteDatabase(path);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    const first = migrations("sqlite")["0001_initial"];
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ "0001_initial": first }) },
      migrationTableName: "cocasim_migration",
      migrationLockTableName: "cocasim_migration_lock",
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await db.destroy();
    const old = new SqliteDatabase(path);
    const columns = old.prepare("select name from pragma_table_info('ensembles')").all() as {
      name: string;
    }[];
    expect(columns.map((c) => c.name)).not.toContain("result_summary_json");
    old.close();

    // An ensemble written by the first schema's code.
    const scenario = fakeScenario({ seed: 3 });
    {
      const legacy = new SqliteDatabase(path);
      legacy
        .prepare(
          "insert into ensembles (id, model_version, scenario_hash, seeds_json, seed_count, scenario_name, period_from, period_to, scenario_json, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          ensembleId(ensembleKey("0.1.0", scenario, [3, 4])),
          "0.1.0",
          ensembleKey("0.1.0", scenario, [3, 4]).scenarioHash,
          "[3,4]",
          2,
          scenario.name,
          "2020-01",
          "2021-12",
          JSON.stringify(scenario),
          "complete",
        );
      legacy.close();
    }
    // ... opens, and is upgraded: the old ensemble is there, without results; server runs work.
    const store = await openStore(path);
    try {
      const [ensemble] = await store.listEnsembles();
      expect(ensemble).toMatchObject({ key: { seeds: [3, 4] }, status: "complete", hasResult: false });
      await store.putServerRun({ id: "x", kind: "run", status: "queued", info: {} });
      expect((await store.listServerRuns()).map((r) => r.id)).toEqual(["x"]);
      await store.putRun(runKey("1", scenario), { scenario, summary: fakeSimulate(scenario).summary });
      expect((await store.listRuns()).length).toBe(1);
    } finally {
      await store.close();
    }
    const after = new SqliteDatabase(path, { readonly: true });
    const applied = after.prepare("select name from cocasim_migration order by name").all() as {
      name: string;
    }[];
    after.close();
    expect(applied.map((m) => m.name)).toEqual(["0001_initial", "0002_server_runs"]);
    expect(SCHEMA_VERSION).toBe(applied.length);
  });

  it("says which file it could not open", async () => {
    await expect(openStore(root)).rejects.toThrow(`cannot open the store ${root}`);
  });
});
