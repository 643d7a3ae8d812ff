// The statistics layer: pure functions over typed arrays, each tested against R.
export * from './result.js';
export * from './distributions/normal.js';
export * from './distributions/studentT.js';
export * from './distributions/chiSquare.js';
export * from './distributions/fisherF.js';
export * from './distributions/binomial.js';
export * from './distributions/hypergeometric.js';
