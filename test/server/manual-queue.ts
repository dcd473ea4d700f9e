/** A RunQueue driven by the test: it only records jobs; the test sends their events. */
import type { RunEvents, RunJob, RunQueue } from "../../src/server/types.ts";

export interface ManualQueue extends RunQueue {
  readonly jobs: { job: RunJob; events: RunEvents }[];
  closed: boolean;
}

export function manualQueue(): ManualQueue {
  const queue: ManualQueue = {
    jobs: [],
    closed: false,
    submit(job, events) {
      queue.jobs.push({ job, events });
    },
    get size() {
      return queue.jobs.length;
    },
    async close() {
      queue.closed = true;
    },
  };
  return queue;
}
