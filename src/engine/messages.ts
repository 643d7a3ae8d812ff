// Every message the engine shows a user, in one place: where it comes from and
// what to do about it.
import type { ReplicateFailure } from './task.js';

const P = 'engine';

export const invalidOption = (name: string, rule: string, got: unknown): string =>
  `${P}: option ${name} ${rule} (got ${JSON.stringify(got) ?? String(got)})`;

export const nullSpecMissing = (design: string): string =>
  `${P}: design ${design}: the null run needs nullSpec (the same design with effect scale 0, or a function making it from the spec); pass it, or set nullRun: false to skip type I error`;

export const duplicateDesignId = (id: string): string => `${P}: two designs share the id "${id}"; ids must be unique`;

export const unknownTruth = (which: string, keys: readonly string[]): string =>
  `${P}: ${which} names analyses or strata the kernel's layout does not have: ${keys.join(', ')}`;

export const unknownFamily = (id: string, ids: readonly string[]): string =>
  `${P}: family names analysis "${id}", which the kernel's layout does not have (it has: ${ids.join(', ')})`;

export const badLayout = (detail: string): string => `${P}: the kernel's record layout is inconsistent: ${detail} (build it with buildLayout from src/engine/layout.ts)`;

export const layoutMismatch = (): string =>
  `${P}: the null spec gives a different record layout from the design's; the null run must only change the effect scale`;

export const resumeNeedsOutDir = (): string => `${P}: resume needs outDir, the folder holding the interrupted run's journal`;

export const shardNeedsOutDir = (): string => `${P}: a shard needs outDir, where its blocks are journalled for merge`;

export const nothingToResume = (dir: string): string =>
  `${P}: nothing to resume: ${dir} holds no journal.jsonl (start the run without resume)`;

export const journalAlreadyThere = (dir: string): string =>
  `${P}: ${dir} already holds a run journal (journal.jsonl); pass resume to continue that run, or choose an empty output folder`;

export const journalOfDifferentRun = (dir: string, found: string, expected: string): string =>
  `${P}: ${dir}/journal.jsonl belongs to a different run (identity ${found.slice(0, 12)}…, this run is ${expected.slice(0, 12)}…): ` +
  `the kernel, specs, truth, family, seed, replicates, block size or stopping rule differ. Resume with the original settings, or use another folder`;

export const journalCorrupt = (path: string, line: number): string =>
  `${P}: ${path}:${line}: not a trialsim journal line; the file is damaged or not a journal`;

export const interrupted = (dir: string | null, blocks: number, total: number): string =>
  dir === null
    ? `${P}: interrupted after ${blocks} of ${total} blocks (no outDir, so nothing was journalled)`
    : `${P}: interrupted after ${blocks} of ${total} blocks; they are journalled in ${dir}. Run again with resume to finish`;

export const tooManyFailures = (design: string, count: number, max: number, seed: number, first: readonly ReplicateFailure[]): string =>
  `${P}: design ${design}: ${count} replicates failed, more than maxFailures = ${max}; aborting. First failures ` +
  `(replay one alone with replayReplicate(kernelModule, spec, seed ${seed}, index)):\n` +
  first.map((f) => `  replicate ${f.index} (seed ${seed}, ${f.run} run): ${f.message}`).join('\n');

export const blockWidthMismatch = (block: number, got: number, expected: number): string =>
  `${P}: block ${block} holds ${got} tallies where the kernel's record layout needs ${expected}; ` +
  `it was computed by a different version of the kernel. Start the run afresh in an empty folder`;

export const blockSampleMismatch = (block: number, got: number, expected: number): string =>
  `${P}: block ${block} holds estimate samples of ${got} analyses where the kernel's record layout has ${expected}; ` +
  `it was computed by a different version of the kernel. Start the run afresh in an empty folder`;

export const mergeNothing = (): string => `${P}: merge needs at least one shard folder`;

export const mergeDifferentRuns = (dirs: readonly { dir: string; identity: string }[]): string =>
  `${P}: cannot merge shards of different runs:\n` + dirs.map((d) => `  ${d.dir}: identity ${d.identity.slice(0, 12)}…`).join('\n');

export const mergeConflict = (design: string, block: number, dirs: readonly string[]): string =>
  `${P}: design ${design}, block ${block} appears in ${dirs.join(' and ')} with different contents; these folders were not produced by the same run`;

export const mergeDuplicate = (design: string, block: number, dirs: readonly string[]): string =>
  `design ${design}, block ${block} is in more than one folder (${dirs.join(', ')}); identical copies, one kept`;

export const mergeMissing = (missing: readonly { design: string; ranges: string }[]): string =>
  `${P}: cannot merge: blocks are missing (run or resume the shards that own them):\n` +
  missing.map((m) => `  design ${m.design}: blocks ${m.ranges}`).join('\n');

export const mergeNoLayout = (design: string): string =>
  `${P}: design ${design}: no shard journal holds its record layout (no block of it was completed)`;

export const notEstimableWarning = (design: string, analysis: string, run: 'design' | 'null', count: number, replicates: number, reason: string, reasonCount: number): string =>
  `design point "${design}": analysis ${analysis} was not estimable in ${((100 * count) / replicates).toFixed(1)}% of the replicates ${run === 'design' ? 'under the design' : 'under the null'} (${count} of ${replicates}); main reason: ${reason} (${reasonCount})`;

// Writing into a folder (folderFiles.ts): a system error code in words.
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'the folder does not exist',
  EEXIST: 'a file of that name is in the way',
  EIO: 'an input/output error of the disk',
};
export const systemErrorText = (code: string): string => SYSTEM_ERRORS[code] ?? `system error ${code}`;

export const writeFailed = (path: string, code: string): string =>
  `${P}: cannot write ${path}: ${systemErrorText(code)} (${code}); nothing was written in its place, the file as it was is kept`;

export const folderNotWritable = (dir: string, code: string): string =>
  `${P}: cannot write in ${dir}: ${systemErrorText(code)} (${code}); choose another output folder`;

export const notAFolder = (dir: string): string => `${P}: ${dir} is a file, not a folder; choose another output folder`;

export const folderLocked = (dir: string, holder: string, lockFile: string, elsewhere: boolean): string =>
  `${P}: ${dir} is in use by another trialsim, ${holder}; wait until it is done, or choose another output folder` +
  (elsewhere ? ` (that process runs on another machine, so whether it is still running cannot be checked from here: if it is not, delete ${lockFile})` : '');

export const staleLockTaken = (dir: string, holder: string): string => `${dir}: taking over its lock, left by ${holder}, which is no longer running`;

export const journalBadLine = (path: string, line: number, what: string): string =>
  `${P}: ${path}:${line}: ${what}; the journal was altered or damaged. Delete that line and resume (what it held is computed again), or start the run afresh`;

export const journalConflict = (path: string, line: number, first: number, design: number, block: number): string =>
  journalBadLine(path, line, `design ${design}, block ${block} is journalled again (first at line ${first}) with different contents`);

export const mergeOntoOtherRun = (dir: string, file: string, found: string | null, identity: string): string =>
  `${P}: ${dir} already holds ${found === null ? `a ${file} that is not this run's` : `a different run (its ${file} is run ${found.slice(0, 12)}…, the shards are run ${identity.slice(0, 12)}…)`}; ` +
  `merging there would mix two runs. Merge into an empty folder, or the folder of this run`;
