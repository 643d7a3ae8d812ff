// trialsim analyze SCENARIO --data file.csv: the scenario's analyses on data.
import type { Argv, CommandModule } from 'yargs';
import type { AnalysisEstimate, ArmEstimate, TrialAnalysis } from '../../api/analyze.js';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { interval, pValue, sig, table } from '../format.js';
import { last, list, POINT, SET } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, description: 'Scenario file (YAML) whose analyses are run' })
    .option('data', { alias: 'd', type: 'string', demandOption: true, requiresArg: true, description: 'Sample CSV (as trialsim sample writes it)' })
    .option('json', { type: 'boolean', default: false, description: 'Print JSON instead of a table' })
    .option('point', POINT)
    .option('set', SET)
    .example('$0 sample scenarios/proderm.yaml --seed 7 --out trial.csv && $0 analyze scenarios/proderm.yaml --data trial.csv', "the paper's analyses of one (simulated) trial, as a table")
    .example('$0 sample scenarios/proderm.yaml --trials 10 --out trials.csv && $0 analyze scenarios/proderm.yaml --data trials.csv --json', 'every trial of the file, as JSON');
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

const levelText = (ciLevel: number): string => `${Math.round(ciLevel * 1000) / 10}%`;

/** An arm's LS mean, mean or proportion with the patients analysed: "-10.3 (n 48)". */
const armText = (a: ArmEstimate): string => `${sig(a.estimate)} (n ${a.n})`;

/** Rows of one analysis; the CI level is written beside an interval only when the analyses' levels differ. */
function analysisRows(a: AnalysisEstimate, showLevel: boolean): string[][] {
  const level = showLevel ? ` ${levelText(a.ciLevel)}` : '';
  const arms = [armText(a.arms.control), armText(a.arms.treatment)];
  const rows: string[][] = [
    a.estimable
      ? [a.id, a.method, ...arms, sig(a.estimate), sig(a.se), `${interval(a.ci)}${level}`, pValue(a.p), a.rejectHarm ? 'harm' : yesNo(a.reject), yesNo(a.rejectAdjusted)]
      : [a.id, a.method, ...arms, `not estimable: ${a.reason ?? 'unknown reason'}`, '', '', a.p === null ? '' : pValue(a.p), a.rejectHarm ? 'harm' : yesNo(a.reject), yesNo(a.rejectAdjusted)],
  ];
  for (const s of a.strata) {
    rows.push([
      `  ${s.label}`,
      '',
      `n ${s.n.control}`,
      `n ${s.n.treatment}`,
      s.estimable ? sig(s.estimate) : `not estimable: ${s.reason ?? 'unknown reason'}`,
      s.estimable ? sig(s.se) : '',
      s.estimable ? `${interval(s.ci)}${level}` : '',
      '',
      '',
      '',
    ]);
  }
  if (a.interaction !== null) rows.push(['  arm × stratum', 'interaction', '', '', '', '', '', pValue(a.interaction.p), yesNo(a.interaction.reject), '']);
  return rows;
}

function trialTable(t: TrialAnalysis): string {
  const levels = new Set(t.analyses.map((a) => a.ciLevel));
  const rows = t.analyses.flatMap((a) => analysisRows(a, levels.size > 1));
  const ci = levels.size === 1 ? `${levelText(t.analyses[0].ciLevel)} CI` : 'CI';
  const head =
    `trial ${t.trial}: ${t.patients.control + t.patients.treatment} patients (${t.patients.control} control, ${t.patients.treatment} treatment); ` +
    'control and treatment: LS mean (ancova), mean or responder proportion, with n analysed; estimates are treatment − control';
  return head + '\n' + table(['analysis', 'method', 'control', 'treatment', 'estimate', 'SE', ci, 'p', 'reject', 'adjusted'], rows, [false, false, true, true, true, true, false, true]);
}

export const analyzeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'analyze <scenario>',
  describe: "Run a scenario's analyses on data in the sample CSV layout (a real trial's export, or sampled trials)",
  builder,
  handler: action('analyze', async (argv: HandlerArgs<typeof builder>) => {
    const { analyzeData } = await import('../../api/analyze.js');
    const r = analyzeData(last(argv.scenario) ?? '', last(argv.data) ?? '', { set: list(argv.set), point: last(argv.point) });
    if (argv.json) {
      process.stdout.write(JSON.stringify({ data: r.file, design: r.point.id, trials: r.trials }, null, 2) + '\n');
      return;
    }
    process.stdout.write(r.trials.map(trialTable).join('\n\n') + '\n');
  }),
};
