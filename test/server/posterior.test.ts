/**
 * `"varies": "posterior"` on POST /api/runs: the members of an ensemble also draw the
 * calibrated parameters from the posterior, as `cocasim run --runs N --posterior` does;
 * refusals are 400s naming the field; the results store keeps a posterior ensemble
 * apart from the seed-only one with the same scenario and seeds, and finds its members.
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { posteriorDraws, withDraw } from "../../src/calibration/posterior-runs.ts";
import { PERU_CALIBRATION } from "../../src/scenario/builtin/peru-calibration.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import { createApp } from "../../src/server/app.ts";
import { ensembleSeeds } from "../../src/server/ensemble.ts";
import { createInlineExecutor, createLocalQueue } from "../../src/server/queue.ts";
import { createRunStoreResultStore, storedExecutor } from "../../src/server/run-store.ts";
import { openStore } from "../../src/store/open.ts";
import { ensembleMemberKeys, ensembleVaries, missingSeeds } from "../../src/store/store.ts";
import { tempDir } from "../cli/fakes.ts";
import { errorOf, fake, get, postJson, runToEnd, type Simulate, testApp } from "./helpers.ts";

const RISK = "growers.riskWeight";

/** The fake model, remembering every scenario it was asked to run. */
function recording(): { simulate: Simulate; seen: ResolvedScenario[] } {
  const seen: ResolvedScenario[] = [];
  return {
    seen,
    simulate: (scenario, options) => {
      seen.push(scenario);
      return fake(scenario, options);
    },
  };
}

/** The built-in peru scenario as the server resolves it for these requests. */
function peruTo2019(seed: number): ResolvedScenario {
  const loaded = loadBuiltin("peru", { to: "2019-12", seed });
  if (!loaded.ok) throw new Error("peru does not load");
  return loaded.scenario;
}

describe('POST /api/runs with "varies": "posterior"', () => {
  it("runs each member with its seed and its draw of the calibrated parameters", async () => {
    const { simulate, seen } = recording();
    const t = testApp({ simulate });
    try {
      const { id, info } = await runToEnd(t.app, {
        scenario: "peru",
        to: "2019-12",
        seed: 10,
        runs: 4,
        varies: "posterior",
      });
      expect(info).toMatchObject({ status: "done", kind: "ensemble", runs: 4, varies: "posterior" });
      const seeds = ensembleSeeds(10, 4);
      const base = peruTo2019(10);
      const [draws] = posteriorDraws([base], seeds);
      const bySeed = new Map(seen.map((s) => [s.seed, s]));
      expect([...bySeed.keys()].sort()).toEqual([...seeds].sort());
      for (const [i, seed] of seeds.entries()) {
        expect(bySeed.get(seed)).toEqual(withDraw({ ...base, seed }, draws[i]));
      }
      // The draws differ from member to member, and not all sit at the point estimate
      // (a particle may: the estimate is the particles' weighted median).
      const risks = seeds.map((seed) => bySeed.get(seed)!.parameters[RISK]);
      expect(new Set(risks).size).toBeGreaterThan(1);
      expect(risks.some((r) => r !== PERU_CALIBRATION.parameters[RISK])).toBe(true);
      const listed = (await (await get(t.app, `/api/runs/${id}`)).json()) as { varies: string };
      expect(listed.varies).toBe("posterior");
    } finally {
      await t.close();
    }
  });

  it("without it varies only the seed, at the calibration's point estimate", async () => {
    const { simulate, seen } = recording();
    const t = testApp({ simulate });
    try {
      const { info } = await runToEnd(t.app, { scenario: "peru", to: "2019-12", seed: 10, runs: 3 });
      expect(info.varies).toBe("seed");
      for (const scenario of seen) expect(scenario.parameters[RISK]).toBe(PERU_CALIBRATION.parameters[RISK]);
    } finally {
      await t.close();
    }
  });

  it.each([
    ["one run", { scenario: "peru", runs: 1, varies: "posterior" }, "runs", /2 runs or more/],
    [
      "a start other than the calibration's",
      { scenario: "peru", from: "2019-01", to: "2019-12", runs: 3, varies: "posterior" },
      "from",
      /start in 2019-01.*in 2018-01/,
    ],
    [
      "a scenario on the defaults",
      {
        scenario: 'name: bare\nseed: 1\nperiod: { from: "2018-01", to: "2018-12" }\n',
        runs: 3,
        varies: "posterior",
      },
      "scenario",
      /bare carries none of the calibrated parameters/,
    ],
    ["an unknown value", { scenario: "peru", runs: 3, varies: "both" }, "varies", /"seed".*"posterior"/],
  ])("refuses %s with 400 naming the field", async (_, body, field, message) => {
    const t = testApp({ simulate: fake });
    try {
      const response = await postJson(t.app, "/api/runs", body);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("bad_request");
      expect(error.message).toMatch(new RegExp(`^${field}: `));
      expect(error.message).toMatch(message);
      expect(t.queue.size).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe("posterior ensembles in the results store", () => {
  let dir: { path: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it("keeps them apart from the seed-only ensemble and finds their members", async () => {
    const path = join(dir.path, "store.db");
    const store = await openStore(path);
    const kept = createRunStoreResultStore(store, "9.9.9-test");
    const queue = createLocalQueue({
      executor: storedExecutor(createInlineExecutor(fake), store, "9.9.9-test"),
    });
    let n = 0;
    const app = createApp({ queue, store: kept, version: "9.9.9-test", newId: () => `run-${++n}` });
    const body = { scenario: "peru", to: "2018-06", seed: 3, runs: 3 };
    const seedOnly = await runToEnd(app, body);
    const posterior = await runToEnd(app, { ...body, varies: "posterior" });
    await queue.close();
    await kept.close();

    const reopened = await openStore(path);
    try {
      const ensembles = await reopened.listEnsembles();
      expect(ensembles).toHaveLength(2);
      const varies = ensembles.map((e) => ensembleVaries(e)).sort();
      expect(varies).toEqual(["posterior", "seed"]);
      for (const ensemble of ensembles) {
        expect(await reopened.hasRuns(ensembleMemberKeys(ensemble))).toEqual([true, true, true]);
        expect(await missingSeeds(reopened, ensemble.id)).toEqual([]);
      }
      // Six member runs: the posterior members are not the seed-only ones.
      expect(await reopened.listRuns()).toHaveLength(6);
      // Each server run reads back its own results.
      const [a, b] = await Promise.all([seedOnly.id, posterior.id].map((id) => reopened.getServerRun(id)));
      expect(a!.resultId).not.toBe(b!.resultId);
      expect((b!.info as { varies: string }).varies).toBe("posterior");
    } finally {
      await reopened.close();
    }
  });
});
