/**
 * Opens a RunStore from a URL:
 *   (nothing)                     .cocasim/cocasim.db under the current directory
 *   path/to/file.db               an SQLite file (created on demand, with its directory)
 *   sqlite:path/to/file.db        the same; also sqlite://PATH and sqlite::memory:
 *   postgres://user@host:5432/db  a Postgres database (also postgresql://); add
 *                                 ?schema=NAME to keep the tables in that schema
 *                                 (created on demand) instead of the default one
 * The schema is created or migrated on open (see schema.ts).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  type DatabaseIntrospector,
  Kysely,
  PostgresDialect,
  PostgresIntrospector,
  SqliteDialect,
  sql,
  type TableMetadata,
} from "kysely";
import pg from "pg";
import { KyselyRunStore } from "./kysely-store.ts";
import { type Database, migrate } from "./schema.ts";
import type { RunStore } from "./store.ts";
import { describeLocation, parseStoreUrl, type StoreLocation } from "./url.ts";

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}

async function openSqlite(path: string): Promise<RunStore> {
  let database: SqliteDatabase.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    database = new SqliteDatabase(path, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`cannot open the store ${path}: ${errorMessage(error)}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
    await migrate(db, "sqlite");
  } catch (error) {
    await db.destroy();
    throw new Error(`cannot open the store ${path}: ${errorMessage(error)}`);
  }
  return new KyselyRunStore(db, "sqlite", path);
}

/**
 * Kysely's Postgres introspector, which its migrator asks whether the migration tables
 * exist, reads every column of every table in every schema of the database. Another
 * session's DDL (another application's, or a test dropping its schema) can break that
 * read half-way ("column … does not exist", "schema … does not exist"), and a
 * migration table in another schema would count as ours. The store only needs the
 * tables of its own schema (the connection's current schema), by name.
 */
class OwnSchemaIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<unknown>;
  constructor(db: Kysely<unknown>) {
    super(db);
    this.#db = db;
  }
  override async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      SELECT c.relname AS name, n.nspname AS schema, c.relkind AS kind
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')`.execute(this.#db);
    return rows.map((r) => ({
      name: r.name,
      schema: r.schema,
      isView: r.kind === "v" || r.kind === "m",
      columns: [],
    }));
  }
}

class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

async function openPostgres(location: Extract<StoreLocation, { kind: "postgres" }>): Promise<RunStore> {
  const where = describeLocation(location);
  const pool = new pg.Pool({
    connectionString: location.url,
    connectionTimeoutMillis: 10_000,
    max: 4,
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
  // An idle connection dropped by the server must not crash the process.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  try {
    if (location.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${location.schema}"`);
    await migrate(db, "postgres");
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new Error(`cannot open the store ${where}: ${errorMessage(error)}`);
  }
  return new KyselyRunStore(db, "postgres", where);
}

/**
 * Opens (creating or migrating as needed) the store at `url`; see the file comment.
 * Throws StoreUrlError for a malformed URL and Error when the store cannot be opened.
 */
export async function openStore(url?: string): Promise<RunStore> {
  const location = parseStoreUrl(url);
  return location.kind === "sqlite" ? openSqlite(location.path) : openPostgres(location);
}
