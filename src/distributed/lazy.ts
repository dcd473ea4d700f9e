/**
 * The distributed executor, loaded on first use: BullMQ and ioredis take a good
 * part of a second to import, which a command that runs locally should not pay.
 */
import { abortReason, EXECUTOR_CLOSED, type Executor } from "../executors/types.ts";
import type { BullmqExecutorOptions } from "./bullmq-executor.ts";

export type { BullmqExecutorOptions, Submission, SubmittedEnsemble } from "./bullmq-executor.ts";

/** `bullmqExecutor(options)`, imported when the first run starts. */
export function lazyBullmqExecutor(options: BullmqExecutorOptions): Executor {
  let executor: Promise<Executor> | undefined;
  let closed = false;
  const load = (): Promise<Executor> => {
    executor ??= import("./bullmq-executor.ts").then(({ bullmqExecutor }) => bullmqExecutor(options));
    return executor;
  };
  return {
    async run(jobs, runOptions = {}) {
      if (closed) throw new Error(EXECUTOR_CLOSED);
      if (runOptions.signal?.aborted) throw abortReason(runOptions.signal);
      if (jobs.length === 0) return [];
      const loaded = await load();
      if (closed) throw new Error(EXECUTOR_CLOSED);
      return loaded.run(jobs, runOptions);
    },
    async close() {
      closed = true;
      const loaded = await executor?.catch(() => undefined);
      await loaded?.close();
    },
  };
}
