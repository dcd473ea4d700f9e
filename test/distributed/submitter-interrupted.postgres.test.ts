/** Fault: the submitting process killed, then status and resume, on Postgres (suites.ts submitterInterruptedSuite). */
import { POSTGRES_BACKEND } from "./helpers.ts";
import { submitterInterruptedSuite } from "./suites.ts";

submitterInterruptedSuite(POSTGRES_BACKEND);
