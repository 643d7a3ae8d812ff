// A small tmpfs for the tests of full and read-only disks. Mounting needs root
// (as these tests run here and in CI); where it cannot be mounted the test
// fails with a plain message rather than passing without having run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  readonly dir: string;
  /** Remount read-only. */
  readOnly(): void;
  /** Fill the disk with a file until only `leave` bytes are free. */
  fill(leave: number): void;
  /** Bytes free. */
  free(): number;
  unmount(): void;
}

function run(cmd: string, args: readonly string[]): { ok: boolean; why: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, why: (r.error?.message ?? r.stderr ?? '').trim() };
}

/** Mount a tmpfs of `bytes` bytes on a fresh folder; throws a plain message when it cannot. */
export function mountTmpfs(tag: string, bytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), `trialsim-tmpfs-${tag}-`));
  const m = run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  if (!m.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`this test needs a small tmpfs and could not mount one (mount -t tmpfs: ${m.why}); run the tests as root`);
  }
  let fills = 0;
  const free = (): number => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    readOnly() {
      const r = run('mount', ['-o', 'remount,ro', dir]);
      if (!r.ok) throw new Error(`could not remount the test tmpfs read-only: ${r.why}`);
    },
    fill(leave: number) {
      const bytes = free() - leave;
      if (bytes > 0) writeFileSync(join(dir, `filler-${fills++}`), Buffer.alloc(bytes));
    },
    free,
    unmount() {
      run('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
