// The summary blocks the app shows as plain tables (src/serve/summaryBlocks.ts):
// unit tests on a summary shaped as summary.json is, with blocks this app
// version has no view for (an assurance block of the run, a group_sequential
// block of each design point), so that a newer summary's blocks are shown and
// not dropped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extraBlocks, formatCell, MAX_COLUMNS } from '../../src/serve/summaryBlocks.js';

const est = (estimate: number, mcse: number) => ({ estimate, mcse, n: 200 });

const SUMMARY = {
  format: 'trialsim-summary/3',
  scenario_name: 'gs',
  seed: 1,
  replicates: 200,
  sweep: [{ key: 'design.sample_size', values: [36, 48] }],
  scenario: { name: 'gs' },
  warnings: [],
  sample_size: [],
  assurance: { prior: 'normal', mean: -2.5, probability_of_success: est(0.6123456, 0.0123) },
  designs: [
    { id: 'design.sample_size=36', index: 0, swept: { 'design.sample_size': 36 }, analyses: [{ id: 'a' }], group_sequential: { analysis: 'a', power: est(0.75, 0.0306), looks: [0.5, 1] } },
    { id: 'design.sample_size=48', index: 1, swept: { 'design.sample_size': 48 }, analyses: [{ id: 'a' }], group_sequential: { analysis: 'a', power: est(0.85, 0.0252), looks: [0.5, 1], expected_n: 40.25 } },
  ],
};

describe('summary blocks as tables (unit tests)', () => {
  it('blocks of the run and of each design point the app has no view for, in order; known and empty blocks left out', () => {
    const blocks = extraBlocks(SUMMARY);
    assert.deepEqual(
      blocks.map((b) => [b.name, b.scope]),
      [
        ['assurance', 'run'],
        ['group_sequential', 'design'],
      ],
    );
    const [assurance, gs] = blocks;
    assert.deepEqual(assurance.columns, ['prior', 'mean', 'probability_of_success']);
    assert.deepEqual(assurance.rows, [['normal', '-2.5', '0.6123 ± 0.0123']]);
    assert.deepEqual(gs.columns, ['design', 'analysis', 'power', 'looks', 'expected_n']);
    assert.deepEqual(gs.rows, [
      ['design.sample_size=36', 'a', '0.75 ± 0.0306', '0.5, 1', ''],
      ['design.sample_size=48', 'a', '0.85 ± 0.0252', '0.5, 1', '40.25'],
    ]);
  });

  it('a block that is a list gives a row per item; nested objects read as dotted columns; very wide blocks are cut and say so', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_COLUMNS + 5 }, (_, i) => [`k${i}`, i]));
    const blocks = extraBlocks({ designs: [], sample_size: [{ analysis: 'a', at: { n: 30 } }, { analysis: 'b', at: { n: 40 } }], wide });
    assert.deepEqual(blocks[0], { name: 'sample_size', scope: 'run', columns: ['analysis', 'at.n'], rows: [['a', '30'], ['b', '40']] });
    assert.equal(blocks[1].columns.length, MAX_COLUMNS + 1);
    assert.equal(blocks[1].columns[MAX_COLUMNS], '(5 more columns in summary.json)');
  });

  it('cells: integers as written, other numbers to 4 significant digits, lists of scalars joined, null blank', () => {
    assert.equal(formatCell(95), '95');
    assert.equal(formatCell(0.123456), '0.1235');
    assert.equal(formatCell([1, 'x']), '1, x');
    assert.equal(formatCell(null), '');
    assert.equal(formatCell({ a: 1 }), '{"a":1}');
    assert.deepEqual(extraBlocks(null), []);
  });
});
