// trialsim merge DIR...: combine the shards of a run.
import type { Argv, CommandModule } from 'yargs';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, description: 'The shard folders (trialsim run --shard k/n)' })
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'Folder of the merged run (default: results/<run name>)' })
    .example(
      '$0 run scenarios/proderm.yaml -r 500 --no-truth --shard 1/2 --out results/half-1 && $0 run scenarios/proderm.yaml -r 500 --no-truth --shard 2/2 --out results/half-2 && $0 merge results/half-1 results/half-2 --out results/whole',
      'two shards (anywhere), then the whole run in results/whole/',
    );
}

export const mergeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'merge <dirs..>',
  describe: 'Combine the shard folders of a run into its result, summary and report',
  builder,
  handler: action('merge', async (argv: HandlerArgs<typeof builder>) => {
    const dirs = (argv.dirs ?? []).map(String);
    const { mergeRuns } = await import('../../api/merge.js');
    const m = await mergeRuns(dirs, { outDir: last(argv.out), commandLine: ['trialsim', ...process.argv.slice(2)] });
    for (const w of m.warnings) process.stderr.write(`trialsim merge: ${w}\n`);
    const d = m.result.designs;
    process.stdout.write(`Merged ${dirs.length} shard${dirs.length === 1 ? '' : 's'}: ${d.length} design point${d.length === 1 ? '' : 's'}, ${d[0]?.replicates.used ?? 0} replicates each, in ${m.outDir}\n`);
    process.stdout.write(m.rendered !== null ? `Report: ${m.rendered.report}\n` : `Results: ${m.outDir}\n`);
  }),
};
