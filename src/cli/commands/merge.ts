// trialsim merge DIR...: combine the shards of a run.
import type { Argv, CommandModule } from 'yargs';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, description: 'The shard folders (trialsim run --shard k/n)' })
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'Folder of the merged run (default: results/<run name>)' })
    .example('$0 merge results/proderm-1a2b3c4d-shard-1-of-2 results/proderm-1a2b3c4d-shard-2-of-2', 'the whole run in results/proderm-1a2b3c4d/');
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
