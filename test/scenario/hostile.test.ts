// Hostile scenario text (issue 19, items 1, 2 and 4): alias bombs, deep
// nesting and floods of errors give one located error or a capped list, in
// time linear in the text, never a hang or "Maximum call stack size exceeded".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenario, MAX_LISTED_ERRORS } from '../../src/scenario/loadScenario.js';
import { formatError } from '../../src/scenario/scenarioError.js';
import { MAX_ALIAS_VALUES, MAX_DEPTH, nestingBeyond } from '../../src/scenario/sourceMap.js';
import { BASE, errorsOf, FILE, load } from './helpers.js';

const F = FILE;
const TOO_DEEP = `lists and mappings are nested more than ${MAX_DEPTH} levels deep (a scenario needs fewer than 10)`;
const BOMB = `malformed YAML: aliases expand to more than ${MAX_ALIAS_VALUES} values (aliases of aliases multiply); write the values out, or use fewer aliases`;

/** Ten lines, each a list of ten aliases of the line before: 10^10 values once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('hostile scenarios — alias bombs (unit)', () => {
  it('a file of aliases of aliases is refused at the first alias that expands past the limit', () => {
    // values produced inside aliases are counted over the whole document: lines 2 and 3 produce 110 + 1,110,
    // and the 8th alias of line 4 (each 1,111 values) passes 10,000
    assert.deepEqual(errorsOf(aliasBomb()), [`${F}:4:45 ${BOMB}`]);
  });
  it('a --set value with the same bomb (flow style) is refused as the --set', () => {
    const flow = '{' + aliasBomb().trim().split('\n').join(', ') + '}';
    const errors = errorsOf(BASE, [`name=${flow}`]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^--set:1:\d+ name: the value is not valid YAML: aliases expand to more than 10000 values/);
  });
  it('an alias inside the value its anchor names is refused, not followed forever', () => {
    assert.deepEqual(errorsOf('a: &a [1, *a]\n'), [`${F}:1:11 malformed YAML: alias *a is inside the value its anchor &a names, so it would never end`]);
  });
  it('ordinary aliases still work (a shared endpoint)', () => {
    const text = BASE.replace('endpoint: {measure: cdasi_a, week: 16}', 'endpoint: &ep {measure: cdasi_a, week: 16}') + '  - id: second\n    endpoint: *ep\n    method: ttest\n';
    const s = load(text);
    assert.deepEqual(
      s.analyses.map((a) => [a.id, a.endpoint.measure, a.endpoint.week]),
      [
        ['cdasi_a', 'cdasi_a', 16],
        ['second', 'cdasi_a', 16],
      ],
    );
  });
});

describe('hostile scenarios — deep nesting (unit)', () => {
  it('2,000 levels of block mappings: a located error, not a stack overflow', () => {
    let text = '';
    for (let i = 0; i < 2000; i++) text += ' '.repeat(i) + 'k:\n';
    assert.deepEqual(errorsOf(text), [`${F}:${MAX_DEPTH + 1}:${MAX_DEPTH + 1} ${TOO_DEEP}`]);
  });
  it('2,000 levels of block lists on one line', () => {
    assert.deepEqual(errorsOf('name: ' + '- '.repeat(2000) + 'x\n'), [`${F}:1:${6 + 2 * MAX_DEPTH + 1} ${TOO_DEEP}`]);
  });
  it('1,000 levels of flow lists and of flow mappings', () => {
    assert.deepEqual(errorsOf('name: ' + '['.repeat(1000) + ']'.repeat(1000) + '\n'), [`${F}:1:${'name: '.length + MAX_DEPTH} ${TOO_DEEP}`]);
    // the 64th "{" of "name: {a: {a: ..." is at column 7 + 4 * 63
    assert.deepEqual(errorsOf('name: ' + '{a: '.repeat(1000) + '}'.repeat(1000) + '\n'), [`${F}:1:${7 + 4 * (MAX_DEPTH - 1)} ${TOO_DEEP}`]);
  });
  it('a 20,000-deep --set value is located in the --set', () => {
    assert.deepEqual(errorsOf(BASE, ['name=' + '['.repeat(20000) + ']'.repeat(20000)]), [
      `--set:1:${'name='.length + MAX_DEPTH} name: the value is not valid YAML: ${TOO_DEEP}`,
    ]);
  });
  it('brackets in quotes, comments, plain text and block scalars are not nesting', () => {
    const deep = '['.repeat(200);
    const quoted = `${BASE}description: "${deep}" # ${deep}\n`;
    assert.equal(nestingBeyond(quoted, MAX_DEPTH), null);
    assert.equal(load(quoted).description, deep);
    const block = `${BASE}description: |\n  ${deep}\n${' '.repeat(4)}${deep}\n`;
    assert.equal(nestingBeyond(block, MAX_DEPTH), null);
    assert.equal(load(block).description, `${deep}\n  ${deep}\n`);
    assert.equal(nestingBeyond(`description: see ${deep}\n`, MAX_DEPTH), null);
  });
  it('nesting at the limit is read; one level more is refused', () => {
    const at = (levels: number): string => 'x: ' + '['.repeat(levels - 1) + ']'.repeat(levels - 1) + '\n';
    assert.equal(nestingBeyond(at(MAX_DEPTH), MAX_DEPTH), null);
    assert.notEqual(nestingBeyond(at(MAX_DEPTH + 1), MAX_DEPTH), null);
  });
});

/** BASE plus `n` unknown top-level keys. */
function unknownKeys(n: number): string {
  let text = BASE;
  for (let i = 0; i < n; i++) text += `unknown_${i}: 1\n`;
  return text;
}

/** CPU time of loading `text` (the least of three, so that a busy machine cannot inflate it). */
function cpuMs(text: string): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = process.cpuUsage();
    loadScenario(text, FILE);
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}

describe('hostile scenarios — floods of errors (unit)', () => {
  it('40,000 unknown keys: the first 50 listed in file order, the rest counted', () => {
    const r = loadScenario(unknownKeys(40000), FILE);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.errors.length, MAX_LISTED_ERRORS);
    assert.equal(r.omitted, 40000 - MAX_LISTED_ERRORS);
    assert.equal(formatError(r.errors[0]!), `${F}:13:1 unknown_0: unknown key "unknown_0"; allowed here: ${formatError(r.errors[0]!).split('allowed here: ')[1]}`);
    assert.equal(formatError(r.errors[49]!).startsWith(`${F}:62:1 unknown_49:`), true);
  });
  it('the work is linear in the number of errors: 4 times the keys take far less than 16 times the time', () => {
    cpuMs(unknownKeys(1000)); // warm the code up
    const small = cpuMs(unknownKeys(2500));
    const large = cpuMs(unknownKeys(10000));
    // linear: about 4; the quadratic duplicate-key check of the parser made it 16 and more (40,000 keys: 60 s)
    assert.ok(large / small < 9, `2,500 keys ${small.toFixed(0)} ms, 10,000 keys ${large.toFixed(0)} ms: ratio ${(large / small).toFixed(1)}`);
  });
  it('a duplicate key is still found, in one pass', () => {
    assert.deepEqual(errorsOf(BASE + 'seed: 2\n'), [`${F}:13:1 malformed YAML: Map keys must be unique`]);
  });
  it('quoted input is cut short: a 100,000-character value and key', () => {
    const long = 'x'.repeat(100000);
    const [value] = errorsOf(BASE.replace('method: ancova', `method: ${long}`));
    assert.ok(value!.length < 400, value);
    assert.match(value!, /\(got "x{60}"… \(100000 characters\)\)/);
    const [key] = errorsOf(BASE.replace('  kind: proderm', `  kind: proderm\n  ${'y'.repeat(1000)}: 1`));
    assert.ok(key!.length < 600, key);
    assert.match(key!, /unknown key "y{60}… \(1000 characters\)"/);
  });
});
