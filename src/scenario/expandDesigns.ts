// A validated scenario -> its design points: one per sweep grid point (one in
// all when there is no sweep), each with the values it was swept to and the
// kernel spec of the design and of its null.
import type { Scenario } from './schema.js';
import { axesOf, gridIndices, pointData, pointLabel } from './sweep.js';
import { toKernelSpec, type KernelSpec, type ModelCache } from './toKernelSpec.js';
import type { SolvedEffect } from './statedEffects.js';
import { checkScenario } from './validator.js';

export interface SweptValue {
  /** The key path as the sweep block writes it. */
  key: string;
  value: unknown;
}

export interface DesignPoint {
  /** 0-based, in grid order (first sweep key slowest). */
  index: number;
  /** Unique within the scenario: the swept values ("design.n_per_arm=30, model.params.effectScale=0.5"), or the scenario name. */
  id: string;
  /** This point's value of each swept key, in the sweep block's order (empty without a sweep). */
  values: SweptValue[];
  /** The scenario of this point alone (no sweep; its values set, defaults filled). */
  scenario: Scenario;
  /** What createKernel(spec) takes. */
  spec: KernelSpec;
  /** The same design with the effect scale at 0 (type I error), or null when run_null is false. */
  nullSpec: KernelSpec | null;
  /** The effects stated as true differences (model.effects) and what the model was solved to give; empty without any. */
  statedEffects: SolvedEffect[];
}

/**
 * The design points of a scenario that loadScenario accepted. Every point was
 * checked there, so a failure here is a bug, not a problem with the file.
 */
export function expandDesigns(scenario: Scenario): DesignPoint[] {
  const axes = axesOf(scenario);
  const cache: ModelCache = new Map();
  return gridIndices(axes).map((tuple, index) => {
    const checked = checkScenario(pointData(scenario, axes, tuple));
    if (!checked.ok) throw new Error(`scenario: design point ${index} fails the schema after loading: ${checked.problems[0]?.message}`);
    const converted = toKernelSpec(checked.scenario, cache);
    if (!converted.ok) throw new Error(`scenario: design point ${index} fails to resolve after loading: ${converted.problems[0]?.message}`);
    return {
      index,
      id: axes.length > 0 ? pointLabel(axes, tuple) : scenario.name,
      values: axes.map((a, i) => ({ key: a.key, value: a.values[tuple[i]!] })),
      scenario: checked.scenario,
      spec: converted.spec,
      nullSpec: checked.scenario.run_null === false ? null : converted.nullSpec,
      statedEffects: converted.statedEffects,
    };
  });
}
