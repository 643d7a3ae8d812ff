// A child process for test/perf/compilerTuning.test.ts: runs the shipped
// ProDERM kernels (design and null) over enough replicates that V8 optimises
// them, and prints a digest of every record's bits.
//   node dist/test/support/recordDigest.js <replicates> [tune]
// With "tune" it raises the inlining budget first, as the engine does.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createKernels } from '../../src/analysis/kernel.js';
import { loadSource } from '../../src/api/source.js';
import { tuneCompilerForKernels } from '../../src/engine/compilerTuning.js';
import { ROOT } from './fixtures.js';

// (The test runner also loads every file under test/ without arguments: nothing to do then.)
if (process.argv[2] !== undefined) {
  const replicates = Number(process.argv[2]);
  if (process.argv[3] === 'tune') tuneCompilerForKernels();
  const loaded = loadSource(join(ROOT, 'scenarios', 'proderm.yaml'));
  const point = loaded.designs[0];
  const seed = loaded.scenario.seed;
  const [kernel, nullKernel] = createKernels([point.spec, point.nullSpec]); // as the engine makes them: sharing their patients
  const out = new Float64Array(kernel.layout.width);
  const hash = createHash('sha256');
  for (let i = 0; i < replicates; i++) {
    for (const k of [kernel, nullKernel]) {
      out.fill(NaN);
      k.run(seed, i, out);
      hash.update(new Uint8Array(out.buffer)); // NaN payloads and -0 included
    }
  }
  process.stdout.write(JSON.stringify({ replicates, width: out.length, digest: hash.digest('hex') }) + '\n');
}
