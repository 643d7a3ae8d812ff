// The scenario format agrees with the layers it feeds: the same enumerations,
// the same defaults, names that map back and forth exactly (unit tests
// against the layers' own constants and resolvers).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL_KINDS } from '../../src/analysis/kernelSpec.js';
import { METHODS, ENDPOINT_TYPES, MULTIPLICITY_PROCEDURES, parseAnalysisSpecs, parseMultiplicitySpec } from '../../src/analysis/spec.js';
import { PARAMETRIC_DESIGN, resolveDesignSpec } from '../../src/design/designSpec.js';
import { resolveParametricParams } from '../../src/model/parametricParams.js';
import { PRODERM_DEFAULTS, PRODERM_PARAMS } from '../../src/model/prodermParams.js';
import { camelCase, snakeCase } from '../../src/scenario/caseNames.js';
import { didYouMean, editDistance } from '../../src/text/didYouMean.js';
import { isRecord, type SchemaNode } from '../../src/scenario/keyPath.js';
import { layerPath } from '../../src/scenario/toKernelSpec.js';
import { SCENARIO_SCHEMA } from '../../src/scenario/schema.js';

/** The schema node at a dotted path (list items as []; a discriminated union's branch by its tag). */
function node(path: string): SchemaNode {
  let s: SchemaNode = SCENARIO_SCHEMA;
  for (const part of path.split('.')) {
    if (part === '[]') {
      assert.ok(s.items !== undefined, path);
      s = s.items;
      continue;
    }
    const m = /^(\w+)=(\w+)$/.exec(part);
    if (m !== null) {
      const hit = s.oneOf?.find((b) => b.properties?.[m[1]!]?.const === m[2]);
      assert.ok(hit !== undefined, path);
      s = hit;
      continue;
    }
    const next = s.properties?.[part];
    assert.ok(next !== undefined, `${path}: ${part}`);
    s = next;
  }
  return s;
}

describe('scenario format — enumerations are the layers’ own (unit)', () => {
  it('methods, endpoint types and procedures', () => {
    assert.deepEqual(node('analyses.[].method').enum, [...METHODS]);
    assert.deepEqual(node('analyses.[].endpoint.type').enum, [...ENDPOINT_TYPES]);
    assert.deepEqual(node('multiplicity.procedure').enum, [...MULTIPLICITY_PROCEDURES]);
  });
  it('model kinds are the kernel’s', () => {
    const kinds = (node('model').oneOf ?? []).map((b) => b.properties?.kind?.const);
    assert.deepEqual(kinds, [...MODEL_KINDS]);
  });
  it('every ProDERM parameter, with the model’s range and default', () => {
    const params = node('model.kind=proderm.params').properties ?? {};
    assert.equal(Object.keys(params).length, PRODERM_PARAMS.length);
    for (const p of PRODERM_PARAMS) {
      const s = params[snakeCase(p.name)];
      assert.ok(s !== undefined, p.name);
      const num: unknown = p.default === null && Array.isArray(s.anyOf) ? s.anyOf[0] : s;
      assert.ok(isRecord(num));
      assert.equal(num.minimum, p.min, p.name);
      assert.equal(num.maximum, p.max, p.name);
      if (p.default !== null) assert.equal(s.default, PRODERM_DEFAULTS[p.name], p.name);
    }
  });
});

describe('scenario format — snake_case keys map to the layers’ camelCase exactly (unit)', () => {
  it('every ProDERM parameter name round-trips, and no two collide', () => {
    const snakes = PRODERM_PARAMS.map((p) => snakeCase(p.name));
    assert.equal(new Set(snakes).size, snakes.length);
    for (const p of PRODERM_PARAMS) assert.equal(camelCase(snakeCase(p.name)), p.name);
    assert.equal(snakeCase('effectCdasiA'), 'effect_cdasi_a');
    assert.equal(snakeCase('dropoutWeek16To40'), 'dropout_week16_to40');
  });
  it('the layers’ error paths map back to scenario key paths', () => {
    assert.deepEqual(layerPath('design.eligibility[0].minInclusive'), ['design', 'eligibility', 0, 'min_inclusive']);
    assert.deepEqual(layerPath('spec.design.allocationRatio'), ['design', 'allocation']);
    assert.deepEqual(layerPath('model.params.baselineCorr*'), ['model', 'params']);
    assert.deepEqual(layerPath('model.params.correlation[0][1]'), ['model', 'params', 'correlation', 0, 1]);
    assert.deepEqual(layerPath('analyses[2].endpoint.baselineAbove'), ['analyses', 2, 'endpoint', 'baseline_above']);
  });
});

describe('scenario format — the schema’s defaults are the layers’ defaults (unit)', () => {
  const endpoint = { measure: 'cdasi_a' };
  const parse1 = (a: Record<string, unknown>) => parseAnalysisSpecs([{ id: 'a', ...a }], 'analyses', null)[0];

  it('analysis: type, sidedness, alpha, ci_level', () => {
    const omitted = parse1({ endpoint });
    const written = parse1({
      endpoint: { ...endpoint, type: node('analyses.[].endpoint.type').default },
      sidedness: node('analyses.[].sidedness').default,
      alpha: node('analyses.[].alpha').default,
      ciLevel: node('analyses.[].ci_level').default,
    });
    assert.deepEqual(written, omitted);
  });
  it('multiplicity: procedure', () => {
    const analyses = parseAnalysisSpecs([{ id: 'a', endpoint }], 'analyses', null);
    assert.deepEqual(parseMultiplicitySpec({ procedure: node('multiplicity.procedure').default }, analyses), parseMultiplicitySpec({}, analyses));
  });
  it('design: screening limit and eligibility bound inclusivity', () => {
    const omitted = resolveDesignSpec({ eligibility: [{ measure: 'y', min: 1 }] }, PARAMETRIC_DESIGN);
    const written = resolveDesignSpec(
      {
        screeningLimit: node('design.screening_limit').default,
        eligibility: [{ measure: 'y', min: 1, minInclusive: node('design.eligibility.[].min_inclusive').default, maxInclusive: node('design.eligibility.[].max_inclusive').default }],
      },
      PARAMETRIC_DESIGN,
    );
    assert.ok(omitted.ok && written.ok);
    assert.deepEqual(written.design, omitted.design);
  });
  it('parametric model: primary week, effect scale, dropout, endpoint scale', () => {
    const params = 'model.kind=parametric.params';
    const normal = node(`${params}.endpoints.[]`).oneOf?.[0];
    assert.ok(normal?.properties?.scale !== undefined);
    const ep = { id: 'y', type: 'normal', mean: 0, sd: 1 };
    const omitted = resolveParametricParams({ endpoints: [ep] });
    const written = resolveParametricParams({
      endpoints: [{ ...ep, scale: normal.properties.scale.default }],
      primaryWeek: node(`${params}.primary_week`).default,
      effectScale: node(`${params}.effect_scale`).default,
      dropout: node(`${params}.dropout`).default,
    });
    assert.ok(omitted.ok && written.ok);
    assert.deepEqual(written.params, omitted.params);
  });
});

describe('didYouMean — near misses only (unit)', () => {
  it('edit distance counts a transposition as one edit', () => {
    assert.equal(editDistance('allocation', 'alocation'), 1);
    assert.equal(editDistance('ancova', 'ancoav'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
  it('suggests close names, ignoring case and - / _, and nothing for a far one', () => {
    assert.equal(didYouMean('replicate', ['replicates', 'seed']), 'replicates');
    assert.equal(didYouMean('nPerArm', ['n_per_arm', 'sample_size']), 'n_per_arm');
    assert.equal(didYouMean('bayes', ['ancova', 'ttest']), undefined);
    assert.equal(didYouMean('ab', ['xy']), undefined);
  });
});
