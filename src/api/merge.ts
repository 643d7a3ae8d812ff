// mergeRuns: shard folders -> the whole run's folder, with the same
// result.json an unsharded run writes, and the same summary and report.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeShards } from '../engine/merge.js';
import type { RunResult } from '../engine/runResult.js';
import { folderProblem, UsageError } from './errors.js';
import { MSG } from './messages.js';
import { renderResults, type RenderedResults } from './render.js';
import { defaultRunDir, factsNow, hasJournal, readRunInfo, RUN_FILE, SCENARIO_FILE, writeRunInfo, type RunInfo } from './runFolder.js';

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
 * run's result; refuses shards of different runs, conflicting blocks and
 * missing blocks, each with what to do.
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
  const { result, warnings } = await mergeShards(dirs, { outDir }).catch((e: unknown) => {
    throw folderProblem(e);
  });
  mkdirSync(outDir, { recursive: true });
  let rendered: RenderedResults | null = null;
  if (info !== null) {
    if (resolve(dirs[0]) !== resolve(outDir)) copyFileSync(join(dirs[0], SCENARIO_FILE), join(outDir, SCENARIO_FILE));
    writeRunInfo(outDir, { ...info, shard: null, facts: factsNow(options.commandLine ?? [`mergeRuns(${JSON.stringify(dirs)})`]) });
    if (options.render !== false) rendered = await renderResults(outDir);
  }
  return { outDir, result, warnings, rendered };
}
