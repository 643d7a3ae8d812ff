// trialsim sample-size SCENARIO --analysis ID --power 0.9
import type { Argv, CommandModule } from 'yargs';
import { fractionOption, integerOption } from '../../api/options.js';
import type { PowerAt } from '../../api/sampleSize.js';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { rate, table } from '../format.js';
import { last, list, REPLICATES, SEED, SET, WORKERS } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, description: 'Scenario file (YAML)' })
    .option('analysis', { alias: 'a', type: 'string', demandOption: true, requiresArg: true, description: 'Id of the analysis whose power is targeted' })
    .option('power', { alias: 'p', type: 'string', demandOption: true, requiresArg: true, description: 'Target power, e.g. 0.9' })
    .option('min', { type: 'string', requiresArg: true, description: 'Smallest size searched (per arm; in total for unequal allocation; default 2 per arm)' })
    .option('max', { type: 'string', requiresArg: true, description: 'Largest size searched (default 5000 per arm)' })
    .option('replicates', REPLICATES)
    .option('seed', SEED)
    .option('workers', WORKERS)
    .option('set', SET)
    .option('json', { type: 'boolean', default: false, description: 'Print the search as JSON' })
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'Folder to write sample-size.json into (default: results/<scenario name>-sample-size-<analysis>-<hash>)' })
    .example('$0 sample-size scenarios/parametric_textbook.yaml --analysis ttest --power 0.9 -r 1000 --min 64 --max 128', 'R\'s power.t.test says 86 per arm; 1000 replicates give it within a few')
    .example('$0 sample-size scenarios/skin_primary_sample_size.yaml -a cdasi_a -p 0.8 -r 500', 'a skin-primary ProDERM follow-up (500 replicates per size: a first look)')
    .example('$0 sample-size scenarios/parametric_textbook.yaml -a ttest -p 0.8 -r 400 --min 48 --max 80 --out results/tt-n', 'the result also as results/tt-n/sample-size.json')
    .example('$0 sample-size scenarios/group_sequential.yaml --analysis cdasi_a --power 0.8 -r 100 --min 48 --max 96', 'a group-sequential design: the maximum size at which its power as run reaches 0.8');
}

const what = (unit: string): string => (unit === 'per_arm' ? 'per arm' : 'in total');

export const sampleSizeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'sample-size <scenario>',
  describe: 'Find the smallest sample size at which an analysis reaches a target power (common random numbers)',
  builder,
  handler: action('sample-size', async (argv: HandlerArgs<typeof builder>) => {
    const progress = (p: PowerAt): void => {
      if (!argv.json) process.stderr.write(`trialsim sample-size: n = ${p.n}: power ${rate(p.power, p.mcse)}\n`);
    };
    const { findSampleSize, defaultSampleSizeDir, writeSampleSize } = await import('../../api/sampleSize.js');
    const s = await findSampleSize(last(argv.scenario) ?? '', {
      analysis: last(argv.analysis) ?? '',
      power: fractionOption('power', last(argv.power)),
      min: argv.min === undefined ? undefined : integerOption('min', last(argv.min), 1),
      max: argv.max === undefined ? undefined : integerOption('max', last(argv.max), 1),
      replicates: argv.replicates === undefined ? undefined : integerOption('replicates', last(argv.replicates), 1, 10_000_000),
      seed: argv.seed === undefined ? undefined : integerOption('seed', last(argv.seed), 0, 4294967295),
      workers: argv.workers === undefined ? undefined : integerOption('workers', last(argv.workers), 1, 1024),
      set: list(argv.set),
      onEvaluate: progress,
    });
    const file = writeSampleSize(last(argv.out) ?? defaultSampleSizeDir(s), s);
    if (argv.json) {
      process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      return;
    }
    const out = process.stdout;
    const u = what(s.unit);
    const alloc = s.unit === 'per_arm' ? '' : ` (allocation ${s.allocation.control}:${s.allocation.treatment})`;
    out.write(`Sample size for ${s.analysis} at power ≥ ${s.target}${alloc}: ${s.replicates} replicates per size, seed ${s.seed}, common random numbers\n\n`);
    const gs = s.evaluated.some((p) => p.expectedN !== undefined);
    if (gs) {
      out.write(`Group-sequential design: power as run (interim stops included); n is the maximum size\n\n`);
      out.write(table(['n ' + u + ' (maximum)', 'power ± MCSE', 'E[N] analysed'], s.evaluated.map((p) => [String(p.n), rate(p.power, p.mcse), p.expectedN === undefined ? '–' : p.expectedN.toFixed(1)]), [true, false, true]) + '\n\n');
    } else out.write(table(['n ' + u, 'power ± MCSE'], s.evaluated.map((p) => [String(p.n), rate(p.power, p.mcse)]), [true, false]) + '\n\n');
    if (s.found) {
      out.write(`n = ${s.n} ${u}: power ${rate(s.at.power, s.at.mcse)}`);
      if (s.below !== null) out.write(`; at ${s.below.n}: ${rate(s.below.power, s.below.mcse)}`);
      out.write('\n');
    }
    out.write(s.verdict + '\n');
    out.write(`Result: ${file}\n`);
  }),
};
