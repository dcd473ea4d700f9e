/**
 * Queue URLs: where the distributed executor and its workers meet.
 *
 *   redis://[USER[:PASSWORD]@]HOST[:PORT][/DB][?prefix=NAME]
 *   rediss://…   the same over TLS
 *   postgres://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?schema=NAME][&sslmode=…]
 *   postgresql://…   the same
 *
 * On Redis, `prefix` namespaces every key cocasim writes (default "cocasim"), so
 * several teams, or several test runs, can share one server; the rest of the URL
 * is handed to ioredis as it is. On Postgres the namespace is a schema (default
 * "cocasim_queue"), which holds BullMQ's tables and cocasim's ensemble manifests;
 * the rest of the URL is handed to node-postgres as it is. Kept apart from the
 * executor so that the command line can check a URL without loading BullMQ.
 */

/** The Redis key prefix when the URL names none. */
export const DEFAULT_PREFIX = "cocasim";

/** The Postgres schema of the queue when the URL names none (apart from the store's tables). */
export const DEFAULT_SCHEMA = "cocasim_queue";

interface LocationBase {
  /** The URL for the client library (ioredis, node-postgres): cocasim's own parameter removed. */
  readonly url: string;
  /** The URL for messages: any password replaced by "***". */
  readonly display: string;
}

export interface RedisQueueLocation extends LocationBase {
  readonly kind: "redis";
  /** Prefix of every Redis key (BullMQ's `prefix` option). */
  readonly prefix: string;
}

export interface PostgresQueueLocation extends LocationBase {
  readonly kind: "postgres";
  /** The schema that holds the queue's tables. */
  readonly schema: string;
}

export type QueueLocation = RedisQueueLocation | PostgresQueueLocation;

/** An error in a queue URL itself (bad usage), as opposed to a failure to reach the queue. */
export class QueueUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueUrlError";
  }
}

/** The URL with any password replaced by "***", for messages. */
export function maskQueueUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, "$1***@");
}

/** `url` with `name=value` appended to its query (for messages). */
function withParameter(url: string, name: string, value: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${name}=${value}`;
}

function parseRedisUrl(trimmed: string): RedisQueueLocation {
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new QueueUrlError(`not a valid Redis URL: ${maskQueueUrl(trimmed)}`);
  }
  if (parsed.hostname === "") throw new QueueUrlError(`no host in the Redis URL ${maskQueueUrl(trimmed)}`);
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) {
    throw new QueueUrlError(`the database in a Redis URL must be a number, got ${JSON.stringify(db)}`);
  }
  if (parsed.searchParams.has("schema")) {
    throw new QueueUrlError("a Redis queue URL takes ?prefix=NAME, not ?schema= (that is for postgres://)");
  }
  const prefix = parsed.searchParams.get("prefix") ?? DEFAULT_PREFIX;
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(prefix)) {
    throw new QueueUrlError(
      `the prefix in a queue URL must be 1 to 100 letters, digits, "_", "." or "-", got ${JSON.stringify(prefix)}`,
    );
  }
  parsed.searchParams.delete("prefix");
  const url = parsed.toString();
  const shown = prefix === DEFAULT_PREFIX ? url : withParameter(url, "prefix", prefix);
  return { kind: "redis", url, prefix, display: maskQueueUrl(shown) };
}

function parsePostgresUrl(trimmed: string): PostgresQueueLocation {
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new QueueUrlError(`not a valid Postgres URL: ${maskQueueUrl(trimmed)}`);
  }
  if (parsed.hostname === "") {
    throw new QueueUrlError(`no host in the Postgres URL ${maskQueueUrl(trimmed)}`);
  }
  // node-postgres would fall back to the user's name; a queue that every machine must
  // name the same way is better spelled out.
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) {
    throw new QueueUrlError(
      `a Postgres queue URL names its database: postgres://USER@HOST:5432/DATABASE, got ${maskQueueUrl(trimmed)}`,
    );
  }
  if (parsed.searchParams.has("prefix")) {
    throw new QueueUrlError(
      "a Postgres queue URL takes ?schema=NAME, not ?prefix= (that is for redis://): the schema holds the queue's tables",
    );
  }
  const schema = parsed.searchParams.get("schema") ?? DEFAULT_SCHEMA;
  // BullMQ quotes the schema in its SQL; plain identifiers keep that (and ours) simple and safe.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new QueueUrlError(
      `the schema in a Postgres queue URL must be up to 63 letters, digits and underscores, not starting with a digit, got ${JSON.stringify(schema)}`,
    );
  }
  parsed.searchParams.delete("schema");
  const url = parsed.toString();
  const shown = schema === DEFAULT_SCHEMA ? url : withParameter(url, "schema", schema);
  return { kind: "postgres", url, schema, display: maskQueueUrl(shown) };
}

/** Parses a queue URL (see the file comment); throws QueueUrlError when it is not one. */
export function parseQueueUrl(text: string): QueueLocation {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parsePostgresUrl(trimmed);
  if (/^rediss?:\/\//i.test(trimmed)) return parseRedisUrl(trimmed);
  throw new QueueUrlError(
    "expected a queue URL such as redis://HOST:6379 or postgres://USER@HOST:5432/DATABASE, " +
      `got ${JSON.stringify(maskQueueUrl(trimmed))}`,
  );
}
