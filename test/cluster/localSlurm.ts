// A one-node Slurm cluster on this machine for the tests: munged (unless one
// already answers), slurmctld and slurmd, configured in a temporary folder
// (slurm.conf passed by SLURM_CONF; nothing written to /etc/slurm), on ports
// found free. `stop()` cancels the cluster's jobs and stops every daemon this
// started, by the pids in their pid files. Debian 12's slurm-wlm 22.05 and
// munge, run as root (.ci/run installs them).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

/** The programs the tests need, and the Debian package of each. */
const PROGRAMS: readonly [string, string][] = [
  ['munged', 'munge'],
  ['munge', 'munge'],
  ['unmunge', 'munge'],
  ['slurmctld', 'slurm-wlm (slurmctld)'],
  ['slurmd', 'slurm-wlm (slurmd)'],
  ['sbatch', 'slurm-wlm (slurm-client)'],
  ['squeue', 'slurm-wlm (slurm-client)'],
  ['scancel', 'slurm-wlm (slurm-client)'],
  ['scontrol', 'slurm-wlm (slurm-client)'],
  ['sinfo', 'slurm-wlm (slurm-client)'],
];

const MUNGE_PID = '/run/munge/munged.pid';

export interface LocalSlurm {
  /** The environment every Slurm command and trialsim child needs: SLURM_CONF set. */
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  /** Run a Slurm command against this cluster. */
  run(program: string, args: readonly string[]): SpawnSyncReturns<string>;
  /** The last lines of the daemons' logs, for failure messages. */
  logs(): string;
  stop(): void;
}

function which(program: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8', env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Ports nothing listens on now (the kernel picks them). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '0.0.0.0', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a === 'string') throw new Error('no port');
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Stop the daemon whose pid is in `pidFile`: SIGTERM, up to 15 s, then SIGKILL. */
function stopByPidFile(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isSafeInteger(pid) || pid <= 1 || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 150 && alive(pid); i++) sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * Start the cluster, or throw an Error that says plainly what is missing or
 * what refused to run (never a silent pass).
 */
export async function startLocalSlurm(): Promise<LocalSlurm> {
  const missing = PROGRAMS.filter(([p]) => which(p) === null);
  if (missing.length > 0) {
    throw new Error(
      `the real-Slurm test needs ${[...new Set(missing.map(([, pkg]) => pkg))].join(', ')}: ${missing.map(([p]) => p).join(', ')} not found. ` +
        '.ci/run installs them (apt-get install slurm-wlm munge); install them the same way to run this test.',
    );
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`the real-Slurm test starts munged, slurmctld and slurmd, which needs root (running as uid ${process.getuid()})`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'trialsim-slurm-'));
  const conf = join(dir, 'slurm.conf');
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` };
  const run = (program: string, args: readonly string[]): SpawnSyncReturns<string> => spawnSync(program, args, { encoding: 'utf8', env, timeout: 60_000 });
  const started: string[] = [];
  let mungeStarted = false;
  const tail = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '(no log)');
  const logs = (): string =>
    `slurmctld.log:\n${tail(join(dir, 'log', 'slurmctld.log'))}\nslurmd.log:\n${tail(join(dir, 'log', 'slurmd.log'))}`;
  const stop = (): void => {
    // Jobs first (this cluster's only: SLURM_CONF names it), so no task outlives the daemons.
    if (started.includes('slurmctld')) {
      run('scancel', ['--full', '--user', String(process.getuid?.() ?? 0)]);
      for (let i = 0; i < 100 && run('squeue', ['--noheader']).stdout.trim() !== ''; i++) sleep(100);
    }
    stopByPidFile(join(dir, 'slurmd.pid'));
    stopByPidFile(join(dir, 'slurmctld.pid'));
    if (mungeStarted) stopByPidFile(MUNGE_PID);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // munge: a running munged is used as it is; otherwise one is started as its user.
    const mungeWorks = (): boolean => spawnSync('sh', ['-c', 'munge -n | unmunge'], { encoding: 'utf8', env }).status === 0;
    if (!mungeWorks()) {
      mkdirSync('/run/munge', { recursive: true });
      const steps = [
        ['chown', ['munge:munge', '/run/munge']],
        ['runuser', ['-u', 'munge', '--', which('munged') ?? 'munged']],
      ] as const;
      for (const [p, a] of steps) {
        const r = spawnSync(p, a, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
        if (r.status !== 0) throw new Error(`the machine refused to start munged (${p} ${a.join(' ')}: exit ${r.status}): ${r.stderr.trim()}`);
      }
      mungeStarted = true;
      for (let i = 0; i < 50 && !mungeWorks(); i++) sleep(100);
      if (!mungeWorks()) throw new Error('munged was started but `munge -n | unmunge` still fails');
    }

    const [ctldPort, dPort] = await freePorts(2);
    const host = hostname().split('.')[0];
    for (const sub of ['state', 'spool', 'log']) mkdirSync(join(dir, sub));
    const memoryMb = Math.floor(totalmem() / 1024 / 1024 / 2);
    writeFileSync(
      conf,
      [
        'ClusterName=trialsimtest',
        `SlurmctldHost=${host}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        'AuthType=auth/munge',
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${dPort}`,
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
        `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'JobAcctGatherType=jobacct_gather/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'SchedulerType=sched/builtin',
        'ReturnToService=2',
        'MpiDefault=none',
        'KillWait=10',
        `NodeName=${host} CPUs=${availableParallelism()} RealMemory=${memoryMb} State=UNKNOWN`,
        `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
        '',
      ].join('\n'),
    );
    for (const daemon of ['slurmctld', 'slurmd']) {
      // Both daemonise; their output goes to their logs.
      const r = spawnSync(which(daemon) ?? daemon, [], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      if (r.status !== 0) throw new Error(`the machine refused to run ${daemon} (exit ${r.status}): ${r.stderr.trim()}\n${logs()}`);
      started.push(daemon);
    }
    let state = '';
    for (let i = 0; i < 300; i++) {
      state = run('sinfo', ['--noheader', '--format', '%T']).stdout.trim();
      if (state === 'idle') break;
      sleep(100);
    }
    if (state !== 'idle') throw new Error(`slurmd's node did not become idle within 30 s (sinfo says ${JSON.stringify(state)})\n${logs()}`);
    return { env, dir, run, logs, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
