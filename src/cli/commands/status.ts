/**
 * `cocasim status <ensemble-id> [--backend URL] [--store URL] [--json]`: how far an
 * ensemble submitted to a queue (`run`/`compare --backend`) has got, from the
 * queue (its blocks' jobs) and from the store (its stored runs).
 */
import type { Command } from "commander";
import { formatMonth } from "../../core/time.ts";
import type { QueueEnsembleStatus } from "../../distributed/status.ts";
import { maskQueueUrl } from "../../distributed/url.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { memberRunKeys, type RunStore, type Status, type StoredEnsemble } from "../../store/store.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { openCliStore, STORE_OPTION_HELP } from "./runs.ts";
import { parseQueueOption, parseStoreOption, QUEUE_URL_HELP } from "./worker.ts";

export interface StatusOptions {
  backend?: string;
  store?: string;
  json?: boolean;
}

/** What `cocasim status --json` prints. */
export interface StatusDocument {
  readonly id: string;
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
  readonly modelVersion: string;
  readonly runs: number;
  /** Runs done: their block completed in the queue, or they are in the store. */
  readonly done: number;
  readonly queue: {
    readonly url: string;
    readonly blocks: QueueEnsembleStatus["blocks"];
    /** Runs done inside blocks still running. */
    readonly runningDone: number;
    readonly workers: number | null;
    readonly submitted: string;
    readonly failures: readonly string[];
  } | null;
  readonly store: {
    readonly location: string;
    readonly stored: number;
    readonly status: Status | null;
  } | null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function storedEnsemble(store: RunStore, id: string): Promise<StoredEnsemble | undefined> {
  const exact = await store.getEnsemble(id);
  if (exact) return exact;
  const matches = (await store.findIds(id)).filter((m) => m.kind === "ensemble");
  if (matches.length > 1) {
    throw new CliError(`${id} names several ensembles: ${matches.map((m) => m.id).join(", ")}`, EXIT_USAGE);
  }
  return matches.length === 1 ? store.getEnsemble(matches[0].id) : undefined;
}

function render(doc: StatusDocument): string {
  const percent = doc.runs === 0 ? 100 : Math.floor((doc.done / doc.runs) * 100);
  const lines = [
    `Ensemble ${doc.id}: ${doc.scenario}, ${doc.runs} runs, ${doc.from} to ${doc.to} (cocasim ${doc.modelVersion})`,
    `  done   ${doc.done} of ${doc.runs} runs (${percent}%)`,
  ];
  if (doc.queue) {
    const b = doc.queue.blocks;
    const running = b.running > 0 ? ` (${doc.queue.runningDone} runs done in them)` : "";
    lines.push(
      `  queue  ${doc.queue.url}: ${b.total} blocks: ${b.completed} done, ${b.running} running${running}, ` +
        `${b.waiting} waiting, ${b.failed} failed, ${b.missing} not in the queue; ` +
        (doc.queue.workers === null
          ? ""
          : `${doc.queue.workers} worker${doc.queue.workers === 1 ? "" : "s"} connected; `) +
        `submitted ${doc.queue.submitted}`,
    );
    for (const failure of doc.queue.failures) lines.push(`         failed: ${failure}`);
  }
  if (doc.store) {
    lines.push(
      `  store  ${doc.store.location}: ${doc.store.stored} runs stored` +
        (doc.store.status ? ` (ensemble ${doc.store.status})` : ""),
    );
  }
  lines.push(
    doc.done === doc.runs
      ? "All runs are done: the command that submitted it gathers the results without running anything again."
      : "Run the command that submitted it again to resume it: finished blocks are not run again.",
  );
  return lines.join("\n") + "\n";
}

export async function statusCommand(deps: CliDeps, id: string, options: StatusOptions): Promise<number> {
  const wanted = id.trim().toLowerCase();
  if (!/^[0-9a-f]{4,64}$/.test(wanted)) {
    throw new CliError(
      `an ensemble id is 4 to 12 hex digits (a prefix of the id), got ${JSON.stringify(id)}`,
      EXIT_USAGE,
    );
  }
  let queueStatus: QueueEnsembleStatus | undefined;
  if (options.backend !== undefined) {
    const { queueEnsembleStatus, AmbiguousIdError } = await import("../../distributed/status.ts");
    try {
      queueStatus = await queueEnsembleStatus(options.backend, wanted, { modelVersion: deps.version });
    } catch (error) {
      if (error instanceof AmbiguousIdError) throw new CliError(error.message, EXIT_USAGE);
      throw new CliError(errorMessage(error), EXIT_FAILURE);
    }
  }
  // Without --backend the default store is read, if there is one; a store named by --store must exist.
  const { store, location } = await openCliStore(deps, options.store, { mustExist: true });
  let fromStore: StoredEnsemble | undefined;
  let stored: boolean[] | undefined;
  try {
    if (store) {
      const ensembleId = queueStatus?.manifest.id ?? wanted;
      fromStore = await storedEnsemble(store, ensembleId);
      const scenario: ResolvedScenario | undefined = fromStore?.scenario ?? queueStatus?.manifest.scenario;
      const seeds = fromStore?.key.seeds ?? queueStatus?.manifest.seeds;
      const version = fromStore?.key.modelVersion ?? queueStatus?.manifest.modelVersion ?? deps.version;
      if (scenario && seeds) stored = await store.hasRuns(memberRunKeys(version, scenario, seeds));
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the store ${location}: ${errorMessage(error)}`, EXIT_FAILURE);
  } finally {
    await store?.close();
  }
  if (!queueStatus && !fromStore) {
    const where = [
      ...(options.backend === undefined ? [] : [`the queue at ${maskQueueUrl(options.backend)}`]),
      ...(store ? [`the store ${location}`] : []),
    ].join(" or ");
    if (where === "") {
      throw new CliError(`no store at ${location}: give --backend URL to look in a queue`, EXIT_FAILURE);
    }
    const hint = options.backend === undefined ? " (add --backend URL to look in a queue)" : "";
    throw new CliError(`no ensemble ${wanted} in ${where}${hint}`, EXIT_FAILURE);
  }
  const manifest = queueStatus?.manifest;
  const scenario = (fromStore?.scenario ?? manifest?.scenario)!;
  const seeds = (fromStore?.key.seeds ?? manifest?.seeds)!;
  const done = new Set<number>(queueStatus?.doneSeeds ?? []);
  seeds.forEach((seed, i) => {
    if (stored?.[i]) done.add(seed);
  });
  const doc: StatusDocument = {
    id: fromStore?.id ?? manifest!.id,
    scenario: scenario.name,
    from: formatMonth(scenario.from),
    to: formatMonth(scenario.to),
    modelVersion: fromStore?.key.modelVersion ?? manifest!.modelVersion,
    runs: seeds.length,
    done: done.size,
    queue: queueStatus
      ? {
          url: queueStatus.location,
          blocks: queueStatus.blocks,
          runningDone: queueStatus.runningDone,
          workers: queueStatus.workers ?? null,
          submitted: queueStatus.manifest.submitted,
          failures: queueStatus.failures,
        }
      : null,
    store:
      store && stored
        ? { location, stored: stored.filter(Boolean).length, status: fromStore?.status ?? null }
        : null,
  };
  deps.stdout.write(options.json ? JSON.stringify(doc, null, 2) + "\n" : render(doc));
  return EXIT_OK;
}

const STATUS_HELP = `
ID is the ensemble id that \`run\` and \`compare\` print when they send runs to a
queue with --backend (or a unique prefix of it). With --backend the status comes
from the queue: its blocks done, running, waiting and failed, and the workers
connected. The store (--store, or .cocasim/cocasim.db when it exists) adds the
runs stored there. To resume an ensemble whose submitting command was
interrupted, run that command again: blocks done are not run again.

Examples:
  $ cocasim status 3f2a9c1b7d4e --backend redis://10.0.0.5:6379
  $ cocasim status 3f2a9c1b7d4e --backend postgres://cocasim@10.0.0.5:5432/cocasim
  $ cocasim status 3f2a --store postgres://cocasim@10.0.0.5/cocasim --json`;

/** Adds `cocasim status` to the program. */
export function registerStatusCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
): void {
  program
    .command("status")
    .description("show how far an ensemble sent to a queue has got")
    .argument("<ensemble-id>", "the id printed when the ensemble was submitted, or a unique prefix of it")
    .option("--backend <url>", `the queue it was sent to: ${QUEUE_URL_HELP}`, parseQueueOption)
    .option("--store <url>", STORE_OPTION_HELP, parseStoreOption)
    .option("--json", "print the status as JSON")
    .addHelpText("after", STATUS_HELP)
    .action(async (id: string, options: Record<string, unknown>) => {
      setExitCode(
        await statusCommand(deps, id, {
          backend: options.backend as string | undefined,
          store: options.store as string | undefined,
          json: options.json === true,
        }),
      );
    });
}
