// The package as npm ships it: `npm pack` carries the built CLI and API and
// the files they read, and no tests, bench or CI; installed from its tarball
// into an empty project, without the network (the dependencies come from the
// npm cache that `npm ci` filled, pinned by a lockfile derived from ours),
// `npx trialsim run` runs a tiny scenario and `import 'trialsim'` gives the API.
// The tarball is packed with --ignore-scripts from the dist/ this test runs
// in (prepack would build it again); that prepack is declared is checked here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT } from '../support/fixtures.js';
import { removeDir, SMALL, tempDir } from './helpers.js';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const dir = tempDir('package');
after(() => removeDir(dir));

/** Offline: nothing may come from the network. */
const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function sh(command: string, args: string[], cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** A lockfile for a project depending on the tarball alone: our lockfile's production entries, so npm ci needs only the cache. */
function lockfileFor(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, object> = {
    '': { name: 'consumer', dependencies: { trialsim: `file:${tarball}` } },
    'node_modules/trialsim': { version: pkg.version, resolved: `file:${tarball}`, dependencies: pkg.dependencies, bin: pkg.bin },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && entry.dev !== true) packages[path] = entry;
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

describe('the npm package — packed, installed offline from its tarball, run (unit tests through npm)', () => {
  let files: string[] = [];
  let tarball = '';

  before(() => {
    const out = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT).stdout;
    const packed = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0];
    files = packed.files.map((f) => f.path);
    tarball = packed.filename;
  });

  it('package.json: builds before packing (prepack), is not private, lists what ships', () => {
    assert.equal(pkg.scripts.prepack, 'npm run build');
    assert.equal(pkg.private, undefined);
    assert.ok(Array.isArray(pkg.files));
  });

  it('ships the CLI, the API, the worker and the files they read; no tests, bench, CI or source maps', () => {
    for (const f of ['package.json', 'README.md', 'dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/workers/replicate.js', 'dist/src/analysis/kernel.js', 'data/proderm-targets.yaml', 'scenarios/proderm.yaml', 'dist/app/index.html', 'dist/app/app.js', 'schemas/scenario.schema.json']) {
      assert.ok(files.includes(f), `the tarball has ${f}`);
    }
    const stray = files.filter((f) => /^(test|bench|\.ci|src|workers|dist\/test|dist\/bench)\//.test(f) || f.endsWith('.map') || f.endsWith('.tsbuildinfo'));
    assert.deepEqual(stray, []);
  });

  it('installs from the tarball without the network; npx trialsim runs a tiny scenario; the API imports', () => {
    const project = join(dir, 'consumer');
    sh('mkdir', [project], dir);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: { trialsim: `file:../${tarball}` } }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockfileFor(`../${tarball}`)));
    sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
    assert.ok(existsSync(join(project, 'node_modules', 'trialsim', 'dist', 'src', 'cli', 'main.js')));

    writeFileSync(join(project, 'tiny.yaml'), SMALL.replace('replicates: 200', 'replicates: 50').replace('sweep:\n  design.n_per_arm: [20, 40]\n', ''));
    const run = sh('npx', ['--offline', 'trialsim', 'run', 'tiny.yaml', '--no-truth', '--workers', '1', '--out', 'out'], project);
    assert.match(run.stdout, /^small-[0-9a-f]{8}: 1 design point, 50 replicates each, seed 11$/m);
    assert.match(run.stdout, /Report: out\/report\.html/);
    assert.ok(existsSync(join(project, 'out', 'result.json')));

    // The app is in the package, bundled: trialsim serve finds it, its shipped scenarios and the schema.
    const served = sh('npx', ['--offline', 'trialsim', 'serve', '.', '--check'], project);
    assert.match(served.stdout, /^trialsim serve --check: the app loads/);

    const api = sh(process.execPath, ['--input-type=module', '-e', "const t = await import('trialsim'); console.log(typeof t.runScenario, typeof t.validateScenario('tiny.yaml').ok);"], project);
    assert.equal(api.stdout.trim(), 'function boolean');
  });
});
