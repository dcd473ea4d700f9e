/**
 * The results store (issue #4 §4): store.ts has the interface, the keys and ids and
 * `cachedSimulate`; open.ts opens a store from a URL (url.ts). Importing this module
 * loads the database drivers; code that must start fast (the command line) imports
 * store.ts and url.ts directly and open.ts only when it opens a store.
 */
export { type FigureRow, summaryRows } from "./flatten.ts";
export { openStore } from "./open.ts";
export { SCHEMA_VERSION } from "./schema.ts";
export * from "./store.ts";
export {
  DEFAULT_STORE_PATH,
  describeLocation,
  maskUrl,
  parseStoreUrl,
  type StoreLocation,
  StoreUrlError,
} from "./url.ts";
