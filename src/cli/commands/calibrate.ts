// trialsim calibrate: the virtual ProDERM cohort against the published figures.
import type { Argv, CommandModule } from 'yargs';
import type { CalibrationRow } from '../../analysis/calibrationTable.js';
import type { CalibrationOutcome } from '../../api/calibrate.js';
import { DEFAULT_CALIBRATION_SEED, DEFAULT_CALIBRATION_TRIALS } from '../../api/defaults.js';
import { integerOption } from '../../api/options.js';
import { createProgressReporter } from '../../engine/progress.js';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { sig, table } from '../format.js';
import { last } from '../options.js';

function builder(y: Argv) {
  return y
    .option('trials', { alias: 'k', type: 'string', requiresArg: true, description: `Simulated trials (default ${DEFAULT_CALIBRATION_TRIALS})` })
    .option('seed', { type: 'string', requiresArg: true, description: `Seed (default ${DEFAULT_CALIBRATION_SEED})` })
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'Folder for calibration.json, calibration.csv and the plot (default results/calibration)' })
    .option('targets', { type: 'string', requiresArg: true, description: 'Published figures (default data/proderm-targets.yaml)' })
    .option('json', { type: 'boolean', default: false, description: 'Print the calibration as JSON instead of tables' })
    .example('$0 calibrate --trials 200 --out results/calib-quick', 'a quick look: 200 simulated ProDERM trials (the default is 1000) against every published figure')
    .example('$0 calibrate --trials 100 --seed 1 --json', 'the rows and the summary as JSON');
}

function relationText(r: CalibrationRow): string {
  return r.relation === '=' ? sig(r.published) : `${r.relation}${sig(r.published)}`;
}

function rowsTable(rows: readonly CalibrationRow[]): string {
  return table(
    ['figure', 'published', 'simulated mean', 'central 95%', 'inside', 'z'],
    rows.map((r) => [
      `${r.headline ? '* ' : '  '}${r.path}`,
      relationText(r),
      sig(r.mean),
      `[${sig(r.lower)}, ${sig(r.upper)}]`,
      r.inside ? 'yes' : 'NO',
      Number.isFinite(r.z) ? r.z.toFixed(2) : '',
    ]),
    [false, true, true, false, false, true],
  );
}

function print(c: CalibrationOutcome): void {
  const out = process.stdout;
  const { result, summary } = c;
  const rows = result.rows.filter((r) => r.trials > 0);
  out.write(`Calibration: ${result.trials} simulated ProDERM trials as run (95 randomized, 1:1: 47 + 48 expected), seed ${result.seed}\n`);
  out.write('* headline figure; z = (published − simulated mean) / simulated SD; inside = within the simulated central 95%\n\n');
  out.write(`Calibration figures (${summary.calibration.inside} of ${summary.calibration.figures} inside)\n`);
  out.write(rowsTable(rows.filter((r) => !r.heldOut)) + '\n\n');
  out.write(`Validation figures, held out of the calibration (validation_only; ${summary.validation.inside} of ${summary.validation.figures} inside)\n`);
  out.write(rowsTable(rows.filter((r) => r.heldOut)) + '\n\n');
  const h = summary.headline;
  out.write(
    `Headline figures: ${h.inside} of ${h.figures} inside; mean |z| ${h.meanAbsZ.toFixed(2)}, largest |z| ${h.maxAbsZ.toFixed(2)} simulated SDs from the simulated mean\n`,
  );
  if (h.farthest.length > 0) out.write(`  farthest: ${h.farthest.map((f) => `${f.path} (z ${f.z.toFixed(2)})`).join(', ')}\n`);
  out.write(`Not produced by the model (listed with the reason in calibration.json): ${summary.skipped} figures\n`);
  if (c.files.length > 0) out.write(`Wrote ${c.files.join(', ')}\n`);
}

export const calibrateCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'calibrate',
  describe: "Simulate ProDERM as run, analyse each trial as the paper did, and set every published figure beside its simulated range",
  builder,
  handler: action('calibrate', async (argv: HandlerArgs<typeof builder>) => {
    const trials = argv.trials === undefined ? undefined : integerOption('trials', last(argv.trials), 2, 10_000_000);
    const progress = createProgressReporter({ label: 'trialsim calibrate' });
    let started = false;
    let finished = false;
    let latest = 0;
    const { calibrateModel } = await import('../../api/calibrate.js');
    const c = await calibrateModel({
      trials,
      seed: argv.seed === undefined ? undefined : integerOption('seed', last(argv.seed), 0, 4294967295),
      outDir: last(argv.out),
      targets: last(argv.targets),
      onTrial: (done, total) => {
        if (!started) progress.start(total, 0);
        started = true;
        latest = done;
        finished = done === total;
        if (finished) progress.finish(done);
        else progress.update(done);
      },
    }).finally(() => {
      // A failure part way stops the bar too (its redraw timer would keep the process alive).
      if (started && !finished) progress.finish(latest);
    });
    if (argv.json) process.stdout.write(JSON.stringify({ summary: c.summary, ...c.result, files: c.files }, null, 2) + '\n');
    else print(c);
  }),
};
