// The validator generated at build time (writeValidator.ts, ajv standalone
// code) is current and behaves exactly like the schema compiled by ajv at run
// time: same verdict, same problems, same defaults filled in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { clonePlain } from '../../src/scenario/keyPath.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { schemaProblems } from '../../src/scenario/schemaErrors.js';
import { checkScenario, createScenarioAjv } from '../../src/scenario/validator.js';
import { GENERATED_VALIDATOR_FILE, generatedValidatorText } from '../../src/scenario/writeValidator.js';
import { ROOT } from '../support/fixtures.js';
import { BASE, shippedScenarios } from './helpers.js';

describe('scenarioValidator.generated.js — built equals generated (unit)', () => {
  it('is byte for byte what writeValidator writes from the current schema', () => {
    const built = readFileSync(join(ROOT, 'dist', 'src', 'scenario', GENERATED_VALIDATOR_FILE), 'utf8');
    assert.equal(built, generatedValidatorText(), 'rebuild with: npm run build');
  });
});

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** Every object or array inside `x` (itself included) with its keys, to mutate. */
function containers(x: Plain, out: [Plain[] | { [key: string]: Plain }, string[]][] = []): typeof out {
  if (Array.isArray(x)) {
    out.push([x, x.map((_, i) => String(i))]);
    for (const v of x) containers(v, out);
  } else if (typeof x === 'object' && x !== null) {
    out.push([x, Object.keys(x)]);
    for (const v of Object.values(x)) containers(v, out);
  }
  return out;
}

const REPLACEMENTS: Plain[] = [null, -1, 0, 0.5, 1e9, 'x', 'parallel', true, [], [1, 2], {}, { bogus: 1 }];

describe('checkScenario — against the schema compiled by ajv at run time (independent second compilation)', () => {
  const runtime = createScenarioAjv().compile(scenarioJsonSchema());
  /** What the validator gave before it was generated at build time. */
  function runtimeCheck(data: unknown): unknown {
    const copy = clonePlain(data);
    if (runtime(copy)) return { ok: true, scenario: copy };
    return { ok: false, problems: schemaProblems(runtime.errors ?? [], copy) };
  }
  const texts = [BASE, ...shippedScenarios().map(([, text]) => text)];

  it('agrees on every shipped scenario, defaults included', () => {
    for (const text of texts) {
      const data: unknown = parse(text);
      const checked = checkScenario(data);
      assert.equal(checked.ok, true);
      assert.deepEqual(checked, runtimeCheck(data));
    }
  });

  it('agrees on 600 mutated scenarios (keys deleted, values replaced, unknown keys added)', () => {
    let state = 12345; // Park–Miller minimal standard generator: deterministic mutations
    const next = (n: number): number => {
      state = (state * 16807) % 2147483647;
      return state % n;
    };
    let rejected = 0;
    for (let t = 0; t < 600; t++) {
      const data: Plain = parse(texts[t % texts.length]);
      const places = containers(data);
      for (let m = 0; m <= next(3); m++) {
        const [where, keys] = places[next(places.length)];
        if (keys.length === 0) continue;
        const key = keys[next(keys.length)];
        const how = next(10);
        const value = REPLACEMENTS[next(REPLACEMENTS.length)];
        if (Array.isArray(where)) where[Number(key)] = value;
        else if (how < 3) delete where[key];
        else if (how < 4) where.zz_unknown = 1;
        else where[key] = value;
      }
      const checked = checkScenario(data);
      if (!checked.ok) rejected++;
      assert.deepEqual(checked, runtimeCheck(data), `mutation ${t}`);
    }
    assert.ok(rejected > 300 && rejected < 600, `both verdicts exercised (${rejected} of 600 rejected)`);
  });
});
