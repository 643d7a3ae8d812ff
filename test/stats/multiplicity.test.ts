import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bonferroni,
  holm,
  hochberg,
  fixedSequence,
  compileGraph,
  graphicalTest,
} from '../../src/stats/multiplicity/index.js';
import type { CompiledGraph, MultiplicityResult } from '../../src/stats/multiplicity/index.js';
import { loadFixture, assertClose } from '../support/fixtures.js';

type Num = number | null;
type Vec<T> = T | T[]; // jsonlite unboxes vectors of length 1
interface PadjustCase {
  p: Vec<Num>;
  bonferroni: Vec<Num>;
  holm: Vec<Num>;
  hochberg: Vec<Num>;
  rejected: { alpha: number; bonferroni: Vec<number>; holm: Vec<number>; hochberg: Vec<number> }[];
}
interface FixedCase {
  p: Vec<Num>;
  adjusted: Vec<number>;
  rejected: { alpha: number; rejected: Vec<number> }[];
}
interface GraphCase {
  label: string;
  w: number[];
  G: number[];
  p: Vec<Num>;
  adjusted: number[];
  rejected: { alpha: number; rejected: number[] }[];
}

const REL = 1e-9;
const fixture = loadFixture<{ padjust: PadjustCase[]; fixedSequence: FixedCase[]; graphical: GraphCase[] }>(
  'multiplicity.json',
);
const vec = <T>(x: Vec<T>): T[] => (Array.isArray(x) ? x : [x]);
const pvals = (x: Vec<Num>): Float64Array => Float64Array.from(vec(x), (v) => (v === null ? NaN : v));

function assertAdjusted(actual: Float64Array, expected: Num[], label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < expected.length; i++) {
    // p.adjust keeps NA; here a NaN p-value is read as 1 (see multiplicity/result.ts).
    const e = expected[i] === null ? 1 : expected[i]!;
    assertClose(actual[i], e, REL, `${label} [${i + 1}]`, 1e-300);
  }
}

function assertRejected(actual: Uint8Array, expected: number[], label: string): void {
  assert.deepEqual(Array.from(actual), expected, label);
}

describe('bonferroni, holm, hochberg — tested against R (p.adjust; rejections by the step rules written in R)', () => {
  it(`adjusted p-values and rejections on ${fixture.padjust.length} p-value sets (ties, 0, 1, 1e-12, NaN)`, () => {
    let withNaN = 0;
    for (const [idx, c] of fixture.padjust.entries()) {
      const p = pvals(c.p);
      if (p.some(Number.isNaN)) withNaN++;
      for (const r of c.rejected) {
        const label = `set ${idx + 1} alpha ${r.alpha}`;
        const b = bonferroni(p, r.alpha);
        const h = holm(p, r.alpha);
        const hb = hochberg(p, r.alpha);
        assertAdjusted(b.adjusted, vec(c.bonferroni), `${label} bonferroni`);
        assertAdjusted(h.adjusted, vec(c.holm), `${label} holm`);
        assertAdjusted(hb.adjusted, vec(c.hochberg), `${label} hochberg`);
        assertRejected(b.rejected, vec(r.bonferroni), `${label} bonferroni rejected`);
        assertRejected(h.rejected, vec(r.holm), `${label} holm rejected`);
        assertRejected(hb.rejected, vec(r.hochberg), `${label} hochberg rejected`);
      }
    }
    assert.ok(withNaN > 20, `${withNaN} sets with a NaN p-value`);
  });
});

describe('fixedSequence — tested against an independent second implementation in R (running max; stop at first non-rejection)', () => {
  it(`${fixture.fixedSequence.length} p-value sets at four alphas`, () => {
    for (const [idx, c] of fixture.fixedSequence.entries()) {
      const p = pvals(c.p);
      for (const r of c.rejected) {
        const res = fixedSequence(p, r.alpha);
        assertAdjusted(res.adjusted, vec(c.adjusted), `set ${idx + 1}`);
        assertRejected(res.rejected, vec(r.rejected), `set ${idx + 1} alpha ${r.alpha}`);
      }
    }
  });
});

function compile(w: ArrayLike<number>, G: ArrayLike<number> | readonly ArrayLike<number>[]): CompiledGraph {
  const c = compileGraph(w, G);
  if (!c.ok) throw new Error(c.error);
  return c.graph;
}

describe('graphicalTest — tested against an independent second implementation in R (Bretz et al. 2009, Algorithms 1 and 2)', () => {
  it(`${fixture.graphical.length} graphs (Holm, fixed sequence, gatekeeping, simple successive, random) at four alphas`, () => {
    let rejections = 0;
    for (const c of fixture.graphical) {
      const g = compile(c.w, c.G);
      const p = pvals(c.p);
      for (const r of c.rejected) {
        const res = graphicalTest(g, p, r.alpha);
        assertAdjusted(res.adjusted, c.adjusted, c.label);
        assertRejected(res.rejected, vec(r.rejected), `${c.label} alpha ${r.alpha}`);
        rejections += res.rejected.reduce((s, v) => s + v, 0);
      }
    }
    assert.ok(rejections > 500, `${rejections} rejections`);
  });

  it('Algorithm 1 rejects exactly the hypotheses whose Algorithm 2 adjusted p-value is <= alpha', () => {
    let checked = 0;
    for (const c of fixture.graphical) {
      const g = compile(c.w, c.G);
      const p = pvals(c.p);
      const adjusted = graphicalTest(g, p, 0.05).adjusted;
      for (const alpha of [0.001, 0.013, 0.025, 0.05, 0.1, 0.2, 0.5]) {
        if (adjusted.some((q) => Math.abs(q - alpha) < 1e-12)) continue; // a tie at the boundary is decided by rounding
        const res = graphicalTest(g, p, alpha);
        assertRejected(res.rejected, Array.from(adjusted, (q) => (q <= alpha ? 1 : 0)), `${c.label} alpha ${alpha}`);
        checked++;
      }
    }
    assert.ok(checked > 1500);
  });
});

describe('graphicalTest — worked examples of Bretz et al. (2009), checked by hand', () => {
  const holm4 = compile([0.25, 0.25, 0.25, 0.25], [
    [0, 1 / 3, 1 / 3, 1 / 3],
    [1 / 3, 0, 1 / 3, 1 / 3],
    [1 / 3, 1 / 3, 0, 1 / 3],
    [1 / 3, 1 / 3, 1 / 3, 0],
  ]);
  const sequence4 = compile([1, 0, 0, 0], [
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
  ]);

  it('Holm is the graph with equal weights and equal edges (Section 3): 0.01, 0.04, 0.03, 0.005', () => {
    const p = Float64Array.of(0.01, 0.04, 0.03, 0.005);
    const res = graphicalTest(holm4, p, 0.05);
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 -> running max 0.06
    assertAdjusted(res.adjusted, [0.03, 0.06, 0.06, 0.02], 'holm graph');
    assertRejected(res.rejected, [1, 0, 0, 1], 'holm graph');
    const direct = holm(p, 0.05);
    assertAdjusted(res.adjusted, Array.from(direct.adjusted), 'holm graph vs holm');
    assert.deepEqual(res.rejected, direct.rejected);
  });

  it('fixed-sequence is the graph with all weight on H1 and a chain of edges: 0.01, 0.03, 0.07, 0.001', () => {
    const p = Float64Array.of(0.01, 0.03, 0.07, 0.001);
    const res = graphicalTest(sequence4, p, 0.05);
    assertAdjusted(res.adjusted, [0.01, 0.03, 0.07, 0.07], 'sequence graph');
    assertRejected(res.rejected, [1, 1, 0, 0], 'sequence graph');
    const direct = fixedSequence(p, 0.05);
    assertAdjusted(res.adjusted, Array.from(direct.adjusted), 'sequence graph vs fixedSequence');
    assert.deepEqual(res.rejected, direct.rejected);
  });

  it('simple successive graph (Figure 6 type: H1→H3, H2→H4, H3→H2, H4→H1): 0.01, 0.005, 0.015, 0.022', () => {
    const g = compile([0.5, 0.5, 0, 0], [
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
    const p = Float64Array.of(0.01, 0.005, 0.015, 0.022);
    // Algorithm 1 at 0.025: H2 (0.005 <= 0.0125) goes, H4 inherits 0.5 and H3's edge to H2
    // now leads to H4; H1 (0.01 <= 0.0125) goes, H3 gets 0.5 and H4's edge now leads to H3;
    // then H3: 0.015 > 0.0125 and H4: 0.022 > 0.0125, stop.
    assertRejected(graphicalTest(g, p, 0.025).rejected, [1, 1, 0, 0], 'alpha 0.025');
    // Algorithm 2: H2 0.005/0.5 = 0.01; then H1 0.01/0.5 = 0.02 (H4 0.044); then
    // H3 0.015/0.5 = 0.03 vs H4 0.022/0.5 = 0.044: H3 at 0.03, H4 gets weight 1: max(0.022, 0.03).
    const res = graphicalTest(g, p, 0.05);
    assertAdjusted(res.adjusted, [0.02, 0.01, 0.03, 0.03], 'simple successive');
    assertRejected(res.rejected, [1, 1, 1, 1], 'alpha 0.05');
  });

  it('parallel gatekeeping (H1, H2 primary, each passing half to H3 and H4; H3⇄H4): secondary only after a primary', () => {
    const g = compile([0.5, 0.5, 0, 0], [
      [0, 0, 0.5, 0.5],
      [0, 0, 0.5, 0.5],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
    ]);
    // Neither primary rejected: the secondaries cannot be, however small.
    const none = graphicalTest(g, Float64Array.of(0.04, 0.03, 1e-6, 1e-6), 0.05);
    assertRejected(none.rejected, [0, 0, 0, 0], 'no primary');
    // Adjusted: H2 0.03/0.5 = 0.06; its weight goes to H3 and H4 (not to H1), which follow
    // at max(tiny, 0.06); H1 keeps 0.5: 0.04/0.5 = 0.08 (Bonferroni within the primaries).
    assertAdjusted(none.adjusted, [0.08, 0.06, 0.06, 0.06], 'no primary');
    // H1 rejected (0.01 <= 0.025): H3 and H4 get 0.25 each; H3 0.012 <= 0.0125 goes and
    // passes its 0.25 to H4 (0.5): H4 0.02 <= 0.025 goes; H2 0.04 > 0.025 stays.
    const some = graphicalTest(g, Float64Array.of(0.01, 0.04, 0.012, 0.02), 0.05);
    assertRejected(some.rejected, [1, 0, 1, 1], 'one primary');
    // Adjusted: H1 0.02; H3 0.012/0.25 = 0.048 vs H4 0.08 vs H2 0.08: H3 0.048;
    // then H4 0.02/0.5 = 0.04 -> max 0.048; then H2 0.04/0.5 = 0.08.
    assertAdjusted(some.adjusted, [0.02, 0.08, 0.048, 0.048], 'one primary');
  });
});

describe('compileGraph — unit tests (errors as values)', () => {
  const bad: [string, number[], number[][]][] = [
    ['weights sum to more than 1', [0.6, 0.6], [[0, 1], [1, 0]]],
    ['negative weight', [-0.1, 1], [[0, 1], [1, 0]]],
    ['row sums to more than 1', [0.5, 0.5, 0], [[0, 0.7, 0.7], [1, 0, 0], [1, 0, 0]]],
    ['negative transition', [0.5, 0.5], [[0, -1], [1, 0]]],
    ['non-zero diagonal', [0.5, 0.5], [[0.5, 0.5], [1, 0]]],
    ['wrong size', [0.5, 0.5], [[0, 1, 0], [1, 0, 0]]],
    ['non-finite', [0.5, NaN], [[0, 1], [1, 0]]],
  ];
  for (const [what, w, G] of bad) {
    it(`rejects ${what}`, () => {
      const c = compileGraph(w, G);
      assert.equal(c.ok, false);
      if (!c.ok) assert.match(c.error, /^compileGraph: /);
    });
  }

  it('accepts thirds summing to 1 within rounding, and a flat row-major matrix', () => {
    assert.equal(compileGraph([1 / 3, 1 / 3, 1 / 3], [0, 1 / 3, 2 / 3, 0.5, 0, 0.5, 1 / 3, 2 / 3, 0]).ok, true);
  });

  it('a compiled graph gives the same answer on repeated calls (its scratch is reset)', () => {
    const g = compile([0.5, 0.5, 0, 0], [
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
    const p = Float64Array.of(0.01, 0.005, 0.015, 0.022);
    const first: MultiplicityResult = graphicalTest(g, p, 0.05);
    graphicalTest(g, Float64Array.of(0.9, 0.9, 0.9, 0.9), 0.05);
    assert.deepEqual(graphicalTest(g, p, 0.05), first);
  });
});
