// trialsim validate SCENARIO: check a scenario without running it.
import type { Argv, CommandModule } from 'yargs';
import { integerOption } from '../../api/options.js';
import { action, EXIT, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last, list, REPLICATES, SEED, SET } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, description: 'Scenario file (YAML)' })
    .option('set', SET)
    .option('replicates', REPLICATES)
    .option('seed', SEED)
    .example('$0 validate scenarios/proderm.yaml', 'OK and a one-line summary, or every problem with file:line:col')
    .example("$0 validate scenarios/proderm.yaml --set design.n_per_arm=40 --set analyses.cdasi_d.method=welch", 'check overrides too');
}

export const validateCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'validate <scenario>',
  describe: 'Check a scenario file (and --set overrides) without running it',
  builder,
  handler: action('validate', async (argv: HandlerArgs<typeof builder>) => {
    const { validateScenario } = await import('../../api/validate.js');
    const v = validateScenario(last(argv.scenario) ?? '', {
      set: list(argv.set),
      replicates: argv.replicates === undefined ? undefined : integerOption('replicates', last(argv.replicates), 1, 10_000_000),
      seed: argv.seed === undefined ? undefined : integerOption('seed', last(argv.seed), 0, 4294967295),
    });
    if (!v.ok) {
      process.stderr.write(v.messages.join('\n') + '\n');
      const count = v.errors.length + v.omitted;
      process.stderr.write(`trialsim validate: ${count} problem${count === 1 ? '' : 's'} in ${v.file}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stdout.write(`OK ${v.file}: ${v.summary}\n`);
  }),
};
