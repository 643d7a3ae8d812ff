// Explicit random streams. Nothing in trialsim calls Math.random: every stage
// that needs randomness is handed a RandomStream, and the engine derives each
// replicate's stream from (scenario seed, replicate index, purpose), so a
// result never depends on worker count, batch size, shard or resume.
import seedrandom from 'seedrandom';

export interface RandomStream {
  /** Uniform on the open interval (0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/**
 * The stream for one purpose ("patients", "allocation", ...) of one replicate.
 * Alea (seedrandom.alea): fast, 2^116 period, seeded from a string, so
 * (seed, replicate, purpose) maps to an independent-looking stream.
 */
export function streamFor(seed: number, replicate: number, purpose: string): RandomStream {
  return fromUniform(seedrandom.alea(`${seed}/${replicate}/${purpose}`));
}

/** Wrap a uniform [0,1) source; normals by the Marsaglia polar method, spare cached. */
export function fromUniform(next: () => number): RandomStream {
  let spare = 0;
  let hasSpare = false;
  const uniform = (): number => {
    let u = next();
    while (u === 0) u = next();
    return u;
  };
  return {
    uniform,
    normal(): number {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      let u: number, v: number, s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * m;
      hasSpare = true;
      return u * m;
    },
  };
}
