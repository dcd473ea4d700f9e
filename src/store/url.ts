/**
 * Store URLs (see open.ts for the forms they take). Kept apart from open.ts so
 * that the command line can check a URL without loading the database drivers.
 */
import { resolve } from "node:path";

/** The default store, relative to the current directory. */
export const DEFAULT_STORE_PATH = ".cocasim/cocasim.db";

export type StoreLocation =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema?: string };

/** An error in a store URL itself (bad usage), as opposed to a failure to reach the store. */
export class StoreUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreUrlError";
  }
}

/** The URL with any password replaced by "***", for messages. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, "$1***@");
}

/** Where `url` points (see the file comment); relative SQLite paths are resolved against `cwd`. */
export function parseStoreUrl(url?: string, cwd: string = process.cwd()): StoreLocation {
  const text = url?.trim() ?? "";
  if (text === "") return { kind: "sqlite", path: resolve(cwd, DEFAULT_STORE_PATH) };
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new StoreUrlError(`not a valid Postgres URL: ${maskUrl(text)}`);
    }
    const schema = parsed.searchParams.get("schema") ?? undefined;
    parsed.searchParams.delete("schema");
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new StoreUrlError(
        `the schema in a store URL must be letters, digits and underscores, got ${JSON.stringify(schema)}`,
      );
    }
    return { kind: "postgres", url: parsed.toString(), ...(schema === undefined ? {} : { schema }) };
  }
  let path = text;
  if (/^sqlite:/i.test(text)) {
    path = text.slice("sqlite:".length);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") throw new StoreUrlError(`no file name in the store URL ${JSON.stringify(text)}`);
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(text)) {
    throw new StoreUrlError(
      `unknown kind of store ${JSON.stringify(maskUrl(text))}: use a file path, sqlite:PATH or postgres://…`,
    );
  }
  return { kind: "sqlite", path: path === ":memory:" ? path : resolve(cwd, path) };
}

/** A short description of a store location for messages. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === "sqlite") return location.path;
  return maskUrl(location.url) + (location.schema ? ` (schema ${location.schema})` : "");
}
