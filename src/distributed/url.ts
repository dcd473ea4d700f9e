/**
 * Queue URLs: where the distributed executor and its workers meet.
 *
 *   redis://[USER[:PASSWORD]@]HOST[:PORT][/DB][?prefix=NAME]
 *   rediss://…   the same over TLS
 *
 * `prefix` namespaces every key cocasim writes in that Redis (default "cocasim"),
 * so several teams, or several test runs, can share one server. The rest of the
 * URL is handed to ioredis as it is. Kept apart from the executor so that the
 * command line can check a URL without loading BullMQ.
 */

/** The Redis key prefix when the URL names none. */
export const DEFAULT_PREFIX = "cocasim";

export interface QueueLocation {
  /** The Redis URL for ioredis (the `prefix` parameter removed). */
  readonly url: string;
  /** Prefix of every Redis key (BullMQ's `prefix` option). */
  readonly prefix: string;
  /** The URL for messages: any password replaced by "***". */
  readonly display: string;
}

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

/** Parses a queue URL (see the file comment); throws QueueUrlError when it is not one. */
export function parseQueueUrl(text: string): QueueLocation {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    throw new QueueUrlError(
      "a Postgres queue is not supported: use redis://HOST:6379 for the queue " +
        "(Postgres can hold the results: --store postgres://…; see docs/distributed.md)",
    );
  }
  if (!/^rediss?:\/\//i.test(trimmed)) {
    throw new QueueUrlError(
      `expected a Redis URL such as redis://HOST:6379, got ${JSON.stringify(maskQueueUrl(trimmed))}`,
    );
  }
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
  const prefix = parsed.searchParams.get("prefix") ?? DEFAULT_PREFIX;
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(prefix)) {
    throw new QueueUrlError(
      `the prefix in a queue URL must be 1 to 100 letters, digits, "_", "." or "-", got ${JSON.stringify(prefix)}`,
    );
  }
  parsed.searchParams.delete("prefix");
  const url = parsed.toString();
  const shown = prefix === DEFAULT_PREFIX ? url : `${url}${url.includes("?") ? "&" : "?"}prefix=${prefix}`;
  return { url, prefix, display: maskQueueUrl(shown) };
}
