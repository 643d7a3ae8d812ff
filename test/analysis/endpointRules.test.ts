// The endpoint rules, written once (src/analysis/endpointRules.ts): the
// derivation and the "which values are needed" pass read the same table, so
// a kernel's trial, which computes only the values its analyses read, gives
// every analysis the values the full trial has. Plain unit tests.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endpointRules } from '../../src/analysis/endpoint.js';
import { ENDPOINT_RULES, EndpointKind, MissingRule, SwitchRule } from '../../src/analysis/endpointRules.js';
import { parseKernelSpec } from '../../src/analysis/kernelSpec.js';
import { CROSSOVER_RULES, DROPOUT_RULES, ENDPOINT_TYPES } from '../../src/analysis/spec.js';
import { analysedTrial, valueNeeds } from '../../src/analysis/valueNeeds.js';
import { PRODERM_MEASURE_IDS, PRODERM_VISITS } from '../../src/model/cohort.js';
import { streamFor } from '../../src/random/stream.js';

describe('endpoint rules — one table (unit)', () => {
  it('names every rule of the spec once, with distinct codes', () => {
    assert.deepEqual(Object.keys(ENDPOINT_RULES.type).sort(), [...ENDPOINT_TYPES].sort());
    assert.deepEqual(Object.keys(ENDPOINT_RULES.dropout).sort(), [...DROPOUT_RULES].sort());
    assert.deepEqual(Object.keys(ENDPOINT_RULES.crossover).sort(), [...CROSSOVER_RULES].sort());
    for (const table of [ENDPOINT_RULES.type, ENDPOINT_RULES.dropout, ENDPOINT_RULES.crossover]) {
      const codes = Object.values(table).map((r) => r.code);
      assert.equal(new Set(codes).size, codes.length);
    }
  });

  it('endpointRules reads its codes from the table', () => {
    const r = endpointRules({ measure: 'tis', week: 16, type: 'threshold_responder', threshold: 20, baselineAbove: -Infinity, dropout: 'failure', crossover: 'locf', deterioration: 'failure' });
    assert.equal(r.type, EndpointKind.thresholdResponder);
    assert.equal(r.dropout, MissingRule.failure);
    assert.equal(r.crossover, SwitchRule.lastBeforeSwitch);
    assert.equal(r.needsBaseline, false);
  });

  it('valueNeeds asks for what each rule reads: earlier visits under dropout locf, the switch visit under crossover locf', () => {
    const visits = [...PRODERM_VISITS].slice(0, 5); // 0..16
    const ep = (dropout: string, crossover: string): unknown => ({ measure: 'mmt8', week: 16, dropout, crossover });
    const spec = (e: unknown): unknown => ({ model: { kind: 'proderm' }, analyses: [{ id: 'a', endpoint: e, method: 'welch' }] });
    const needs = (e: unknown) => valueNeeds(parseKernelSpec(spec(e)).plan.analyses, PRODERM_MEASURE_IDS, visits);
    const m = PRODERM_MEASURE_IDS.indexOf('mmt8');
    const row = (n: ReturnType<typeof needs>): number[] => Array.from(n.at.subarray(m * 5, m * 5 + 5));
    assert.deepEqual(row(needs(ep('exclude', 'observed'))), [0, 0, 0, 0, 1]);
    assert.deepEqual(row(needs(ep('locf', 'observed'))), [0, 1, 1, 1, 1]);
    assert.equal(needs(ep('exclude', 'observed')).atSwitch[m], 0);
    assert.equal(needs(ep('exclude', 'locf')).atSwitch[m], 1);
  });

  it('a kernel\'s trial computes a switched patient\'s switch-visit value of every measure analysed with crossover locf (as the full trial)', () => {
    for (const measure of PRODERM_MEASURE_IDS) {
      const spec = { model: { kind: 'proderm' }, analyses: [{ id: 'a', endpoint: { measure, week: 16, crossover: 'locf' }, method: 'welch' }] };
      const { compiled, plan } = parseKernelSpec(spec);
      const trial = analysedTrial(compiled, plan.analyses);
      const cohort = trial.newCohort();
      let switched = 0;
      for (let rep = 0; rep < 30; rep++) {
        const got = trial.simulateInto(streamFor(3, rep, 'patients'), streamFor(3, rep, 'allocation'), cohort);
        const full = compiled.simulate(streamFor(3, rep, 'patients'), streamFor(3, rep, 'allocation'));
        for (let i = 0; i < got.n; i++) {
          const w = got.crossoverWeek[i];
          if (w !== w) continue;
          switched++;
          const k = got.visits.indexOf(w);
          const a = got.measures[measure][i * got.visits.length + k];
          const b = full.measures[measure][i * full.visits.length + k];
          assert.ok(Object.is(a, b), `${measure}, replicate ${rep}, patient ${i}, switch week ${w}: ${a} vs the full trial's ${b}`);
        }
      }
      assert.ok(switched >= 20, `${measure}: switched patients ${switched}`);
    }
  });
});
