/**
 * Executors: where an ensemble's simulations run. This module is safe to bundle
 * for a browser (the inline executor and the types); the Node-only worker-thread
 * executor is imported from "./local.ts".
 */
export { type InlineExecutorOptions, inlineExecutor } from "./inline.ts";
export {
  abortReason,
  causeMessage,
  EXECUTOR_CLOSED,
  type Executor,
  type ExecutorRunOptions,
  jobError,
  jobScenario,
  type SimulationJob,
} from "./types.ts";
