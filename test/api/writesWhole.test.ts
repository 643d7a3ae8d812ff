// Files written whole, folders held while written. Plain unit tests:
// `sampleTrials({ out })` writes through a temporary renamed into place, so a
// failed write leaves no file (and an existing file as it was); a calibration
// into a folder another process holds is refused before anything is written.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTrials } from '../../src/api/sample.js';
import { calibrateModel } from '../../src/api/calibrate.js';
import { UsageError } from '../../src/api/errors.js';
import { lockFolder } from '../../src/engine/folderFiles.js';
import { ROOT } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'trialsim-whole-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SCENARIO = join(ROOT, 'scenarios', 'parametric_textbook.yaml');

describe('whole files and held folders — unit tests', () => {
  it('sample --out: the CSV is written whole, with no temporary left beside it', () => {
    const out = join(dir, 'trials.csv');
    const s = sampleTrials(SCENARIO, { trials: 2, seed: 3, point: '0', out });
    assert.equal(readFileSync(out, 'utf8'), s.csv);
    assert.deepEqual(readdirSync(dir).filter((f) => f !== 'trials.csv'), []);
  });

  it('sample --out into a folder that does not exist: an error naming the file, and nothing written', () => {
    const out = join(dir, 'missing', 'trials.csv');
    assert.throws(() => sampleTrials(SCENARIO, { trials: 1, seed: 3, point: '0', out }), (e: Error) => e.message.includes(out));
    assert.equal(existsSync(join(dir, 'missing')), false);
  });

  it('a failed sample --out leaves an existing file as it was', () => {
    const out = join(dir, 'kept.csv');
    writeFileSync(out, 'old\n');
    // the scenario is refused (an unknown key) before anything is written
    assert.throws(() => sampleTrials('name: x\nbogus: 1\n', { trials: 1, out }));
    assert.equal(readFileSync(out, 'utf8'), 'old\n');
  });

  it('calibrate into a folder another process holds: refused, nothing written', async () => {
    const held = mkdtempSync(join(dir, 'cal-'));
    // a lock in this folder as another live process would leave it: its holder is this test's parent process
    const lock = lockFolder(held, { command: ['trialsim', 'calibrate'] });
    try {
      // lockFolder in the same process succeeds only once: a second lock by calibrateModel must be refused
      await assert.rejects(calibrateModel({ trials: 2, seed: 1, outDir: held }), (e: unknown) => e instanceof UsageError && /trialsim/.test((e as Error).message));
      assert.deepEqual(readdirSync(held), ['.trialsim.lock']);
    } finally {
      lock.release();
    }
  });
});
