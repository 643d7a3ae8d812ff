// The endpoint rules, written once. Each named rule of an endpoint spec has a
// code (what deriveByRules branches on, per patient) and says which simulated
// values it reads besides the value at the analysis week (what valueNeeds asks
// the model to compute). The names are those of spec.ts.
import type { CrossoverRule, DropoutRule, EndpointType } from './spec.js';

/** The per-patient outcome: codes for the derivation's loop. */
export const EndpointKind = { change: 0, value: 1, reductionResponder: 2, thresholdResponder: 3 } as const;
/** Missing at the week. */
export const MissingRule = { exclude: 0, carryLast: 1, failure: 2 } as const;
/** Switched before the week. */
export const SwitchRule = { observed: 0, lastBeforeSwitch: 1, failure: 2 } as const;

type Code<T> = T[keyof T];

export const ENDPOINT_RULES: {
  readonly type: Readonly<Record<EndpointType, { readonly code: Code<typeof EndpointKind>; readonly readsBaseline: boolean }>>;
  readonly dropout: Readonly<Record<DropoutRule, { readonly code: Code<typeof MissingRule>; readonly readsEarlierVisits: boolean }>>;
  readonly crossover: Readonly<Record<CrossoverRule, { readonly code: Code<typeof SwitchRule>; readonly readsSwitchVisit: boolean }>>;
} = {
  type: {
    change: { code: EndpointKind.change, readsBaseline: true },
    value: { code: EndpointKind.value, readsBaseline: false },
    reduction_responder: { code: EndpointKind.reductionResponder, readsBaseline: true },
    threshold_responder: { code: EndpointKind.thresholdResponder, readsBaseline: false },
  },
  dropout: {
    exclude: { code: MissingRule.exclude, readsEarlierVisits: false },
    // The last observed post-baseline value: any visit before the week.
    locf: { code: MissingRule.carryLast, readsEarlierVisits: true },
    failure: { code: MissingRule.failure, readsEarlierVisits: false },
  },
  crossover: {
    observed: { code: SwitchRule.observed, readsSwitchVisit: false },
    // The last value before the switch: the switch visit's (a switched patient is observed there).
    locf: { code: SwitchRule.lastBeforeSwitch, readsSwitchVisit: true },
    failure: { code: SwitchRule.failure, readsSwitchVisit: false },
  },
};
