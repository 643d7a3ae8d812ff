// trialsim report RESULTS_DIR: render a results folder again.
import type { Argv, CommandModule } from 'yargs';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('dir', { type: 'string', demandOption: true, description: 'A results folder (holding result.json and scenario.yaml)' })
    .example('$0 run scenarios/parametric_textbook.yaml -r 200 --no-truth --out results/tt && $0 report results/tt', 'rewrite summary.json, summary.csv, the plots and report.html of a run');
}

export const reportCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'report <dir>',
  describe: "Re-render a results folder's summary, plots and report.html from its result.json",
  builder,
  handler: action('report', async (argv: HandlerArgs<typeof builder>) => {
    const { renderResults } = await import('../../api/render.js');
    const r = await renderResults(last(argv.dir) ?? '');
    process.stdout.write(`Wrote ${r.files.length} files in ${r.dir}\nReport: ${r.report}\n`);
  }),
};
