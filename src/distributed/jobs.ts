/**
 * What the distributed executor (bullmq-executor.ts) and the workers (worker.ts)
 * agree on: queue and key names, the data of a job and of its result, how a run's
 * jobs are cut into seed blocks, and how a failed seed is reported.
 *
 * A queue job is one seed block: one scenario run with a few seeds, enough work
 * (about half a second or more) that the queue's own cost per job, about a
 * millisecond, does not count. Its id is derived from (model version, hash of the
 * scenario without its seed, the block's seeds), so submitting the same block
 * again, from this process or another, finds the job already there (waiting,
 * running or done) instead of adding a second one, and retries never duplicate.
 * The queue's name holds the model version, so a worker never runs a job of
 * another version of the model.
 */
import type { SimulationJob } from "../executors/types.ts";
import type { Summary } from "../model/results.ts";
import { canonicalJson, sha256Hex } from "../scenario/hash.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { ensembleId, ensembleKey, scenarioHashWithoutSeed } from "../store/store.ts";

/**
 * Version of the job data format; a worker fails jobs of another format.
 * 2: the scenario and the summaries travel as JSON text (see BlockData).
 */
export const PROTOCOL = 2;

/** Name of every simulation job (BullMQ's job name). */
export const JOB_NAME = "simulate";

/** How long finished jobs (and their results) and ensemble manifests stay in the queue: a week. */
export const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

/** Most seeds in a block when the caller does not choose. */
export const MAX_DEFAULT_BLOCK = 4;

/** The queue of model version `version`: "runs-0.1.0". */
export function queueName(version: string): string {
  return `runs-${version.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
}

/** The Redis key of an ensemble's manifest (what `cocasim status` reads). */
export function manifestKey(prefix: string, queue: string, id: string): string {
  return `${prefix}:${queue}:ensemble:${id}`;
}

/**
 * A job's data: run the scenario with each of `seeds`.
 *
 * The scenario (and a result's summaries) travel as JSON text inside BullMQ's own
 * JSON, not as objects: the Postgres backend keeps job data and results as jsonb,
 * which reorders the keys of every object, and a summary whose keys come back in
 * another order would not print byte for byte as a local run's. Text keeps the
 * bytes on every backend.
 */
export interface BlockData {
  readonly protocol: number;
  readonly modelVersion: string;
  /** The ResolvedScenario, as JSON text. */
  readonly scenario: string;
  readonly seeds: readonly number[];
}

/** A job's result (BullMQ's returnvalue): the summaries of the block's seeds, in the block's order. */
export interface BlockResult {
  readonly seeds: readonly number[];
  /** The Summary[] as JSON text (see BlockData). */
  readonly summaries: string;
}

/** The result of a block whose seeds gave `summaries`. */
export function blockResult(seeds: readonly number[], summaries: readonly Summary[]): BlockResult {
  return { seeds: [...seeds], summaries: JSON.stringify(summaries) };
}

/** A running job's progress (BullMQ's job progress). */
export interface BlockProgress {
  readonly done: number;
  readonly total: number;
}

/** What a submitted ensemble leaves in the queue (backend.ts) for `cocasim status`. */
export interface EnsembleManifest {
  readonly protocol: number;
  readonly id: string;
  readonly modelVersion: string;
  /** The scenario; its runs are this scenario with each seed. */
  readonly scenario: ResolvedScenario;
  readonly seeds: readonly number[];
  readonly blocks: readonly { readonly id: string; readonly seeds: readonly number[] }[];
  /** When it was (last) submitted, ISO 8601. */
  readonly submitted: string;
}

/** The id of the job of `seeds` of the scenario with hash `scenarioHash` (seed left out). */
export function blockJobId(version: string, scenarioHash: string, seeds: readonly number[]): string {
  const digest = sha256Hex(canonicalJson({ modelVersion: version, scenarioHash, seeds: [...seeds] }));
  // Readable head (scenario, first seed, count), then a digest of everything; no ":" (BullMQ forbids it).
  return `${scenarioHash.slice(0, 12)}-${seeds[0]}x${seeds.length}-${digest.slice(0, 16)}`;
}

/**
 * Seeds per block for a scenario run with `seeds` seeds: up to 4 (a few seconds
 * of simulation for the full period), fewer for small ensembles so that they
 * still spread over many workers. Depends only on the count, so the same
 * ensemble gets the same blocks (and job ids) every time it is submitted.
 */
export function defaultBlockSize(seeds: number): number {
  return Math.max(1, Math.min(MAX_DEFAULT_BLOCK, Math.floor(seeds / 16)));
}

export interface PlannedBlock {
  /** The job id. */
  readonly id: string;
  readonly group: PlannedGroup;
  readonly seeds: readonly number[];
  /** For each seed of the block, the indices of the run's jobs it answers. */
  readonly targets: readonly (readonly number[])[];
}

/** The jobs of one scenario in a run: an ensemble. */
export interface PlannedGroup {
  readonly scenario: ResolvedScenario;
  /** Hash of the scenario without its seed. */
  readonly scenarioHash: string;
  /** Its distinct seeds, in the order they first appear among the jobs. */
  readonly seeds: readonly number[];
  /** The store's id of this ensemble (model version, scenario hash, seeds). */
  readonly ensembleId: string;
  readonly blocks: readonly PlannedBlock[];
}

/**
 * Cuts a run's jobs into blocks: jobs are grouped by scenario (its hash without
 * the seed), each group's distinct seeds are cut in order into blocks of
 * `blockSize` (default: `defaultBlockSize` of the group's seed count). A seed that
 * appears twice in a group is run once and answers both jobs.
 */
export function planBlocks(
  jobs: readonly SimulationJob[],
  options: { readonly modelVersion: string; readonly blockSize?: number },
): PlannedGroup[] {
  const hashes = new Map<ResolvedScenario, string>();
  const groups = new Map<string, { scenario: ResolvedScenario; targets: Map<number, number[]> }>();
  jobs.forEach((job, index) => {
    let hash = hashes.get(job.scenario);
    if (hash === undefined) {
      hash = scenarioHashWithoutSeed(job.scenario);
      hashes.set(job.scenario, hash);
    }
    let group = groups.get(hash);
    if (!group) {
      group = { scenario: job.scenario, targets: new Map() };
      groups.set(hash, group);
    }
    const targets = group.targets.get(job.seed);
    if (targets) targets.push(index);
    else group.targets.set(job.seed, [index]);
  });
  const planned: PlannedGroup[] = [];
  for (const [hash, { scenario, targets }] of groups) {
    const seeds = [...targets.keys()];
    const size = options.blockSize ?? defaultBlockSize(seeds.length);
    const blocks: PlannedBlock[] = [];
    const group: PlannedGroup = {
      scenario,
      scenarioHash: hash,
      seeds,
      ensembleId: ensembleId(ensembleKey(options.modelVersion, scenario, seeds)),
      blocks,
    };
    for (let start = 0; start < seeds.length; start += size) {
      const block = seeds.slice(start, start + size);
      blocks.push({
        id: blockJobId(options.modelVersion, hash, block),
        group,
        seeds: block,
        targets: block.map((seed) => targets.get(seed)!),
      });
    }
    planned.push(group);
  }
  return planned;
}

/** A job's failure reason when the simulation of `seed` failed with `message`. */
export function seedFailure(seed: number, message: string): string {
  return `seed ${seed} failed: ${message}`;
}

/** The seed and message of a reason written by `seedFailure`, or undefined. */
export function parseSeedFailure(reason: string): { seed: number; message: string } | undefined {
  const match = /^seed (\d+) failed: ([\s\S]*)$/.exec(reason);
  return match ? { seed: Number(match[1]), message: match[2] } : undefined;
}

/**
 * The summaries in a job's returnvalue, checked to be the result of `seeds`; or
 * why it is not (a string).
 */
export function readBlockResult(value: unknown, seeds: readonly number[]): Summary[] | string {
  const result = value as Partial<BlockResult> | null | undefined;
  if (!result || !Array.isArray(result.seeds) || typeof result.summaries !== "string") {
    return "the job's result is not a block result";
  }
  if (result.seeds.length !== seeds.length || result.seeds.some((s, i) => s !== seeds[i])) {
    return `the job's result is for seeds ${result.seeds.join(", ")}, not ${seeds.join(", ")}`;
  }
  let summaries: unknown;
  try {
    summaries = JSON.parse(result.summaries);
  } catch {
    return "the job's result holds summaries that are not JSON";
  }
  if (!Array.isArray(summaries)) return "the job's result holds no list of summaries";
  if (summaries.length !== seeds.length) {
    return `the job's result has ${summaries.length} summaries for ${seeds.length} seeds`;
  }
  return summaries as Summary[];
}
