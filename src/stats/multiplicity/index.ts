// Multiplicity procedures: each takes p-values (Float64Array) and returns
// { adjusted, rejected } in the order given.
export type { MultiplicityResult } from './result.js';
export { bonferroni } from './bonferroni.js';
export { holm } from './holm.js';
export { hochberg } from './hochberg.js';
export { fixedSequence } from './fixedSequence.js';
export { compileGraph, graphicalTest } from './graphical.js';
export type { CompiledGraph, CompileGraphResult } from './graphical.js';
