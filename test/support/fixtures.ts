// Tests run from dist/test; fixtures live in the source tree at test/fixtures.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = resolve(dir, '..');
    if (up === dir) throw new Error('package.json not found above ' + dirname(fileURLToPath(import.meta.url)));
    dir = up;
  }
  return dir;
}

export const ROOT = repoRoot();

/** Read test/fixtures/<relPath> as JSON (written by the R script beside it). */
export function loadFixture<T = unknown>(relPath: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', relPath), 'utf8')) as T;
}

/** Relative-error comparison with an absolute floor, for R reference values. */
export function closeTo(actual: number, expected: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  const diff = Math.abs(actual - expected);
  return diff <= abs || diff <= rel * Math.abs(expected);
}

export function assertClose(actual: number, expected: number, rel: number, label: string, abs = 0): void {
  if (!closeTo(actual, expected, rel, abs)) {
    const relErr = Math.abs(actual - expected) / Math.abs(expected);
    throw new Error(`${label}: got ${actual}, R says ${expected} (relative error ${relErr.toExponential(2)} > ${rel})`);
  }
}
