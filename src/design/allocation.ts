// Randomization: permuted blocks within strata (ProDERM: 1:1, blocks of 4,
// stratified by disease activity before enrolment) or simple randomization.
// Draws only from the allocation stream, so patient characteristics (the
// patients stream) are the same whichever arm a design puts a patient in.
//
// Exact arms (n_per_arm, DesignSpec.exactArms): each arm gets exactly its
// share, as a statistician who asks for n per arm expects.
//   - A block begun when fewer patients are left to enrol than a block holds
//     is cut to those patients and holds exactly what each arm still needs,
//     shuffled: the final incomplete block is balanced. Without strata every
//     block before it is complete and in the ratio, so this alone makes the
//     arms exact (75 per arm in blocks of 4: 37 blocks, then one of 2 with 1 + 1).
//   - With strata, other strata's open blocks can still be part-used at the
//     end, and with simple randomization there are no blocks: an arm that is
//     full takes no more patients, the rest go to the other arm (for simple
//     randomization this is the truncated binomial design, Blackwell & Hodges 1957).
// Without exactArms (sample_size) nothing here changes: the arms are what the
// blocks give, e.g. ProDERM's 47/48 of 95 with an incomplete block per stratum.
import type { RandomStream } from '../random/stream.js';
import type { DesignSpec } from './designSpec.js';

/** Per-trial randomization state: the current block of each stratum. */
export interface AllocationState {
  readonly blockSize: number; // 0 = simple randomization
  readonly treatedPerBlock: number;
  readonly pTreatment: number;
  /** nStrata × blockSize arm codes. */
  readonly blocks: Uint8Array;
  /** Next position in each stratum's block (blockSize = exhausted). */
  readonly position: Int32Array;
  /** Exact arms: the patients each arm is to get ([control, treatment]); null otherwise. */
  readonly target: Int32Array | null;
  /** Exact arms: the patients given to each arm so far in this trial. */
  readonly count: Int32Array;
}

export function createAllocation(design: DesignSpec, nStrata: number): AllocationState {
  const [c, t] = design.allocationRatio;
  const blockSize = design.blockSize ?? 0;
  const position = new Int32Array(nStrata).fill(blockSize);
  const n = design.sampleSize;
  return {
    blockSize,
    treatedPerBlock: blockSize === 0 ? 0 : (blockSize * t) / (c + t),
    pTreatment: t / (c + t),
    blocks: new Uint8Array(Math.max(1, nStrata * blockSize)),
    position,
    target: design.exactArms === true ? Int32Array.of((n * c) / (c + t), (n * t) / (c + t)) : null,
    count: new Int32Array(2),
  };
}

/** Back to the state createAllocation returns (every block exhausted), for the next trial. */
export function resetAllocation(state: AllocationState): void {
  state.position.fill(state.blockSize);
  state.count.fill(0);
}

/**
 * Arm (0 control, 1 treatment) of the next patient in `stratum`. A new block
 * is a Fisher-Yates shuffle drawing (its length - 1) uniforms; simple
 * randomization draws one uniform per patient.
 */
export function allocate(state: AllocationState, stratum: number, stream: RandomStream): number {
  const B = state.blockSize;
  const target = state.target;
  let arm: number;
  if (B === 0) arm = stream.uniform() < state.pTreatment ? 1 : 0;
  else {
    const blocks = state.blocks;
    const o = stratum * B;
    if (state.position[stratum] >= B) {
      // A whole block, or (exact arms, fewer left than a block) the last
      // `left` slots of it holding what each arm still needs.
      let from = 0;
      let treated = state.treatedPerBlock;
      if (target !== null) {
        const left = target[0] + target[1] - state.count[0] - state.count[1];
        if (left < B) {
          from = B - left;
          treated = target[1] - state.count[1];
        }
      }
      for (let j = from; j < B; j++) blocks[o + j] = j - from < treated ? 1 : 0;
      for (let j = B - 1; j > from; j--) {
        const k = from + Math.floor(stream.uniform() * (j - from + 1));
        const tmp = blocks[o + j];
        blocks[o + j] = blocks[o + k];
        blocks[o + k] = tmp;
      }
      state.position[stratum] = from;
    }
    arm = blocks[o + state.position[stratum]++];
  }
  if (target !== null) {
    if (state.count[arm] >= target[arm]) arm = 1 - arm;
    state.count[arm]++;
  }
  return arm;
}
