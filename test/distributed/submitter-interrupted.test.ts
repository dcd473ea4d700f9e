/** Fault: the submitting process killed, then status and resume, on Redis (suites.ts submitterInterruptedSuite). */
import { REDIS_BACKEND } from "./helpers.ts";
import { submitterInterruptedSuite } from "./suites.ts";

submitterInterruptedSuite(REDIS_BACKEND);
