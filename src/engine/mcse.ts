// Performance measures and their Monte Carlo standard errors, following
// Morris, White & Crowther (2019), "Using simulation studies to evaluate
// statistical methods", Stat Med 38:2074–2102, Table 6. Each returns a Metric:
// the estimate, its MCSE and the number of replicates it rests on; a measure
// with too few replicates is null, never NaN.

export interface Metric {
  estimate: number | null;
  mcse: number | null;
  /** Replicates the measure rests on (the others were not estimable or had no value). */
  n: number;
}

const none = (n: number): Metric => ({ estimate: null, mcse: null, n });

/** A share (power, type I error, coverage): p̂ with MCSE √(p̂(1 − p̂)/n). */
export function proportion(hits: number, n: number): Metric {
  if (n === 0) return none(n);
  const p = hits / n;
  return { estimate: p, mcse: Math.sqrt((p * (1 - p)) / n), n };
}

/** A mean (mean estimate, mean model SE, mean CI width) with MCSE s/√n. */
export function mean(n: number, mu: number, m2: number): Metric {
  if (n === 0) return none(n);
  return { estimate: mu, mcse: n >= 2 ? Math.sqrt(m2 / (n * (n - 1))) : null, n };
}

/**
 * Bias θ̄̂ − θ with MCSE √(Σ(θ̂ᵢ − θ̄̂)² / (n(n − 1)) + SE(θ)²): the truth θ,
 * when simulated, carries its own error SE(θ), independent of the replicates'
 * (its population has streams of its own), and the bias inherits it (0 when
 * the truth is exact).
 */
export function bias(n: number, mu: number, m2: number, truth: number, truthSE = 0): Metric {
  const m = mean(n, mu, m2);
  if (m.estimate === null) return m;
  const s = Number.isFinite(truthSE) ? truthSE : 0;
  return { estimate: m.estimate - truth, mcse: m.mcse === null ? null : Math.sqrt(m.mcse * m.mcse + s * s), n };
}

/**
 * Coverage of a truth that carries its own error: p̂ = hits/n against the
 * truth θ, with MCSE √(p̂(1 − p̂)/n + δ²), where δ = (hitsHigh − hitsLow)/(2n)
 * is the change of coverage when θ moves by one of its own SEs (the coverage
 * counted at θ + SE and θ − SE, from the same replicates): the first-order
 * effect of the truth's error on p̂ (delta method). δ = 0 for an exact truth.
 */
export function coverage(hits: number, n: number, hitsLow: number, hitsHigh: number): Metric {
  const m = proportion(hits, n);
  if (m.estimate === null || m.mcse === null) return m;
  const d = (hitsHigh - hitsLow) / (2 * n);
  return d === 0 ? m : { ...m, mcse: Math.sqrt(m.mcse * m.mcse + d * d) };
}

/** Empirical SE √(Σ(θ̂ᵢ − θ̄̂)²/(n − 1)) with MCSE EmpSE/√(2(n − 1)). */
export function empiricalSE(n: number, m2: number): Metric {
  if (n < 2) return none(n);
  const s = Math.sqrt(m2 / (n - 1));
  return { estimate: s, mcse: s / Math.sqrt(2 * (n - 1)), n };
}

/**
 * RMSE from the moments of the squared error eᵢ = (θ̂ᵢ − θ)²: MSE = ē with MCSE
 * √(Σ(eᵢ − ē)²/(n(n − 1))) (Morris et al.), carried to √MSE by the delta method.
 */
export function rmse(n: number, meanSquaredError: number, m2: number): Metric {
  if (n === 0) return none(n);
  const r = Math.sqrt(meanSquaredError);
  const mseMcse = n >= 2 ? Math.sqrt(m2 / (n * (n - 1))) : null;
  return { estimate: r, mcse: mseMcse === null || r === 0 ? null : mseMcse / (2 * r), n };
}
