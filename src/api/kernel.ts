// Where the production kernel lives and what it is called in a run's identity.
// Compiled layout: dist/src/api/kernel.js -> dist/src/analysis/kernel.js.
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';

/** Path of the compiled kernel module (exports createKernel). */
export const KERNEL_MODULE: string = fileURLToPath(new URL('../analysis/kernel.js', import.meta.url));

/**
 * The kernel's stable name in the run identity: the same on every machine and
 * install path, so shards run in different places merge; a new version of
 * trialsim is a different kernel, so a journal of an older version is not resumed.
 */
export const KERNEL_ID = `trialsim-analysis@${VERSION}`;

/** data/proderm-targets.yaml of this install (dist/src/api/ -> the package root). */
export const TARGETS_FILE: string = fileURLToPath(new URL('../../../data/proderm-targets.yaml', import.meta.url));
