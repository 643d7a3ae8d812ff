// Explicit random streams. Nothing in trialsim uses the global generator: every stage
// that needs randomness is handed a RandomStream, and the engine derives each
// replicate's stream from (scenario seed, replicate index, purpose), so a
// result never depends on worker count, batch size, shard or resume.
//
// The generator is Baagøe's Alea, exactly as seedrandom.alea computes it
// (same seeding, same numbers: tested against seedrandom), written out here
// so that the simulation's hot loop draws a patient's whole block of uniforms
// in one call, with the state in local variables, and so that a stream can be
// re-seeded in place instead of allocated per replicate.

export interface RandomStream {
  /** Uniform on the open interval (0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** out[offset .. offset + count) = the next `count` values of uniform(), drawn in order (offset defaults to 0). */
  uniforms(out: Float64Array, count: number, offset?: number): void;
  /** Pass over the next `count` values of uniform(): the stream is then where uniforms(_, count) leaves it. */
  skip(count: number): void;
}

const TWO_M32 = 2.3283064365386963e-10; // 2^-32

/**
 * Baagøe's Mash hash as seedrandom's alea uses it: a fresh Mash hashes ' '
 * three times (fixed starting values, computed once below), then the seed
 * string three times, continuing its state.
 */
function mashStep(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  return n;
}

const MASH_START = 0xefc8249d;
const SPACE_N1 = mashStep(MASH_START, ' ');
const SPACE_N2 = mashStep(SPACE_N1, ' ');
const SPACE_N3 = mashStep(SPACE_N2, ' ');
const SPACE_S0 = (SPACE_N1 >>> 0) * TWO_M32;
const SPACE_S1 = (SPACE_N2 >>> 0) * TWO_M32;
const SPACE_S2 = (SPACE_N3 >>> 0) * TWO_M32;

/**
 * An Alea stream. Its numbers are those of seedrandom.alea(key) passed
 * through fromUniform: zeros are skipped, normals by the polar method.
 */
export class AleaStream implements RandomStream {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 1;
  private spare = 0;
  private hasSpare = false;

  constructor(key: string) {
    this.reseed(key);
  }

  /** Start over as the stream of `key` (no allocation: one stream object serves every replicate). */
  reseed(key: string): void {
    let n = mashStep(SPACE_N3, key);
    let s0 = SPACE_S0 - (n >>> 0) * TWO_M32;
    n = mashStep(n, key);
    let s1 = SPACE_S1 - (n >>> 0) * TWO_M32;
    n = mashStep(n, key);
    let s2 = SPACE_S2 - (n >>> 0) * TWO_M32;
    if (s0 < 0) s0 += 1;
    if (s1 < 0) s1 += 1;
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = 1;
    this.hasSpare = false;
    this.spare = 0;
  }

  /** The raw generator, [0, 1). */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const c = t | 0;
    this.c = c;
    return (this.s2 = t - c);
  }

  uniform(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  uniforms(out: Float64Array, count: number, offset = 0): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let c = this.c;
    for (let j = 0; j < count; j++) {
      // Alea's step t = 2091639 s0 + c 2^-32, c' = floor(t), s' = t - c', in
      // exact arithmetic (every term is a multiple of 2^-32 below 2^21). The
      // carry is floor(2091639 s0) or one more, found without waiting for the
      // previous carry, which breaks the step-to-step dependency chain.
      let u: number;
      do {
        const a = 2091639 * s0;
        let k = a | 0;
        const t = a + c * TWO_M32;
        if (t - k >= 1) k++;
        s0 = s1;
        s1 = s2;
        s2 = t - k;
        c = k;
        u = s2;
      } while (u === 0);
      out[offset + j] = u;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = c;
  }

  skip(count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let c = this.c;
    // uniforms()'s step without the stores: about twice as fast, bound by
    // the step-to-step dependency. A raw 0 is not a value of uniform().
    // Written out again on purpose: one shared loop with an optional output
    // measured slower for both (30 + 36 uniforms: 200 ns against 139 ns).
    for (let j = 0; j < count; ) {
      const a = 2091639 * s0;
      let k = a | 0;
      const t = a + c * TWO_M32;
      if (t - k >= 1) k++;
      s0 = s1;
      s1 = s2;
      s2 = t - k;
      c = k;
      if (s2 !== 0) j++;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.c = c;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }
}

/** The key of one stream: what seedrandom.alea was seeded with. */
export function streamKey(seed: number, replicate: number, purpose: string): string {
  return `${seed}/${replicate}/${purpose}`;
}

/**
 * The stream for one purpose ("patients", "allocation", ...) of one replicate.
 * Alea: fast, 2^116 period, seeded from a string, so (seed, replicate,
 * purpose) maps to an independent-looking stream.
 */
export function streamFor(seed: number, replicate: number, purpose: string): AleaStream {
  return new AleaStream(streamKey(seed, replicate, purpose));
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
    uniforms(out: Float64Array, count: number, offset = 0): void {
      for (let j = 0; j < count; j++) out[offset + j] = uniform();
    },
    skip(count: number): void {
      for (let j = 0; j < count; j++) uniform();
    },
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
