/**
 * RunStore on Kysely: one query code base for SQLite and Postgres. Each write is
 * one transaction (an upsert keyed by the short id), so re-putting a key is
 * idempotent and a write that fails or is killed half-way leaves the previous
 * state.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import { formatMonth } from "../core/time.ts";
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import {
  decodeEnsembleMonthly,
  decodeFlows,
  decodeMonthly,
  encodeEnsembleMonthly,
  encodeFlows,
  encodeMonthly,
} from "./codec.ts";
import { parseJson, strictJson } from "./json.ts";
import type { Database, Dialect, ExperimentsTable, RunsTable, ServerRunsTable } from "./schema.ts";
import {
  type EnsembleKey,
  type EnsembleRecord,
  type ExperimentInfo,
  type ExperimentKey,
  type ExperimentRecord,
  ensembleId,
  experimentId,
  ID_LENGTH,
  type IdMatch,
  type ListOptions,
  type RunInfo,
  type RunKey,
  type RunRecord,
  type RunStore,
  runId,
  type ServerRunRecord,
  STATUSES,
  type Status,
  type StoredEnsemble,
  type StoredExperiment,
  type StoredRun,
  type StoredServerRun,
} from "./store.ts";

/** Rows per INSERT: well under SQLite's and Postgres's limits on bound parameters. */
const BATCH = 500;

function toNumber(value: number | string): number {
  return typeof value === "number" ? value : Number(value);
}

function checkVersion(modelVersion: string): void {
  if (typeof modelVersion !== "string" || modelVersion === "") {
    throw new Error(`the model version must be a non-empty string, got ${JSON.stringify(modelVersion)}`);
  }
}

function checkSeed(seed: number, what: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`${what}: the seed must be a non-negative integer, got ${seed}`);
  }
}

function checkStatus(status: Status): void {
  if (!STATUSES.includes(status)) {
    throw new Error(`unknown status ${JSON.stringify(status)} (expected one of ${STATUSES.join(", ")})`);
  }
}

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new Error(`the limit must be a non-negative integer, got ${limit}`);
  }
}

function checkRunKey(key: RunKey): void {
  checkVersion(key.modelVersion);
  if (typeof key.scenarioHash !== "string" || key.scenarioHash === "") {
    throw new Error("the run key needs a scenario hash");
  }
  checkSeed(key.seed, "run key");
}

function period(scenario: ResolvedScenario): { period_from: string; period_to: string } {
  return { period_from: formatMonth(scenario.from), period_to: formatMonth(scenario.to) };
}

function isHex(text: string): boolean {
  return /^[0-9a-f]+$/.test(text);
}

/** Keeps the `limit` most recent of rows fetched newest first, then puts them oldest first. */
function oldestFirst<T>(rows: T[]): T[] {
  return rows.reverse();
}

type RunRow = Pick<
  Selectable<RunsTable>,
  "seq" | "id" | "model_version" | "scenario_hash" | "seed" | "scenario_name" | "period_from" | "period_to"
> & { has_monthly: number | string | boolean; has_flows: number | string | boolean };

function truthy(value: number | string | boolean): boolean {
  return value === true || value === 1 || value === "1";
}

function runInfo(row: RunRow): RunInfo {
  return {
    id: row.id,
    key: { modelVersion: row.model_version, scenarioHash: row.scenario_hash, seed: toNumber(row.seed) },
    scenarioName: row.scenario_name,
    from: row.period_from,
    to: row.period_to,
    seq: toNumber(row.seq),
    hasMonthly: truthy(row.has_monthly),
    hasFlows: truthy(row.has_flows),
  };
}

function serverRun(row: Selectable<ServerRunsTable>): StoredServerRun {
  return {
    id: row.id,
    kind: row.kind as StoredServerRun["kind"],
    status: row.status,
    ...(row.result_id === null ? {} : { resultId: row.result_id }),
    info: parseJson<unknown>(row.info_json),
    seq: toNumber(row.seq),
  };
}

/** Longest server run id: the server's ids are UUIDs; anything much longer is a mistake. */
const MAX_SERVER_ID = 200;

function experimentInfo(row: Selectable<ExperimentsTable>, done: number): ExperimentInfo {
  return {
    id: row.id,
    key: { modelVersion: row.model_version, definitionHash: row.definition_hash },
    name: row.name,
    status: row.status as Status,
    rows: row.row_count,
    done,
    seq: toNumber(row.seq),
  };
}

export class KyselyRunStore implements RunStore {
  readonly kind: Dialect;
  readonly location: string;
  readonly #db: Kysely<Database>;
  #closed = false;

  constructor(db: Kysely<Database>, kind: Dialect, location: string) {
    this.#db = db;
    this.kind = kind;
    this.location = location;
  }

  get #open(): Kysely<Database> {
    if (this.#closed) throw new Error(`the store ${this.location} is closed`);
    return this.#db;
  }

  // --- runs -----------------------------------------------------------------

  async putRun(key: RunKey, record: RunRecord): Promise<string> {
    checkRunKey(key);
    const { scenario, summary } = record;
    if (scenario.seed !== key.seed) {
      throw new Error(`putRun: the scenario's seed ${scenario.seed} is not the key's seed ${key.seed}`);
    }
    if (summary.seed !== key.seed) {
      throw new Error(`putRun: the summary's seed ${summary.seed} is not the key's seed ${key.seed}`);
    }
    const id = runId(key);
    const values = {
      scenario_name: scenario.name,
      ...period(scenario),
      scenario_json: strictJson(scenario, "scenario"),
      summary_json: strictJson(summary, "summary"),
      monthly_blob: record.monthly ? encodeMonthly(record.monthly) : null,
      flows_blob: record.flows ? encodeFlows(record.flows) : null,
    };
    const upsert = () =>
      this.#open
        .insertInto("runs")
        .values({
          id,
          model_version: key.modelVersion,
          scenario_hash: key.scenarioHash,
          seed: key.seed,
          ...values,
        })
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            ...values,
            // Same key, same results: a record without series keeps the stored ones.
            monthly_blob: eb.fn.coalesce(eb.ref("excluded.monthly_blob"), eb.ref("runs.monthly_blob")),
            flows_blob: eb.fn.coalesce(eb.ref("excluded.flows_blob"), eb.ref("runs.flows_blob")),
          })),
        )
        .execute();
    // Two writers of the same key at once on Postgres: ON CONFLICT arbitrates on the
    // id only, so the loser can meet the other unique index (runs_key) first and fail
    // with a unique violation. Written again, it finds the committed row and updates it.
    for (let attempt = 1; ; attempt++) {
      try {
        await upsert();
        return id;
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  #runColumns() {
    return this.#open
      .selectFrom("runs")
      .select([
        "seq",
        "id",
        "model_version",
        "scenario_hash",
        "seed",
        "scenario_name",
        "period_from",
        "period_to",
      ])
      .select((eb) => [
        eb.case().when("monthly_blob", "is not", null).then(1).else(0).end().as("has_monthly"),
        eb.case().when("flows_blob", "is not", null).then(1).else(0).end().as("has_flows"),
      ]);
  }

  async getRun(
    keyOrId: RunKey | string,
    options: { readonly series?: boolean } = {},
  ): Promise<StoredRun | undefined> {
    const id = typeof keyOrId === "string" ? keyOrId : runId(keyOrId);
    const row = await this.#runColumns()
      .select(["scenario_json", "summary_json"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    const run: StoredRun = {
      ...runInfo(row),
      scenario: parseJson<ResolvedScenario>(row.scenario_json),
      summary: parseJson<Summary>(row.summary_json),
    };
    if (!options.series || !(run.hasMonthly || run.hasFlows)) return run;
    const blobs = await this.#open
      .selectFrom("runs")
      .select(["monthly_blob", "flows_blob"])
      .where("id", "=", id)
      .executeTakeFirst();
    return {
      ...run,
      ...(blobs?.monthly_blob ? { monthly: decodeMonthly(blobs.monthly_blob) } : {}),
      ...(blobs?.flows_blob ? { flows: decodeFlows(blobs.flows_blob) } : {}),
    };
  }

  async hasRuns(keys: readonly RunKey[]): Promise<boolean[]> {
    const ids = keys.map(runId);
    const found = new Set<string>();
    for (let start = 0; start < ids.length; start += BATCH) {
      const batch = ids.slice(start, start + BATCH);
      const rows = await this.#open.selectFrom("runs").select("id").where("id", "in", batch).execute();
      for (const row of rows) found.add(row.id);
    }
    return ids.map((id) => found.has(id));
  }

  async listRuns(options: ListOptions = {}): Promise<RunInfo[]> {
    checkLimit(options.limit);
    let query = this.#runColumns().orderBy("seq", "desc");
    if (options.scenario !== undefined) {
      const scenario = options.scenario;
      query = query.where((eb) =>
        eb.or([eb("scenario_name", "=", scenario), eb("scenario_hash", "=", scenario)]),
      );
    }
    if (options.limit !== undefined) query = query.limit(options.limit);
    return oldestFirst(await query.execute()).map(runInfo);
  }

  // --- ensembles ------------------------------------------------------------

  async putEnsemble(key: EnsembleKey, record: EnsembleRecord): Promise<string> {
    checkVersion(key.modelVersion);
    if (typeof key.scenarioHash !== "string" || key.scenarioHash === "") {
      throw new Error("the ensemble key needs a scenario hash");
    }
    if (key.seeds.length === 0) throw new Error("an ensemble needs at least one seed");
    for (const seed of key.seeds) checkSeed(seed, "ensemble key");
    if (new Set(key.seeds).size !== key.seeds.length) throw new Error("an ensemble's seeds must be distinct");
    checkStatus(record.status);
    const id = ensembleId(key);
    const { result } = record;
    if (result !== undefined && result.summary.runs !== key.seeds.length) {
      throw new Error(
        `putEnsemble: the result summarises ${result.summary.runs} runs, the key has ${key.seeds.length} seeds`,
      );
    }
    const values = {
      scenario_name: record.scenario.name,
      ...period(record.scenario),
      scenario_json: strictJson(record.scenario, "scenario"),
      status: record.status,
    };
    const resultValues = {
      result_summary_json: result ? strictJson(result.summary, "ensemble summary") : null,
      result_monthly_blob: result ? encodeEnsembleMonthly(result.monthly) : null,
      result_flows_blob: result ? encodeFlows(result.flows) : null,
    };
    await this.#open
      .insertInto("ensembles")
      .values({
        id,
        model_version: key.modelVersion,
        scenario_hash: key.scenarioHash,
        seeds_json: JSON.stringify(key.seeds),
        seed_count: key.seeds.length,
        ...values,
        ...resultValues,
      })
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          ...values,
          // Same key, same results: a status update without results keeps the stored ones.
          result_summary_json: eb.fn.coalesce(
            eb.ref("excluded.result_summary_json"),
            eb.ref("ensembles.result_summary_json"),
          ),
          result_monthly_blob: eb.fn.coalesce(
            eb.ref("excluded.result_monthly_blob"),
            eb.ref("ensembles.result_monthly_blob"),
          ),
          result_flows_blob: eb.fn.coalesce(
            eb.ref("excluded.result_flows_blob"),
            eb.ref("ensembles.result_flows_blob"),
          ),
        })),
      )
      .execute();
    return id;
  }

  /** Every column but the result blobs, which are read only when asked for. */
  #ensembles() {
    return this.#open
      .selectFrom("ensembles")
      .select([
        "seq",
        "id",
        "model_version",
        "scenario_hash",
        "seeds_json",
        "seed_count",
        "scenario_name",
        "period_from",
        "period_to",
        "scenario_json",
        "status",
      ])
      .select((eb) => [
        eb.case().when("result_summary_json", "is not", null).then(1).else(0).end().as("has_result"),
      ]);
  }

  #ensemble(
    row: Omit<
      Selectable<Database["ensembles"]>,
      "created_at" | "result_summary_json" | "result_monthly_blob" | "result_flows_blob"
    > & { has_result: number | string | boolean },
  ): StoredEnsemble {
    return {
      id: row.id,
      key: {
        modelVersion: row.model_version,
        scenarioHash: row.scenario_hash,
        seeds: parseJson<number[]>(row.seeds_json),
      },
      scenarioName: row.scenario_name,
      from: row.period_from,
      to: row.period_to,
      status: row.status as Status,
      seq: toNumber(row.seq),
      scenario: parseJson<ResolvedScenario>(row.scenario_json),
      hasResult: truthy(row.has_result),
    };
  }

  async getEnsemble(
    keyOrId: EnsembleKey | string,
    options: { readonly result?: boolean } = {},
  ): Promise<StoredEnsemble | undefined> {
    const id = typeof keyOrId === "string" ? keyOrId : ensembleId(keyOrId);
    const row = await this.#ensembles().where("id", "=", id).executeTakeFirst();
    if (!row) return undefined;
    const ensemble = this.#ensemble(row);
    if (!options.result || !ensemble.hasResult) return ensemble;
    const stored = await this.#open
      .selectFrom("ensembles")
      .select(["result_summary_json", "result_monthly_blob", "result_flows_blob"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!stored?.result_summary_json || !stored.result_monthly_blob || !stored.result_flows_blob) {
      return ensemble;
    }
    return {
      ...ensemble,
      result: {
        summary: parseJson<EnsembleSummary>(stored.result_summary_json),
        monthly: decodeEnsembleMonthly(stored.result_monthly_blob),
        flows: decodeFlows(stored.result_flows_blob),
      },
    };
  }

  async listEnsembles(options: ListOptions = {}): Promise<StoredEnsemble[]> {
    checkLimit(options.limit);
    let query = this.#ensembles().orderBy("seq", "desc");
    if (options.scenario !== undefined) {
      const scenario = options.scenario;
      query = query.where((eb) =>
        eb.or([eb("scenario_name", "=", scenario), eb("scenario_hash", "=", scenario)]),
      );
    }
    if (options.limit !== undefined) query = query.limit(options.limit);
    return oldestFirst(await query.execute()).map((row) => this.#ensemble(row));
  }

  // --- experiments ----------------------------------------------------------

  async putExperiment(key: ExperimentKey, record: ExperimentRecord): Promise<string> {
    checkVersion(key.modelVersion);
    if (typeof key.definitionHash !== "string" || key.definitionHash === "") {
      throw new Error("the experiment key needs a definition hash");
    }
    checkStatus(record.status);
    const outcomes = record.outcomes ?? [];
    if (outcomes.length > record.design.length) {
      throw new Error(`putExperiment: ${outcomes.length} outcomes for ${record.design.length} design rows`);
    }
    const id = experimentId(key);
    const values = {
      name: record.name,
      definition_json: strictJson(record.definition, "experiment definition"),
      status: record.status,
      row_count: record.design.length,
    };
    await this.#open.transaction().execute(async (trx) => {
      await trx
        .insertInto("experiments")
        .values({ id, model_version: key.modelVersion, definition_hash: key.definitionHash, ...values })
        .onConflict((oc) => oc.column("id").doUpdateSet(values))
        .execute();
      await trx.deleteFrom("experiment_rows").where("experiment_id", "=", id).execute();
      for (let start = 0; start < record.design.length; start += BATCH) {
        const rows = [];
        // Serialised inside the transaction: a bad row half-way rolls the whole write back.
        for (let i = start; i < Math.min(start + BATCH, record.design.length); i++) {
          const outcome = outcomes[i];
          rows.push({
            experiment_id: id,
            row_index: i,
            design_json: strictJson(record.design[i], `design row ${i}`),
            outcome_json:
              outcome === undefined || outcome === null ? null : strictJson(outcome, `outcome ${i}`),
          });
        }
        await trx.insertInto("experiment_rows").values(rows).execute();
      }
    });
    return id;
  }

  async setExperimentOutcomes(
    keyOrId: ExperimentKey | string,
    outcomes: readonly { readonly index: number; readonly outcome: unknown }[],
    status?: Status,
  ): Promise<void> {
    const id = typeof keyOrId === "string" ? keyOrId : experimentId(keyOrId);
    if (status !== undefined) checkStatus(status);
    await this.#open.transaction().execute(async (trx: Transaction<Database>) => {
      const experiment = await trx
        .selectFrom("experiments")
        .select("row_count")
        .where("id", "=", id)
        .executeTakeFirst();
      if (!experiment) throw new Error(`no experiment ${id} in the store`);
      for (const { index, outcome } of outcomes) {
        if (!Number.isSafeInteger(index) || index < 0 || index >= experiment.row_count) {
          throw new Error(`experiment ${id} has no design row ${index} (it has ${experiment.row_count})`);
        }
        await trx
          .updateTable("experiment_rows")
          .set({
            outcome_json:
              outcome === undefined || outcome === null ? null : strictJson(outcome, `outcome ${index}`),
          })
          .where("experiment_id", "=", id)
          .where("row_index", "=", index)
          .execute();
      }
      if (status !== undefined) {
        await trx.updateTable("experiments").set({ status }).where("id", "=", id).execute();
      }
    });
  }

  async #doneCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const rows = await this.#open
      .selectFrom("experiment_rows")
      .select((eb) => ["experiment_id", eb.fn.countAll<number | string>().as("done")])
      .where("experiment_id", "in", [...ids])
      .where("outcome_json", "is not", null)
      .groupBy("experiment_id")
      .execute();
    for (const row of rows) counts.set(row.experiment_id, toNumber(row.done));
    return counts;
  }

  async getExperiment(keyOrId: ExperimentKey | string): Promise<StoredExperiment | undefined> {
    const id = typeof keyOrId === "string" ? keyOrId : experimentId(keyOrId);
    // One transaction, so the rows match the experiment even while another process writes it.
    return this.#open.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("experiments").selectAll().where("id", "=", id).executeTakeFirst();
      if (!row) return undefined;
      const rows = await trx
        .selectFrom("experiment_rows")
        .select(["design_json", "outcome_json"])
        .where("experiment_id", "=", id)
        .orderBy("row_index")
        .execute();
      const outcomes = rows.map((r) => (r.outcome_json === null ? null : parseJson<unknown>(r.outcome_json)));
      return {
        ...experimentInfo(row, outcomes.filter((o) => o !== null).length),
        definition: parseJson<unknown>(row.definition_json),
        design: rows.map((r) => parseJson<unknown>(r.design_json)),
        outcomes,
      };
    });
  }

  async listExperiments(options: { readonly limit?: number } = {}): Promise<ExperimentInfo[]> {
    checkLimit(options.limit);
    let query = this.#open.selectFrom("experiments").selectAll().orderBy("seq", "desc");
    if (options.limit !== undefined) query = query.limit(options.limit);
    const rows = oldestFirst(await query.execute());
    const done = await this.#doneCounts(rows.map((r) => r.id));
    return rows.map((row) => experimentInfo(row, done.get(row.id) ?? 0));
  }

  // --- ids ------------------------------------------------------------------

  async findIds(prefix: string): Promise<IdMatch[]> {
    const p = prefix.toLowerCase();
    if (p === "" || !isHex(p)) return [];
    const matches: IdMatch[] = [];
    const tables = [
      ["run", "runs"],
      ["ensemble", "ensembles"],
      ["experiment", "experiments"],
    ] as const;
    for (const [kind, table] of tables) {
      const rows = await this.#open
        .selectFrom(table)
        .select("id")
        .where("id", "like", `${p}%`)
        .orderBy("seq")
        .execute();
      for (const row of rows) matches.push({ kind, id: row.id });
    }
    return matches;
  }

  // --- server runs ----------------------------------------------------------

  async putServerRun(record: ServerRunRecord): Promise<void> {
    if (typeof record.id !== "string" || record.id === "" || record.id.length > MAX_SERVER_ID) {
      throw new Error(
        `a server run's id must be 1 to ${MAX_SERVER_ID} characters, got ${JSON.stringify(record.id)}`,
      );
    }
    if (record.kind !== "run" && record.kind !== "ensemble") {
      throw new Error(`unknown kind of server run ${JSON.stringify(record.kind)} (expected run or ensemble)`);
    }
    if (typeof record.status !== "string" || record.status === "") {
      throw new Error("a server run needs a status");
    }
    if (record.resultId !== undefined && !(isHex(record.resultId) && record.resultId.length === ID_LENGTH)) {
      throw new Error(`a server run's result id must be a short id, got ${JSON.stringify(record.resultId)}`);
    }
    const values = {
      kind: record.kind,
      status: record.status,
      result_id: record.resultId ?? null,
      info_json: strictJson(record.info, "server run info"),
    };
    await this.#open
      .insertInto("server_runs")
      .values({ id: record.id, ...values })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
  }

  async getServerRun(id: string): Promise<StoredServerRun | undefined> {
    const row = await this.#open
      .selectFrom("server_runs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? serverRun(row) : undefined;
  }

  async listServerRuns(options: { readonly limit?: number } = {}): Promise<StoredServerRun[]> {
    checkLimit(options.limit);
    let query = this.#open.selectFrom("server_runs").selectAll().orderBy("seq", "desc");
    if (options.limit !== undefined) query = query.limit(options.limit);
    return oldestFirst(await query.execute()).map(serverRun);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}

/** A unique-constraint violation: Postgres SQLSTATE 23505 (SQLite serialises writers and never races here). */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}
