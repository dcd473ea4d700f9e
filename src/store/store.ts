/**
 * The results store: one interface for stored runs, ensembles and experiments,
 * whatever the database (SQLite file by default, or Postgres; see open.ts).
 *
 * A run is keyed by (model version, scenario hash, seed). By convention the
 * scenario hash is `scenarioHash(resolved)` of src/scenario/hash.ts, the same
 * hash `cocasim run --out` writes to run.json (the seed is part of the resolved
 * scenario, so it is in the hash too); `runKey` builds such a key. An ensemble
 * is keyed by (model version, hash of the scenario with its seed left out, the
 * seeds); its member runs are the runs of its scenario with each of its seeds,
 * so an interrupted ensemble resumes by asking `missingSeeds`. An experiment is
 * keyed by (model version, hash of its definition).
 *
 * Ids shown to users are the first 12 hex digits of a SHA-256 of the key: short,
 * stable, and the same in every store. Writes are atomic and idempotent: putting
 * the same key again replaces the record in one transaction and keeps its place
 * in the creation order. A key determines its results, so a put that lacks the
 * optional parts (a run's series, an ensemble's aggregated results) keeps those
 * already stored rather than dropping them.
 *
 * The HTTP server keeps its own record of the runs started through it (server
 * runs: its id, status and what it reports), pointing at the run or ensemble
 * that holds the results.
 */
import { memberScenario, posteriorDraws } from "../calibration/posterior-runs.ts";
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { EdgeFlows, MonthlySeries, SimulationResult, Summary } from "../model/results.ts";
import { canonicalJson, scenarioHash, sha256Hex } from "../scenario/hash.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { EnsembleMonthly } from "./codec.ts";

export type { EnsembleMonthly, SeriesStats } from "./codec.ts";

/** Identity of one simulation run. */
export interface RunKey {
  /** The model version that produced the run (src/version.ts: package version + model fingerprint). */
  readonly modelVersion: string;
  /** Hash of the resolved scenario (by convention `scenarioHash(resolved)`, seed included). */
  readonly scenarioHash: string;
  readonly seed: number;
}

/** What is stored for a run. */
export interface RunRecord {
  /** The resolved scenario that was run (its `seed` must be the key's). */
  readonly scenario: ResolvedScenario;
  readonly summary: Summary;
  /** Optional, stored compressed. */
  readonly monthly?: MonthlySeries;
  /** Optional, stored compressed. */
  readonly flows?: EdgeFlows;
}

/** A stored run as listed: everything but the big parts. */
export interface RunInfo {
  /** Short id: first 12 hex digits of a hash of the key (see `runId`). */
  readonly id: string;
  readonly key: RunKey;
  readonly scenarioName: string;
  /** First and last month, YYYY-MM. */
  readonly from: string;
  readonly to: string;
  /** Increases in creation order (may have gaps); putting a key again keeps it. */
  readonly seq: number;
  readonly hasMonthly: boolean;
  readonly hasFlows: boolean;
}

export interface StoredRun extends RunInfo {
  readonly scenario: ResolvedScenario;
  readonly summary: Summary;
  /** Present when stored and asked for with `{ series: true }`. */
  readonly monthly?: MonthlySeries;
  readonly flows?: EdgeFlows;
}

export type Status = "pending" | "running" | "complete" | "failed";
export const STATUSES: readonly Status[] = ["pending", "running", "complete", "failed"];

/** Identity of an ensemble: one scenario run with several seeds. */
export interface EnsembleKey {
  readonly modelVersion: string;
  /** Hash of the scenario without its seed (by convention `scenarioHashWithoutSeed`). */
  readonly scenarioHash: string;
  /** The seeds, in the order they are run. */
  readonly seeds: readonly number[];
}

/**
 * An ensemble's aggregated results, as the server shows them: the statistics of
 * every yearly figure, of every monthly series, and the members' mean flows.
 */
export interface EnsembleResultRecord {
  readonly summary: EnsembleSummary;
  readonly monthly: EnsembleMonthly;
  /** Mean flow and seizures per month and edge over the members. */
  readonly flows: EdgeFlows;
}

export interface EnsembleRecord {
  /** The resolved scenario; its members are this scenario with each seed. */
  readonly scenario: ResolvedScenario;
  readonly status: Status;
  /** Optional, stored compressed; a put without it keeps the stored one. */
  readonly result?: EnsembleResultRecord;
}

export interface StoredEnsemble {
  readonly id: string;
  readonly key: EnsembleKey;
  readonly scenarioName: string;
  readonly from: string;
  readonly to: string;
  readonly status: Status;
  readonly seq: number;
  readonly scenario: ResolvedScenario;
  /** Whether its aggregated results are stored. */
  readonly hasResult: boolean;
  /** Present when stored and asked for with `{ result: true }`. */
  readonly result?: EnsembleResultRecord;
}

/** The server's record of a run started through the HTTP API. */
export interface ServerRunRecord {
  /** The server's id for the run: 1 to 200 characters. */
  readonly id: string;
  readonly kind: "run" | "ensemble";
  /** The server's status of the run (its own words: queued, running, done, failed). */
  readonly status: string;
  /** The short id of the stored run (kind "run") or ensemble holding its results, once it has some. */
  readonly resultId?: string;
  /** What the server reports about the run, any JSON value. */
  readonly info: unknown;
}

export interface StoredServerRun extends ServerRunRecord {
  readonly seq: number;
}

/** Identity of an experiment. */
export interface ExperimentKey {
  readonly modelVersion: string;
  /** Hash of the definition (by convention `experimentKey` computes it from canonical JSON). */
  readonly definitionHash: string;
}

export interface ExperimentRecord {
  readonly name: string;
  /** The experiment's definition, any JSON value. */
  readonly definition: unknown;
  /** Design rows (points to run), any JSON values. */
  readonly design: readonly unknown[];
  /** Outcome of each design row, by index; null, undefined or absent = not computed yet. */
  readonly outcomes?: readonly unknown[];
  readonly status: Status;
}

export interface ExperimentInfo {
  readonly id: string;
  readonly key: ExperimentKey;
  readonly name: string;
  readonly status: Status;
  /** Number of design rows. */
  readonly rows: number;
  /** Number of rows with an outcome. */
  readonly done: number;
  readonly seq: number;
}

export interface StoredExperiment extends ExperimentInfo {
  readonly definition: unknown;
  readonly design: readonly unknown[];
  /** One entry per design row; null where there is no outcome yet. */
  readonly outcomes: readonly unknown[];
}

export interface ListOptions {
  /** At most this many, the most recently created; all when undefined. */
  readonly limit?: number;
  /** Only those of this scenario: its name or its scenario hash. */
  readonly scenario?: string;
}

/** What a short id or id prefix names. */
export interface IdMatch {
  readonly kind: "run" | "ensemble" | "experiment";
  readonly id: string;
}

/**
 * Stored runs, ensembles and experiments. Lists come in creation order (oldest
 * first); `limit` keeps the most recent. Methods that take `key | id` accept the
 * key or the short id.
 */
export interface RunStore {
  /** "sqlite" or "postgres". */
  readonly kind: "sqlite" | "postgres";
  /** Where the store is, for messages (any password masked). */
  readonly location: string;

  /** Stores a run (replacing any with the same key) and returns its id. */
  putRun(key: RunKey, record: RunRecord): Promise<string>;
  getRun(keyOrId: RunKey | string, options?: { readonly series?: boolean }): Promise<StoredRun | undefined>;
  /** Whether each key has a stored run, in the order of `keys`. */
  hasRuns(keys: readonly RunKey[]): Promise<boolean[]>;
  listRuns(options?: ListOptions): Promise<RunInfo[]>;

  /** Stores an ensemble (or updates its status) and returns its id. */
  putEnsemble(key: EnsembleKey, record: EnsembleRecord): Promise<string>;
  getEnsemble(
    keyOrId: EnsembleKey | string,
    options?: { readonly result?: boolean },
  ): Promise<StoredEnsemble | undefined>;
  /** Listed without their aggregated results. */
  listEnsembles(options?: ListOptions): Promise<StoredEnsemble[]>;

  /** Stores an experiment with all its design rows and outcomes (replacing any with the same key). */
  putExperiment(key: ExperimentKey, record: ExperimentRecord): Promise<string>;
  /**
   * Records outcomes of some design rows (and, optionally, a new status) in one transaction.
   * Throws if the experiment does not exist or an index is not one of its rows.
   */
  setExperimentOutcomes(
    keyOrId: ExperimentKey | string,
    outcomes: readonly { readonly index: number; readonly outcome: unknown }[],
    status?: Status,
  ): Promise<void>;
  getExperiment(keyOrId: ExperimentKey | string): Promise<StoredExperiment | undefined>;
  listExperiments(options?: { readonly limit?: number }): Promise<ExperimentInfo[]>;

  /** Runs, ensembles and experiments whose id starts with `prefix` (hex digits, any case). */
  findIds(prefix: string): Promise<IdMatch[]>;

  /** Stores the server's record of a run (replacing any with the same id, keeping its place). */
  putServerRun(record: ServerRunRecord): Promise<void>;
  getServerRun(id: string): Promise<StoredServerRun | undefined>;
  listServerRuns(options?: { readonly limit?: number }): Promise<StoredServerRun[]>;

  close(): Promise<void>;
}

/** Length of the ids shown to users. */
export const ID_LENGTH = 12;

function shortId(kind: string, key: object): string {
  return sha256Hex(canonicalJson({ kind, ...key })).slice(0, ID_LENGTH);
}

export function runId(key: RunKey): string {
  return shortId("run", { modelVersion: key.modelVersion, scenarioHash: key.scenarioHash, seed: key.seed });
}

export function ensembleId(key: EnsembleKey): string {
  return shortId("ensemble", {
    modelVersion: key.modelVersion,
    scenarioHash: key.scenarioHash,
    seeds: [...key.seeds],
  });
}

export function experimentId(key: ExperimentKey): string {
  return shortId("experiment", { modelVersion: key.modelVersion, definitionHash: key.definitionHash });
}

/** The run key of `scenario` (its hash and its seed) under `modelVersion`. */
export function runKey(modelVersion: string, scenario: ResolvedScenario): RunKey {
  return { modelVersion, scenarioHash: scenarioHash(scenario), seed: scenario.seed };
}

/** SHA-256 of the canonical JSON of the scenario with its seed left out. */
export function scenarioHashWithoutSeed(scenario: ResolvedScenario): string {
  return sha256Hex(canonicalJson({ ...scenario, seed: undefined }));
}

/**
 * The ensemble key of `scenario` run with each of `seeds`. An ensemble whose members
 * also draw the calibrated parameters from the posterior (`varies` "posterior", the
 * server's `"varies": "posterior"`) is another ensemble than the seed-only one with the
 * same scenario and seeds, so its hash covers that too; its members' own scenarios
 * carry their draws, and it cannot be resumed from memberRunKeys.
 */
export function ensembleKey(
  modelVersion: string,
  scenario: ResolvedScenario,
  seeds: readonly number[],
  varies: "seed" | "posterior" = "seed",
): EnsembleKey {
  const scenarioHash =
    varies === "seed"
      ? scenarioHashWithoutSeed(scenario)
      : sha256Hex(canonicalJson({ scenario: { ...scenario, seed: undefined }, varies }));
  return { modelVersion, scenarioHash, seeds: [...seeds] };
}

/** The run keys of an ensemble's members: its scenario with each of its seeds. */
export function memberRunKeys(
  modelVersion: string,
  scenario: ResolvedScenario,
  seeds: readonly number[],
): RunKey[] {
  return seeds.map((seed) => runKey(modelVersion, { ...scenario, seed }));
}

/**
 * What varies between a stored ensemble's members: read from its key, whose hash
 * covers `varies` when it is "posterior" (ensembleKey).
 */
export function ensembleVaries(ensemble: Pick<StoredEnsemble, "key" | "scenario">): "seed" | "posterior" {
  const { modelVersion, seeds, scenarioHash } = ensemble.key;
  return scenarioHash === ensembleKey(modelVersion, ensemble.scenario, seeds, "posterior").scenarioHash
    ? "posterior"
    : "seed";
}

/**
 * The run keys of a stored ensemble's members: its scenario with each seed, and for
 * a posterior ensemble each member's draw too (the draws follow from the scenario,
 * the seeds and the calibration, which the model version covers; an ensemble stored
 * by another version whose calibration differs finds no members).
 */
export function ensembleMemberKeys(ensemble: Pick<StoredEnsemble, "key" | "scenario">): RunKey[] {
  const { modelVersion, seeds } = ensemble.key;
  if (ensembleVaries(ensemble) === "seed") return memberRunKeys(modelVersion, ensemble.scenario, seeds);
  const [draws] = posteriorDraws([ensemble.scenario], seeds);
  return seeds.map((seed, i) => runKey(modelVersion, memberScenario(ensemble.scenario, seed, draws[i])));
}

/** The key of an experiment with this definition (hash of its canonical JSON). */
export function experimentKey(modelVersion: string, definition: unknown): ExperimentKey {
  return { modelVersion, definitionHash: sha256Hex(canonicalJson(definition)) };
}

/**
 * The seeds of a stored ensemble that have no stored run yet, in the ensemble's
 * order: what is left to do when resuming it. Throws if there is no such ensemble.
 */
export async function missingSeeds(store: RunStore, keyOrId: EnsembleKey | string): Promise<number[]> {
  const ensemble = await store.getEnsemble(keyOrId);
  if (!ensemble) {
    throw new Error(
      `no ensemble ${typeof keyOrId === "string" ? keyOrId : ensembleId(keyOrId)} in the store`,
    );
  }
  const present = await store.hasRuns(ensembleMemberKeys(ensemble));
  return ensemble.key.seeds.filter((_, i) => !present[i]);
}

export interface CachedSummary {
  readonly id: string;
  readonly summary: Summary;
  /** True when the summary came from the store, false when `compute` ran. */
  readonly cached: boolean;
}

/**
 * The stored summary of `key` when there is one; otherwise runs `compute`, stores
 * its record (with the monthly series and flows it returns, if any) and returns
 * its summary. `compute` may return a RunRecord or, for convenience,
 * `{ scenario, ...simulationResult }`.
 */
export async function cachedSimulate(
  store: RunStore,
  key: RunKey,
  compute: () => RunRecord | Promise<RunRecord>,
): Promise<CachedSummary> {
  const stored = await store.getRun(key);
  if (stored) return { id: stored.id, summary: stored.summary, cached: true };
  const record = await compute();
  const id = await store.putRun(key, record);
  return { id, summary: record.summary, cached: false };
}

/** A RunRecord holding only the summary of a simulation result (no series, no flows). */
export function summaryOnly(scenario: ResolvedScenario, result: SimulationResult): RunRecord {
  return { scenario, summary: result.summary };
}
