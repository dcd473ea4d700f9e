/** The BullMQ executor on the test Postgres, with BullMQ's Postgres backend (suites.ts executorSuite). */
import { POSTGRES_BACKEND } from "./helpers.ts";
import { executorSuite } from "./suites.ts";

executorSuite(POSTGRES_BACKEND);
