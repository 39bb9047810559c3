// Regenerates docs/report.png, the README's picture of `spx report`: the enterprise report's first screen
// (header, key numbers, process map), rendered by Debian's headless Chromium through playwright-core.
// Run after `npm run build`: `node scripts/report-screenshot.mjs` (CHROME_PATH picks another browser).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const browserPath = process.env.CHROME_PATH ?? ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'].find((p) => existsSync(p));
if (!browserPath) {
  console.error('no browser: apt-get install -y --no-install-recommends chromium-headless-shell, or set CHROME_PATH');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'spx-report-shot-'));
const page = join(work, 'report.html');
// A fixed stamp, so the picture only changes when the report does.
const made = spawnSync(process.execPath, [join(root, 'bin/spx.cjs'), 'report', 'processes/enterprise.yaml', '--deals', '100000', '-o', page], {
  cwd: root,
  env: { ...process.env, SOURCE_DATE_EPOCH: '1796083200' },
  encoding: 'utf8',
});
if (made.status !== 0) {
  console.error(made.stderr);
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: browserPath });
const tab = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
await tab.goto(pathToFileURL(page).href);
// Down to the end of the process map's legend.
const bottom = await tab.locator('.diagram-figure').first().evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
await tab.screenshot({ path: join(root, 'docs/report.png'), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.ceil(bottom + 16) } });
await browser.close();
rmSync(work, { recursive: true, force: true });
console.log('wrote docs/report.png');
