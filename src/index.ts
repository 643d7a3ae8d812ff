// trialsim's programmatic API.
export * from './stats/index.js';
export { streamFor, fromUniform, type RandomStream } from './random/stream.js';
export { VERSION } from './version.js';
