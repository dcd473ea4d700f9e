/**
 * Organisations' members: arrests remove them (at seizures, in lab raids, by
 * routine police work and by military offensives) and recruitment replaces a share
 * `organisations.recruitmentSuccess` of them after `organisations.recruitmentLagMonths`
 * (after MADTOR, Manzi & Calderoni 2024). So arrests can rise while flows hold,
 * unless recruitment fails; fewer members means less product bought and moved.
 */
import type { World } from "../world.ts";

export function membersStep(world: World): void {
  const { organisations: orgs, levers, params, month } = world;
  const t = world.now;
  let total = 0;
  for (let o = 0; o < orgs.count; o++) total += orgs.members[o];
  const police = params["state.policeArrestsPerMonth"];
  const labArrests = month.labsRaided * params["state.arrestsPerLabRaid"];
  const offensivePerMonth = params["state.offensiveArrestsPerMonth"];
  const success = params["organisations.recruitmentSuccess"];
  // A ring of `lag` monthly slots: recruits queued in month t − lag sit in slot t % lag.
  const lag = params["organisations.recruitmentLagMonths"] | 0;
  const slots = orgs.pipelineSlots;
  const slot = t % slots;
  // Lab-raid arrests are already counted in month.arrests by the processing step.
  for (let o = 0; o < orgs.count; o++) {
    const share = total > 0 ? orgs.members[o] / total : 0;
    let offensive = 0;
    for (let k = orgs.homeZones.offsets[o]; k < orgs.homeZones.offsets[o + 1]; k++) {
      const z = orgs.homeZones.targets[k];
      const level = levers.offensive[z];
      if (level <= 0) continue;
      let here = 0;
      for (let j = orgs.zoneOrgs.offsets[z]; j < orgs.zoneOrgs.offsets[z + 1]; j++) {
        here += orgs.members[orgs.zoneOrgs.targets[j]];
      }
      offensive += here > 0 ? (offensivePerMonth * level * orgs.members[o]) / here : 0;
    }
    const background = (police + labArrests) * share;
    const extra = background - labArrests * share + offensive;
    orgs.arrests[o] += background + offensive;
    month.arrests += extra;
    const removed = Math.min(orgs.members[o] * 0.9, orgs.arrests[o]);
    orgs.members[o] -= removed;
    if (lag === 0) {
      orgs.members[o] += removed * success;
    } else {
      orgs.members[o] += orgs.pipeline[o * slots + slot];
      orgs.pipeline[o * slots + slot] = removed * success;
    }
    orgs.arrests[o] = 0;
  }
}
