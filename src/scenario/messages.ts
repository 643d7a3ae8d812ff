// Every message a scenario file can earn, in one place. Each is the part after
// "file:line:col key.path: ", so it reads as a sentence about that key.

/** Characters of the user's text a message quotes at most (a 50 MB value is not echoed back). */
export const MAX_QUOTED = 60;

/** Text from the input, cut short for a message. */
export function clip(text: string, max = MAX_QUOTED): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A value as the user wrote it, for "(got ...)". */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length <= MAX_QUOTED ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_QUOTED))}… (${value.length} characters)`;
  if (typeof value === 'number') return Number.isNaN(value) ? '.nan' : value === Infinity ? '.inf' : value === -Infinity ? '-.inf' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  return 'a mapping';
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : shown(v))).join(', ');
}

const suggest = (s: string | undefined): string => (s === undefined ? '' : `; did you mean "${s}"?`);

export const MSG = {
  // YAML syntax
  yamlSyntax: (detail: string) => `malformed YAML: ${detail}`,
  unresolvedAlias: (source: string) => `alias *${source} has no anchor &${source} before it`,
  unsupportedScalar: (text: string) => `unsupported value ${text}`,
  unsupportedNode: 'unsupported YAML node',
  nonStringKey: 'keys must be plain names, not lists or mappings',
  duplicateKey: 'Map keys must be unique',
  tooDeep: (max: number) => `lists and mappings are nested more than ${max} levels deep (a scenario needs fewer than 10)`,
  aliasBomb: (max: number) => `aliases expand to more than ${max} values (aliases of aliases multiply); write the values out, or use fewer aliases`,
  aliasInsideItself: (source: string) => `alias *${source} is inside the value its anchor &${source} names, so it would never end`,
  tooManyProblems: (more: number, shownCount: number) => `… and ${more} more problem${more === 1 ? '' : 's'} (only the first ${shownCount} are listed)`,
  emptyFile: 'the file is empty: a scenario is a mapping with at least name, seed, replicates, model, design and analyses',

  // schema
  unknownKey: (key: string, suggestion: string | undefined, allowed: readonly string[]) =>
    suggestion !== undefined
      ? `unknown key "${clip(key)}"; did you mean "${suggestion}"?`
      : `unknown key "${clip(key)}"; allowed here: ${allowed.join(', ')}`,
  missingKey: (key: string, hint?: string) => `missing required key "${clip(key)}"${hint !== undefined ? ` (${hint})` : ''}`,
  wrongType: (types: readonly string[], got: unknown) => `must be ${types.map(typeName).join(' or ')} (got ${shown(got)})`,
  notAllowed: (allowed: readonly unknown[], got: unknown, suggestion: string | undefined) =>
    `must be one of: ${quoteList(allowed)} (got ${shown(got)}${suggest(suggestion)})`,
  positive: (got: unknown) => `must be positive (got ${shown(got)})`,
  atLeast: (limit: number, got: unknown) => `must be at least ${limit} (got ${shown(got)})`,
  atMost: (limit: number, got: unknown) => `must be at most ${limit} (got ${shown(got)})`,
  greaterThan: (limit: number, got: unknown) => `must be greater than ${limit} (got ${shown(got)})`,
  lessThan: (limit: number, got: unknown) => `must be less than ${limit} (got ${shown(got)})`,
  tooFewItems: (min: number, got: number) => `must have at least ${min} item${min === 1 ? '' : 's'} (got ${got})`,
  tooManyItems: (max: number, got: number) => `must have at most ${max} item${max === 1 ? '' : 's'} (got ${got})`,
  repeatedItems: (i: number, j: number) => `must not repeat a value (items ${i} and ${j} are the same)`,
  emptyString: 'must not be empty',
  notIdentifier: (got: unknown) =>
    `must be a name of letters, digits, _ and -, starting with a letter (got ${shown(got)})`,
  tooLong: (max: number) => `must be at most ${max} characters long`,
  invalid: (detail: string) => `is invalid: ${detail}`,

  // the model / design / analysis layers' own checks, relayed
  relayed: (detail: string) => detail,

  // cross-field rules
  duplicateId: (id: string, first: number) => `analysis id "${clip(id)}" is already used by analysis ${first + 1}`,
  unknownMeasure: (measure: string, known: readonly string[], suggestion: string | undefined) =>
    `the model has no measure "${clip(measure)}"${suggest(suggestion)}${suggestion === undefined ? ` (measures: ${known.join(', ')})` : ''}`,
  sizeTwice: 'give sample_size or n_per_arm, not both',
  equalArmsOnly: 'one number means equal arms, but the allocation is unequal: give n_per_arm as {control, treatment}, or sample_size',
  blockNotMultiple: (block: number, c: number, t: number) =>
    `a block of ${block} cannot hold the ratio ${c}:${t}: use a multiple of ${c + t}, or null for simple randomization`,
  notIncreasing: (value: number, previous: number) => `cut points must increase (got ${shown(value)} after ${shown(previous)})`,
  noBounds: 'give min, max or both',
  maxBelowMin: (max: number, min: number) => `max must not be below min (got max ${shown(max)}, min ${shown(min)})`,

  // --set
  setSyntax: (arg: string) => `--set takes key.path=value, e.g. --set design.n_per_arm=40 (got ${shown(arg)})`,
  setEmptyPath: 'the key path before "=" is empty',
  setValueSyntax: (detail: string) => `the value is not valid YAML: ${detail}`,
  badPathSegment: (segment: string, suggestion: string | undefined, allowed: readonly string[]) =>
    suggestion !== undefined
      ? `no key "${segment}" here; did you mean "${suggestion}"?`
      : allowed.length > 0
        ? `no key "${segment}" here; allowed: ${allowed.join(', ')}`
        : `no key "${segment}" here: the value at this point has no keys`,
  badIndex: (segment: string, length: number) =>
    length === 0
      ? `no item "${clip(segment)}": the list is empty`
      : `no item "${clip(segment)}": use an index 0 to ${length - 1} or an analysis id`,
  notAnId: (segment: string, ids: readonly string[], suggestion: string | undefined) =>
    `no analysis with id "${clip(segment)}"${suggest(suggestion)}${suggestion === undefined && ids.length > 0 ? ` (ids: ${ids.join(', ')})` : ''}`,

  // sweeps
  sweepNotGrid: 'sweep values must be a list, e.g. [30, 40, 50]',
  notSweepable: (root: string, sweepable: readonly string[]) =>
    `"${clip(root)}" is a setting of the whole run and cannot be swept; sweep keys under ${sweepable.join(', ')}`,
  emptySegment: 'the key path has an empty part (two dots in a row, or a dot at an end)',
  atPoint: (label: string) => `(at design point ${label})`,
  sweepSelf: 'a sweep cannot sweep the sweep itself',
  sweepNested: (other: string) => `overlaps the swept key "${clip(other)}": sweep one or the other`,
  sweepTooLarge: (points: number, max: number) => `the grid has ${points} design points; at most ${max} are allowed`,

  // keys another key overrides (precedence.ts)
  setOverriddenBySet: (path: string, by: string, line: number) =>
    `has no effect: --set ${by} (--set number ${line}) replaces ${path}; give one of them`,
  setOverriddenBySweep: (path: string, axis: string) =>
    `has no effect: the sweep of ${axis} replaces ${path} at every design point; set ${axis} instead (that fixes the sweep axis)`,
  axisOverridden: (key: string, by: string) => `the sweep of ${by} replaces ${key} at every design point: sweep one of them`,
  keyOverridden: (by: string) => `has no effect: ${by} overrides it; give one of them`,
  familyAlphaUnused:
    'has no effect: with procedure none each analysis is tested at its own alpha (analyses[].alpha); give a procedure, or set the analyses’ alpha',
  nPerArmNotRatio: (c: number, t: number, ac: number, at: number) =>
    `${c} control and ${t} treatment patients are not in the allocation ratio ${ac}:${at}; give one of them (n_per_arm as {control, treatment} sets the ratio)`,
  noVisitAfterPrimary: 'has no effect: the parametric model has no visit after the primary week',

  // designs that cannot answer (estimable.ts)
  armTooSmall: (min: number, nc: number, nt: number, n: number, c: number, t: number) =>
    `each arm needs at least ${min} patients for an analysis to be estimable (this design plans ${nc} control and ${nt} treatment patients: ${n} at ${c}:${t})`,
  ancovaTooSmall: (id: string, n: number, parameters: number) =>
    `analysis ${id} (ancova) fits ${parameters} parameters and needs more than ${parameters} patients (this design plans ${n})`,
  screensTooMany: (eligible: number, screened: number, multiple: number) =>
    eligible === 0
      ? `no patient meets the eligibility rules (none of ${screened.toLocaleString('en-US')} drawn from the model in a check): no trial could enrol anyone`
      : `only ${eligible} of ${screened.toLocaleString('en-US')} patients drawn from the model in a check meet the eligibility rules: each trial would screen more than ${multiple} times its sample size (the limit); widen the rules`,
  noBaseline: (measure: string, type: string, method: string) =>
    type === 'change' || type === 'reduction_responder'
      ? `a ${type} endpoint needs a week-0 value, and ${measure} has none in the model (analyse its value, or give it a baseline)`
      : `${method} adjusts for the week-0 value of ${measure}, which has none in the model; use a method without covariates (ttest, welch, wilcoxon) or give the endpoint a baseline`,
  constantBaseline: (measure: string, value: string) =>
    `ancova adjusts for the week-0 value of ${measure}, which is ${value} for every patient (the model gives it no baseline): the fit is singular; use ttest, welch or wilcoxon, or give the endpoint a baseline`,
  nobodyAbove: (measure: string, limit: string, eligible: number, largest: string | null) =>
    `no patient has a week-0 ${measure} above ${limit} (none of ${eligible.toLocaleString('en-US')} eligible patients drawn from the model in a check${largest === null ? '' : `; the largest was ${largest}`}): the analysis would never have anyone to analyse`,
  emptyStratum: (measure: string, label: string, eligible: number) =>
    `no patient falls in the stratum ${label} of week-0 ${measure} (none of ${eligible.toLocaleString('en-US')} eligible patients drawn from the model in a check): its results would never be estimable`,
  noDiscontinuation: (strategy: string) =>
    `has no effect: the design has no treatment discontinuation (design.discontinuation), so a ${strategy.replace(/_/g, ' ')} strategy for it handles nothing; give design.discontinuation or remove the strategy`,
} as const;
