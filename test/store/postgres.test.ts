/**
 * The conformance suite on Postgres: a fresh schema per test (named after this
 * run, so parallel runs do not clash), all dropped at the end.
 *
 * The database is COCASIM_TEST_POSTGRES_URL, by default
 * postgres://postgres@127.0.0.1:5432/test. When it cannot be reached these tests
 * FAIL, saying so; set COCASIM_SKIP_POSTGRES=1 to skip them instead.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, parseStoreUrl } from "../../src/store/index.ts";
import { runConformance } from "./conformance.ts";

const URL = process.env.COCASIM_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SKIP = process.env.COCASIM_SKIP_POSTGRES === "1";
const RUN = `cocasim_test_${process.pid}_${randomBytes(4).toString("hex")}`;
let counter = 0;
const schemas: string[] = [];

function withSchema(schema: string): string {
  const url = new globalThis.URL(URL);
  url.searchParams.set("schema", schema);
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  await admin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

describe.skipIf(SKIP)("Postgres store", () => {
  beforeAll(async () => {
    try {
      await admin((client) => client.query("select 1"));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Postgres is not reachable at ${URL} (${message}). The store's Postgres tests need it: ` +
          "start Postgres, or point COCASIM_TEST_POSTGRES_URL at one, or set COCASIM_SKIP_POSTGRES=1 to skip them.",
      );
    }
  });

  afterAll(async () => {
    // Schemas a failed dispose left behind.
    for (const schema of schemas) await dropSchema(schema).catch(() => {});
  });

  runConformance("Postgres", async () => {
    const schema = `${RUN}_${++counter}`;
    schemas.push(schema);
    return { url: withSchema(schema), dispose: () => dropSchema(schema) };
  });

  it("keeps its tables in the schema named in the URL", async () => {
    const schema = `${RUN}_own`;
    schemas.push(schema);
    const url = withSchema(schema);
    expect(parseStoreUrl(url)).toMatchObject({ kind: "postgres", schema });
    const store = await openStore(url);
    expect(store.kind).toBe("postgres");
    expect(store.location).toContain(`(schema ${schema})`);
    await store.close();
    const tables = await admin(async (client) => {
      const result = await client.query(
        "select table_name from information_schema.tables where table_schema = $1 order by table_name",
        [schema],
      );
      return result.rows.map((row: { table_name: string }) => row.table_name);
    });
    expect(tables).toEqual([
      "cocasim_migration",
      "cocasim_migration_lock",
      "ensembles",
      "experiment_rows",
      "experiments",
      "runs",
      "server_runs",
    ]);
    await dropSchema(schema);
  });

  it("opens while another session creates and drops tables in other schemas", async () => {
    // Kysely's own introspection read every column of every table in the database and
    // failed when one was dropped half-way: 27 of 40 opens failed under this churn.
    let stop = false;
    const churn = admin(async (client) => {
      for (let i = 0; !stop; i++) {
        const other = `${RUN}_churn_${i % 3}`;
        await client.query(
          `CREATE SCHEMA IF NOT EXISTS "${other}"; CREATE TABLE IF NOT EXISTS "${other}".job (a int, b int, c int, d int)`,
        );
        await client.query(`DROP SCHEMA "${other}" CASCADE`);
      }
    });
    try {
      for (let k = 0; k < 12; k++) {
        const schema = `${RUN}_race_${k}`;
        schemas.push(schema);
        const store = await openStore(withSchema(schema));
        await store.close();
        await dropSchema(schema);
      }
    } finally {
      stop = true;
      await churn;
    }
  });

  it("does not take another schema's migration table for its own", async () => {
    const [first, second] = [`${RUN}_first`, `${RUN}_second`];
    schemas.push(first, second);
    await (await openStore(withSchema(first))).close();
    const store = await openStore(withSchema(second));
    await store.close();
    const count = await admin(async (client) => {
      const result = await client.query(
        "select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = 'cocasim_migration'",
        [second],
      );
      return result.rows[0].n as number;
    });
    expect(count).toBe(1);
    await dropSchema(first);
    await dropSchema(second);
  });

  it("says where it could not connect, without the password", async () => {
    await expect(openStore("postgres://someone:secret@127.0.0.1:1/nowhere")).rejects.toThrow(
      /cannot open the store postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
  });
});
