// trialsim sample SCENARIO: simulated patients as wide CSV.
import type { Argv, CommandModule } from 'yargs';
import { integerOption } from '../../api/options.js';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last, list, POINT, SEED, SET } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, description: 'Scenario file (YAML)' })
    .option('trials', { alias: 'k', type: 'string', requiresArg: true, description: 'Simulated trials (default 1)' })
    .option('seed', SEED)
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'CSV file to write (default: standard output)' })
    .option('point', POINT)
    .option('null', { type: 'boolean', default: false, description: 'Simulate under the null (effect scale 0)' })
    .option('set', SET)
    .example('$0 sample scenarios/proderm.yaml --trials 10 --seed 7 --out trials.csv', '10 virtual ProDERM trials, one row per patient')
    .example('$0 sample scenarios/parametric_textbook.yaml --point 2 --trials 1', 'one trial of the third design point, to standard output');
}

export const sampleCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'sample <scenario>',
  describe: 'Write simulated patients of a design as CSV (one row per patient, a column per measure and visit)',
  builder,
  handler: action('sample', async (argv: HandlerArgs<typeof builder>) => {
    const { sampleTrials } = await import('../../api/sample.js');
    const out = last(argv.out);
    const s = sampleTrials(last(argv.scenario) ?? '', {
      set: list(argv.set),
      trials: argv.trials === undefined ? undefined : integerOption('trials', last(argv.trials), 1, 1_000_000),
      seed: argv.seed === undefined ? undefined : integerOption('seed', last(argv.seed), 0, 4294967295),
      point: last(argv.point),
      null: argv.null,
      out,
    });
    if (out === undefined) process.stdout.write(s.csv);
    else {
      const k = s.cohorts.length;
      process.stderr.write(
        `trialsim sample: wrote ${k} trial${k === 1 ? '' : 's'} (${s.patients} patients) of ${s.point.id}${argv.null ? ' under the null' : ''}, seed ${s.seed}, to ${out}\n`,
      );
    }
  }),
};
