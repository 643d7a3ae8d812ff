import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fdlibmExp } from '../../src/model/fdlibmExp.js';
import { AleaStream } from '../../src/random/stream.js';

// The model's outcomes use fdlibmExp for speed; every simulated value (and the
// golden records) must be what Math.exp gives.
describe('fdlibmExp — tested against an independent implementation (V8 Math.exp)', () => {
  const same = (x: number): void => {
    if (!Object.is(fdlibmExp(x), Math.exp(x))) assert.fail(`x = ${x}: ${fdlibmExp(x)} vs Math.exp ${Math.exp(x)}`);
  };

  it('bit-identical on 6 million random arguments over the ranges the model uses and beyond', () => {
    const s = new AleaStream('fdlibmExp');
    for (const scale of [1e-9, 1e-3, 0.3, 1, 2, 5, 20, 100, 699]) {
      for (let i = 0; i < 666_667; i++) same(scale * (2 * s.uniform() - 1));
    }
  });

  it('bit-identical at and next to every threshold of the algorithm, and at the special values', () => {
    const next = (x: number, dir: number): number => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x);
      v.setBigUint64(0, v.getBigUint64(0) + BigInt(dir));
      return v.getFloat64(0);
    };
    const words = (hi: number): number => {
      const v = new DataView(new ArrayBuffer(8));
      v.setUint32(0, hi);
      return v.getFloat64(0);
    };
    // fdlibm compares the high word: |x| > 0.5 ln2 means x >= 0x3fd62e43_00000000, not x > 0.5 ln2.
    const edges = [0.5 * Math.LN2, words(0x3fd62e43), 1.5 * Math.LN2, words(0x3ff0a2b2), 2 ** -28, 1, 700, 709.782712893384];
    const s = new AleaStream('fdlibmExp edges');
    for (let i = 0; i < 100_000; i++) same(0.5 * Math.LN2 + (words(0x3fd62e43) - 0.5 * Math.LN2) * s.uniform()); // between the two readings
    for (const e of edges) {
      let lo = e;
      let hi = e;
      for (let j = 0; j < 4000; j++) {
        lo = next(lo, -1);
        hi = next(hi, 1);
        for (const x of [lo, hi, -lo, -hi]) same(x);
      }
      same(e);
      same(-e);
    }
    for (const x of [0, -0, 1, -1, 2, 10, -10, 745.2, -745.2, 800, -800, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE]) same(x);
  });
});
