// roundScaledExp must be Math.round(s * Math.exp(z)), bit for bit: the model's
// rounded scores use it in place of the direct formula (src/model/roundedExp.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rememberByTenths } from '../../src/model/rememberByTenths.js';
import { roundScaledExp } from '../../src/model/roundedExp.js';
import { AleaStream } from '../../src/random/stream.js';

const direct = (s: number, z: number): number => Math.round(s * Math.exp(z));

/** The double `steps` representable numbers above (below, for negative steps) x. */
function ulpsAway(x: number, steps: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x >= 0 ? bits + BigInt(steps) : bits - BigInt(steps));
  return view.getFloat64(0);
}

/** The scales the ProDERM model rounds with: CDASI-A and -D baselines (integers), 10 x a VAS baseline read to 0.1 cm. */
const SCALES: number[] = [];
for (let a = 1; a <= 100; a++) SCALES.push(a);
for (let k = 1; k <= 100; k++) SCALES.push(10 * (k / 10)); // 10 x (a VAS baseline k / 10), as the model computes it

function check(s: number, z: number): void {
  const got = roundScaledExp(s, Math.log(s), z);
  if (!Object.is(got, direct(s, z))) assert.fail(`s = ${s}, z = ${z}: ${got}, Math.round(s * Math.exp(z)) = ${direct(s, z)}`);
}

describe('roundScaledExp — the same number as Math.round(s * Math.exp(z))', () => {
  it('on 2 million random log changes of the model\'s scales', () => {
    const u = new AleaStream('roundedExp');
    const block = new Float64Array(2);
    for (let i = 0; i < 2_000_000; i++) {
      u.uniforms(block, 2);
      check(SCALES[Math.floor(block[0] * SCALES.length)], -7 + 12 * block[1]);
    }
  });

  it('at and around every rounding threshold (y = m - 1/2), to the last bits and past the margin', () => {
    let cases = 0;
    for (const s of SCALES) {
      for (let m = 1; m <= 140; m++) {
        const z0 = Math.log((m - 0.5) / s);
        for (const steps of [-64, -8, -3, -2, -1, 0, 1, 2, 3, 8, 64]) {
          check(s, ulpsAway(z0, steps));
          cases++;
        }
        for (const dz of [-3e-12, -1.5e-12, -1e-12, -5e-13, -1e-13, -1e-14, 1e-14, 1e-13, 5e-13, 1e-12, 1.5e-12, 3e-12]) {
          check(s, z0 + dz);
          cases++;
        }
      }
    }
    assert.equal(cases, SCALES.length * 140 * 23);
  });

  it('at ties (y exactly m + 1/2 rounds up), zeros, infinities, NaN and scales outside the table', () => {
    // s e^0 = s: half-integers as ties.
    for (const s of [0.5, 1.5, 2.5, 99.5]) check(s, 0);
    for (const z of [0, -Infinity, Infinity, NaN, -800, 800, 5.5, -1, -1.0000000001]) {
      for (const s of [0, 1, 37, 100, 1e-4, 5000]) {
        const got = roundScaledExp(s, Math.log(s), z);
        assert.ok(Object.is(got, direct(s, z)), `s = ${s}, z = ${z}: ${got} vs ${direct(s, z)}`);
      }
    }
  });

  it('rememberByTenths(Math.log) gives Math.log(s) for every s, remembered or not, whatever shares its slot', () => {
    const log = rememberByTenths(Math.log, 100);
    // 3 and 10 * 0.3 (= 3.0000000000000004) share a slot: neither may get the other's logarithm.
    for (const s of [3, 10 * 0.3, 3, 10 * 0.3, 0, 47, 100, 102.4, 5000, 0.01, NaN, -1]) assert.ok(Object.is(log(s), Math.log(s)), `s = ${s}`);
  });
});
