/**
 * The command line's distributed options with fakes (no Redis): `run` and
 * `compare` hand --backend and --store to `createExecutor`, print what was
 * submitted, and refuse what makes no sense; `worker` and `status` check their
 * URLs before connecting to anything.
 */
import { describe, expect, it } from "vitest";
import { describeSubmission } from "../../src/cli/commands/worker.ts";
import { runCli } from "../../src/cli/program.ts";
import type { CliDeps, QueueBackend } from "../../src/cli/types.ts";
import { inlineExecutor } from "../../src/executors/inline.ts";
import type { Executor } from "../../src/executors/types.ts";
import { fakeDeps, fakeSimulate } from "../cli/fakes.ts";

/** A createExecutor that records its arguments and runs in process, announcing a submission for a backend. */
function recordingFactory(calls: { workers: number; backend?: QueueBackend }[]): CliDeps["createExecutor"] {
  return (workers, backend) => {
    calls.push({ workers, backend });
    const inner = inlineExecutor({ simulate: (s) => fakeSimulate(s) });
    return {
      run: async (jobs, options) => {
        backend?.onSubmit?.({
          queue: "redis://q:6379",
          ensembles: [{ id: "0123456789ab", scenario: jobs[0].scenario.name, runs: jobs.length, blocks: 2 }],
          runs: jobs.length,
          stored: 1,
          blocks: 2,
          finished: 1,
          inQueue: 0,
          added: 1,
        });
        backend?.log?.("the queue at redis://q:6379 answers again");
        return inner.run(jobs, options);
      },
      close: () => inner.close(),
    } satisfies Executor;
  };
}

describe("run and compare with --backend", () => {
  it("passes the queue and the store to createExecutor and prints the submission", async () => {
    const calls: { workers: number; backend?: QueueBackend }[] = [];
    const deps = fakeDeps({
      overrides: { createExecutor: recordingFactory(calls), defaultWorkers: () => 2 },
    });
    const local = fakeDeps({ overrides: { createExecutor: recordingFactory([]), defaultWorkers: () => 2 } });
    const args = ["run", "peru", "--runs", "3", "--json"];
    expect(await runCli([...args, "--backend", "redis://:pw@q:6379", "--store", "/tmp/x.db"], deps)).toBe(0);
    expect(await runCli(args, local)).toBe(0);
    expect(deps.stdout.text).toBe(local.stdout.text);
    expect(calls).toHaveLength(1);
    expect(calls[0].backend).toMatchObject({ url: "redis://:pw@q:6379", store: "/tmp/x.db" });
    expect(deps.stderr.text).toBe(
      "queue redis://q:6379: 3 runs in 2 blocks; 1 run found in the store, 1 block already done, " +
        "0 already queued, 1 added\n" +
        "ensemble 0123456789ab (peru, 3 runs): cocasim status 0123456789ab --backend redis://q:6379 --store /tmp/x.db\n" +
        "the queue at redis://q:6379 answers again\n" +
        "simulated peru: 3 runs of 24 months, 2020-01 to 2021-12, seeds from base seed 42, " +
        "on the workers of redis://:***@q:6379\n",
    );
  });

  it("hands a Postgres queue URL over as it is, and masks its password in messages", async () => {
    const calls: { workers: number; backend?: QueueBackend }[] = [];
    const deps = fakeDeps({ overrides: { createExecutor: recordingFactory(calls) } });
    const url = "postgres://cocasim:pw@db:5432/runs?schema=team_a";
    expect(await runCli(["run", "peru", "--runs", "2", "--json", "--backend", url], deps)).toBe(0);
    expect(calls.map((c) => c.backend?.url)).toEqual([url]);
    expect(deps.stderr.text).toContain(
      "on the workers of postgres://cocasim:***@db:5432/runs?schema=team_a\n",
    );
    expect(deps.stderr.text).not.toContain(":pw@");
  });

  it("sends compare's runs to the queue too, and --quiet silences the messages", async () => {
    const calls: { workers: number; backend?: QueueBackend }[] = [];
    const deps = fakeDeps({ overrides: { createExecutor: recordingFactory(calls) } });
    const code = await runCli(
      ["compare", "peru", "peru", "--runs", "2", "--backend", "redis://q:6379", "--quiet", "--json"],
      deps,
    );
    expect(code).toBe(0);
    expect(calls.map((c) => c.backend?.url)).toEqual(["redis://q:6379"]);
    expect(deps.stderr.text).toBe("");
    expect(JSON.parse(deps.stdout.text).runs).toBe(2);
  });

  it("refuses --backend for one run, --store where no store can be opened, and bad URLs (exit 2)", async () => {
    const cases: [string[], RegExp][] = [
      [["run", "peru", "--backend", "redis://q:6379"], /--backend is for ensembles/],
      [["run", "peru", "--runs", "2", "--store", "/tmp/x.db"], /--store: no results store here/],
      [["run", "peru", "--runs", "2", "--backend", "http://q"], /expected a queue URL such as redis:/],
      [["compare", "peru", "peru", "--backend", "postgres://db"], /names its database/],
      [["run", "peru", "--runs", "2", "--backend", "postgres://db/x?prefix=a"], /not \?prefix=/],
      [["worker", "--queue", "postgres://db/x?schema=a;drop"], /schema in a Postgres queue URL/],
      [["status", "abcd", "--backend", "postgres:///x"], /no host in the Postgres URL/],
      [
        ["status", "abcd", "--backend", "postgresql://u:pw@h:99999/x"],
        /not a valid Postgres URL: postgresql:\/\/u:\*\*\*@h/,
      ],
      [["worker"], /required option '--queue <url>'/],
      [["worker", "--queue", "redis://q?prefix=a:b"], /prefix/],
      [["worker", "--queue", "redis://q", "--concurrency", "0"], /concurrency/],
      [["worker", "--queue", "redis://q", "--lock-duration", "5"], /milliseconds/],
      [["status", "xyz"], /an ensemble id is 4 to 12 hex digits/],
      [["status", "abcd", "--store", "mysql://db"], /unknown kind of store/],
    ];
    for (const [args, message] of cases) {
      const deps = fakeDeps({ overrides: { createExecutor: recordingFactory([]) } });
      expect(await runCli(args, deps), args.join(" ")).toBe(2);
      expect(deps.stderr.text, args.join(" ")).toMatch(message);
    }
  });
});

describe("the submission message", () => {
  const submission = (runs: number[]) => ({
    queue: "redis://q:6379",
    ensembles: runs.map((n, i) => ({
      id: `e${String(i).padStart(11, "0")}`,
      scenario: "peru",
      runs: n,
      blocks: 1,
    })),
    runs: runs.reduce((a, b) => a + b, 0),
    stored: 0,
    blocks: runs.length,
    finished: 0,
    inQueue: 0,
    added: runs.length,
  });

  it("lists every ensemble of several runs, and up to four of one run each", () => {
    const text = describeSubmission(submission([3, 1, 1, 1, 1]), undefined);
    expect(text.split("\n").filter((l) => l.startsWith("ensemble "))).toHaveLength(5);
    expect(text).not.toContain("more of one run each");
  });

  it("lists three one-run ensembles and counts the rest when there are five or more", () => {
    const five = describeSubmission(submission([1, 1, 1, 1, 1]), undefined);
    expect(five.split("\n").filter((l) => l.startsWith("ensemble "))).toHaveLength(3);
    expect(five).toContain("… and 2 more of one run each\n");
    const text = describeSubmission(submission([5, ...Array(100).fill(1)]), undefined);
    const lines = text.split("\n").filter((l) => l.startsWith("ensemble "));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain("(peru, 5 runs)");
    expect(text).toContain("… and 97 more of one run each\n");
  });
});
