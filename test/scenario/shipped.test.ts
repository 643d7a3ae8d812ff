// The worked scenarios in scenarios/: each validates, expands, and every
// design point's spec (and null spec) is accepted by the production kernel,
// which runs a replicate of it (integration: scenario -> kernel).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKernel } from '../../src/analysis/kernel.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { formatError } from '../../src/scenario/scenarioError.js';
import { shippedScenarios } from './helpers.js';

const EXPECTED_FILES = [
  'scenarios/allocation_2to1.yaml',
  'scenarios/assurance.yaml',
  'scenarios/dropout_sensitivity.yaml',
  'scenarios/enriched_cdasi_a_over_14.yaml',
  'scenarios/estimands.yaml',
  'scenarios/group_sequential.yaml',
  'scenarios/parametric_textbook.yaml',
  'scenarios/power_surface.yaml',
  'scenarios/proderm.yaml',
  'scenarios/responder_primary.yaml',
  'scenarios/skin_primary_sample_size.yaml',
];

describe('shipped scenarios — validate, expand and run (integration)', () => {
  const files = shippedScenarios();

  it('are the worked scenarios the docs list', () => {
    assert.deepEqual(
      files.map(([f]) => f),
      EXPECTED_FILES,
    );
  });

  for (const [file, text] of files) {
    describe(file, () => {
      const r = loadScenario(text, file);

      it('validates', () => {
        assert.ok(r.ok, r.ok ? '' : r.errors.map(formatError).join('\n'));
      });

      it('opens with a comment saying what question it answers', () => {
        const header = text.split('\n').filter((l) => l.startsWith('#') && !l.includes('yaml-language-server'));
        assert.ok(header.length >= 3, 'a header comment of several lines');
        assert.match(header.join('\n'), /Question:/);
      });

      it('keeps the replicate count modest', () => {
        assert.ok(r.ok);
        assert.ok(r.scenario.replicates <= 2000, `${r.scenario.replicates} replicates`);
      });

      it('expands, and the kernel accepts every point’s spec and null spec', () => {
        assert.ok(r.ok);
        const points = expandDesigns(r.scenario);
        assert.ok(points.length >= 1);
        for (const p of points) {
          const kernel = createKernel(p.spec);
          assert.deepEqual(
            kernel.layout.analyses.map((a) => a.id),
            r.scenario.analyses.map((a) => a.id),
          );
          if (p.nullSpec !== null) {
            assert.equal(p.nullSpec.model.params.effectScale, 0);
            createKernel(p.nullSpec);
          }
        }
      });

      it('runs a replicate of its first design point', () => {
        assert.ok(r.ok);
        const [p] = expandDesigns(r.scenario);
        const kernel = createKernel(p!.spec);
        const out = new Float64Array(kernel.layout.width).fill(NaN);
        kernel.run(r.scenario.seed, 0, out);
        const first = kernel.layout.analyses[0]!;
        assert.equal(out[first.offset], 1, 'the primary analysis is estimable in replicate 0');
      });
    });
  }
});

describe('shipped scenarios — what they are built to answer (unit)', () => {
  const byName = new Map(
    shippedScenarios().map(([file, text]) => {
      const r = loadScenario(text, file);
      if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
      return [r.scenario.name, expandDesigns(r.scenario)];
    }),
  );
  const points = (name: string) => {
    const p = byName.get(name);
    assert.ok(p !== undefined, name);
    return p;
  };

  it('proderm: 95 patients, 1:1 in blocks of 4 stratified at CDASI-A 6 and 14, crossover on, the paper’s five analyses, no multiplicity adjustment', () => {
    const [p] = points('proderm');
    const d = p!.spec.design;
    assert.equal(d.sampleSize, 95);
    assert.deepEqual(d.allocationRatio, [1, 1]);
    assert.equal(d.blockSize, 4);
    assert.deepEqual(d.stratification, { measure: 'cdasi_a', cutpoints: [6, 14] });
    assert.equal(d.crossover, true);
    assert.deepEqual(
      p!.spec.analyses.map((a) => [a.id, a.endpoint.measure, a.endpoint.type, a.method]),
      [
        ['tis_responder', 'tis', 'threshold_responder', 'responder_chisq'],
        ['cdasi_a', 'cdasi_a', 'change', 'ancova'],
        ['cdasi_d', 'cdasi_d', 'change', 'ancova'],
        ['cutaneous_vas', 'cutaneous_vas', 'change', 'ancova'],
        ['cdasi_a_35pct', 'cdasi_a', 'reduction_responder', 'responder_chisq'],
      ],
    );
    assert.deepEqual(p!.spec.analyses[1]!.strata, { measure: 'cdasi_a', cuts: [0, 6, 14, Infinity] });
    assert.equal(p!.spec.analyses[3]!.endpoint.baselineAbove, 0.2);
    assert.equal(p!.spec.analyses[4]!.endpoint.threshold, 0.35);
    assert.equal(p!.spec.multiplicity.procedure, 'none');
  });

  it('skin primary: CDASI-A ANCOVA first, fixed sequence, 7 sample sizes', () => {
    const ps = points('skin_primary_sample_size');
    assert.deepEqual(
      ps.map((p) => p.spec.design.sampleSize),
      [20, 30, 40, 50, 60, 80, 100],
    );
    assert.equal(ps[0]!.spec.analyses[0]!.method, 'ancova');
    assert.deepEqual(ps[0]!.spec.multiplicity.family, ['cdasi_a', 'cutaneous_vas']);
    assert.equal(ps[0]!.spec.multiplicity.procedure, 'fixed_sequence');
  });

  it('enriched: only CDASI-A > 14 enrolled', () => {
    const [p] = points('enriched_cdasi_a_over_14');
    assert.deepEqual(p!.spec.design.eligibility, [{ measure: 'cdasi_a', min: 14, minInclusive: false, max: null, maxInclusive: true }]);
  });

  it('responder primary: the >35% responder first, tested three ways', () => {
    assert.deepEqual(
      points('responder_primary').map((p) => [p.spec.analyses[0]!.endpoint.type, p.spec.analyses[0]!.method]),
      [
        ['reduction_responder', 'responder_chisq'],
        ['reduction_responder', 'responder_fisher'],
        ['reduction_responder', 'responder_cmh'],
      ],
    );
  });

  it('2:1 allocation against 1:1 at the same total', () => {
    assert.deepEqual(
      points('allocation_2to1').map((p) => [p.spec.design.allocationRatio, p.spec.design.sampleSize]),
      [
        [[1, 1], 96],
        [[1, 2], 96],
      ],
    );
  });

  it('power surface: 5 effect sizes × 5 sample sizes, the effect-0 row as the null', () => {
    const ps = points('power_surface');
    assert.equal(ps.length, 25);
    assert.equal(ps.filter((p) => p.spec.model.params.effectScale === 0).length, 5);
    assert.ok(ps.every((p) => p.nullSpec === null));
  });

  it('dropout sensitivity: 0 to 30% before week 16, complete case and LOCF', () => {
    const ps = points('dropout_sensitivity');
    assert.deepEqual(
      ps.map((p) => p.spec.design.dropout.beforePrimary),
      [0, 0.042, 0.1, 0.2, 0.3],
    );
    assert.deepEqual(
      ps[0]!.spec.analyses.map((a) => a.endpoint.dropout),
      ['failure', 'exclude', 'locf'],
    );
  });

  it('parametric textbook: d = 0.5 with a baseline correlated 0.5, at 32 to 86 per arm', () => {
    const ps = points('parametric_textbook');
    assert.deepEqual(
      ps.map((p) => p.spec.design.sampleSize),
      [64, 96, 128, 172],
    );
    const m = ps[0]!.spec.model;
    assert.equal(m.kind, 'parametric');
    if (m.kind !== 'parametric') return;
    assert.deepEqual(m.params.endpoints[0], {
      id: 'score',
      type: 'normal',
      scale: 'change',
      mean: { control: 0, treatment: -5 },
      sd: { control: 10, treatment: 10 },
      baseline: { mean: 50, sd: 10, correlation: 0.5 },
    });
  });
});
