/**
 * cocasim's model version, the version that keys jobs, queues and stored runs. It
 * lives in src/version.ts (package version + model fingerprint); re-exported here
 * for the distributed code that imports it from this place.
 */
export { modelVersion, packageVersion } from "../version.ts";
