// The ProDERM model compiled (docs/model.md §2): the patient's stages in the
// order of the data flow,
//
//   uniforms ──baseline.ts──▶ week-0 values ──(the trial screens, randomizes, draws dropout)
//   uniforms ──response.ts──▶ response latents (the patient record, effect-free)
//   record + baseline ──response.ts──▶ week-16 responses, placebo and IVIg
//        ──timeCourse.ts──▶ potential outcome at a visit under a regime (IVIg from week 0, 16 or the switch)
//        ──deterioration.ts + design/switchRule.ts──▶ deterioration week, switch week
//        ──observed.ts──▶ the observed trial: the randomized regime's trajectory, after the switch and dropout
import { PRODERM_MEASURES, PRODERM_MEASURE_IDS, PRODERM_PRIMARY_WEEK, PRODERM_VISITS } from '../cohort.js';
import { cholesky } from '../cholesky.js';
import type { CompiledModel } from '../compiledModel.js';
import { solveEffectShifts, type EffectShifts } from '../prodermEffects.js';
import { baselineCorrelation, changeCorrelation, type ProdermParams } from '../prodermParams.js';
import type { ZTable } from '../zTable.js';
import { baselineGenerator, baselineTables, type BaselineTables } from './baseline.js';
import { deteriorationRule, type DeteriorationRule } from './deterioration.js';
import { observedValues, potentialOutcomes } from './observed.js';
import { Draw, MEASURES, RecordSlot } from './patient.js';
import { responseLatents, responseParams, shiftResponse } from './response.js';
import { tisIvigAtScale, tisTables } from './tis.js';
import { timeCourse, type TimeCourse } from './timeCourse.js';

export interface ProdermTables {
  readonly tisPlacebo: ZTable;
  readonly tisIvig: ZTable;
  readonly shifts: EffectShifts;
}

/**
 * The set-up that does not depend on the effect scale (quantile tables, the
 * calibrated IVIg TIS table, solved effect shifts): pure functions of the
 * other parameters. A design and its null run, or the points of an
 * effect-scale sweep, differ only in the effect scale, so whoever compiles
 * them together may pass one ProdermSetups to compileProderm to build it once.
 */
export interface ProdermSetup {
  readonly tisPlacebo: ZTable;
  readonly tisIvigCalibrated: ZTable;
  readonly solved: ReturnType<typeof solveEffectShifts>;
  readonly baseline: BaselineTables;
  readonly timeCourse: TimeCourse;
  readonly rule: DeteriorationRule;
}

/** The set-ups of the models a caller compiles together, by their effect-free parameters (owned by that caller; the last few). */
export type ProdermSetups = Map<string, ProdermSetup>;
const SETUPS_KEPT = 8;

/** The parameters but the effect scale, as a key. */
const effectFreeKey = (p: ProdermParams): string => JSON.stringify({ ...p, effectScale: null });

function prodermSetup(p: ProdermParams, setups?: ProdermSetups): ProdermSetup {
  const key = setups === undefined ? '' : effectFreeKey(p);
  const known = setups?.get(key);
  if (known !== undefined) return known;
  const { tisPlacebo, tisIvigCalibrated } = tisTables(p);
  const tc = timeCourse(p);
  const setup: ProdermSetup = {
    tisPlacebo,
    tisIvigCalibrated,
    solved: solveEffectShifts(p, tisIvigCalibrated),
    baseline: baselineTables(p),
    timeCourse: tc,
    rule: deteriorationRule(p, tc),
  };
  if (setups !== undefined) {
    if (setups.size >= SETUPS_KEPT) setups.delete(setups.keys().next().value as string);
    setups.set(key, setup);
  }
  return setup;
}

/** TIS tables and solved effect shifts (also used to validate overrides). */
export function prodermTables(p: ProdermParams, setups?: ProdermSetups): { ok: true; tables: ProdermTables } | { ok: false; errors: string[] } {
  return tablesAtScale(p, prodermSetup(p, setups));
}

function tablesAtScale(p: ProdermParams, setup: ProdermSetup): { ok: true; tables: ProdermTables } | { ok: false; errors: string[] } {
  const { tisPlacebo, tisIvigCalibrated, solved } = setup;
  if (!solved.ok) return solved;
  return { ok: true, tables: { tisPlacebo, tisIvig: tisIvigAtScale(tisPlacebo, tisIvigCalibrated, p.effectScale, solved.shifts), shifts: solved.shifts } };
}

/**
 * Compile resolved ProDERM parameters (see resolveProdermParams) into the
 * generator. Throws on inconsistent parameters. `setupOf`: take the set-up
 * of these parameters instead of p's (a replicate's effect drawn from a
 * design prior moves one measure's IVIg means, which no part of the set-up
 * reads when that measure has no effect override: src/analysis/assurance.ts).
 */
export function compileProderm(p: ProdermParams, setups?: ProdermSetups, setupOf?: ProdermParams): CompiledModel {
  const lb = cholesky(baselineCorrelation(p));
  const lc = cholesky(changeCorrelation(p));
  if (lb === null || lc === null) throw new Error('proderm model: correlation parameters are not positive definite');
  const setup = prodermSetup(setupOf ?? p, setups);
  const tabled = tablesAtScale(p, setup);
  if (!tabled.ok) throw new Error(tabled.errors.join('\n'));
  const { tisPlacebo, tisIvig, shifts } = tabled.tables;
  const response = responseParams(p, shifts, tisPlacebo, tisIvig);
  const tc = setup.timeCourse;
  const rule = setup.rule;
  const slotsIn = (nVisits: number): number => {
    let n = 0;
    for (let k = 0; k < nVisits; k++) if (tc.slotOf[k] >= 0) n++;
    return n;
  };
  const latentWidth = (nVisits: number): number => RecordSlot.noise + MEASURES * slotsIn(nVisits);
  const latents = responseLatents(lc);
  const valuesFor = observedValues(response, tc, rule);

  return {
    kind: 'proderm',
    drawsKey: JSON.stringify({ kind: 'proderm', params: { ...p, effectScale: null } }),
    armLabels: ['placebo', 'ivig'],
    measureIds: PRODERM_MEASURE_IDS,
    baselineMeasures: PRODERM_MEASURE_IDS.filter((id) => PRODERM_MEASURES[id].firstWeek === 0),
    fullVisits: PRODERM_VISITS,
    primaryWeek: PRODERM_PRIMARY_WEEK,
    defaultDropout: [p.dropoutBeforeWeek16, p.dropoutWeek16To40],
    supportsCrossover: true,
    dropoutDraw: Draw.dropout,
    drawsPerPatient: (nVisits: number): number => Draw.noise + MEASURES * slotsIn(nVisits),
    baseline: baselineGenerator(setup.baseline, lb),
    split: { latentWidth, rawFrom: Draw.noise, rawAt: RecordSlot.noise, latents, valuesFor, potentialOutcomes: potentialOutcomes(response, tc) },
    setResponseShift: (measure, placebo, ivig) => shiftResponse(response, p, shifts, measure, placebo, ivig),
  };
}
