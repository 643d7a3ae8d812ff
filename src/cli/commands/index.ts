// The CLI's commands, in the order --help lists them.
import type { CommandModule } from 'yargs';
import { analyzeCommand } from './analyze.js';
import { boundariesCommand } from './boundaries.js';
import { calibrateCommand } from './calibrate.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { sampleCommand } from './sample.js';
import { sampleSizeCommand } from './sampleSize.js';
import { serveCommand } from './serve.js';
import { slurmCommand } from './slurm.js';
import { validateCommand } from './validate.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  runCommand,
  validateCommand,
  sampleSizeCommand,
  sampleCommand,
  analyzeCommand,
  calibrateCommand,
  mergeCommand,
  reportCommand,
  slurmCommand,
  boundariesCommand,
  serveCommand,
];
