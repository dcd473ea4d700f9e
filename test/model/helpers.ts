/**
 * Shared helpers for the model tests: scenarios built directly as
 * ResolvedScenario objects, and a month-by-month stepper over the same
 * functions `simulate` uses (createWorld, initialise, resetMonth, buildSchedule).
 */
import { parseMonth } from "../../src/core/time.ts";
import type { Component } from "../../src/model/component.ts";
import { buildSchedule } from "../../src/model/schedule.ts";
import { initialise, resolveParameters } from "../../src/model/simulate.ts";
import { createWorld, resetMonth, type World } from "../../src/model/world.ts";
import type { Policy, ResolvedScenario, ScenarioEvent } from "../../src/scenario/types.ts";

/** "YYYY-MM" → month index; throws on a malformed month so tests fail loudly. */
export function month(text: string): number {
  const m = parseMonth(text);
  if (m === undefined) throw new Error(`bad month ${text}`);
  return m;
}

function asMonth(value: string | number): number {
  return typeof value === "number" ? value : month(value);
}

export interface ScenarioInit {
  readonly name?: string;
  /** "YYYY-MM" or a month index. */
  readonly from?: string | number;
  readonly to?: string | number;
  readonly seed?: number;
  readonly parameters?: Record<string, number>;
  readonly policies?: readonly Policy[];
  readonly events?: readonly ScenarioEvent[];
}

export function makeScenario(init: ScenarioInit = {}): ResolvedScenario {
  return {
    name: init.name ?? "test",
    from: asMonth(init.from ?? "2018-01"),
    to: asMonth(init.to ?? "2018-12"),
    seed: init.seed ?? 1,
    parameters: init.parameters ?? {},
    policies: init.policies ?? [],
    events: init.events ?? [],
  };
}

export interface Run {
  readonly scenario: ResolvedScenario;
  readonly world: World;
  readonly schedule: Component[];
  /** The next month to simulate. */
  next: number;
}

/** A world initialised as `simulate` does, ready to step from `scenario.from`. */
export function startRun(scenario: ResolvedScenario): Run {
  const world = createWorld(scenario, resolveParameters(scenario));
  initialise(world);
  return { scenario, world, schedule: buildSchedule(scenario), next: scenario.from };
}

export interface StepOptions {
  /** Called after each component of the month has run. */
  readonly after?: (component: Component, world: World) => void;
  /** Stop the month after the component of this name (the rest of the month is not run). */
  readonly stopAfter?: string;
}

/** Simulates the next month (or part of it, see `stopAfter`) and returns its index. */
export function stepMonth(run: Run, options: StepOptions = {}): number {
  const t = run.next;
  if (t > run.scenario.to) throw new Error("past the end of the scenario");
  run.world.now = t;
  resetMonth(run.world);
  for (const component of run.schedule) {
    component.step(run.world);
    options.after?.(component, run.world);
    if (component.name === options.stopAfter) break;
  }
  run.next = t + 1;
  return t;
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Index of a zone by its canonical name; throws when it does not exist. */
export function zoneOf(world: World, name: string): number {
  const z = world.zones.defs.findIndex((d) => d.name === name);
  if (z < 0) throw new Error(`no zone ${name}`);
  return z;
}
