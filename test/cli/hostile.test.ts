// A hostile user and an unlucky operator at the command line (issue 19,
// items 1-7): each ends with a clear message and exit 2 (or, for a closed
// pipe, the quiet 141 of SIGPIPE), writes nothing, and does not hang.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, MAIN, removeDir, SCENARIOS, SMALL, tempDir, writeFile } from './helpers.js';

const PRODERM = join(SCENARIOS, 'proderm.yaml');
const SURFACE = join(SCENARIOS, 'power_surface.yaml');

/** `trialsim <args> | head -c <bytes>`, with the shell's own pipe; the exit status of trialsim. */
function intoHead(args: readonly string[], bytes: number, cwd: string): { code: number; stderr: string; head: string } {
  const quoted = [process.execPath, MAIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${quoted} 2>err.txt | head -c ${bytes}; echo "\${PIPESTATUS[0]}" >&2`], { cwd, encoding: 'utf8', timeout: 120_000 });
  const lines = r.stderr.trim().split('\n');
  return { code: Number(lines[lines.length - 1]), stderr: spawnSync('cat', ['err.txt'], { cwd, encoding: 'utf8' }).stdout, head: r.stdout };
}

describe('trialsim with hostile input (CLI)', () => {
  let dir: string;
  before(() => {
    dir = tempDir('hostile');
    writeFile(dir, 'small.yaml', SMALL);
  });
  after(() => removeDir(dir));

  it('an alias bomb is refused at once (exit 2), in the file and in --set', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    writeFile(dir, 'bomb.yaml', lines.join('\n') + '\n');
    const r = cli(['validate', 'bomb.yaml'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^bomb\.yaml:4:45 malformed YAML: aliases expand to more than 10000 values/);
    const s = cli(['validate', 'small.yaml', '--set', `name={${lines.join(', ')}}`], dir);
    assert.equal(s.code, 2, s.stderr);
    assert.match(s.stderr, /^--set:1:\d+ name: the value is not valid YAML: aliases expand to more than 10000 values/);
  });

  it('deep nesting in the file or in --set: a located error, exit 2, no stack overflow', () => {
    writeFile(dir, 'deep-block.yaml', 'name: ' + '- '.repeat(2000) + 'x\n');
    writeFile(dir, 'deep-flow.yaml', 'name: ' + '['.repeat(1000) + ']'.repeat(1000) + '\n');
    for (const args of [['validate', 'deep-block.yaml'], ['validate', 'deep-flow.yaml'], ['validate', 'small.yaml', '--set', 'name=' + '['.repeat(20000) + ']'.repeat(20000)]]) {
      const r = cli(args, dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^(deep-\w+\.yaml|--set):1:\d+ (name: the value is not valid YAML: )?lists and mappings are nested more than 64 levels deep/);
      assert.doesNotMatch(r.stderr, /call stack/);
    }
  });

  it('40,000 unknown keys: 50 problems listed, the rest counted, exit 2', () => {
    let text = SMALL;
    for (let i = 0; i < 40000; i++) text += `unknown_${i}: 1\n`;
    writeFile(dir, 'keys.yaml', text);
    const r = cli(['validate', 'keys.yaml'], dir);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 52);
    assert.match(lines[0]!, /^keys\.yaml:\d+:1 unknown_0: unknown key "unknown_0"/);
    assert.equal(lines[50], '… and 39950 more problems (only the first 50 are listed)');
    assert.equal(lines[51], 'trialsim validate: 40000 problems in keys.yaml');
  });

  it('a closed output pipe ends sample, analyze and validate quietly (141, as SIGPIPE)', () => {
    const s = intoHead(['sample', PRODERM, '--trials', '300'], 100, dir);
    assert.equal(s.code, 141, s.stderr);
    assert.equal(s.stderr, '');
    assert.equal(s.head.length, 100);
    assert.ok(s.head.startsWith('trial,patient,arm'));
    assert.equal(cli(['sample', PRODERM, '--trials', '100', '--out', 'trials.csv'], dir).code, 0);
    const a = intoHead(['analyze', PRODERM, '--data', 'trials.csv'], 10, dir);
    assert.equal(a.code, 141, a.stderr);
    assert.equal(a.stderr, '');
  });

  it('/dev/zero and oversized files are refused after the limit, not read whole', () => {
    const z = cli(['validate', '/dev/zero'], dir);
    assert.equal(z.code, 2);
    assert.equal(z.stderr, 'trialsim validate: scenario /dev/zero is larger than 1 MB, the limit for a scenario file (docs/cli.md, "Limits")\n');
    const d = cli(['analyze', 'small.yaml', '--point', '0', '--data', '/dev/zero'], dir);
    assert.equal(d.code, 2);
    assert.equal(d.stderr, 'trialsim analyze: data /dev/zero is larger than 256 MB, the limit for a data file (docs/cli.md, "Limits")\n');
  });

  it('random bytes as data: at most 50 problems, each cut short', () => {
    // a deterministic byte soup (no Math.random): commas, quotes, newlines and high bytes
    const bytes = Buffer.alloc(2_000_000);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      bytes[i] = x >>> 16;
    }
    const header = 'trial,patient,arm,stratum,score_w0,score_w16\n';
    writeFileSync(join(dir, 'noise.csv'), Buffer.concat([Buffer.from(header), bytes]));
    writeFileSync(join(dir, 'noise-head.csv'), bytes);
    for (const file of ['noise.csv', 'noise-head.csv']) {
      const r = cli(['analyze', 'small.yaml', '--point', '0', '--data', file], dir);
      assert.equal(r.code, 2);
      assert.ok(r.stderr.length < 60 * 220, `${r.stderr.length} characters of stderr`);
      for (const line of r.stderr.split('\n')) assert.ok(line.length <= 240, line.slice(0, 300));
    }
  });

  it('impossible sizes are refused up front with the figure and the limit, nothing written', () => {
    const w = cli(['run', 'small.yaml', '--workers', '1024', '--no-truth', '--out', 'w'], dir);
    assert.equal(w.code, 2);
    assert.match(w.stderr, /^trialsim run: --workers 1024 cannot fit: 1024 worker threads need about 24 GB; the limit here is \d+ \(8 per CPU/);
    assert.equal(existsSync(join(dir, 'w')), false);
    const t = cli(['sample', PRODERM, '--trials', '1000000'], dir);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /^trialsim sample: --trials 1000000 would write about 20(\.\d)? GB of CSV \(\d+(\.\d)? KB per trial\); the limit is 256 MB .*: at most [\d,]+ trials of this design\n$/);
    const p = cli(['run', PRODERM, '--truth-population', '100000000', '--out', 'tp'], dir);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /^trialsim run: the run would need about 61\.1 GB of memory \(the truth on 2 populations of 100,000,000 patients per arm 61\.1 GB, .*\); the memory limit is [\d.]+ [MG]B \(TRIALSIM_MEMORY_LIMIT raises it\): lower --truth-population/);
    assert.equal(existsSync(join(dir, 'tp')), false);
    const grid = (n: number): string => `[${Array.from({ length: n }, (_, i) => i + 10).join(', ')}]`;
    const effects = `[${Array.from({ length: 100 }, (_, i) => i / 100).join(', ')}]`;
    const s = cli(['run', SURFACE, '--out', 'sweep', '--set', `sweep.model.params.effect_scale=${effects}`, '--set', `sweep.design.n_per_arm=${grid(100)}`], dir);
    assert.equal(s.code, 2, s.stderr);
    assert.match(s.stderr, /^trialsim run: the run would need about [\d.]+ GB of memory \(the truth on 100 populations of 200,000 patients per arm [\d.]+ GB, 10,000 design points of 1 analysis [\d.]+ GB, /);
    assert.equal(existsSync(join(dir, 'sweep')), false);
  });

  it('TRIALSIM_MEMORY_LIMIT sets the limit, and must be a size', () => {
    const r = spawnSync(process.execPath, [MAIN, 'sample', PRODERM, '--trials', '100'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TRIALSIM_MEMORY_LIMIT: '1MB' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /the memory limit 1 MB: at most \d+ trials/);
    const bad = spawnSync(process.execPath, [MAIN, 'sample', PRODERM, '--trials', '2'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TRIALSIM_MEMORY_LIMIT: 'lots' } });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'trialsim sample: TRIALSIM_MEMORY_LIMIT must be a size such as 8GB or 512MB (got "lots")\n');
  });

  it('count options take decimal integers only: 1e3, 0x10, " 10" are refused (exit 2)', () => {
    for (const v of ['1e3', '0x10', ' 10', '10.0', '+5']) {
      const r = cli(['validate', 'small.yaml', '--replicates', v], dir);
      assert.equal(r.code, 2, v);
      assert.equal(r.stderr, `trialsim validate: --replicates must be a whole number from 1 to 10000000 (got ${JSON.stringify(v)})\n`);
    }
    assert.equal(cli(['validate', 'small.yaml', '--replicates', '1000'], dir).code, 0);
  });

  it('--shard k/n is refused when shard k has no blocks, before anything is written', () => {
    const r = cli(['run', 'small.yaml', '--shard', '1/100000', '--no-truth', '--out', 'shard'], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'trialsim run: --shard 1/100000 has no blocks to run: the run has 1 block (200 replicates, 250 per block), so it splits into at most 1 shard; use n ≤ 1, or a smaller --block-size\n',
    );
    assert.equal(existsSync(join(dir, 'shard')), false);
    assert.match(cli(['run', 'small.yaml', '--shard', ' 1/2', '--no-truth', '--out', 'shard'], dir).stderr, /--shard must be k\/n/);
  });
});
