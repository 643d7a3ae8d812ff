// The form's YAML edits (src/serve/yamlEdit.ts), unit tests in Node: each
// change is checked on the text it gives back, which must parse, keep the
// shipped scenario's comments and other keys, and pass the CLI's validator
// with the design points the edit implies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { validateScenario } from '../../src/api/validate.js';
import { addAnalysis, freeAnalysisId, measuresIn, parseSweepValues, setSweepEntry, sweepEntries } from '../../src/serve/yamlEdit.js';

const shipped = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url)), 'utf8');
const SURFACE = shipped('power_surface.yaml');
const TEXTBOOK = shipped('parametric_textbook.yaml');

/** The text validated as the app validates the editor's: OK, with its design points. */
function designPoints(text: string): number {
  const v = validateScenario({ text, file: 'scenario.yaml' });
  assert.ok(v.ok, v.ok ? '' : v.messages.join('\n'));
  return v.designs.length;
}

const sweepOf = (text: string): unknown => parseDocument(text).toJS().sweep;

describe('the form’s YAML edits (unit tests)', () => {
  it('a grid: editing one swept key keeps the other key and its values, in order, and still validates', () => {
    assert.deepEqual(sweepEntries(SURFACE), [
      { key: 'model.params.effect_scale', values: [0, 0.25, 0.5, 0.75, 1] },
      { key: 'design.n_per_arm', values: [10, 20, 30, 45, 60] },
    ]);
    assert.equal(designPoints(SURFACE), 25);
    const second = setSweepEntry(SURFACE, 1, 'design.n_per_arm', [40, 60]);
    assert.ok(second !== null);
    assert.deepEqual(Object.entries(sweepOf(second) as object), [
      ['model.params.effect_scale', [0, 0.25, 0.5, 0.75, 1]],
      ['design.n_per_arm', [40, 60]],
    ]);
    assert.match(second, /^sweep:\n {2}model\.params\.effect_scale: \[ 0, 0\.25, 0\.5, 0\.75, 1 \]\n {2}design\.n_per_arm: \[ 40, 60 \]\n$/m);
    assert.match(second, /^# effect -- as a fraction of the effect ProDERM showed/m, 'comments survive');
    assert.match(second, /^run_null: false +# the effect_scale: 0 row is the null$/m, 'a line comment survives');
    assert.equal(designPoints(second), 10);
    const first = setSweepEntry(SURFACE, 0, 'model.params.effect_scale', [0, 1]);
    assert.ok(first !== null);
    assert.deepEqual(sweepOf(first), { 'model.params.effect_scale': [0, 1], 'design.n_per_arm': [10, 20, 30, 45, 60] });
    assert.equal(designPoints(first), 10);
  });

  it('a key renamed to one swept by another entry takes its place: no duplicate key (a YAML error that blocked every later edit)', () => {
    const renamed = setSweepEntry(SURFACE, 0, 'design.n_per_arm', [40, 60]);
    assert.ok(renamed !== null);
    assert.deepEqual(parseDocument(renamed).errors, []);
    assert.deepEqual(sweepOf(renamed), { 'design.n_per_arm': [40, 60] });
    assert.equal(designPoints(renamed), 2);
  });

  it('a key added at the end, a key removed (blank values), the sweep removed with its last key', () => {
    const added = setSweepEntry(TEXTBOOK, null, 'model.params.effect_scale', [0.5, 1]);
    assert.ok(added !== null);
    assert.deepEqual(sweepOf(added), { 'design.n_per_arm': [32, 48, 64, 86], 'model.params.effect_scale': [0.5, 1] });
    assert.equal(designPoints(added), 8);
    const removed = setSweepEntry(SURFACE, 0, 'model.params.effect_scale', []);
    assert.ok(removed !== null);
    assert.deepEqual(sweepOf(removed), { 'design.n_per_arm': [10, 20, 30, 45, 60] });
    const none = setSweepEntry(TEXTBOOK, 0, '', [1]);
    assert.ok(none !== null);
    assert.equal(sweepOf(none), undefined);
    assert.doesNotMatch(none, /^sweep:/m);
    assert.equal(designPoints(none), 1);
    const made = setSweepEntry(none, null, 'design.n_per_arm', [20, 40]);
    assert.ok(made !== null);
    assert.match(made, /^sweep:\n {2}design\.n_per_arm: \[ 20, 40 \]\n$/m, 'a new sweep is a block mapping, its values on one line');
    assert.equal(designPoints(made), 2);
  });

  it('values read as numbers where they are numbers; text that does not parse is left alone (null)', () => {
    assert.deepEqual(parseSweepValues(' 32, 48 ,, 6.5e1, ancova '), [32, 48, 65, 'ancova']);
    assert.equal(setSweepEntry('a: [1,\nb', 0, 'x', [1]), null);
    assert.equal(addAnalysis('a: [1,\nb', { id: 'x', measure: 'score' }), null);
    assert.deepEqual(sweepEntries('a: [1,\nb'), []);
  });

  it('an analysis added: endpoint on one line, the method given, comments kept; it validates and is reported', () => {
    const id = freeAnalysisId(TEXTBOOK, 'welch');
    assert.equal(id, 'welch_2', 'welch is taken');
    assert.equal(freeAnalysisId(TEXTBOOK, 'mmrm'), 'mmrm');
    const text = addAnalysis(TEXTBOOK, { id, measure: 'score', week: 16, type: 'value', method: 'welch' });
    assert.ok(text !== null);
    assert.match(text, /^ {2}- id: welch_2\n {4}endpoint: \{ measure: score, week: 16, type: value \}\n {4}method: welch\n/m);
    assert.match(text, /^# A textbook check: the parametric model against closed-form power\.$/m);
    const v = validateScenario({ text, file: 'scenario.yaml' });
    assert.ok(v.ok, v.ok ? '' : v.messages.join('\n'));
    assert.deepEqual(v.scenario.analyses.map((a) => a.id), ['ttest', 'welch', 'wilcoxon', 'ancova', 'welch_2']);
    // Blank parts are left to the schema's defaults.
    const bare = addAnalysis(TEXTBOOK, { id: 'plain', measure: 'score', type: '', method: '' });
    assert.ok(bare !== null);
    assert.match(bare, /^ {2}- id: plain\n {4}endpoint: \{ measure: score \}\n(?! {4}method)/m);
    assert.ok(validateScenario({ text: bare, file: 'scenario.yaml' }).ok);
  });

  it('a method that does not fit the endpoint is written as asked, and the validator locates the problem', () => {
    const text = addAnalysis(TEXTBOOK, { id: 'bad', measure: 'score', method: 'responder_fisher' });
    assert.ok(text !== null);
    const v = validateScenario({ text, file: 'scenario.yaml' });
    assert.equal(v.ok, false);
    assert.ok(!v.ok && v.errors.some((e) => e.path === 'analyses.bad.method' && e.line > 50), JSON.stringify(v.ok ? null : v.errors));
  });

  it('the measures named by the text: its analyses’ and a parametric model’s endpoints', () => {
    assert.deepEqual(measuresIn(TEXTBOOK), ['score']);
    assert.deepEqual(measuresIn(SURFACE), ['cdasi_a']);
  });
});
