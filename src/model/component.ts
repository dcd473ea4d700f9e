import type { World } from "./world.ts";

/**
 * A submodel or a policy: a named step over the world, run once a month in the
 * order of src/model/schedule.ts. Policies and events are built by factories
 * `(options) => Component` (src/model/policies/).
 */
export interface Component {
  readonly name: string;
  step(world: World): void;
}
