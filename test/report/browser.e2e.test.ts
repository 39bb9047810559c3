// `spx report` pages in a real browser (Debian's chromium-headless-shell through playwright-core): offline, no errors,
// the numbers of spx path/simulate, one diagram node per step, no WCAG 2 A/AA violation in light and dark, a PDF.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlValidate } from 'html-validate';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/run-cli.js';
import { ROOT, spxIn, syntheticHistory } from './io.js';

/** CHROME_PATH when set (and nothing else then), else Debian's headless shell: the binary itself, not its shell wrapper. */
const CANDIDATES = process.env['CHROME_PATH'] ? [process.env['CHROME_PATH']] : ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'];
const BROWSER = CANDIDATES.find((path) => existsSync(path));
const IN_CI = process.env['CI'] === 'true';
const SHOTS = join(ROOT, 'test-results/report');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DEALS = '20000';
const SEED = '5';

if (BROWSER === undefined && IN_CI) {
  describe('spx report in a browser', () => {
    it('needs chromium-headless-shell in CI (apt-get install -y --no-install-recommends chromium-headless-shell, or set CHROME_PATH)', () => {
      throw new Error('no browser: install chromium-headless-shell (see .ci/run) or set CHROME_PATH');
    });
  });
}

const suite = BROWSER === undefined ? describe.skip : describe;
suite(`spx report in a browser${BROWSER === undefined ? ' (skipped: no chromium-headless-shell; install it or set CHROME_PATH)' : ''}`, () => {
  let browser: Browser;
  let dir: string;
  const files = { single: '', many: '' };

  beforeAll(async () => {
    dir = tempDir();
    files.single = join(dir, 'enterprise.html');
    files.many = join(dir, 'all.html');
    // The single report also compares the process with (synthetic) deal data, so the calibration part is checked too.
    await syntheticHistory('processes/enterprise.yaml', join(dir, 'deals.csv'));
    const single = await spxIn(['report', 'processes/enterprise.yaml', '--deals', DEALS, '--seed', SEED, '-o', files.single, '--history', join(dir, 'deals.csv'), '--as-of', '2026-11-30']);
    const many = await spxIn(['report', 'processes/', '--deals', '5000', '-o', files.many]);
    expect([single.code, many.code, single.stderr, many.stderr]).toEqual([0, 0, '', '']);
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: BROWSER! });
    console.log(`spx report browser tests: ${BROWSER} ${browser.version()}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report with the page's CSP in force, recording every request, console error and page error. */
  async function open(file: string, options: { colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: options.colorScheme ?? 'light', javaScriptEnabled: options.javaScriptEnabled ?? true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('request', (request) => {
      if (!/^(file|data):/.test(request.url())) problems.push(`request: ${request.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(file).href);
    return { page, problems };
  }

  /**
   * axe-core's WCAG 2 A and AA rules on a page, in light then dark mode (one injection; the page's CSP is bypassed
   * so the script can be injected).
   */
  async function violations(file: string, schemes: readonly ('light' | 'dark')[]): Promise<Record<string, string[]>> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.addScriptTag({ content: AXE });
    const run = async (colorScheme: 'light' | 'dark'): Promise<string[]> => {
      await page.emulateMedia({ colorScheme });
      const result = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
        return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      });
      return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((node) => node.target))}`);
    };
    const found: Record<string, string[]> = {};
    for (const scheme of schemes) found[scheme] = await run(scheme);
    await context.close();
    return found;
  }

  it('shows the numbers of spx path --json and spx simulate --json, offline and without errors; prints to PDF', async () => {
    const [path] = JSON.parse((await spxIn(['path', 'processes/enterprise.yaml', '--json'])).stdout);
    const [simulated] = JSON.parse((await spxIn(['simulate', 'processes/enterprise.yaml', '--deals', DEALS, '--seed', SEED, '--json'])).stdout);
    const { page, problems } = await open(files.single);
    const number = async (key: string): Promise<{ value: number; text: string }> => {
      const element = page.locator(`[data-key="${key}"]`);
      return { value: Number(await element.getAttribute('data-value')), text: (await element.textContent())! };
    };
    expect(await number('win-rate')).toEqual({ value: path.winRate, text: `${(path.winRate * 100).toFixed(1)}%` });
    expect(await number('cycle-won')).toEqual({ value: path.expectedCycleDays.won, text: `${path.expectedCycleDays.won.toFixed(1)} d` });
    expect(await number('time-to-outcome')).toEqual({ value: path.expectedCycleDays.anyOutcome, text: `${path.expectedCycleDays.anyOutcome.toFixed(1)} d` });
    expect(await number('path-steps')).toEqual({ value: path.minimalPath.count, text: `${path.minimalPath.count} steps` });
    expect((await number('path-days')).value).toBe(path.minimalPath.expectedDays);
    for (const q of ['p50', 'p80', 'p90', 'p95']) expect(await number(`sim-${q}`)).toEqual({ value: simulated.cycleDays[q], text: simulated.cycleDays[q].toFixed(1) });
    expect(await number('sim-win-rate')).toEqual({ value: simulated.winRate, text: `${(simulated.winRate * 100).toFixed(2)}%` });
    // The data block parses in the page too, with the same numbers.
    const data = JSON.parse((await page.locator('#spx-data').textContent())!);
    expect(data.processes[0].simulation.cycleDays).toEqual(simulated.cycleDays);
    // One diagram node per step (and the won outcome), each step once; the minimal path highlighted.
    const steps = await page.locator('svg.diagram g.node.step').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-step')));
    expect(steps).toEqual(path.steps.map((s: { id: string }) => s.id));
    expect(await page.locator('svg.diagram g.node.step.on-path').count()).toBe(path.minimalPath.count);
    expect(await page.locator('svg.diagram').isVisible()).toBe(true);
    expect(await page.locator('svg.histogram rect.bar').count()).toBe(simulated.cycleHistogram.length);
    expect(await page.locator('svg.intervals').isVisible()).toBe(true);

    await page.screenshot({ path: join(SHOTS, 'enterprise-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'enterprise-dark.png'), fullPage: true });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(18, 22, 28)');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await page.screenshot({ path: join(SHOTS, 'enterprise-print.png'), fullPage: true });
    // Print is always light, whatever the screen's scheme.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(255, 255, 255)');
    // The page sets margins but no paper size: A4 and Letter both print.
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(join(SHOTS, `enterprise-${format.toLowerCase()}.pdf`), pdf);
    }
    expect(problems).toEqual([]);
  });

  it('compares several processes side by side, one diagram node per step in each section', async () => {
    const { page, problems } = await open(files.many, { colorScheme: 'dark' });
    const rows = await page.locator('table.overview tbody tr').count();
    const sections = page.locator('section.process');
    expect(await sections.count()).toBe(3);
    expect(rows).toBe(3);
    const path = JSON.parse((await spxIn(['path', 'processes/', '--json'])).stdout) as { process: string; steps: unknown[] }[];
    for (let i = 0; i < 3; i++) expect(await sections.nth(i).locator('svg.diagram g.node.step').count()).toBe(path[i]!.steps.length);
    await page.screenshot({ path: join(SHOTS, 'all-dark.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('is complete with JavaScript turned off', async () => {
    const { page, problems } = await open(files.single, { javaScriptEnabled: false });
    expect(await page.locator('svg.diagram g.node').count()).toBe(7);
    expect(await page.locator('[data-key="win-rate"]').textContent()).toMatch(/^\d+\.\d%$/);
    expect(problems).toEqual([]);
  });

  it('has no WCAG 2 A/AA violation (axe-core) in light or dark mode', async () => {
    expect(await violations(files.single, ['light', 'dark'])).toEqual({ light: [], dark: [] });
    // The page with several processes adds the overview table; its colours are the same variables.
    expect(await violations(files.many, ['light'])).toEqual({ light: [] });
  });

  it("passes html-validate's recommended preset on the written files", () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    for (const file of [files.single, files.many]) {
      const report = validator.validateFileSync(file);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`))).toEqual([]);
    }
  });
});
