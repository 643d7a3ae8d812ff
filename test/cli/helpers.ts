// Running the built CLI as a child process, as a user would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../support/fixtures.js';

/** dist/src/cli/main.js, beside this compiled test. */
export const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export const SCENARIOS = join(ROOT, 'scenarios');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `trialsim <args>` to completion (cwd: `cwd`, default a fresh temp folder the caller owns). */
export function cli(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start `trialsim <args>` without waiting (its stderr readable as it comes); resolves with its result when it exits. */
export function cliAsync(args: readonly string[], cwd: string, env: Record<string, string> = {}): { pid: number; stdout(): string; stderr(): string; done: Promise<CliResult>; kill(signal: NodeJS.Signals): void } {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { pid: child.pid ?? -1, stdout: () => stdout, stderr: () => stderr, done, kill: (signal) => child.kill(signal) };
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `trialsim-cli-${tag}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The last non-empty line of a text. */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** A small, fast scenario: the parametric textbook model at two sizes, two analyses. */
export const SMALL = `name: small
seed: 11
replicates: 200
model:
  kind: parametric
  params:
    endpoints:
      - id: score
        type: normal
        mean: {control: 0, treatment: -5}
        sd: 10
        baseline: {mean: 50, sd: 10, correlation: 0.5}
design:
  n_per_arm: 20
analyses:
  - id: ttest
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
  - id: ancova
    endpoint: {measure: score, week: 16, type: change}
    method: ancova
sweep:
  design.n_per_arm: [20, 40]
`;
