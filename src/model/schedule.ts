/**
 * The monthly schedule: a fixed, documented order of components.
 *
 *  1. status quo        levers at their status-quo levels (state/status-quo.ts)
 *  2. events, policies  the scenario's transport shocks, then its policies in file order (policies/)
 *  3. armed group       strength and control (armed-group/armed-group.ts)
 *  4. lever effects     detection hazards and spending (state/lever-effects.ts)
 *  5. growers           maturation, harvest, crop decisions (growers/grower-step.ts)
 *  6. eradication       brigades remove plots (state/eradication.ts)
 *  7. alt. development  families enrolled (state/alternative-development.ts)
 *  8. processing        leaf → cocaine, lab raids (processing/processing.ts)
 *  9. prices            net-backs and zone prices (prices/prices.ts)
 * 10. trafficking       purchases, route choice, seizures, learning (trafficking/route-choice.ts)
 * 11. members           arrests and recruitment (trafficking/members.ts)
 */
import type { ResolvedScenario } from "../scenario/types.ts";
import { armedGroupStep } from "./armed-group/armed-group.ts";
import type { Component } from "./component.ts";
import { growersStep } from "./growers/grower-step.ts";
import { eventComponent, policyComponent } from "./policies/index.ts";
import { pricesStep } from "./prices/prices.ts";
import { processingStep } from "./processing/processing.ts";
import { alternativeDevelopmentStep } from "./state/alternative-development.ts";
import { eradicationStep } from "./state/eradication.ts";
import { leverEffectsStep } from "./state/lever-effects.ts";
import { statusQuoStep } from "./state/status-quo.ts";
import { membersStep } from "./trafficking/members.ts";
import { traffickingStep } from "./trafficking/route-choice.ts";

const submodel = (name: string, step: Component["step"]): Component => ({ name, step });

export function buildSchedule(scenario: ResolvedScenario): Component[] {
  return [
    submodel("status-quo", statusQuoStep),
    ...scenario.events.map(eventComponent),
    ...scenario.policies.map(policyComponent),
    submodel("armed-group", armedGroupStep),
    submodel("lever-effects", leverEffectsStep),
    submodel("growers", growersStep),
    submodel("eradication", eradicationStep),
    submodel("alternative-development", alternativeDevelopmentStep),
    submodel("processing", processingStep),
    submodel("prices", pricesStep),
    submodel("trafficking", traffickingStep),
    submodel("members", membersStep),
  ];
}
