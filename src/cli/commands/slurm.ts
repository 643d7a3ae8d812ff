// trialsim slurm SCENARIO --tasks N: the sbatch scripts of a run on a Slurm
// cluster (a job array of shards and a merge job after it), submitted with
// --submit; `slurm status FOLDER` and `slurm resubmit FOLDER` follow the run.
import type { Argv, CommandModule } from 'yargs';
import { integerOption } from '../../api/options.js';
import type { ResubmitOutcome, SlurmStatus } from '../../api/slurm.js';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { shellQuote, table } from '../format.js';
import { last, list, REPLICATES, SEED, SET } from '../options.js';

const SUBMIT = { type: 'boolean', default: false, description: 'Submit with sbatch and print the job ids (default: print the sbatch commands)' } as const;

function statusLines(s: SlurmStatus): string {
  const rows = s.shards.map((p) => [String(p.k), p.state, `${p.blocksDone}/${p.blocksTotal}`]);
  const done = s.shards.filter((p) => p.state === 'done').length;
  const dir = shellQuote(s.run.outDir);
  const lines = [`${s.run.name}: ${s.run.tasks} shard${s.run.tasks === 1 ? '' : 's'} in ${s.run.outDir}`, '', table(['shard', 'state', 'blocks'], rows, [true, false, true]), ''];
  const lastSub = s.run.submissions[s.run.submissions.length - 1];
  if (lastSub !== undefined) {
    lines.push(`Last submitted ${lastSub.date}: ${lastSub.arrayJob === null ? '' : `array job ${lastSub.arrayJob} (tasks ${lastSub.indices.join(', ')}), `}merge job ${lastSub.mergeJob ?? 'not submitted (sbatch refused it)'}`);
  }
  if (!s.queue.known && s.queue.why === 'squeue not found' && done < s.run.tasks) {
    lines.push('squeue is not here: "running" means some blocks are journalled; whether its task is still running or stopped is not known (run slurm status on the login node)');
  }
  const stopped = s.shards.filter((p) => p.state === 'stopped').map((p) => p.k);
  if (stopped.length > 0) lines.push(`Stopped (not done, no longer in the queue: failed, timed out or cancelled): shard${stopped.length === 1 ? '' : 's'} ${stopped.join(', ')}; their logs are in ${shellQuote(s.run.outDir)}/slurm/logs`);
  if (s.merged) lines.push(`${done} of ${s.run.tasks} shards done; merged: ${s.run.outDir}/result.json`);
  else if (done === s.run.tasks) lines.push(`${done} of ${s.run.tasks} shards done; not merged yet (the merge job runs once every task has succeeded)`);
  else if (lastSub === undefined) lines.push(`${done} of ${s.run.tasks} shards done; not submitted (trialsim slurm resubmit ${dir} prints the sbatch commands, --submit submits them)`);
  else lines.push(`${done} of ${s.run.tasks} shards done; not merged. Once the array job has ended, rerun the unfinished shards: trialsim slurm resubmit ${dir} --submit`);
  return lines.join('\n') + '\n';
}

function statusBuilder(y: Argv) {
  return y
    .positional('folder', { type: 'string', demandOption: true, description: 'The run folder trialsim slurm wrote' })
    .example('$0 slurm scenarios/parametric_textbook.yaml --tasks 4 --time 0:30:00 --out results/slurm-example && $0 slurm status results/slurm-example', "each shard's progress from its journal (of the folder the first command writes)");
}

const statusCommand: CommandModule<object, ArgsOf<typeof statusBuilder>> = {
  command: 'status <folder>',
  describe: "Each shard's progress from its journal and squeue: done, queued, running (blocks done/total) or stopped",
  builder: statusBuilder,
  handler: action('slurm status', async (argv: HandlerArgs<typeof statusBuilder>) => {
    const { slurmStatus } = await import('../../api/slurm.js');
    process.stdout.write(statusLines(slurmStatus(last(argv.folder) ?? '')));
  }),
};

function resubmitBuilder(y: Argv) {
  return y
    .positional('folder', { type: 'string', demandOption: true, description: 'The run folder trialsim slurm wrote' })
    .option('submit', SUBMIT)
    .example('$0 slurm scenarios/parametric_textbook.yaml --tasks 4 --time 0:30:00 --out results/slurm-example && $0 slurm resubmit results/slurm-example', 'the sbatch commands that rerun the unfinished shards and the merge (--submit submits them)');
}

const resubmitCommand: CommandModule<object, ArgsOf<typeof resubmitBuilder>> = {
  command: 'resubmit <folder>',
  describe: 'Rerun the shards that did not finish (each resumes its journal), then the merge',
  builder: resubmitBuilder,
  handler: action('slurm resubmit', async (argv: HandlerArgs<typeof resubmitBuilder>) => {
    const { resubmitSlurm } = await import('../../api/slurm.js');
    printResubmit(resubmitSlurm(last(argv.folder) ?? '', { submit: argv.submit }));
  }),
};

function printResubmit(r: ResubmitOutcome): void {
  const out = process.stdout;
  if (r.commands.length === 0) {
    out.write(`Every shard is done and merged: ${r.status.run.outDir}/result.json. Nothing to resubmit.\n`);
    return;
  }
  out.write(r.indices.length === 0 ? 'Every shard is done; the merge is left to do.\n' : `Shards to rerun: ${r.indices.join(', ')} of ${r.status.run.tasks} (each resumes its journal).\n`);
  if (r.submitted === null) {
    out.write(`Submit with:\n${r.commands.map((c) => `  ${c}`).join('\n')}\n`);
    return;
  }
  if (r.cancelledMerge !== null) out.write(`Cancelled the earlier merge job ${r.cancelledMerge} (it waited on tasks that did not all succeed).\n`);
  if (r.submitted.arrayJob !== null) out.write(`Submitted array job ${r.submitted.arrayJob} (tasks ${r.indices.join(', ')})\n`);
  out.write(`Submitted merge job ${r.submitted.mergeJob}${r.submitted.arrayJob === null ? '' : ` (after ${r.submitted.arrayJob})`}\n`);
  out.write(`Progress: trialsim slurm status ${shellQuote(r.status.run.outDir)}\n`);
}

function builder(y: Argv) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, description: 'Scenario file (YAML)' })
    .option('tasks', { alias: 'n', type: 'string', requiresArg: true, demandOption: true, description: 'Array tasks: the run is cut into this many shards, one per task' })
    .option('partition', { type: 'string', requiresArg: true, description: 'sbatch --partition (default: the cluster default)' })
    .option('time', { type: 'string', requiresArg: true, description: 'sbatch --time: the limit per task, e.g. 2:00:00' })
    .option('mem', { type: 'string', requiresArg: true, description: 'sbatch --mem: memory per task, e.g. 4G' })
    .option('cpus-per-task', { type: 'string', requiresArg: true, description: 'sbatch --cpus-per-task: worker threads per task (default 1)' })
    .option('account', { type: 'string', requiresArg: true, description: 'sbatch --account' })
    .option('out', { alias: 'o', type: 'string', requiresArg: true, description: 'Run folder: scripts, logs, shards and the merged result (default: results/<scenario name>-<hash>)' })
    .option('submit', SUBMIT)
    .option('replicates', REPLICATES)
    .option('seed', SEED)
    .option('set', SET)
    .option('truth', { type: 'boolean', default: true, description: 'Compute the true estimands in every task (--no-truth skips it)' })
    .option('truth-population', { type: 'string', requiresArg: true, description: 'Patients per arm of the truth population (default 200000)' })
    .option('block-size', { type: 'string', requiresArg: true, description: 'Replicates per journalled block (default 250)' })
    .option('task-delay', { type: 'string', hidden: true, description: "Passed to every task's run (ms; tests of cancellation)" })
    .example('$0 slurm scenarios/parametric_textbook.yaml --tasks 4 --time 0:30:00 --out results/slurm-example', 'write the scripts into results/slurm-example/slurm/ and print the sbatch commands')
    .example('$0 slurm scenarios/parametric_textbook.yaml --tasks 4 --time 0:30:00 --out results/slurm-example && $0 slurm status results/slurm-example', "each shard's progress (of the folder the first command writes)")
    .example('$0 slurm scenarios/parametric_textbook.yaml --tasks 4 --time 0:30:00 --out results/slurm-example && $0 slurm resubmit results/slurm-example', 'the sbatch commands that rerun the shards that did not finish (--submit submits them)');
}

type Args = HandlerArgs<typeof builder>;

const writeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: '$0 <scenario>',
  describe: 'Write (and with --submit, submit) the sbatch scripts of a run',
  builder,
  handler: action('slurm', async (argv: Args) => {
    const { prepareSlurmRun } = await import('../../api/slurm.js');
    const num = (name: string, v: unknown, min: number, max: number): number | undefined => (v === undefined ? undefined : integerOption(name, last(v), min, max));
    const jobs = prepareSlurmRun(last(argv.scenario) ?? '', {
      tasks: integerOption('tasks', last(argv.tasks), 1, 100_000),
      partition: last(argv.partition),
      time: last(argv.time),
      mem: last(argv.mem),
      cpusPerTask: num('cpus-per-task', argv.cpusPerTask, 1, 1024),
      account: last(argv.account),
      outDir: last(argv.out),
      submit: argv.submit,
      set: list(argv.set),
      replicates: num('replicates', argv.replicates, 1, 10_000_000),
      seed: num('seed', argv.seed, 0, 4294967295),
      truth: argv.truth,
      truthPopulation: num('truth-population', argv.truthPopulation, 100, 100_000_000),
      blockSize: num('block-size', argv.blockSize, 1, 1_000_000),
      taskDelayMs: num('task-delay', argv.taskDelay, 0, 60_000),
    });
    if (jobs.resubmitted !== null) {
      printResubmit(jobs.resubmitted);
      return;
    }
    const out = process.stdout;
    const dir = shellQuote(jobs.run.outDir);
    out.write(`${jobs.run.name}: ${jobs.run.tasks} array task${jobs.run.tasks === 1 ? '' : 's'}, one shard each, then a merge job, in ${jobs.run.outDir}\n`);
    out.write(`Wrote ${jobs.arrayScript} and ${jobs.mergeScript}\n`);
    if (jobs.submitted === null) {
      out.write(`Submit them (from this folder, on the cluster) with:\n${jobs.commands.map((c) => `  ${c}`).join('\n')}\n`);
    } else {
      out.write(`Submitted array job ${jobs.submitted.arrayJob ?? ''} (tasks 1-${jobs.run.tasks})\nSubmitted merge job ${jobs.submitted.mergeJob} (after ${jobs.submitted.arrayJob ?? ''})\n`);
    }
    out.write(`Progress: trialsim slurm status ${dir}\nIf a task fails or is cancelled: trialsim slurm resubmit ${dir} --submit\n`);
  }),
};

/** `slurm SCENARIO` writes the scripts; `slurm status` and `slurm resubmit` follow the run. */
export const slurmCommand: CommandModule = {
  command: 'slurm',
  describe: 'Run a scenario on a Slurm cluster: a job array of shards and a merge job (slurm status, slurm resubmit)',
  builder: (y: Argv) => y.command(statusCommand).command(resubmitCommand).command(writeCommand),
  handler: () => {},
};
