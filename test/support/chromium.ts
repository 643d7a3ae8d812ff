// Debian's Chromium for the browser tests: TRIALSIM_CHROMIUM, else chromium
// (or chromium-browser) on PATH. The tests FAIL without it, with INSTALL.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL = 'Chromium is needed for the browser tests: install it with `apt-get install -y chromium` (Debian), or set TRIALSIM_CHROMIUM to a Chromium binary';

export function findChromium(): string | null {
  const env = process.env.TRIALSIM_CHROMIUM;
  if (env !== undefined && env !== '') return env;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Flags for a headless Chromium that talks to nothing but the test's own server. */
export const QUIET_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-pings',
  '--disable-features=Translate,MediaRouter,OptimizationHints,NetworkTimeServiceQuerying,AutofillServerCommunication',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
