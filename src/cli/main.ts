#!/usr/bin/env node
// trialsim command line: a thin yargs layer over the programmatic API.
// Each command lives in src/cli/commands/<name>.ts and exports a yargs
// CommandModule; this file only registers them.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('trialsim')
    .usage('$0 <command> [options]\n\nMonte Carlo clinical-trial simulator: virtual ProDERM cohorts, the paper\'s full analysis, power and type I error of alternative designs.')
    .version(VERSION)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'Name a command (trialsim --help lists them).')
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns ?? 100));
  for (const command of commands) cli = cli.command(command);
  await cli.parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  process.stderr.write(`trialsim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
