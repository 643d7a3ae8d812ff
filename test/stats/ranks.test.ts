import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks } from '../../src/stats/ranks.js';
import { streamFor } from '../../src/random/stream.js';

// Independent second implementation: rank by counting (O(n^2)), the
// definition of the average rank: #{x_j < x_i} + (#{x_j == x_i} + 1) / 2.
function naiveRanks(x: number[]): { ranks: number[]; ties: number } {
  const ranks = x.map((v) => x.filter((w) => w < v).length + (x.filter((w) => w === v).length + 1) / 2);
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) ties += t * t * t - t;
  return { ranks, ties };
}

describe('averageRanks — against an independent counting implementation', () => {
  test('random data with and without ties, n = 0 to 300', () => {
    const rng = streamFor(11, 0, 'ranks');
    for (let rep = 0; rep < 300; rep++) {
      const n = rep % 301;
      const discrete = rep % 3 === 0;
      const x = Array.from({ length: n }, () => (discrete ? Math.floor(rng.uniform() * 7) : rng.normal()));
      const out = new Float64Array(n);
      const ties = averageRanks(x, out);
      const want = naiveRanks(x);
      assert.deepEqual(Array.from(out), want.ranks, `ranks, rep ${rep}`);
      assert.equal(ties, want.ties, `tie term, rep ${rep}`);
    }
  });

  test('R example: rank(c(3, 1, 4, 1, 5, 9, 2, 6, 5)) = 4 1.5 5 1.5 6.5 9 3 8 6.5', () => {
    const out = new Float64Array(9);
    const ties = averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5], out);
    assert.deepEqual(Array.from(out), [4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5]);
    assert.equal(ties, 12);
  });
});
