// Merging shards: read the journals of several output folders, check they
// belong to one run, and fold their blocks exactly as an unsharded run would
// (block-index order, the same precision rule), giving the same result.
import { FolderProblem } from './errors.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './folderFiles.js';
import { encodeBlock, JOURNAL_FILE, readJournal, type JournalContents } from './journal.js';
import { advanceFold, startFold, type DesignFold } from './fold.js';
import type { ReplicateLayout } from './layout.js';
import { mergeConflict, mergeDifferentRuns, mergeDuplicate, mergeMissing, mergeNoLayout, mergeNothing, mergeOntoOtherRun } from './messages.js';
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
  if (options.outDir !== undefined) {
    checkMergeTarget(options.outDir, identity);
    mkdirSync(options.outDir, { recursive: true });
    writeFileAtomic(join(options.outDir, RESULT_FILE), resultJson(result));
  }
  return { result, warnings };
}

/** The identity in a file's first JSON value (a journal's header, a result), or null when it has none. */
function identityIn(path: string, firstLine: boolean): string | null {
  try {
    const text = readFileSync(path, 'utf8');
    const x: unknown = JSON.parse(firstLine ? text.slice(0, text.indexOf('\n')) : text);
    return typeof x === 'object' && x !== null && 'identity' in x && typeof x.identity === 'string' ? x.identity : null;
  } catch {
    return null;
  }
}

/**
 * The merged result goes only into a folder that holds no run, or holds this
 * one (a shard of it, or its earlier merge): never over another run's result
 * or beside another run's journal.
 */
function checkMergeTarget(dir: string, identity: string): void {
  for (const [file, firstLine] of [[JOURNAL_FILE, true], [RESULT_FILE, false]] as const) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const found = identityIn(path, firstLine);
    if (found !== identity) throw new FolderProblem(mergeOntoOtherRun(dir, file, found, identity));
  }
}
