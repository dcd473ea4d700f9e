/** Fault: a worker process killed mid-ensemble, on Redis (suites.ts workerKilledSuite). */
import { REDIS_BACKEND } from "./helpers.ts";
import { workerKilledSuite } from "./suites.ts";

workerKilledSuite(REDIS_BACKEND);
