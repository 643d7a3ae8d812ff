// The virtual ProDERM patient (docs/model.md §2 explains every choice), in
// src/model/proderm/: one file per section of the model, in the order of the
// data flow (proderm/compile.ts draws it).
export { compileProderm, prodermTables, type ProdermSetup, type ProdermSetups, type ProdermTables } from './proderm/compile.js';
export { responseFraction } from './proderm/timeCourse.js';
