// trialsim serve [folder]: the planning app in the browser (src/serve/).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../api/errors.js';
import { integerOption } from '../../api/options.js';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last } from '../options.js';

function builder(y: Argv) {
  return y
    .positional('folder', { type: 'string', default: '.', description: 'Folder served: runs are written to its results/, and no file outside it is read' })
    .option('host', { type: 'string', requiresArg: true, description: 'Address to listen on (default 127.0.0.1, this machine only; anything else is warned about)' })
    .option('port', { type: 'string', requiresArg: true, description: 'Port (default: a free one)' })
    .option('open', { type: 'boolean', default: false, description: 'Open the address in the browser (xdg-open, open or start; TRIALSIM_OPEN names another program)' })
    .option('max-patients', {
      type: 'string',
      requiresArg: true,
      description: 'Refuse a run asking for more simulated patients than this (replicates × sample size, summed over design points, twice with the null run; default 200,000,000)',
    })
    .option('check', { type: 'boolean', default: false, description: 'Start, load the app once with the key, and stop: a check that the server works here' })
    .option('task-delay', { type: 'string', hidden: true, description: 'Delay each engine task (ms; tests that cancel a run)' })
    .example('$0 serve . --check', 'serve this folder on 127.0.0.1: start, load the app once with the key, stop (without --check: print the address to open and serve until Ctrl-C)')
    .example('$0 serve . --port 8765 --max-patients 50000000 --check', 'a fixed port and a smaller cap on the work of one run');
}

type Args = HandlerArgs<typeof builder>;

/** The program that opens the address: TRIALSIM_OPEN (a program, given the address as its one argument: a browser of your choice, or a test's recorder), else the system's. */
export function opener(url: string, env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } {
  const chosen = env.TRIALSIM_OPEN;
  if (chosen !== undefined && chosen !== '') return { command: chosen, args: [url] };
  if (process.platform === 'darwin') return { command: 'open', args: [url] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

function openInBrowser(url: string): void {
  const { command, args } = opener(url);
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`trialsim serve: could not start ${command}; open the address yourself\n`));
  child.unref();
}

export const serveCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'serve [folder]',
  describe: 'The planning app in the browser: edit a scenario, run it, watch and compare the results',
  builder,
  handler: action('serve', async (argv: Args) => {
    const folder = last(argv.folder) ?? '.';
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder} is not a folder`);
    const port = argv.port === undefined ? 0 : integerOption('port', last(argv.port), 0, 65535);
    const maxPatients = argv.maxPatients === undefined ? undefined : integerOption('max-patients', last(argv.maxPatients), 1, Number.MAX_SAFE_INTEGER);
    const taskDelayMs = argv.taskDelay === undefined ? undefined : integerOption('task-delay', last(argv.taskDelay), 0, 60_000);
    const host = last(argv.host) ?? '127.0.0.1';
    const { APP_DIR, isLoopback, startServer, TOKEN_HEADER } = await import('../../serve/server.js');
    const { SERVE_MSG } = await import('../../serve/messages.js');
    if (!existsSync(join(APP_DIR, 'index.html'))) throw new UsageError(SERVE_MSG.noApp(APP_DIR));
    if (!isLoopback(host)) process.stderr.write(SERVE_MSG.notLoopback(host) + '\n');
    const server = await startServer({ folder, host, port, maxPatients, taskDelayMs });
    if (argv.check) {
      try {
        // The page, its bundle, the schema and the shipped scenarios, each with the key: what the app loads first.
        let bytes = 0;
        for (const path of ['/', '/app.js', '/api/schema', '/api/scenarios']) {
          const res = await fetch(`${server.origin}${path}`, { headers: { [TOKEN_HEADER]: server.token } });
          const body = await res.text();
          const ok = res.status === 200 && (path !== '/' || body.includes('<div id="app"')) && (path !== '/api/scenarios' || body.includes('.yaml'));
          if (!ok) throw new Error(SERVE_MSG.checkFailed(path, res.status));
          bytes += body.length;
        }
        process.stdout.write(SERVE_MSG.checkOk(server.origin, bytes) + '\n');
      } finally {
        await server.close();
      }
      return;
    }
    process.stdout.write(SERVE_MSG.listening(server.url) + '\n' + SERVE_MSG.stop + '\n');
    if (argv.open) openInBrowser(server.url);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write('\ntrialsim serve: stopping…\n');
        void server.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }),
};
