// Keys that another key overrides. A value that something else replaces at
// every design point has no effect on the run, so setting it is a mistake
// the user should hear about, not a silent no-op (issue 18: `--set
// design.sample_size=60` on a file that sweeps n_per_arm). Every such pair of
// the scenario's semantics is listed here:
//
//   1. a --set that a later --set of another key replaces (a mapping holding
//      it, or its alternative: sample_size / n_per_arm); the same key twice
//      is "the later wins", as for any option;
//   2. a --set whose alternative is swept: each point's swept value removes it;
//   3. two sweep axes that are alternatives of each other: the later removes
//      the earlier at every point;
//   4. a model parameter that a design key overrides: the models' default
//      dropout (ProDERM dropout_before_week16 / dropout_week16_to40, parametric
//      dropout) when design.dropout gives the same probability;
//   5. multiplicity.alpha under procedure none: each analysis is then tested
//      at its own alpha (analyses[].alpha), and the family alpha is unused.
//   6. design.dropout (and the models' default dropout) when
//      design.dropout_model is given: the outcome-dependent dropout replaces
//      the MCAR dropout of both arms before and after the primary week.
//
// Not errors, because the override is the point of them and the docs say so:
// a --set of a key the file gives, or of a key the file sweeps (the axis is
// dropped); a sweep value replacing the file's value; a --set or sweep of one
// alternative replacing the other that the file gives. Settings that do not
// apply to another key's choice (a threshold on a change endpoint, weights
// without the graphical procedure, covariates without ancova, n_per_arm sizes
// against an allocation ratio) are refused by the layer that reads them.
import { isPrefix, isRecord, own } from './keyPath.js';
import { MSG } from './messages.js';
import { ALTERNATIVE_KEYS } from './schema.js';
import type { KeyPath, Segment } from './sourceMap.js';

/** A --set as applied: its resolved path, and where it was written (the N-th --set, column). */
export interface SetAt {
  readonly path: Segment[];
  readonly line: number;
  readonly col: number;
}

/** A sweep axis: its key as written and its resolved path. */
export interface AxisAt {
  readonly key: string;
  readonly path: Segment[];
}

export interface SetConflict {
  /** The --set that has no effect (null: a sweep axis, `axis`). */
  readonly set: SetAt | null;
  readonly axis: AxisAt | null;
  readonly message: string;
}

const dotted = (path: KeyPath): string => path.join('.');

/** The alternative group member that `path` lies in or on, if any. */
function groupOf(path: KeyPath): { group: readonly (readonly string[])[]; member: readonly string[] } | null {
  for (const group of ALTERNATIVE_KEYS) {
    const member = group.find((p) => isPrefix(p, path));
    if (member !== undefined) return { group, member };
  }
  return null;
}

/** Does setting `by` remove the key at `path` (an alternative of it, or of a mapping holding it)? */
function removes(by: KeyPath, path: KeyPath): readonly string[] | null {
  const g = groupOf(by);
  if (g === null) return null;
  return g.group.find((other) => other !== g.member && isPrefix(other, path)) ?? null;
}

/**
 * Pairs 1–3: --sets that a later --set or a sweep axis overrides, and sweep
 * axes that a later axis overrides. `axes` are the axes left after the --sets
 * fixed theirs, in the sweep block's order.
 */
export function overriddenSets(sets: readonly SetAt[], axes: readonly AxisAt[]): SetConflict[] {
  const out: SetConflict[] = [];
  sets.forEach((s, k) => {
    if (s.path[0] === 'sweep') return;
    // The same key again is a plain "the later wins", as on any command line.
    const later = sets
      .slice(k + 1)
      .find((t) => t.path[0] !== 'sweep' && ((isPrefix(t.path, s.path) && t.path.length < s.path.length) || removes(t.path, s.path) !== null));
    if (later !== undefined) {
      out.push({ set: s, axis: null, message: MSG.setOverriddenBySet(dotted(s.path), dotted(later.path), later.line) });
      return;
    }
    const axis = axes.find((a) => removes(a.path, s.path) !== null);
    if (axis !== undefined) out.push({ set: s, axis: null, message: MSG.setOverriddenBySweep(dotted(s.path), axis.key) });
  });
  axes.forEach((a, i) => {
    const later = axes.slice(i + 1).find((b) => removes(b.path, a.path) !== null);
    if (later !== undefined) out.push({ set: null, axis: a, message: MSG.axisOverridden(a.key, later.key) });
  });
  return out;
}

/** Pairs 4 to 6, on one design point's data as written (defaults not filled in). */
export function overriddenKeys(point: unknown): { path: Segment[]; message: string }[] {
  if (!isRecord(point)) return [];
  const out: { path: Segment[]; message: string }[] = [];
  const multiplicity = own(point, 'multiplicity');
  if (isRecord(multiplicity) && own(multiplicity, 'alpha') !== undefined) {
    const procedure = own(multiplicity, 'procedure');
    if (procedure === undefined || procedure === 'none') out.push({ path: ['multiplicity', 'alpha'], message: MSG.familyAlphaUnused });
  }
  const model = own(point, 'model');
  const design = own(point, 'design');
  const params = isRecord(model) ? own(model, 'params') : undefined;
  const dropout = isRecord(design) ? own(design, 'dropout') : undefined;
  const dropoutModel = isRecord(design) ? own(design, 'dropout_model') : undefined;
  if (dropoutModel !== undefined && dropoutModel !== null) {
    // Pair 6: the outcome-dependent dropout replaces every MCAR dropout.
    // At each key given (a --set of one key is located at that --set).
    if (isRecord(dropout)) for (const key of Object.keys(dropout)) out.push({ path: ['design', 'dropout', key], message: MSG.keyOverridden('design.dropout_model') });
    else if (dropout !== undefined) out.push({ path: ['design', 'dropout'], message: MSG.keyOverridden('design.dropout_model') });
    const kind = isRecord(model) ? own(model, 'kind') : undefined;
    const mcarParams = kind === 'parametric' ? ['dropout'] : ['dropout_before_week16', 'dropout_week16_to40'];
    if (isRecord(params)) for (const param of mcarParams) if (own(params, param) !== undefined) out.push({ path: ['model', 'params', param], message: MSG.keyOverridden('design.dropout_model') });
    return out;
  }
  if (!isRecord(params) || !isRecord(dropout)) return out;
  const pairs: [string, string][] =
    own(model as Record<string, unknown>, 'kind') === 'parametric'
      ? [['dropout', 'before_primary']]
      : [
          ['dropout_before_week16', 'before_primary'],
          ['dropout_week16_to40', 'after_primary'],
        ];
  for (const [param, key] of pairs) {
    if (own(params, param) !== undefined && own(dropout, key) !== undefined) {
      out.push({ path: ['model', 'params', param], message: MSG.keyOverridden(`design.dropout.${key}`) });
    }
  }
  return out;
}
