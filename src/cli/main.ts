#!/usr/bin/env node
// trialsim command line: a thin yargs layer over the programmatic API
// (src/api/). Each command lives in src/cli/commands/<name>.ts and exports a
// yargs CommandModule; this file registers them and turns a command line
// yargs cannot parse (unknown option, missing argument) into one line on
// stderr and exit code 2. Exit codes: src/cli/exit.ts; docs/cli.md.
// Commands load the API when they run, so `--help` does not wait for the
// scenario schema to compile or for vega.
import { createRequire } from 'node:module';
import type { Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { VERSION } from '../version.js';
import { commands } from './commands/index.js';
import { EXIT, exitCodeOf, printError } from './exit.js';

// yargs' CommonJS build: its help text wraps at word boundaries (wrap-ansi);
// the ESM build cuts words in two.
const yargs = createRequire(import.meta.url)('yargs') as (args: string[]) => Argv;

export async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('trialsim')
    .usage(
      "$0 <command> [options]\n\nMonte Carlo clinical-trial simulator: virtual ProDERM cohorts, the paper's full analysis, power and type I error of alternative designs.",
    )
    .version(VERSION)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'name a command (trialsim --help lists them)')
    .recommendCommands()
    .epilogue(
      'Exit codes: 0 done, 1 runtime failure, 2 invalid scenario or options, 130 interrupted (resume with --resume). docs/cli.md has more.\n' +
        'In a clone (after npm ci && npm run build), type npx trialsim where the examples say trialsim; npm link puts trialsim itself on PATH.',
    )
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message: string | undefined, error: Error | undefined) => {
      // Errors thrown by handlers are printed by the handlers' own wrapper (exit.ts); this is yargs' parse failure.
      if (error !== undefined && message === undefined) throw error;
      const command = argv.find((a) => !a.startsWith('-')) ?? '';
      process.stderr.write(`trialsim${command === '' ? '' : ` ${command}`}: ${message ?? error?.message ?? 'invalid command line'} (trialsim ${command === '' ? '' : `${command} `}--help for usage)\n`);
      process.exit(EXIT.usage);
    });
  for (const command of commands) cli = cli.command(command);
  await cli.parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  printError('', err);
  process.exitCode = exitCodeOf(err);
});
