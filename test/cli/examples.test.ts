// Every example runs as written: the examples of every registered command's
// --help (read from the yargs command modules, so a new command is covered
// when it is registered), the command lines of the ```sh and ```console
// blocks of README.md and docs/*.md (in a console block, the lines after
// "$ "), and their ```js blocks (the API, run as an ES module). Each runs through `sh -c` in a temp folder holding a copy of
// scenarios/ and data/ and the package itself (package.json, dist/ and
// node_modules/ linked), with `trialsim` on PATH as `npm link` puts it and
// `npx trialsim` resolving the package's own bin. The lines of one block run
// in order in one folder (a later line may read what an earlier one wrote).
// A failing example is named with its source and its stderr.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandModule } from 'yargs';
import { commands } from '../../src/cli/commands/index.js';
import { ROOT } from '../support/fixtures.js';
import { MAIN, removeDir, tempDir } from './helpers.js';

interface Example {
  /** Where it is written: "run --help" or "README.md:27". */
  readonly source: string;
  readonly command: string;
  /** A js block's text, run as a module (the command is then `node <file>`). */
  readonly module?: string;
}

/**
 * The commands of the docs' sh blocks that are not trialsim examples and that
 * this test does not run, each with the reason; anything else in an sh block
 * must be a trialsim command line. The files they name are checked to exist.
 */
const NOT_RUN: readonly { readonly command: string; readonly reason: string; readonly files: readonly string[] }[] = [
  { command: 'npm ci && npm start', reason: 'the quick start: the install and build this test stands on; npm start is `run scenarios/proderm.yaml`', files: ['package-lock.json'] },
  { command: 'npm test', reason: 'the whole suite, this test among it', files: ['test'] },
  { command: 'Rscript test/fixtures/r/distributions.R', reason: 'rewrites an R fixture; R is not needed at test time', files: ['test/fixtures/r/distributions.R'] },
  { command: 'npx tsc -p . && node --test dist/test/distributions/', reason: 'builds and runs other tests', files: ['tsconfig.json', 'test/distributions'] },
  ...[
    'trialsim slurm scenarios/power_surface.yaml --replicates 100000 --tasks 4 --cpus-per-task 4 --mem 4G --time 2:00:00 --submit',
    'trialsim slurm status results/power_surface-3968bcee',
    'trialsim slurm resubmit results/power_surface-3968bcee --submit',
    'jobid=$(sbatch --parsable /home/me/trialsim/results/power_surface-3968bcee/slurm/array.sbatch)',
    'sbatch --dependency=afterok:${jobid%%;*} /home/me/trialsim/results/power_surface-3968bcee/slurm/merge.sbatch',
  ].map((command) => ({
    command,
    reason: 'needs a Slurm cluster (sbatch and a shared filesystem); test/cluster/slurm.test.ts runs trialsim slurm --submit, status and resubmit on a real one-node cluster',
    files: ['scenarios/power_surface.yaml', 'test/cluster/slurm.test.ts'],
  })),
  { command: 'node dist/bench/stats-distributions.js', reason: 'a benchmark: timings mean nothing on a loaded test machine', files: ['bench/stats-distributions.ts'] },
  ...['npx trialsim serve', 'trialsim serve'].map((command) => ({
    command,
    reason: 'a server that runs until Ctrl-C; trialsim serve . --check (run here) starts it, loads the app and stops, and test/serve/ drives the app in Chromium',
    files: ['test/serve/app.browser.test.ts'],
  })),
];

/** The examples a command module gives yargs, read by running its builder against a recorder. */
function helpExamples(command: CommandModule): { name: string; examples: [string, string][] } {
  const examples: [string, string][] = [];
  const recorder: object = new Proxy(
    {},
    {
      get: (_target, key) =>
        key === 'example'
          ? (cmd: string, desc: string) => {
              examples.push([cmd, desc]);
              return recorder;
            }
          : key === 'command'
            ? // a subcommand (slurm status, slurm resubmit): its examples are the command's too
              (sub: unknown) => {
                if (typeof sub === 'object' && sub !== null && typeof (sub as CommandModule).builder === 'function') ((sub as CommandModule).builder as (y: object) => unknown)(recorder);
                return recorder;
              }
            : () => recorder,
    },
  );
  if (typeof command.builder === 'function') (command.builder as (y: object) => unknown)(recorder);
  return { name: String(command.command).split(' ')[0], examples };
}

/** The command lines of the ```sh and ```console blocks of a markdown file, and its ```js blocks, block by block. */
function markdownBlocks(file: string): Example[][] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Example[][] = [];
  let lang: string | null = null;
  let block: Example[] = [];
  let start = 0;
  lines.forEach((line, i) => {
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence !== null) {
      if (lang === null) {
        lang = fence[1];
        block = [];
        start = i + 1;
      } else {
        if (lang === 'js') {
          const name = `example-${file.replace(/\W/g, '_')}-${start + 1}.mjs`;
          blocks.push([{ source: `${file}:${start + 1}`, command: `node ${name}`, module: lines.slice(start, i).join('\n') + '\n' }]);
        }
        if ((lang === 'sh' || lang === 'console') && block.length > 0) blocks.push(block);
        lang = null;
      }
      return;
    }
    if (lang === 'sh') {
      const command = line.replace(/(^|\s+)#.*$/, '').trim();
      if (command !== '') block.push({ source: `${file}:${i + 1}`, command });
    } else if (lang === 'console' && line.startsWith('$ ')) {
      block.push({ source: `${file}:${i + 1}`, command: line.slice(2).trim() });
    }
  });
  return blocks;
}

const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
/** What an example may run: trialsim, and sed to write a broken scenario for validate to report. */
const RUNNABLE = /^(trialsim|npx trialsim|node dist\/src\/cli\/main\.js|node example-[\w-]+\.mjs|sed)( |$)/;

const made: string[] = [];
after(() => made.forEach(removeDir));

/** A fresh folder as a clone looks after the quick start, and a PATH with `trialsim` on it. */
function workspace(): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = tempDir('examples');
  made.push(cwd);
  cpSync(join(ROOT, 'scenarios'), join(cwd, 'scenarios'), { recursive: true });
  cpSync(join(ROOT, 'data'), join(cwd, 'data'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(cwd, 'package.json'));
  symlinkSync(join(ROOT, 'dist'), join(cwd, 'dist'));
  symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'));
  const bin = join(cwd, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'trialsim'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(join(bin, 'trialsim'), 0o755);
  // npx must find the package's own bin, never the registry (offline), and leaves its link in a cache of this folder, not the user's.
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_cache: join(cwd, '.npm-cache') };
  return { cwd, env };
}

async function runExample(e: Example, w: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  if (e.module !== undefined) writeFileSync(join(w.cwd, e.command.slice('node '.length)), e.module);
  const child = spawn('sh', ['-c', e.command], { cwd: w.cwd, env: w.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, sig) => resolve([c, sig])));
  const tail = (t: string): string => t.split('\n').slice(-30).join('\n');
  assert.equal(code, 0, `the example of ${e.source} failed (exit ${code ?? signal}):\n  ${e.command}\nstderr:\n${tail(stderr)}\nstdout (end):\n${tail(stdout)}`);
}

// Examples (and blocks) are independent and mostly wait on process and pool
// start-up: three at a time; the lines of one block run in order.
describe('every example runs as written — through the built CLI', { concurrency: 3 }, () => {
  const help = commands.map((c) => helpExamples(c as CommandModule));

  it('every registered command has at least one example', () => {
    for (const h of help) assert.ok(h.examples.length > 0, `${h.name} --help has no example`);
  });

  for (const h of help) {
    for (const [cmd] of h.examples) {
      const command = cmd.replace(/\$0/g, 'trialsim');
      it(`${h.name} --help: ${command}`, async () => runExample({ source: `${h.name} --help`, command }, workspace()));
    }
  }

  for (const file of docs) {
    for (const block of markdownBlocks(file)) {
      describe(`${file}, the block at line ${block[0].source.split(':')[1]}`, { concurrency: 1 }, () => {
        const w = workspace();
        for (const e of block) {
          const skipped = NOT_RUN.find((n) => n.command === e.command);
          if (skipped !== undefined) {
            it(`${e.source}: ${e.command} (not run: ${skipped.reason}; the files it names exist)`, () => {
              for (const f of skipped.files) assert.ok(existsSync(join(ROOT, f)), `${e.source}: ${f} does not exist`);
            });
            continue;
          }
          it(`${e.source}: ${e.command}`, async () => {
            assert.match(e.command, RUNNABLE, `${e.source}: not a trialsim command line and not in NOT_RUN: ${e.command}`);
            await runExample(e, w);
          });
        }
      });
    }
  }

  it('finds the examples: the help of every command and blocks in README.md and docs/cli.md', () => {
    assert.ok(help.length >= 8);
    const readme = markdownBlocks('README.md').flat();
    const cli = markdownBlocks('docs/cli.md').flat();
    assert.ok(readme.some((e) => e.command.startsWith('npx trialsim sample-size')), 'README sample-size example');
    assert.ok(cli.some((e) => e.command.startsWith('trialsim analyze')), 'docs/cli.md analyze example');
    assert.ok(readme.some((e) => e.module?.includes('runScenario') === true), 'README API example');
  });
});
