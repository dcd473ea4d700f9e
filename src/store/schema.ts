/**
 * The store's tables, for both SQLite and Postgres, and their migrations: the one
 * place where the schema is defined and versioned. Migrations run in order at
 * open, each once (Kysely's Migrator records them in `cocasim_migration` and
 * takes a lock, so two processes opening a new store do not race). Add a new
 * migration at the end of the list; never edit one that has shipped.
 *
 * JSON is stored as text, not jsonb, so it comes back byte for byte as written
 * (jsonb would reorder object keys). `created_at` is for people looking at the
 * database; nothing read back by cocasim depends on it.
 */
import { type ColumnType, type Kysely, type Migration, Migrator, sql } from "kysely";

export type Dialect = "sqlite" | "postgres";

/** Integers that Postgres returns as strings (bigint) and SQLite as numbers. */
type BigIntColumn = ColumnType<number | string, number, number>;
/** An increasing sequence number the database assigns. */
type SeqColumn = ColumnType<number | string, never, never>;
type Blob = Uint8Array | null;

export interface RunsTable {
  seq: SeqColumn;
  id: string;
  model_version: string;
  scenario_hash: string;
  seed: BigIntColumn;
  scenario_name: string;
  period_from: string;
  period_to: string;
  scenario_json: string;
  summary_json: string;
  monthly_blob: Blob;
  flows_blob: Blob;
  created_at: ColumnType<unknown, never, never>;
}

export interface EnsemblesTable {
  seq: SeqColumn;
  id: string;
  model_version: string;
  scenario_hash: string;
  seeds_json: string;
  seed_count: number;
  scenario_name: string;
  period_from: string;
  period_to: string;
  scenario_json: string;
  status: string;
  /** The ensemble's aggregated results (schema 2): its summary statistics as JSON, its series' statistics and mean flows as blobs. */
  result_summary_json: string | null;
  result_monthly_blob: Blob;
  result_flows_blob: Blob;
  created_at: ColumnType<unknown, never, never>;
}

/** Runs started through the HTTP API (schema 2): the server's record of each, pointing at its results. */
export interface ServerRunsTable {
  seq: SeqColumn;
  id: string;
  kind: string;
  status: string;
  /** The short id of the run or ensemble that holds the results, once there are results. */
  result_id: string | null;
  info_json: string;
  created_at: ColumnType<unknown, never, never>;
}

export interface ExperimentsTable {
  seq: SeqColumn;
  id: string;
  model_version: string;
  definition_hash: string;
  name: string;
  definition_json: string;
  status: string;
  row_count: number;
  created_at: ColumnType<unknown, never, never>;
}

export interface ExperimentRowsTable {
  experiment_id: string;
  row_index: number;
  design_json: string;
  outcome_json: string | null;
}

export interface Database {
  runs: RunsTable;
  ensembles: EnsemblesTable;
  experiments: ExperimentsTable;
  experiment_rows: ExperimentRowsTable;
  server_runs: ServerRunsTable;
}

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = 2;

/** The migrations, in order; their names sort in that order. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const blob = dialect === "postgres" ? "bytea" : "blob";
  // A sequence that only grows: SQLite's AUTOINCREMENT never reuses a number.
  const seq = (table: string, db: Kysely<unknown>) =>
    dialect === "postgres"
      ? db.schema
          .createTable(table)
          .addColumn("seq", "bigint", (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : db.schema.createTable(table).addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement());
  const createdAt = sql`CURRENT_TIMESTAMP`;

  return {
    "0001_initial": {
      async up(db: Kysely<unknown>): Promise<void> {
        await seq("runs", db)
          .addColumn("id", "text", (c) => c.notNull().unique())
          .addColumn("model_version", "text", (c) => c.notNull())
          .addColumn("scenario_hash", "text", (c) => c.notNull())
          .addColumn("seed", "bigint", (c) => c.notNull())
          .addColumn("scenario_name", "text", (c) => c.notNull())
          .addColumn("period_from", "text", (c) => c.notNull())
          .addColumn("period_to", "text", (c) => c.notNull())
          .addColumn("scenario_json", "text", (c) => c.notNull())
          .addColumn("summary_json", "text", (c) => c.notNull())
          .addColumn("monthly_blob", blob)
          .addColumn("flows_blob", blob)
          .addColumn("created_at", "timestamp", (c) => c.notNull().defaultTo(createdAt))
          .addUniqueConstraint("runs_key", ["model_version", "scenario_hash", "seed"])
          .execute();
        await db.schema.createIndex("runs_scenario_name").on("runs").column("scenario_name").execute();
        await db.schema.createIndex("runs_scenario_hash").on("runs").column("scenario_hash").execute();

        await seq("ensembles", db)
          .addColumn("id", "text", (c) => c.notNull().unique())
          .addColumn("model_version", "text", (c) => c.notNull())
          .addColumn("scenario_hash", "text", (c) => c.notNull())
          .addColumn("seeds_json", "text", (c) => c.notNull())
          .addColumn("seed_count", "integer", (c) => c.notNull())
          .addColumn("scenario_name", "text", (c) => c.notNull())
          .addColumn("period_from", "text", (c) => c.notNull())
          .addColumn("period_to", "text", (c) => c.notNull())
          .addColumn("scenario_json", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("created_at", "timestamp", (c) => c.notNull().defaultTo(createdAt))
          .addUniqueConstraint("ensembles_key", ["model_version", "scenario_hash", "seeds_json"])
          .execute();

        await seq("experiments", db)
          .addColumn("id", "text", (c) => c.notNull().unique())
          .addColumn("model_version", "text", (c) => c.notNull())
          .addColumn("definition_hash", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("definition_json", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("row_count", "integer", (c) => c.notNull())
          .addColumn("created_at", "timestamp", (c) => c.notNull().defaultTo(createdAt))
          .addUniqueConstraint("experiments_key", ["model_version", "definition_hash"])
          .execute();

        await db.schema
          .createTable("experiment_rows")
          .addColumn("experiment_id", "text", (c) =>
            c.notNull().references("experiments.id").onDelete("cascade"),
          )
          .addColumn("row_index", "integer", (c) => c.notNull())
          .addColumn("design_json", "text", (c) => c.notNull())
          .addColumn("outcome_json", "text")
          .addPrimaryKeyConstraint("experiment_rows_pk", ["experiment_id", "row_index"])
          .execute();
      },
    },
    // The server keeps its runs in the store: an ensemble's aggregated results (the
    // dashboard's bands and mean flows; its members are stored as runs) and the
    // server's record of each run started through the API. Nullable columns added
    // to an existing table, so a store of schema 1 is upgraded in place.
    "0002_server_runs": {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema.alterTable("ensembles").addColumn("result_summary_json", "text").execute();
        await db.schema.alterTable("ensembles").addColumn("result_monthly_blob", blob).execute();
        await db.schema.alterTable("ensembles").addColumn("result_flows_blob", blob).execute();
        await seq("server_runs", db)
          .addColumn("id", "text", (c) => c.notNull().unique())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("result_id", "text")
          .addColumn("info_json", "text", (c) => c.notNull())
          .addColumn("created_at", "timestamp", (c) => c.notNull().defaultTo(createdAt))
          .execute();
      },
    },
  };
}

/** Brings the database up to SCHEMA_VERSION; throws if it is newer than this code knows. */
export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const all = migrations(dialect);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => all },
    migrationTableName: "cocasim_migration",
    migrationLockTableName: "cocasim_migration_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    const message = error instanceof Error ? error.message : String(error);
    if (/corrupted migrations/i.test(message)) {
      throw new Error(
        `the store was written by a newer cocasim (its schema has migrations this version does not know): ${message}`,
      );
    }
    throw new Error(
      `could not migrate the store${failed ? ` (migration ${failed.migrationName})` : ""}: ${message}`,
    );
  }
}
