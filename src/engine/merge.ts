// Merging shards: read the journals of several output folders, check they
// belong to one run, and fold their blocks exactly as an unsharded run would
// (block-index order, the same precision rule), giving the same result.
import { FolderProblem } from './errors.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBlock, readJournal, writeFileAtomic, type JournalContents } from './journal.js';
import { advanceFold, startFold, type DesignFold } from './fold.js';
import type { ReplicateLayout } from './layout.js';
import { mergeConflict, mergeDifferentRuns, mergeDuplicate, mergeMissing, mergeNoLayout, mergeNothing } from './messages.js';
import { blockCount } from './plan.js';
import { buildRunResult, checkRunSettings, resultJson, RESULT_FILE, type RunResult } from './runResult.js';
import type { BlockResult } from './task.js';

export interface MergeReport {
  result: RunResult;
  /** Notes that do not stop the merge (a block present in two folders, identically). */
  warnings: string[];
}

/** "0-3, 7, 9-12" */
function ranges(xs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    out.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** Combine shard folders into the whole run's result; written to outDir/result.json when given. */
export async function mergeShards(dirs: readonly string[], options: { outDir?: string } = {}): Promise<MergeReport> {
  if (dirs.length === 0) throw new Error(mergeNothing());
  const journals: { dir: string; j: JournalContents }[] = dirs.map((dir) => ({ dir, j: readJournal(dir) }));
  const identity = journals[0].j.header.identity;
  if (journals.some(({ j }) => j.header.identity !== identity)) {
    throw new FolderProblem(mergeDifferentRuns(journals.map(({ dir, j }) => ({ dir, identity: j.header.identity }))));
  }
  const settings = checkRunSettings(journals[0].j.header.run, join(journals[0].dir, 'journal.jsonl'));
  const nBlocks = blockCount(settings.replicates, settings.blockSize);
  const target = settings.targetMcse === null ? null : { targetMcse: settings.targetMcse, minReplicates: settings.minReplicates };
  const warnings: string[] = [];

  const layouts: ReplicateLayout[] = [];
  const folds: DesignFold[] = [];
  const missing: { design: string; ranges: string }[] = [];
  settings.designs.forEach((design, d) => {
    const blocks = new Map<number, BlockResult>();
    const from = new Map<number, { dir: string; text: string }>();
    let layout: ReplicateLayout | undefined;
    for (const { dir, j } of journals) {
      layout ??= j.layouts.get(d);
      for (const dup of j.duplicates) if (dup.design === d && !dup.identical) throw new FolderProblem(mergeConflict(design.id, dup.block, [dir, dir]));
      for (const [b, block] of j.blocks.get(d) ?? []) {
        const text = JSON.stringify(encodeBlock(d, block));
        const seen = from.get(b);
        if (seen === undefined) {
          from.set(b, { dir, text });
          blocks.set(b, block);
        } else if (seen.text === text) {
          warnings.push(mergeDuplicate(design.id, b, [seen.dir, dir]));
        } else {
          throw new FolderProblem(mergeConflict(design.id, b, [seen.dir, dir]));
        }
      }
    }
    if (layout === undefined) throw new FolderProblem(mergeNoLayout(design.id));
    const fold = startFold(layout, design.nullRun);
    advanceFold(fold, blocks, nBlocks, target);
    if (!fold.stoppedByPrecision && fold.nextBlock < nBlocks) {
      const absent: number[] = [];
      for (let b = fold.nextBlock; b < nBlocks; b++) if (!blocks.has(b)) absent.push(b);
      missing.push({ design: design.id, ranges: ranges(absent) });
    }
    layouts.push(layout);
    folds.push(fold);
  });
  if (missing.length > 0) throw new FolderProblem(mergeMissing(missing));
  const result = buildRunResult(settings, identity, layouts, folds);
  if (options.outDir !== undefined) mkdirSync(options.outDir, { recursive: true });
  if (options.outDir !== undefined) writeFileAtomic(join(options.outDir, RESULT_FILE), resultJson(result));
  return { result, warnings };
}
