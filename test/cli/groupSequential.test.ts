// `trialsim validate` / `run` on group-sequential scenarios: bad looks are
// located at file:line:col with exit 2 and nothing written; the shipped
// scenario's summary carries the group_sequential block (plain CLI tests).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS, cli, removeDir, tempDir, writeFile } from './helpers.js';

const shipped = readFileSync(join(SCENARIOS, 'group_sequential.yaml'), 'utf8');
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

describe('group-sequential scenarios on the command line', () => {
  const cases: [string, (s: string) => string, RegExp][] = [
    ['information fractions not increasing', (s) => s.replace('[{information: 0.5}, {information: 1}]', '[{information: 0.5}, {information: 0.4}, {information: 1}]'), /:\d+:\d+ design\.interim\.looks\.1\.information: information fractions must increase/],
    ['information fractions not ending at 1', (s) => s.replace('[{information: 0.5}, {information: 1}]', '[{information: 0.5}, {information: 0.9}]'), /:\d+:\d+ design\.interim\.looks\.1: the last look .* must end at 1/],
    ['a spending family without its parameter', (s) => s.replace('efficacy: {spending: obf}', 'efficacy: {spending: kd}'), /:\d+:\d+ design\.interim\.efficacy\.gamma: kd spending needs its parameter/],
    ['a look before anyone reaches the primary week', (s) => s.replace('[{information: 0.5}, {information: 1}]', '[{month: 2}, {information: 1}]'), /:40:21 design\.interim\.looks\.0\.month: month 2 is before anyone reaches week 16/],
  ];
  for (const [what, edit, pattern] of cases) {
    it(`rejects ${what} with a located error and exit 2, writing nothing`, () => {
      const dir = tempDir('gs-bad');
      dirs.push(dir);
      const file = writeFile(dir, 'bad.yaml', edit(shipped));
      assert.notEqual(edit(shipped), shipped);
      const r = cli(['run', file, '--out', join(dir, 'out')], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.equal(existsSync(join(dir, 'out')), false);
    });
  }

  it('runs the shipped scenario: summary.json has the group_sequential block per design point, the report its plots', () => {
    const dir = tempDir('gs-run');
    dirs.push(dir);
    const file = writeFile(dir, 'gs.yaml', shipped);
    const r = cli(['run', file, '--replicates', '60', '--no-truth', '--out', join(dir, 'out')], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Group-sequential looks:/);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { designs: { group_sequential?: Record<string, unknown> }[] };
    const gs = summary.designs[0].group_sequential as { looks: Record<string, unknown>; expected_n: { estimate: number }; type1_error: unknown };
    assert.deepEqual(Object.keys(gs.looks), ['look_1', 'look_2']);
    assert.ok(gs.expected_n.estimate > 0 && gs.expected_n.estimate <= 48);
    assert.notEqual(gs.type1_error, null);
    assert.equal(summary.designs.length, 3);
    // The report's plots: boundaries with z paths, stopping bars, power and expected N against the swept size.
    for (const name of ['gs-boundaries', 'gs-stopping', 'gs-sample-size']) {
      const spec = JSON.parse(readFileSync(join(dir, 'out', 'plots', `${name}.vl.json`), 'utf8')) as { data: { values: { kind?: string }[] } };
      assert.ok(spec.data.values.length > 0, name);
      assert.ok(existsSync(join(dir, 'out', 'plots', `${name}.svg`)), name);
    }
    const bounds = JSON.parse(readFileSync(join(dir, 'out', 'plots', 'gs-boundaries.vl.json'), 'utf8')) as { data: { values: { kind: string; design: string; information: number }[] } };
    assert.ok(bounds.data.values.some((v) => v.kind === 'z path'));
    // One panel per design point, each at its own mean observed fractions.
    const all = summary.designs as unknown as { id: string; group_sequential: { looks: Record<string, { information: { estimate: number } }> } }[];
    for (const d of all) {
      const own = bounds.data.values.filter((v) => v.kind === 'efficacy bound' && v.design === d.id);
      assert.equal(own.length, 2, d.id);
      assert.deepEqual(own.map((v) => v.information), Object.values(d.group_sequential.looks).map((l) => l.information.estimate), d.id);
    }
  });

  it('sample-size finds the maximum size of a group-sequential design by its power as run', () => {
    const dir = tempDir('gs-size');
    dirs.push(dir);
    const r = cli(['sample-size', join(SCENARIOS, 'group_sequential.yaml'), '--analysis', 'cdasi_a', '--power', '0.6', '-r', '100', '--min', '24', '--max', '96', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { found: boolean; n: number; at: { power: number; expectedN?: number }; evaluated: { n: number; expectedN?: number }[] };
    assert.ok(s.found);
    assert.ok(s.at.power >= 0.6);
    // Every size evaluated is a group-sequential run: its expected N is below its maximum.
    for (const p of s.evaluated) assert.ok(p.expectedN !== undefined && p.expectedN < p.n, `n ${p.n}: E[N] ${p.expectedN}`);
  });
});
