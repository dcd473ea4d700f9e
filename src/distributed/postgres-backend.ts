/**
 * The queue on PostgreSQL 13 or later (backend.ts), with BullMQ's Postgres
 * backend: the same Queue, Worker and QueueEvents, whose jobs live in tables of
 * one schema (the URL's `?schema=`, default "cocasim_queue"). The ensemble
 * manifests that `cocasim status` reads are rows of one more table in that
 * schema, cocasim_ensemble_manifest, kept for a week like the finished jobs.
 *
 * The first process to use a schema creates it: BullMQ's tables (its own
 * migrations, which serialise concurrent starters with an advisory lock and do
 * nothing when the schema is up to date) and the manifests' table. Both are
 * looked for before anything is created, so a role that may not create schemas
 * or tables can use a schema prepared once by one that may.
 */
import { createRequire } from "node:module";
import {
  assertSchemaCompatibility,
  LATEST_SCHEMA_VERSION,
  Queue,
  QueueEvents,
  runMigrations,
  SchemaMigrationRequiredError,
  Worker,
} from "bullmq";
import pg from "pg";
import { causeMessage } from "../executors/types.ts";
import {
  AmbiguousIdError,
  type BlockEvents,
  type BlockQueue,
  type BlockWorker,
  type OpenBackendOptions,
  type QueueBackend,
  withTimeout,
} from "./backend.ts";
import type { EnsembleManifest } from "./jobs.ts";
import type { PostgresQueueLocation } from "./url.ts";

/**
 * BullMQ's Postgres backend factory, taken from the CommonJS build of the same
 * installed bullmq. The ES module build (what `import "bullmq"` loads) can load
 * `pg` only with `require`, which ES modules lack, so it accepts nothing but a
 * ready pg.Pool, and with a pool it looks for its tables in the schema "bullmq"
 * whatever the pool's search_path: no schema of our choosing. The CommonJS build
 * builds its pools itself, each pinned to the schema we give it.
 */
const { createPostgresBackend } = createRequire(import.meta.url)(
  "bullmq/dist/cjs/postgres/create-postgres-backend.js",
) as Pick<typeof import("bullmq"), "createPostgresBackend">;

/** cocasim's table beside BullMQ's; the prefix keeps it clear of BullMQ's names. */
const MANIFEST_TABLE = "cocasim_ensemble_manifest";

/** SQLSTATE undefined_table: the schema or the table is not there. */
const UNDEFINED_TABLE = "42P01";

function isUndefinedTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === UNDEFINED_TABLE;
}

/** Creates BullMQ's tables and cocasim's manifests' table in `schema` where they are missing. */
async function prepareSchema(client: pg.PoolClient, schema: string, table: string): Promise<void> {
  let version = 0;
  try {
    version = await assertSchemaCompatibility(client, schema);
  } catch (error) {
    if (!(error instanceof SchemaMigrationRequiredError)) throw error;
  }
  if (version < LATEST_SCHEMA_VERSION) await runMigrations(client, schema);
  const found = await client.query<{ t: string | null }>("SELECT to_regclass($1) AS t", [table]);
  if (found.rows[0]?.t) return;
  await client.query("BEGIN");
  try {
    // Two processes creating the table at once would otherwise race in the catalog.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`cocasim manifests ${schema}`]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
         queue text NOT NULL,
         id text NOT NULL,
         manifest text NOT NULL,
         expires_at timestamptz NOT NULL,
         PRIMARY KEY (queue, id)
       )`,
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

export async function openPostgresBackend(
  location: PostgresQueueLocation,
  options: OpenBackendOptions,
): Promise<QueueBackend> {
  const { connectTimeout, prepare = true, onError = () => {} } = options;
  // The schema name was checked (url.ts): a plain identifier, quoted to keep its case as BullMQ does.
  const table = `"${location.schema}".${MANIFEST_TABLE}`;
  // The manifests' own small pool; BullMQ's Queue, QueueEvents and Worker each build theirs.
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 2,
    connectionTimeoutMillis: connectTimeout,
  });
  pool.on("error", onError);
  let client: pg.PoolClient;
  try {
    client = await withTimeout(pool.connect(), connectTimeout, `no answer in ${connectTimeout / 1000} s`);
  } catch (error) {
    // Not awaited: a connection that came after the timeout would hold end() back.
    void pool.end().catch(() => {});
    throw new Error(`cannot reach the queue at ${location.display}: ${causeMessage(error)}`);
  }
  try {
    if (prepare) await prepareSchema(client, location.schema, table);
  } catch (error) {
    client.release();
    await pool.end().catch(() => {});
    throw new Error(
      `cannot prepare the queue at ${location.display} (schema ${location.schema}): ${causeMessage(error)}`,
    );
  }
  client.release();

  // Queries fail on their own while Postgres is away (the pools connect again for the next one),
  // so `failFast` needs nothing here.
  const connection = {
    connectionString: location.url,
    schema: location.schema,
    connectionTimeoutMillis: connectTimeout,
  };
  return {
    location,
    datastore: "Postgres",
    queue(name) {
      return new Queue(name, { connection }, createPostgresBackend) as unknown as BlockQueue;
    },
    events(name) {
      return new QueueEvents(name, { connection }, createPostgresBackend) as unknown as BlockEvents;
    },
    worker(name, processor, workerOptions) {
      return new Worker(
        name,
        processor,
        { ...workerOptions, connection },
        createPostgresBackend,
      ) as unknown as BlockWorker;
    },
    async putManifests(queue, manifests, seconds) {
      // One row per id (the last manifest wins), as a second SET of a Redis key would.
      const byId = new Map(manifests.map((m) => [m.id, JSON.stringify(m)]));
      await pool.query(`DELETE FROM ${table} WHERE expires_at <= now()`);
      await pool.query(
        `INSERT INTO ${table} (queue, id, manifest, expires_at)
         SELECT $1, m.id, m.manifest, now() + make_interval(secs => $4::double precision)
           FROM unnest($2::text[], $3::text[]) AS m(id, manifest)
         ON CONFLICT (queue, id) DO UPDATE SET manifest = excluded.manifest, expires_at = excluded.expires_at`,
        [queue, [...byId.keys()], [...byId.values()], seconds],
      );
    },
    async findManifest(queue, id) {
      let rows: { id: string; manifest: string }[];
      try {
        ({ rows } = await pool.query<{ id: string; manifest: string }>(
          `SELECT id, manifest FROM ${table}
            WHERE queue = $1 AND left(id, length($2)) = $2 AND expires_at > now()
            ORDER BY id LIMIT 20`,
          [queue, id],
        ));
      } catch (error) {
        // Nothing was ever submitted to this schema.
        if (isUndefinedTable(error)) return undefined;
        throw error;
      }
      const row = rows.find((r) => r.id === id) ?? (rows.length === 1 ? rows[0] : undefined);
      if (!row && rows.length > 1) {
        throw new AmbiguousIdError(
          id,
          rows.map((r) => r.id),
        );
      }
      return row ? (JSON.parse(row.manifest) as EnsembleManifest) : undefined;
    },
    abandon(instance) {
      void instance.disconnect().catch(() => {});
    },
    async close() {
      await pool.end();
    },
  };
}
