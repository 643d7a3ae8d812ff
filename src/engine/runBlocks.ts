// One task's work, inside a worker: run every replicate of a range of blocks,
// the design and (with the same index, hence the same streams) its null, and
// fold each block's records into its own accumulator. No I/O; a replicate that
// throws is recorded and skipped.
import { accumulatorLayout, addRecord, emptyAccumulator, type AccumulatorLayout, type TruthVector } from './accumulator.js';
import { emptyBlockSample, sampledRange, takeEstimates } from './estimateSample.js';
import type { Kernel } from './kernel.js';
import { ANALYSIS_WIDTH, ASSURANCE_WIDTH, LOOK_WIDTH, SEQUENTIAL_WIDTH, STRATUM_WIDTH, TAIL_WIDTH, TRIAL_WIDTH, type ReplicateLayout } from './layout.js';
import { badLayout, layoutMismatch, unknownFamily, unknownTruth } from './messages.js';
import type { BlockResult, BlockTask, ReplicateFailure, TaskResult } from './task.js';
import { truthVector, unknownTruthKeys, type Truth } from './truth.js';

interface Prepared {
  kernel: Kernel;
  slots: AccumulatorLayout;
  truth: TruthVector;
  record: Float64Array;
}

/** Every analysis and stratum block inside the record, none overlapping. */
function checkLayout(l: ReplicateLayout): void {
  const used = new Uint8Array(l.width);
  const claim = (offset: number, width: number, what: string): void => {
    if (!Number.isInteger(offset) || offset < 0 || offset + width > l.width) throw new Error(badLayout(`${what} at ${offset} runs past the record width ${l.width}`));
    for (let k = offset; k < offset + width; k++) {
      if (used[k] === 1) throw new Error(badLayout(`${what} at ${offset} overlaps another block`));
      used[k] = 1;
    }
  };
  for (const a of l.analyses) {
    claim(a.offset, ANALYSIS_WIDTH, `analysis ${a.id}`);
    for (const s of a.strata) claim(s.offset, STRATUM_WIDTH, `stratum ${a.id}/${s.label}`);
    if (a.tail !== undefined) claim(a.tail, TAIL_WIDTH, `tail of analysis ${a.id}`);
  }
  if (l.trial !== undefined) claim(l.trial, TRIAL_WIDTH, 'trial block');
  const q = l.sequential;
  if (q !== undefined) {
    if (!(Number.isInteger(q.analysis) && q.analysis >= 0 && q.analysis < l.analyses.length && Number.isInteger(q.looks) && q.looks >= 1))
      throw new Error(badLayout(`the group-sequential block names analysis ${q.analysis} with ${q.looks} looks`));
    claim(q.offset, SEQUENTIAL_WIDTH + q.looks * LOOK_WIDTH, 'group-sequential block');
  }
  const u = l.assurance;
  if (u !== undefined) {
    if (!(Number.isInteger(u.analysis) && u.analysis >= 0 && u.analysis < l.analyses.length && Array.isArray(u.edges) && u.edges.every((e, k) => Number.isFinite(e) && (k === 0 || e > u.edges[k - 1]))))
      throw new Error(badLayout(`the assurance block names analysis ${u.analysis} with edges ${JSON.stringify(u.edges)}`));
    claim(u.offset, ASSURANCE_WIDTH, 'assurance block');
  }
  const ids = l.analyses.map((a) => a.id);
  if (new Set(ids).size !== ids.length) throw new Error(badLayout(`analysis ids repeat (${ids.join(', ')})`));
}

function prepare(kernel: Kernel, truth: Truth | null, which: string): Prepared {
  checkLayout(kernel.layout);
  const unknown = unknownTruthKeys(truth, kernel.layout);
  if (unknown.length > 0) throw new Error(unknownTruth(which, unknown));
  return {
    kernel,
    slots: accumulatorLayout(kernel.layout),
    truth: truthVector(truth, kernel.layout),
    record: new Float64Array(kernel.layout.width),
  };
}

function familyIndices(layout: ReplicateLayout, family: readonly string[] | null): number[] {
  if (family === null) return layout.analyses.map((_, i) => i);
  return family.map((id) => {
    const i = layout.analyses.findIndex((a) => a.id === id);
    if (i < 0) throw new Error(unknownFamily(id, layout.analyses.map((a) => a.id)));
    return i;
  });
}

/** The layout as plain data (a kernel may hang anything on its object). */
export function plainLayout(l: ReplicateLayout): ReplicateLayout {
  return {
    analyses: l.analyses.map((a) => ({
      id: a.id,
      offset: a.offset,
      strata: a.strata.map((s) => ({ label: s.label, offset: s.offset })),
      ...(a.tail !== undefined ? { tail: a.tail } : {}),
    })),
    ...(l.trial !== undefined ? { trial: l.trial } : {}),
    width: l.width,
    ...(l.sequential !== undefined ? { sequential: { analysis: l.sequential.analysis, looks: l.sequential.looks, offset: l.sequential.offset } } : {}),
    ...(l.assurance !== undefined ? { assurance: { analysis: l.assurance.analysis, offset: l.assurance.offset, edges: [...l.assurance.edges], estimateBeyond: l.assurance.estimateBeyond } } : {}),
  };
}

function sameLayout(a: ReplicateLayout, b: ReplicateLayout): boolean {
  return JSON.stringify(plainLayout(a)) === JSON.stringify(plainLayout(b));
}

/** Replicate one kernel into `acc`; false when it threw (recorded in `failures`). */
function replicate(
  p: Prepared,
  family: readonly number[],
  seed: number,
  index: number,
  acc: Float64Array,
  run: ReplicateFailure['run'],
  failures: ReplicateFailure[],
): boolean {
  p.record.fill(NaN);
  try {
    p.kernel.run(seed, index, p.record);
  } catch (err) {
    failures.push({ run, index, message: err instanceof Error ? err.message : String(err) });
    return false;
  }
  addRecord(acc, p.slots, p.kernel.layout, p.record, p.truth, family);
  return true;
}

export function runBlocks(task: BlockTask, kernel: Kernel, nullKernel: Kernel | null): TaskResult {
  const alt = prepare(kernel, task.truth, 'truth');
  const nul = nullKernel === null ? null : prepare(nullKernel, task.nullTruth, 'nullTruth');
  if (nul !== null && !sameLayout(kernel.layout, nul.kernel.layout)) throw new Error(layoutMismatch());
  const family = familyIndices(kernel.layout, task.family);
  for (let i = 0; i < (task.warm ?? 0); i++) {
    // Kernels are pure: these records are thrown away and change nothing after.
    try {
      alt.kernel.run(task.seed, i, alt.record);
      nul?.kernel.run(task.seed, i, nul.record);
    } catch {
      break; // the run will meet it and record it
    }
  }
  const blocks: BlockResult[] = [];
  for (let b = task.firstBlock; b <= task.lastBlock; b++) {
    const acc = emptyAccumulator(alt.slots);
    const nullAcc = nul === null ? null : emptyAccumulator(nul.slots);
    const failures: ReplicateFailure[] = [];
    const sampled = sampledRange(b, task.blockSize, task.replicates, task.estimateSample);
    const sample = emptyBlockSample(kernel.layout, sampled.to - sampled.from);
    const end = Math.min(task.replicates, (b + 1) * task.blockSize);
    for (let i = b * task.blockSize; i < end; i++) {
      const ran = replicate(alt, family, task.seed, i, acc, 'alternative', failures);
      if (ran && i < sampled.to) takeEstimates(sample, i - sampled.from, kernel.layout, alt.record);
      if (nul !== null && nullAcc !== null) replicate(nul, family, task.seed, i, nullAcc, 'null', failures);
    }
    blocks.push({ block: b, acc, nullAcc, failures, sample });
  }
  return { design: task.design, layout: plainLayout(kernel.layout), blocks };
}
