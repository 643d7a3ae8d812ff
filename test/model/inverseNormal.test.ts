import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inverseNormal, inverseNormalFast } from '../../src/random/inverseNormal.js';
import { normalCdf } from '../../src/model/normalCdf.js';
import { loadFixture } from '../support/fixtures.js';

// test/fixtures/r/inverse-normal.R: qnorm at 734 probabilities, written as %.17g strings.
const fixture = loadFixture<{ p: string[]; z: string[] }>('inverse-normal.json');

describe('inverseNormal (AS 241) — tested against R (qnorm)', () => {
  it('agrees with qnorm to 1e-14 relative over the centre, the tails and p down to 1e-300', () => {
    // AS 241 is accurate to about 1e-16; 1e-14 leaves room for the last bits of both implementations.
    fixture.p.forEach((ps, i) => {
      const p = Number(ps);
      const z = Number(fixture.z[i]);
      const got = inverseNormal(p);
      assert.ok(Math.abs(got - z) <= 1e-14 * Math.abs(z) + 1e-15, `p = ${ps}: ${got} vs R ${z}`);
    });
  });
  it('edges: 0, 1 and outside [0, 1]', () => {
    assert.equal(inverseNormal(0), -Infinity);
    assert.equal(inverseNormal(1), Infinity);
    assert.ok(Number.isNaN(inverseNormal(-0.1)));
    assert.ok(Number.isNaN(inverseNormal(NaN)));
  });
});

describe('inverseNormalFast — tested against R (qnorm)', () => {
  it('within 1e-5 absolute everywhere (exact outside [0.02, 0.98])', () => {
    fixture.p.forEach((ps, i) => {
      const p = Number(ps);
      const z = Number(fixture.z[i]);
      assert.ok(Math.abs(inverseNormalFast(p) - z) <= 1e-5 * Math.max(1, Math.abs(z)), `p = ${ps}`);
    });
  });
});

describe('normalCdf — unit test against inverseNormal (round trip)', () => {
  it('normalCdf(qnorm(p)) = p to 1e-14 absolute for p in the fixture', () => {
    fixture.p.forEach((ps, i) => {
      const p = Number(ps);
      assert.ok(Math.abs(normalCdf(Number(fixture.z[i])) - p) <= 1e-14 + 1e-12 * p, `p = ${ps}: ${normalCdf(Number(fixture.z[i]))}`);
    });
  });
});
