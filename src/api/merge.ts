// mergeRuns: shard folders -> the whole run's folder, with the same
// result.json an unsharded run writes, and the same summary and report.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { folderHolder, writeFileAtomic } from '../engine/folderFiles.js';
import { mergeShards } from '../engine/merge.js';
import type { RunResult } from '../engine/runResult.js';
import { folderProblem, UsageError } from './errors.js';
import { MSG } from './messages.js';
import { renderFolder, type RenderedResults } from './render.js';
import { claimFolder, defaultRunDir, factsNow, hasJournal, readRunInfo, RUN_FILE, SCENARIO_FILE, writeRunInfo, type RunInfo } from './runFolder.js';

export interface MergeOptions {
  /** Folder of the merged run (default: results/<run name>, the name the shards were run under). */
  readonly outDir?: string;
  readonly resultsRoot?: string;
  /** Render summary, plots and report (default true). */
  readonly render?: boolean;
  /** The command that merged, for the report (default: a description of this call). */
  readonly commandLine?: readonly string[];
}

export interface MergeOutcome {
  readonly outDir: string;
  readonly result: RunResult;
  /** Notes that did not stop the merge (a block present in two folders, identically). */
  readonly warnings: readonly string[];
  readonly rendered: RenderedResults | null;
}

/**
 * Combine the shard folders of one run (`runScenario` with `shard`) into the
 * run's result; refuses shards of different runs, conflicting or damaged
 * blocks, missing blocks, a shard still being written, and an output folder
 * holding another run, each with what to do. The output folder is locked
 * while the merge writes in it.
 *
 * @example
 * await mergeRuns(['results/proderm-1a2b3c4d-shard-1-of-2', 'results/proderm-1a2b3c4d-shard-2-of-2']);
 */
export async function mergeRuns(dirs: readonly string[], options: MergeOptions = {}): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new UsageError(MSG.mergeNeedsFolders);
  for (const dir of dirs) if (!hasJournal(dir)) throw new UsageError(MSG.noJournal(dir));
  const info: RunInfo | null = existsSync(join(dirs[0], RUN_FILE)) ? readRunInfo(dirs[0]) : null;
  const outDir = options.outDir ?? (info !== null ? defaultRunDir(info.name, null, options.resultsRoot) : null);
  if (outDir === null) throw new UsageError(MSG.mergeNeedsOut(dirs[0]));
  for (const dir of dirs) {
    const holder = folderHolder(dir);
    if (holder !== null) throw new UsageError(MSG.mergeInputBusy(dir, holder));
  }
  const claim = claimFolder(outDir);
  try {
    // Another run's run.json there (a folder whose run never journalled) is refused too; the engine checks journal and result.
    if (info !== null && existsSync(join(outDir, RUN_FILE))) {
      const there = readRunInfo(outDir);
      if (there.name !== info.name) throw new UsageError(MSG.mergeOntoOtherRun(outDir, `run ${there.name}`));
    }
    const { result, warnings } = await mergeShards(dirs, { outDir }).catch((e: unknown) => {
      throw folderProblem(e);
    });
    let rendered: RenderedResults | null = null;
    if (info !== null) {
      if (resolve(dirs[0]) !== resolve(outDir)) writeFileAtomic(join(outDir, SCENARIO_FILE), readFileSync(join(dirs[0], SCENARIO_FILE)));
      writeRunInfo(outDir, { ...info, shard: null, facts: factsNow(options.commandLine ?? [`mergeRuns(${JSON.stringify(dirs)})`]) });
      if (options.render !== false) rendered = await renderFolder(outDir);
    }
    return { outDir, result, warnings, rendered };
  } finally {
    claim.release();
  }
}
