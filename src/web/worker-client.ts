/**
 * The page's side of the simulation worker. Runs go one at a time (the worker
 * stays warm: its compiled code is reused) in lanes: a new request in a lane
 * replaces that lane's queued request, and makes the lane's running request
 * come back as "superseded", so that only the latest policy is ever shown.
 */
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { SimulationResult } from "../model/results.ts";
import type { ScenarioError } from "../scenario/parse.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { RunSource, WorkerReply, WorkerRequest } from "./protocol.ts";

export type RunOutcome =
  | {
      readonly kind: "result";
      readonly scenario: ResolvedScenario;
      readonly result: SimulationResult;
      /** Time in the worker (resolve and simulate), ms. */
      readonly ms: number;
      /** From the request leaving the page to the result arriving, ms (queueing excluded). */
      readonly wallMs: number;
    }
  | { readonly kind: "invalid"; readonly errors: readonly ScenarioError[] }
  | { readonly kind: "failed"; readonly message: string }
  | { readonly kind: "superseded" };

/** How a bands request ended: the ensemble's statistics, or as a run can end otherwise. */
export type BandsOutcome =
  | {
      readonly kind: "bands";
      readonly summary: EnsembleSummary;
      readonly varies: "seed" | "posterior";
      /** Time in the worker, ms. */
      readonly ms: number;
    }
  | Exclude<RunOutcome, { kind: "result" }>;

type AnyOutcome = RunOutcome | BandsOutcome;

export type ProgressListener = (done: number, total: number) => void;

interface Pending {
  readonly lane: string;
  readonly source: RunSource;
  /** For a bands request, the number of members; absent for a single run. */
  readonly runs?: number;
  readonly resolve: (outcome: AnyOutcome) => void;
  readonly onProgress?: ProgressListener;
}

interface InFlight extends Pending {
  readonly id: number;
  readonly sentAt: number;
  stale: boolean;
}

/** The minimal part of a Worker the client uses (a real Worker, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: "message", listener: (event: MessageEvent<WorkerReply>) => void): void;
  addEventListener(type: "error", listener: (event: ErrorEvent) => void): void;
}

export class SimulationClient {
  private readonly worker: WorkerLike;
  private nextId = 1;
  private inFlight: InFlight | undefined;
  private readonly queue = new Map<string, Pending>();

  constructor(worker: WorkerLike) {
    this.worker = worker;
    worker.addEventListener("message", (event: MessageEvent<WorkerReply>) => this.onReply(event.data));
    worker.addEventListener("error", (event: ErrorEvent) => {
      const current = this.inFlight;
      this.inFlight = undefined;
      current?.resolve({ kind: "failed", message: event.message || "the simulation worker failed" });
      this.pump();
    });
  }

  /** Runs `source` in `lane`; resolves when its outcome is known (or it is superseded). */
  run(lane: string, source: RunSource, onProgress?: ProgressListener): Promise<RunOutcome> {
    return this.enqueue({ lane, source, onProgress }) as Promise<RunOutcome>;
  }

  /** Runs an ensemble of `runs` members of `source` in `lane` for the uncertainty band. */
  bands(lane: string, source: RunSource, runs: number, onProgress?: ProgressListener): Promise<BandsOutcome> {
    return this.enqueue({ lane, source, runs, onProgress }) as Promise<BandsOutcome>;
  }

  private enqueue(request: Omit<Pending, "resolve">): Promise<AnyOutcome> {
    return new Promise((resolve) => {
      const { lane } = request;
      this.queue.get(lane)?.resolve({ kind: "superseded" });
      this.queue.delete(lane);
      this.queue.set(lane, { ...request, resolve });
      if (this.inFlight?.lane === lane) this.inFlight.stale = true;
      this.pump();
    });
  }

  /** Whether a run is going on or waiting. */
  get busy(): boolean {
    return this.inFlight !== undefined || this.queue.size > 0;
  }

  private pump(): void {
    if (this.inFlight) return;
    const next = this.queue.values().next();
    if (next.done) return;
    const pending = next.value;
    this.queue.delete(pending.lane);
    const id = this.nextId++;
    this.inFlight = { ...pending, id, sentAt: performance.now(), stale: false };
    this.worker.postMessage(
      pending.runs === undefined
        ? { type: "run", id, source: pending.source }
        : { type: "bands", id, source: pending.source, runs: pending.runs },
    );
  }

  private onReply(reply: WorkerReply): void {
    const current = this.inFlight;
    if (!current || reply.id !== current.id) return;
    if (reply.type === "progress") {
      if (!current.stale) current.onProgress?.(reply.done, reply.total);
      return;
    }
    this.inFlight = undefined;
    if (current.stale) current.resolve({ kind: "superseded" });
    else if (reply.type === "result") {
      current.resolve({
        kind: "result",
        scenario: reply.scenario,
        result: reply.result,
        ms: reply.ms,
        wallMs: performance.now() - current.sentAt,
      });
    } else if (reply.type === "bands") {
      current.resolve({ kind: "bands", summary: reply.summary, varies: reply.varies, ms: reply.ms });
    } else if (reply.type === "invalid") current.resolve({ kind: "invalid", errors: reply.errors });
    else current.resolve({ kind: "failed", message: reply.message });
    this.pump();
  }
}
