// The README's picture of the app: node app/screenshot.mjs [docs/serve.png]
// (after npm run build; Debian's chromium, or TRIALSIM_CHROMIUM). Serves a
// scratch folder, runs the textbook scenario (500 replicates, no truth),
// and photographs the page with its plots drawn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../dist/src/serve/server.js';

const out = process.argv[2] ?? 'docs/serve.png';
const folder = mkdtempSync(join(tmpdir(), 'trialsim-screenshot-'));
const server = await startServer({ folder });
const browser = await chromium.launch({ executablePath: process.env.TRIALSIM_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(server.url);
  await page.waitForSelector('#validity.ok');
  await page.fill('#run-replicates', '500');
  await page.click('#run');
  await page.waitForSelector('#run-status[data-status="done"]', { timeout: 300_000 });
  await page.waitForSelector('#plot-power svg');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(folder, { recursive: true, force: true });
}
