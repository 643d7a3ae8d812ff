// Randomization: permuted blocks within strata (ProDERM: 1:1, blocks of 4,
// stratified by disease activity before enrolment) or simple randomization.
// Draws only from the allocation stream, so patient characteristics (the
// patients stream) are the same whichever arm a design puts a patient in.
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
}

export function createAllocation(design: DesignSpec, nStrata: number): AllocationState {
  const [c, t] = design.allocationRatio;
  const blockSize = design.blockSize ?? 0;
  const position = new Int32Array(nStrata).fill(blockSize);
  return {
    blockSize,
    treatedPerBlock: blockSize === 0 ? 0 : (blockSize * t) / (c + t),
    pTreatment: t / (c + t),
    blocks: new Uint8Array(Math.max(1, nStrata * blockSize)),
    position,
  };
}

/** Back to the state createAllocation returns (every block exhausted), for the next trial. */
export function resetAllocation(state: AllocationState): void {
  state.position.fill(state.blockSize);
}

/**
 * Arm (0 control, 1 treatment) of the next patient in `stratum`. A new block
 * is a Fisher-Yates shuffle drawing blockSize - 1 uniforms; simple
 * randomization draws one uniform per patient.
 */
export function allocate(state: AllocationState, stratum: number, stream: RandomStream): number {
  const B = state.blockSize;
  if (B === 0) return stream.uniform() < state.pTreatment ? 1 : 0;
  const blocks = state.blocks;
  const o = stratum * B;
  if (state.position[stratum] >= B) {
    for (let j = 0; j < B; j++) blocks[o + j] = j < state.treatedPerBlock ? 1 : 0;
    for (let j = B - 1; j > 0; j--) {
      const k = Math.floor(stream.uniform() * (j + 1));
      const tmp = blocks[o + j];
      blocks[o + j] = blocks[o + k];
      blocks[o + k] = tmp;
    }
    state.position[stratum] = 0;
  }
  return blocks[o + state.position[stratum]++];
}
