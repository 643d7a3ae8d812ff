// A strict reader of untrusted plain data (parsed YAML / JSON): every access
// checks the type, unknown keys are errors, and every message carries the
// path of the offending value, e.g.
//   analyses[1].endpoint.week: must be one of the visits 0, 4, ... (got 15)
// No `as T` casts of input: values are narrowed by checks.

export class SpecError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'SpecError';
    this.path = path;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return `'${x}'`;
  if (typeof x === 'object') return 'a mapping';
  return String(x);
}

/** YAML writes Infinity as .inf; JSON cannot, so "inf" / "Infinity" strings are accepted too. */
function asNumber(x: unknown): number | null {
  if (typeof x === 'number' && !Number.isNaN(x)) return x;
  if (x === 'inf' || x === 'Infinity' || x === '.inf') return Infinity;
  if (x === '-inf' || x === '-Infinity' || x === '-.inf') return -Infinity;
  return null;
}

export class SpecReader {
  private constructor(
    readonly obj: Readonly<Record<string, unknown>>,
    readonly path: string,
  ) {}

  static object(raw: unknown, path: string): SpecReader {
    if (!isRecord(raw)) throw new SpecError(path, `expected a mapping (got ${describe(raw)})`);
    return new SpecReader(raw, path);
  }

  static list(raw: unknown, path: string): SpecReader[] {
    if (!Array.isArray(raw)) throw new SpecError(path, `expected a list (got ${describe(raw)})`);
    return raw.map((item: unknown, i) => SpecReader.object(item, `${path}[${i}]`));
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  fail(key: string, problem: string): never {
    throw new SpecError(this.at(key), problem);
  }

  /** Unknown keys are errors (a typo must not silently fall back to a default). */
  only(keys: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!keys.includes(k)) throw new SpecError(this.at(k), `unknown key; expected one of ${keys.join(', ')}`);
    }
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  child(key: string): SpecReader {
    if (!this.has(key)) this.fail(key, 'missing');
    return SpecReader.object(this.obj[key], this.at(key));
  }

  string(key: string, fallback?: string): string {
    const v = this.obj[key];
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      this.fail(key, 'missing');
    }
    if (typeof v !== 'string' || v.length === 0) this.fail(key, `expected a non-empty string (got ${describe(v)})`);
    return v;
  }

  number(key: string, fallback?: number): number {
    const v = this.obj[key];
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      this.fail(key, 'missing');
    }
    const x = asNumber(v);
    if (x === null) this.fail(key, `expected a number (got ${describe(v)})`);
    return x;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(key, `expected true or false (got ${describe(v)})`);
    return v;
  }

  oneOf<T extends string>(key: string, options: readonly T[], fallback?: T): T {
    const v = this.obj[key];
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      this.fail(key, `missing; one of ${options.join(', ')}`);
    }
    const hit = options.find((o) => o === v);
    if (hit === undefined) this.fail(key, `expected one of ${options.join(', ')} (got ${describe(v)})`);
    return hit;
  }

  numberList(key: string): number[] {
    const v = this.obj[key];
    if (!Array.isArray(v)) this.fail(key, `expected a list of numbers (got ${describe(v)})`);
    return v.map((x: unknown, i) => {
      const n = asNumber(x);
      if (n === null) throw new SpecError(`${this.at(key)}[${i}]`, `expected a number (got ${describe(x)})`);
      return n;
    });
  }

  numberMatrix(key: string): number[][] {
    const v = this.obj[key];
    if (!Array.isArray(v)) this.fail(key, `expected a list of rows (got ${describe(v)})`);
    return v.map((row: unknown, i) => {
      if (!Array.isArray(row)) throw new SpecError(`${this.at(key)}[${i}]`, `expected a row of numbers (got ${describe(row)})`);
      return row.map((x: unknown, j) => {
        const n = asNumber(x);
        if (n === null) throw new SpecError(`${this.at(key)}[${i}][${j}]`, `expected a number (got ${describe(x)})`);
        return n;
      });
    });
  }

  stringList(key: string): string[] {
    const v = this.obj[key];
    if (!Array.isArray(v)) this.fail(key, `expected a list of strings (got ${describe(v)})`);
    return v.map((x: unknown, i) => {
      if (typeof x !== 'string') throw new SpecError(`${this.at(key)}[${i}]`, `expected a string (got ${describe(x)})`);
      return x;
    });
  }

  enumList<T extends string>(key: string, options: readonly T[]): T[] {
    return this.stringList(key).map((s, i) => {
      const hit = options.find((o) => o === s);
      if (hit === undefined) throw new SpecError(`${this.at(key)}[${i}]`, `expected one of ${options.join(', ')} (got '${s}')`);
      return hit;
    });
  }
}
