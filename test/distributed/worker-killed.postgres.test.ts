/** Fault: a worker process killed mid-ensemble, on Postgres (suites.ts workerKilledSuite). */
import { POSTGRES_BACKEND } from "./helpers.ts";
import { workerKilledSuite } from "./suites.ts";

workerKilledSuite(POSTGRES_BACKEND);
