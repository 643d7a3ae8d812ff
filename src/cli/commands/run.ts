// trialsim run SCENARIO: simulate every design point and write results/<run>/.
import { groupSequentialTable } from '../groupSequentialTable.js';
import { assuranceTable } from '../assuranceTable.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { integerOption } from '../../api/options.js';
import { shardFromSlurm } from '../../api/slurmEnv.js';
import type { RunOutcome } from '../../api/run.js';
import { RunInterrupted, WriteFailed } from '../../engine/errors.js';
import { interruptOnSignals, type Interrupt } from '../../engine/interrupt.js';
import { estimabilityWarnings } from '../../engine/estimabilityWarnings.js';
import { createProgressReporter } from '../../engine/progress.js';
import { action, EXIT, type ArgsOf, type HandlerArgs } from '../exit.js';
import { rate, shellQuote, table } from '../format.js';
import { buildSummary } from '../../report/summary.js';
import type { Summary } from '../../report/summarySchema.js';
import { readingText } from '../../report/sampleSizeReadOff.js';
import { labelValue } from '../../scenario/sweep.js';
import { VERSION } from '../../version.js';
import { last, list, REPLICATES, SEED, SET, WORKERS } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, description: 'Scenario file (YAML)' })
    .option('replicates', REPLICATES)
    .option('seed', SEED)
    .option('workers', WORKERS)
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'Output folder (default: results/<scenario name>-<hash>)' })
    .option('set', SET)
    .option('resume', { type: 'boolean', default: false, description: 'Continue the interrupted run in the output folder' })
    .option('force', { type: 'boolean', default: false, description: 'Start over: delete the run the output folder holds (journal, result, report) first' })
    .option('shard', {
      type: 'string',
      requiresArg: true,
      description: 'Run share k of n of the replicates (journal only; combine the shards with trialsim merge); auto: the task of a Slurm job array',
    })
    .option('truth', {
      type: 'boolean',
      default: true,
      description: 'Compute the true estimands for bias, RMSE and coverage (--no-truth skips it)',
    })
    .option('truth-population', { type: 'string', requiresArg: true, description: 'Patients per arm of the truth population (default 200000)' })
    .option('block-size', { type: 'string', requiresArg: true, description: 'Replicates per journalled block (default 250)' })
    .option('task-delay', { type: 'string', hidden: true, description: 'Delay each task (ms; tests of Ctrl-C)' })
    .example('$0 run scenarios/proderm.yaml -r 200 --no-truth', 'ProDERM as run, a first look: 200 trials (the scenario says 2000), no bias or coverage; report in results/proderm-<hash>/')
    .example('$0 run scenarios/parametric_textbook.yaml -r 500 --set design.n_per_arm=40 --out results/tt', 'fewer trials, one sample size, a chosen folder')
    .example('$0 run scenarios/proderm.yaml -r 500 --no-truth --shard 1/2 --out results/half-1', 'half of the replicates; run --shard 2/2 too, then trialsim merge the two folders');
}

type Args = HandlerArgs<typeof builder>;

/** The command that finishes an interrupted run: the same arguments, with --resume (without it: the command that starts it again). */
function resumeCommand(resume = true): string {
  // The default output folder is named after the scenario and settings, so the same arguments find it again.
  const args = process.argv.slice(2).filter((a) => a !== '--resume' && a !== '--no-resume' && a !== '--force' && a !== '--no-force');
  return ['trialsim', ...args, ...(resume ? ['--resume'] : [])].map(shellQuote).join(' ');
}

/** The command as typed: what runs a run again that was stopped before it changed its folder. */
const sameCommand = (): string => ['trialsim', ...process.argv.slice(2)].map(shellQuote).join(' ');

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Where the truths came from: exact (closed form, null) or simulated, counted over every estimand of the run. */
function truthLine(designs: NonNullable<RunOutcome['result']>['designs'], perArm: number): string {
  let exact = 0;
  let simulated = 0;
  for (const d of designs) {
    for (const oc of [d.alternative, d.null]) {
      for (const a of oc?.analyses ?? []) {
        for (const t of [a.estimation.truth, ...a.strata.map((s) => s.truth)]) {
          if (t === null) continue;
          if (t.source === 'closed_form' || t.source === 'null') exact++;
          else simulated++;
        }
      }
    }
  }
  const population = `a population of ${perArm.toLocaleString('en-US')} patients per arm (its SE is part of the bias' and coverage's MCSE)`;
  if (simulated === 0) return 'Truth for bias, RMSE and coverage: exact (closed form, or 0 under the null) for every estimand.';
  if (exact === 0) return `Truth for bias, RMSE and coverage: ${population}.`;
  return `Truth for bias, RMSE and coverage: exact for ${exact} estimands (closed form, or 0 under the null), the other ${simulated} from ${population}.`;
}

function printOutcome(run: RunOutcome): void {
  const out = process.stdout;
  if (run.shard !== null) {
    const s = run.shard;
    out.write(`Shard ${s.shard.k}/${s.shard.n}: blocks ${s.blocks.from}–${s.blocks.to - 1} journalled in ${s.outDir}\n`);
    // Default shard folders are named "<run>-shard-k-of-n" (trialsim slurm's "<run>/shard-k-of-n"): the merge command can name them all.
    const m = /^(.*[-/])shard-\d+-of-(\d+)$/.exec(s.outDir);
    const folders = m === null ? '<the shard folders>' : Array.from({ length: s.shard.n }, (_, i) => shellQuote(`${m[1]}shard-${i + 1}-of-${s.shard.n}`)).join(' ');
    out.write(`When every shard is done: trialsim merge ${folders}\n`);
    return;
  }
  const r = run.result;
  if (r === null) return;
  const MAX_DESIGNS = 20;
  const rows: string[][] = [];
  r.designs.slice(0, MAX_DESIGNS).forEach((d) => {
    d.alternative.analyses.forEach((a, i) => {
      const nul = d.null?.analyses[i] ?? null;
      rows.push([
        i === 0 ? d.id : '',
        a.id,
        rate(a.rejection.adjusted.estimate, a.rejection.adjusted.mcse),
        rate(a.rejection.harm.adjusted.estimate, a.rejection.harm.adjusted.mcse),
        nul === null ? '–' : rate(nul.rejection.adjusted.estimate, nul.rejection.adjusted.mcse),
        `${percent(a.untested.share)} / ${percent(a.notEstimable.share)}`,
      ]);
    });
  });
  const used = r.designs.map((d) => d.replicates.used);
  const reps = Math.min(...used) === Math.max(...used) ? `${used[0]}` : `${Math.min(...used)}–${Math.max(...used)}`;
  out.write(`${run.name}: ${r.designs.length} design point${r.designs.length === 1 ? '' : 's'}, ${reps} replicates each, seed ${r.seed}\n\n`);
  out.write(table(['design', 'analysis', 'power ± MCSE', 'harmful side', 'type I error ± MCSE', 'no test / not estimable'], rows) + '\n');
  out.write('Power and type I error are shares of all replicates; one without a test (no p-value) counts as not rejecting.\n');
  out.write('Power counts only rejections towards benefit; a two-sided test’s rejections on the other side are the harmful side. Type I error counts either side.\n');
  if (r.designs.length > MAX_DESIGNS) out.write(`… and ${r.designs.length - MAX_DESIGNS} more design points (see summary.csv)\n`);
  const summary = buildSummary({ scenario: run.scenario, designs: run.designs, result: r, version: VERSION });
  out.write(planningText(summary.designs.slice(0, MAX_DESIGNS)));
  out.write(sampleSizeText(summary.sample_size));
  if (summary.sample_size_assurance !== undefined && summary.sample_size_assurance.length > 0) out.write(sampleSizeText(summary.sample_size_assurance).replace('Sample size at power', summary.designs.some((d) => d.assurance?.prior === true) ? 'Sample size at assurance' : 'Sample size at probability of success'));
  out.write(groupSequentialTable(r.designs, MAX_DESIGNS));
  out.write(assuranceTable(r.designs, MAX_DESIGNS));
  const failures = r.designs.reduce((n, d) => n + d.failures.count, 0);
  if (failures > 0) out.write(`\n${failures} replicates failed and were left out (listed in result.json, with what replays each)\n`);
  out.write(run.truth.computed ? `\n${truthLine(r.designs, run.truth.patientsPerArm)}\n` : '\nTruth skipped (--no-truth): bias, RMSE and coverage are not reported.\n');
  if (run.rendered !== null) out.write(`Report: ${run.rendered.report}\n`);
  else if (run.outDir !== null) out.write(`Results: ${run.outDir}\n`);
}

/** "12.3 [10–15]": a per-trial count's mean and range. */
function counted(c: Summary['designs'][number]['planning']['screened']): string {
  if (c.mean.estimate === null) return '–';
  return c.min === c.max ? `${c.mean.estimate.toFixed(1)}` : `${c.mean.estimate.toFixed(1)} [${c.min}–${c.max}]`;
}

/** Per design point: screened, enrolled, dropped out and switched per trial (mean [range]). */
function planningText(designs: Summary['designs']): string {
  if (designs.length === 0 || designs[0].planning.screened.mean.estimate === null) return '';
  // Treatment discontinuation: a column when some trial had one.
  const stops = designs.some((d) => (d.planning.discontinued?.control.max ?? 0) > 0 || (d.planning.discontinued?.treatment.max ?? 0) > 0);
  const rows = designs.map((d) => {
    const p = d.planning;
    const row = [d.id, counted(p.screened), `${counted(p.enrolled.control)} / ${counted(p.enrolled.treatment)}`, `${counted(p.dropouts.control)} / ${counted(p.dropouts.treatment)}`, counted(p.switches)];
    if (stops && p.discontinued !== undefined) row.push(`${counted(p.discontinued.control)} / ${counted(p.discontinued.treatment)}`);
    return row;
  });
  const head = ['design', 'screened', 'enrolled control / treatment', 'dropouts control / treatment', 'switched', ...(stops ? ['stopped treatment control / treatment'] : [])];
  return `\nPer trial, mean [range]:\n${table(head, rows)}\n`;
}

/** The sample size at target_power read off the swept power curve, per analysis. */
function sampleSizeText(readings: Summary['sample_size']): string {
  if (readings.length === 0) return '';
  const first = readings[0];
  const lines = readings.map((r) => {
    const at = Object.entries(r.at).map(([k, v]) => `${k}=${labelValue(v)}`).join(', ');
    return `  ${r.analysis}${at === '' ? '' : ` at ${at}`}: ${readingText(r)}`;
  });
  return `\nSample size at power ${first.target}, read off the sweep of ${first.key}:\n${lines.join('\n')}\n`;
}

export const runCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'run <scenario>',
  describe: 'Simulate a scenario: power, type I error and estimation for every design point',
  builder,
  handler: action('run', async (argv: Args) => {
    // --shard auto: k and n from the Slurm array task's variables, the workers from its CPUs unless given.
    const auto = last(argv.shard) === 'auto' ? shardFromSlurm(process.env) : null;
    const delay = argv.taskDelay === undefined ? 0 : integerOption('task-delay', last(argv.taskDelay), 0, 60_000);
    const options = {
      set: list(argv.set),
      replicates: argv.replicates === undefined ? undefined : integerOption('replicates', last(argv.replicates), 1, 10_000_000),
      seed: argv.seed === undefined ? undefined : integerOption('seed', last(argv.seed), 0, 4294967295),
      workers: argv.workers === undefined ? auto?.workers : integerOption('workers', last(argv.workers), 1, 1024),
      outDir: last(argv.out),
      resume: argv.resume,
      force: argv.force,
      shard: auto?.shard ?? last(argv.shard),
      truth: argv.truth,
      truthPopulation: argv.truthPopulation === undefined ? undefined : integerOption('truth-population', last(argv.truthPopulation), 100, 100_000_000),
      blockSize: argv.blockSize === undefined ? undefined : integerOption('block-size', last(argv.blockSize), 1, 1_000_000),
    };
    // Ctrl-C is taken over from the start: the output folder is locked, then
    // the truth is computed, then the replicates run; each stops cleanly.
    const abort = new AbortController();
    const interrupt: Interrupt = interruptOnSignals(['SIGINT', 'SIGTERM'], () => {
      process.stderr.write('\ntrialsim run: stopping after the tasks in flight (Ctrl-C again to kill)…\n');
      abort.abort();
    });
    let outDir: string | null = null;
    try {
      const { runScenario } = await import('../../api/run.js');
      const run = await runScenario(last(argv.scenario) ?? '', {
        ...options,
        progress: createProgressReporter({ label: 'trialsim' }),
        commandLine: ['trialsim', ...process.argv.slice(2)],
        signal: abort.signal,
        onNote: (note) => process.stderr.write(`trialsim run: ${note}\n`),
        hooks: delay > 0 ? { taskDelayMs: () => delay } : undefined,
        onStart: (start) => {
          outDir = start.outDir;
        },
      });
      interrupt.dispose();
      printOutcome(run);
      if (run.result !== null) for (const w of estimabilityWarnings(run.result)) process.stderr.write(`trialsim run: warning: ${w}\n`);
    } catch (e) {
      if (e instanceof WriteFailed) {
        process.stderr.write(`trialsim run: ${e.message}\n`);
        if (outDir !== null) process.stderr.write(`Then: ${resumeCommand(existsSync(join(outDir, 'journal.jsonl')))}\n`);
        process.exitCode = EXIT.failure;
        return;
      }
      if (!(e instanceof RunInterrupted)) throw e;
      if (e.during === 'truth') {
        // Nothing in the folder has changed yet: the same command takes it up where it was.
        process.stderr.write(`trialsim run: ${e.message}.\nTo run it: ${sameCommand()}\n`);
      } else if (outDir !== null) {
        process.stderr.write(
          `trialsim run: interrupted; ${e.blocksDone} of ${e.blocksTotal} blocks are journalled in ${outDir}.\n` + `To finish the run: ${resumeCommand()}\n`,
        );
      } else {
        process.stderr.write(`trialsim run: ${e.message}\n`);
      }
      process.exitCode = EXIT.interrupted;
    } finally {
      interrupt.dispose();
    }
  }),
};
