// The parametric model's parameters: trials planned from plain assumptions
// ("CDASI-A change SD 10, difference -5, baseline correlation 0.5"). Exact
// distributions, so textbook designs can be checked against closed-form power.
import { didYouMean } from '../text/didYouMean.js';
import { cholesky } from './cholesky.js';

export interface PerArm {
  readonly control: number;
  readonly treatment: number;
}

export interface ParametricBaseline {
  readonly mean: number;
  readonly sd: number;
  /** Correlation of the baseline with the outcome as described by `scale` (the change, or the value), the same in both arms. */
  readonly correlation: number;
}

export interface ParametricNormalEndpoint {
  readonly id: string;
  readonly type: 'normal';
  /** 'change': mean and sd describe the change from baseline; 'value': the value at the primary week. */
  readonly scale: 'change' | 'value';
  readonly mean: PerArm;
  readonly sd: PerArm;
  /** A baseline covariate (week-0 value), or null for none. */
  readonly baseline: ParametricBaseline | null;
}

export interface ParametricBinaryEndpoint {
  readonly id: string;
  readonly type: 'binary';
  /** Probability of a 1 at the primary week. */
  readonly probability: PerArm;
}

export type ParametricEndpoint = ParametricNormalEndpoint | ParametricBinaryEndpoint;

export interface ParametricParams {
  /** The one follow-up visit (weeks); the cohort's visits are [0, primaryWeek]. */
  readonly primaryWeek: number;
  readonly endpoints: readonly ParametricEndpoint[];
  /**
   * Correlation of the endpoints' outcomes, endpoints in order, k x k, in the
   * Gaussian sense (binary endpoints: of their latent normals); null = independent.
   */
  readonly correlation: readonly (readonly number[])[] | null;
  /** 0 = treatment arm as control (the null), 1 = as given; in between, means, SDs and probabilities interpolate. */
  readonly effectScale: number;
  /** Default dropout before the primary week (design.dropout overrides). */
  readonly dropout: number;
}

type Result = { ok: true; params: ParametricParams } | { ok: false; errors: string[] };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function keysCheck(obj: Record<string, unknown>, allowed: readonly string[], where: string, errors: string[]): void {
  for (const k of Object.keys(obj)) {
    if (allowed.includes(k)) continue;
    const near = didYouMean(k, allowed);
    errors.push(`${where}.${k}: unknown setting${near ? ` (did you mean '${near}'?)` : ''}`);
  }
}

function perArm(x: unknown, where: string, errors: string[], check: (v: number) => string | null): PerArm | null {
  if (isNum(x)) {
    const msg = check(x);
    if (msg) errors.push(`${where}: ${msg} (got ${x})`);
    return { control: x, treatment: x };
  }
  if (!isRecord(x)) {
    errors.push(`${where}: expected {control, treatment}`);
    return null;
  }
  keysCheck(x, ['control', 'treatment'], where, errors);
  let ok = true;
  for (const arm of ['control', 'treatment'] as const) {
    const v = x[arm];
    if (!isNum(v)) {
      errors.push(`${where}.${arm}: expected a number`);
      ok = false;
      continue;
    }
    const msg = check(v);
    if (msg) {
      errors.push(`${where}.${arm}: ${msg} (got ${v})`);
      ok = false;
    }
  }
  return ok ? { control: x.control as number, treatment: x.treatment as number } : null;
}

const ID = /^[a-z][a-z0-9_]*$/;

/** Validate user settings into ParametricParams; unknown keys are errors. */
export function resolveParametricParams(input: unknown): Result {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['model.params: expected {endpoints, correlation, primaryWeek, effectScale, dropout}'] };
  keysCheck(input, ['primaryWeek', 'endpoints', 'correlation', 'effectScale', 'dropout'], 'model.params', errors);
  const primaryWeek = input.primaryWeek ?? 16;
  if (!isNum(primaryWeek) || primaryWeek <= 0) errors.push('model.params.primaryWeek: expected a positive number of weeks');
  const effectScale = input.effectScale ?? 1;
  if (!isNum(effectScale) || effectScale < 0 || effectScale > 5) errors.push('model.params.effectScale: expected a number in [0, 5]');
  const dropout = input.dropout ?? 0;
  if (!isNum(dropout) || dropout < 0 || dropout >= 1) errors.push('model.params.dropout: expected a probability in [0, 1)');

  const endpoints: ParametricEndpoint[] = [];
  if (!Array.isArray(input.endpoints) || input.endpoints.length === 0) {
    errors.push('model.params.endpoints: expected a non-empty list');
  } else {
    const seen = new Set<string>();
    input.endpoints.forEach((raw: unknown, i: number) => {
      const where = `model.params.endpoints[${i}]`;
      if (!isRecord(raw)) {
        errors.push(`${where}: expected an endpoint {id, type, ...}`);
        return;
      }
      const id = raw.id;
      if (typeof id !== 'string' || !ID.test(id)) {
        errors.push(`${where}.id: expected a lower-case identifier (letters, digits, _), e.g. cdasi_a`);
        return;
      }
      if (seen.has(id)) errors.push(`${where}.id: '${id}' is used twice`);
      seen.add(id);
      if (raw.type === 'binary') {
        keysCheck(raw, ['id', 'type', 'probability'], where, errors);
        const probability = perArm(raw.probability, `${where}.probability`, errors, (v) => (v >= 0 && v <= 1 ? null : 'expected a probability in [0, 1]'));
        if (probability) endpoints.push({ id, type: 'binary', probability });
      } else if (raw.type === 'normal') {
        keysCheck(raw, ['id', 'type', 'scale', 'mean', 'sd', 'baseline'], where, errors);
        const scale = raw.scale ?? 'change';
        if (scale !== 'change' && scale !== 'value') errors.push(`${where}.scale: expected 'change' or 'value'`);
        const mean = perArm(raw.mean, `${where}.mean`, errors, () => null);
        const sd = perArm(raw.sd, `${where}.sd`, errors, (v) => (v > 0 ? null : 'expected a positive SD'));
        let baseline: ParametricBaseline | null = null;
        if (raw.baseline !== undefined && raw.baseline !== null) {
          const b = raw.baseline;
          if (!isRecord(b)) errors.push(`${where}.baseline: expected {mean, sd, correlation}`);
          else {
            keysCheck(b, ['mean', 'sd', 'correlation'], `${where}.baseline`, errors);
            const r = b.correlation ?? 0;
            if (!isNum(b.mean)) errors.push(`${where}.baseline.mean: expected a number`);
            if (!isNum(b.sd) || b.sd <= 0) errors.push(`${where}.baseline.sd: expected a positive SD`);
            if (!isNum(r) || r <= -1 || r >= 1) errors.push(`${where}.baseline.correlation: expected a number in (-1, 1)`);
            if (isNum(b.mean) && isNum(b.sd) && b.sd > 0 && isNum(r) && Math.abs(r) < 1) baseline = { mean: b.mean, sd: b.sd, correlation: r };
          }
        }
        if (mean && sd && (scale === 'change' || scale === 'value')) endpoints.push({ id, type: 'normal', scale, mean, sd, baseline });
      } else {
        const near = typeof raw.type === 'string' ? didYouMean(raw.type, ['normal', 'binary']) : undefined;
        errors.push(`${where}.type: expected 'normal' or 'binary'${near ? ` (did you mean '${near}'?)` : ''}`);
      }
    });
  }

  let correlation: number[][] | null = null;
  if (input.correlation !== undefined && input.correlation !== null) {
    const c = input.correlation;
    const k = Array.isArray(input.endpoints) ? input.endpoints.length : 0;
    if (!Array.isArray(c) || c.length !== k || !c.every((r: unknown) => Array.isArray(r) && r.length === k && r.every(isNum))) {
      errors.push(`model.params.correlation: expected a ${k} x ${k} matrix of numbers (endpoints in order)`);
    } else {
      const m = c as number[][];
      for (let i = 0; i < k; i++) {
        if (m[i][i] !== 1) errors.push(`model.params.correlation[${i}][${i}]: the diagonal must be 1`);
        for (let j = 0; j < i; j++) {
          if (m[i][j] !== m[j][i]) errors.push(`model.params.correlation[${i}][${j}]: not symmetric`);
          if (!(Math.abs(m[i][j]) < 1)) errors.push(`model.params.correlation[${i}][${j}]: must lie in (-1, 1)`);
        }
      }
      if (errors.length === 0 && cholesky(m) === null) errors.push('model.params.correlation: not positive definite');
      correlation = m;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: { primaryWeek: primaryWeek as number, endpoints, correlation, effectScale: effectScale as number, dropout: dropout as number } };
}
