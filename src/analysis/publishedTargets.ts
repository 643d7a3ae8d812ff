// The published figures of data/proderm-targets.yaml, flattened to one
// record per number, keyed by its YAML path ("week16.cdasi_a.ancova.difference_ci95.0").
//
// The caller parses the YAML (the CLI reads the file with the `yaml`
// package); this module walks the parsed document, so it stays free of I/O.
// Printed inequalities ("<0.0001", ">0.70") are kept as such: a simulated
// trial is compared with them by the share of trials that satisfy them.

export const RELATIONS = ['=', '<', '<=', '>', '>='] as const;
export type Relation = (typeof RELATIONS)[number];

export interface PublishedTarget {
  /** Dotted YAML path; list items by index. */
  readonly path: string;
  readonly value: number;
  /** '=' for a printed number; otherwise the printed inequality, e.g. p "<0.0001". */
  readonly relation: Relation;
  /** true when the path falls under `validation_only` (held out of calibration). */
  readonly heldOut: boolean;
}

export interface PublishedTargets {
  readonly targets: readonly PublishedTarget[];
  /** The `validation_only` prefixes as listed. */
  readonly validationOnly: readonly string[];
}

/** Top-level sections that are not targets: the held-out list itself, and starting values. */
const NOT_TARGETS = new Set(['validation_only', 'derived']);

const INEQUALITY = /^\s*(<=|>=|<|>|≤|≥)\s*(-?\d+(?:\.\d+)?)\s*$/;

function relationOf(symbol: string): Relation {
  switch (symbol) {
    case '≤':
    case '<=':
      return '<=';
    case '≥':
    case '>=':
      return '>=';
    case '<':
      return '<';
    default:
      return '>';
  }
}

/** A path is held out when a validation_only entry equals it or is a prefix ending at a dot. */
export function isHeldOut(path: string, validationOnly: readonly string[]): boolean {
  return validationOnly.some((p) => path === p || path.startsWith(p + '.'));
}

/**
 * Flatten a parsed targets document. Numbers are targets; strings that are a
 * printed inequality are targets with that relation; other strings (where,
 * note, definition, ...) and booleans are not.
 */
export function publishedTargets(doc: unknown): PublishedTargets {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error('proderm targets: expected a mapping at the top of the document');
  }
  const entries = Object.entries(doc);
  const vo = entries.find(([k]) => k === 'validation_only')?.[1];
  const validationOnly: string[] = [];
  if (Array.isArray(vo)) for (const p of vo) if (typeof p === 'string') validationOnly.push(p);
  const targets: PublishedTarget[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'number') {
      targets.push({ path, value: node, relation: '=', heldOut: isHeldOut(path, validationOnly) });
    } else if (typeof node === 'string') {
      const m = INEQUALITY.exec(node);
      if (m !== null) targets.push({ path, value: Number(m[2]), relation: relationOf(m[1]), heldOut: isHeldOut(path, validationOnly) });
    } else if (Array.isArray(node)) {
      node.forEach((item: unknown, i) => walk(item, `${path}.${i}`));
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
    }
  };
  for (const [k, v] of entries) if (!NOT_TARGETS.has(k)) walk(v, k);
  return { targets, validationOnly };
}
