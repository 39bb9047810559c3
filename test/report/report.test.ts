// `spx report` in-process: the page's numbers equal spx path/simulate, byte-identical reruns, escaping, layout, validity.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { generateProcessYaml } from '../../bench/fixtures/generate-process.mjs';
import { eventsCsv } from '../../src/deals/write-events.js';
import { tempDir } from '../cli/run-cli.js';
import { pipeline, SMB_TEXT } from '../deals/pipeline.js';
import { ROOT, reportJson, spxIn, syntheticHistory } from './io.js';

const KNOWN = readFileSync(join(ROOT, 'test/fixtures/known.yaml'), 'utf8');
const HOSTILE_TITLE = '</script><img src=x onerror=alert(1)>';
const LONG = 'W'.repeat(10_000);
/** known.yaml with hostile text wherever the format allows free text. */
const HOSTILE = KNOWN.replace('metadata: { name: known, version: 1.0.0, segment: other }', `metadata: { name: known, version: 1.0.0, segment: other, title: "${HOSTILE_TITLE}", description: "{{x}} \u202Eevil\u202C <!-- & ${LONG}" }`)
  .replace('title: Discovery and demo', `title: "<b onclick=x>\u202E{{constructor}}</b>"`)
  .replace('title: Review', `title: "${LONG}"`)
  .replace('title: Ask', 'title: "</script><script>alert(2)</script>"');

describe('spx report', () => {
  it('embeds exactly the numbers of spx path --json and spx simulate --json for the same seed, and shows them', async () => {
    const report = await spxIn(['report', 'processes/enterprise.yaml', 'test/fixtures/known.yaml', '--deals', '20000', '--seed', '7']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const data = reportJson(report.stdout);
    const path = JSON.parse((await spxIn(['path', 'processes/enterprise.yaml', 'test/fixtures/known.yaml', '--json'])).stdout);
    const simulated = JSON.parse((await spxIn(['simulate', 'processes/enterprise.yaml', 'test/fixtures/known.yaml', '--deals', '20000', '--seed', '7', '--json'])).stdout);
    expect(data.processes.map((p) => p.path)).toEqual(path);
    data.processes.forEach((p, i) => {
      const { file, closeDates, exact, ...simulation } = simulated[i];
      expect(p.file).toBe(file);
      expect(p.simulation).toEqual(simulation);
      expect(exact.winRate).toBe(path[i].winRate);
    });
    // The key numbers in the page carry the same values at full precision.
    const value = (key: string, nth = 0): number => Number([...report.stdout.matchAll(new RegExp(`data-key="${key}" data-value="([^"]+)"`, 'g'))][nth]![1]);
    expect(value('win-rate')).toBe(path[0].winRate);
    expect(value('cycle-won')).toBe(path[0].expectedCycleDays.won);
    expect(value('time-to-outcome')).toBe(path[0].expectedCycleDays.anyOutcome);
    expect(value('path-steps')).toBe(path[0].minimalPath.count);
    expect(value('path-days')).toBe(path[0].minimalPath.expectedDays);
    expect(value('sim-p80')).toBe(simulated[0].cycleDays.p80);
    expect(value('sim-win-rate', 1)).toBe(simulated[1].winRate);
    expect(report.stdout).toContain('<span class="value" data-key="win-rate" data-value="0.4">40.0%</span>');
    // Several files: an overview table with a row per process, linking to its section.
    expect(report.stdout).toMatch(/<table class="overview">[\s\S]*href="#p0">Enterprise \(1,000\+ employees\)<\/a>[\s\S]*href="#p1">known<\/a>/);
  });

  it('is byte-identical for the same files, seed and SOURCE_DATE_EPOCH, and stamps that time', async () => {
    const args = ['report', 'processes/smb.yaml', '--deals', '5000', '--seed', '3'];
    const first = await spxIn(args);
    const second = await spxIn(args);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain('Generated 2026-12-01 00:00 UTC by spx 0.0.0-test.');
    expect(reportJson(first.stdout).generatedAt).toBe('2026-12-01T00:00:00.000Z');
    expect((await spxIn([...args.slice(0, -1), '4'])).stdout).not.toBe(first.stdout);
    // Without SOURCE_DATE_EPOCH the injected clock stamps it.
    const clock = await spxIn(args, { env: { SOURCE_DATE_EPOCH: undefined } });
    expect(reportJson(clock.stdout).generatedAt).toBe('2026-11-27T09:30:00.000Z');
  });

  it('is one self-contained page: a CSP that forbids the network, no script but the data, no external reference', async () => {
    const { stdout: html } = await spxIn(['report', 'processes/enterprise.yaml', '--deals', '2000']);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html.match(/<script/g)).toEqual(['<script']);
    expect(html).toContain('<script type="application/json" id="spx-data">');
    expect(html).not.toMatch(/\b(src|srcset)=/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html).not.toMatch(/ style=/);
    // Dark mode and print rules are there, every colour through a variable.
    expect(html).toContain('@media screen and (prefers-color-scheme:dark)');
    expect(html).toContain('@media print');
    const css = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    const rulesOutsideRoot = css.replace(/:root\{[^}]*\}/g, '');
    expect(rulesOutsideRoot).not.toMatch(/#[0-9a-f]{3,6}\b/i);
    // Rule links point at each rule's docs page.
    const linted = await spxIn(['report', 'processes/smb.yaml', '--deals', '1000']);
    const findings = reportJson(linted.stdout).processes[0]!.lint as { ruleId: string }[];
    for (const finding of findings) expect(linted.stdout).toContain(`<a href="docs/rules/${finding.ruleId}.md">${finding.ruleId}</a>`);
  });

  it('escapes every string from the process file: script tags, event handlers, template braces, RTL overrides, 10,000-character names', async () => {
    const dir = tempDir({ 'hostile.yaml': HOSTILE });
    const { code, stdout: html, stderr } = await spxIn(['report', 'hostile.yaml', '--deals', '2000'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b onclick');
    expect(html).not.toContain('<!-- &');
    expect(html.match(/<script/g)).toEqual(['<script']);
    expect(html.match(/<\/script>/g)).toEqual(['</script>']);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('{{x}} &#x202e;evil&#x202c;');
    expect(html).not.toContain('\u202E');
    expect(html).toContain(LONG);
    // The data block round-trips the hostile strings exactly.
    const data = reportJson(html);
    expect(data.processes[0]!.title).toBe(HOSTILE_TITLE);
    expect(JSON.stringify(data)).toContain('"title":"</script><script>alert(2)</script>"');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    // The diagram clips long names instead of drawing a 10,000-character box.
    const diagram = /<svg class="diagram"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(diagram).not.toContain(LONG);
    expect(diagram).toContain('WWWWWWWWWWWWWWWWWWWW…');
    const validation = new HtmlValidate({ extends: ['html-validate:recommended'] }).validateStringSync(html, 'hostile.html');
    expect(validation.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it('draws one node per step for a 60-step process, with no two boxes overlapping', async () => {
    const dir = tempDir({ 'big.yaml': generateProcessYaml(60, { seed: 60, parallelRate: 0.1 }) });
    const { code, stdout: html } = await spxIn(['report', 'big.yaml', '--deals', '2000'], { cwd: dir });
    expect(code).toBe(0);
    const boxes = [...html.matchAll(/<g class="node (step|outcome)[^"]*" data-(?:step|outcome)="([^"]+)"[^>]*><title>[^<]*<\/title><rect class="box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map(
      (m) => ({ kind: m[1], id: m[2], x: Number(m[3]), y: Number(m[4]), w: Number(m[5]), h: Number(m[6]) }),
    );
    expect(boxes.filter((b) => b.kind === 'step').map((b) => b.id)).toEqual(Array.from({ length: 60 }, (_, i) => `step-${i + 1}`));
    expect(boxes.filter((b) => b.kind === 'outcome').map((b) => b.id)).toEqual(['won']);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
    // Wrapped into rows of at most six ranks: the page stays narrow enough to read and print.
    const width = Number(/<svg class="diagram" viewBox="0 0 ([\d.]+)/.exec(html)![1]);
    expect(width).toBeLessThanOrEqual(6 * 178 + 5 * 40 + 2 * 26);
    // Every step on the minimal path is highlighted, and nothing else.
    const path = JSON.parse((await spxIn(['path', 'big.yaml', '--json'], { cwd: dir })).stdout)[0].minimalPath.steps.map((s: { id: string }) => s.id);
    const highlighted = [...html.matchAll(/<g class="node step on-path[^"]*" data-step="([^"]+)"/g)].map((m) => m[1]);
    expect(highlighted).toEqual(path);
  });

  it('summarises lost transitions inside each step and draws loops back, not one lost node', async () => {
    const { stdout: html } = await spxIn(['report', 'processes/enterprise.yaml', '--deals', '1000']);
    const diagram = /<svg class="diagram"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(diagram).not.toContain('data-outcome="lost"');
    expect(diagram).toContain('<text class="n-lost" x="42.0"'.replace('42.0', '38'));
    expect(diagram.match(/class="n-lost"/g)).toHaveLength(6);
    expect(diagram).toContain('✕ lost 30% · not-qualified');
    // The two self-loops (discovery 20%, demos 10%) and the ask step.
    expect(diagram).toContain('↻ 20%');
    expect(diagram).toContain('↻ 10%');
    expect(diagram.match(/class="edge back"/g)).toHaveLength(2);
    expect(diagram).toContain('<g class="node step on-path ask" data-step="contract"');
    expect(diagram).toContain('gate: 7 roles + 1 step');
  });

  it('draws the histogram with one bar per bin and the P50/P80/P90/P95 lines at their values', async () => {
    const { stdout: html } = await spxIn(['report', 'processes/enterprise.yaml', '--deals', '20000']);
    const sim = reportJson(html).processes[0]!.simulation as { cycleHistogram: unknown[]; cycleDays: Record<string, number> };
    const histogram = /<svg class="chart histogram"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(histogram.match(/<rect class="bar"/g)).toHaveLength(sim.cycleHistogram.length);
    for (const q of ['p50', 'p80', 'p90', 'p95']) expect(histogram).toContain(`>${q.toUpperCase()} ${sim.cycleDays[q]!.toFixed(1)}</text>`);
    expect(html.match(/<svg class="chart funnel"[\s\S]*?<\/svg>/)![0].match(/<rect class="bar/g)).toHaveLength(6);
  });

  it('passes html-validate (recommended) for the bundled processes', async () => {
    const { stdout: html } = await spxIn(['report', 'processes/', '--deals', '2000']);
    const result = new HtmlValidate({ extends: ['html-validate:recommended'] }).validateStringSync(html, 'report.html');
    expect(result.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it('-o writes the file, refuses to replace it without --force, replaces it with --force', async () => {
    const dir = tempDir({ 'p.yaml': KNOWN });
    const first = await spxIn(['report', 'p.yaml', '--deals', '1000', '-o', 'out.html'], { cwd: dir });
    expect(first).toEqual({ code: 0, stdout: '', stderr: '' });
    const written = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(reportJson(written).processes[0]!.file).toBe('p.yaml');
    writeFileSync(join(dir, 'out.html'), 'mine');
    const refused = await spxIn(['report', 'p.yaml', '-o', 'out.html'], { cwd: dir });
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'spx: out.html already exists: pass --force to replace it, or choose another -o file [E_FILE_EXISTS]\n' });
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toBe('mine');
    expect((await spxIn(['report', 'p.yaml', '--deals', '1000', '-o', 'out.html', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toBe(written);
  });

  it('--history compares each process with deal data exactly as spx calibrate does, escaping what the data holds', async () => {
    const dir = tempDir();
    await syntheticHistory('processes/enterprise.yaml', join(dir, 'deals.csv'));
    // A stage the process does not map, with a hostile name: reported as unmapped, escaped.
    writeFileSync(join(dir, 'deals.csv'), `${readFileSync(join(dir, 'deals.csv'), 'utf8')}X1,"<img src=x onerror=alert(3)>",2026-03-02T10:00:00Z,,,,,\n`);
    const file = join(ROOT, 'processes/enterprise.yaml');
    const args = ['report', file, '--deals', '2000', '--history', 'deals.csv', '--as-of', '2026-11-30'];
    const report = await spxIn(args, { cwd: dir });
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const calibrated = JSON.parse((await spxIn(['calibrate', file, 'deals.csv', '--as-of', '2026-11-30', '--json'], { cwd: dir })).stdout);
    const calibration = (reportJson(report.stdout).processes[0] as unknown as { calibration: Record<string, unknown> & { report: Record<string, unknown> } }).calibration;
    for (const key of ['deals', 'unmapped', 'winRate', 'cycleDays', 'transitions', 'stages', 'findings']) expect(calibration.report[key], key).toEqual(calibrated[key]);
    expect(calibration).toMatchObject({ asOf: calibrated.asOf, format: 'events', files: ['deals.csv'], otherPipelines: 0, issues: 0 });
    const html = report.stdout;
    expect(html).toContain('<h3 id="p0-calibration">Against real deals</h3>');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt; (1 deals)');
    expect(html).not.toContain('<img');
    // One verdict cell per transition and per stage; the interval chart has a diamond per transition with data.
    const transitions = calibrated.transitions as { n: number }[];
    expect(html.match(/<td class="verdict-/g)).toHaveLength(1 + transitions.length + (calibrated.stages as unknown[]).length);
    expect(html.match(/<path class="predicted/g)).toHaveLength(transitions.filter((t) => t.n > 0).length);
    // Without --as-of the report's time (SOURCE_DATE_EPOCH) is the cut-off: still byte-identical.
    const plain = ['report', file, '--deals', '2000', '--history', 'deals.csv'];
    const once = await spxIn(plain, { cwd: dir });
    expect((await spxIn(plain, { cwd: dir })).stdout).toBe(once.stdout);
    expect(reportJson(once.stdout).processes[0]).toMatchObject({ calibration: { asOf: '2026-12-01T00:00:00.000Z' } });
    expect(await spxIn(['report', file, '--as-of', '2026-11-30'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'spx: --as-of needs --history: name the deal-data files to compare with [E_USAGE]\n',
    });
    expect((await spxIn(['report', file, '--history', 'missing.csv'], { cwd: dir })).stderr).toBe('spx: missing.csv: no such file; check the path [E_FILE_NOT_FOUND]\n');
  });

  it('--history audits and forecasts the open deals exactly as spx audit and spx forecast do (same as-of and seed), escaping ids and owners', async () => {
    // The planted pipeline (smb.yaml, faults at known deals) with hostile text where a CRM export carries free text.
    const planted = pipeline();
    const HOSTILE_ID = '</script><img src=x onerror=alert(4)>';
    const FORMULA = "=cmd|' /C calc'!A0";
    const RTL = '\u202Eevil\u202C</td><td>';
    const [rtlDeal] = planted.noNextStep;
    const deals = planted.deals.map((d) =>
      // STALL has no next step either: two findings and the largest amount, so it heads the worst-deals table.
      d.id === planted.stalled ? { ...d, id: HOSTILE_ID, owner: FORMULA, nextActivityAt: undefined } : d.id === rtlDeal ? { ...d, owner: RTL, amount: 8000 } : d,
    );
    // eventsCsv defuses the formula when writing; a CRM export would not, so the file gets it raw.
    const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': eventsCsv(deals).replaceAll(",'=cmd", ',=cmd') });
    const common = ['--as-of', '2026-03-02', '--seed', '3'];
    const report = await spxIn(['report', 'smb.yaml', '--deals', '1000', '--history', 'deals.csv', ...common], { cwd: dir });
    expect([report.code, report.stderr]).toEqual([0, '']);
    const html = report.stdout;
    type PipelineData = { audit: { counts: Record<string, unknown>; worst: { id: string; owner: string | null; findings: string[] }[]; flaggedNotShown: number }; forecast: { totals: { currency: string | null; expectedWins: number; expectedBookings: number }[]; rows: unknown[]; months: unknown[]; deals: number } };
    const data = reportJson(html).processes[0] as unknown as PipelineData;
    const audited = JSON.parse((await spxIn(['audit', 'smb.yaml', 'deals.csv', ...common, '--json'], { cwd: dir })).stdout);
    const forecast = JSON.parse((await spxIn(['forecast', 'smb.yaml', 'deals.csv', ...common, '--json'], { cwd: dir })).stdout);
    // The data block: audit counts, forecast rows and totals exactly as the commands give them.
    expect(data.audit.counts).toEqual(audited.counts);
    expect(data.forecast.totals).toEqual(forecast.totals);
    expect(data.forecast.rows).toEqual(forecast.rows);
    expect(data.forecast.months).toEqual(forecast.months);
    expect(data.forecast.deals).toBe(forecast.deals.length);
    expect(forecast.totals.map((t: { currency: string }) => t.currency)).toEqual(['EUR', 'USD']);
    // The page shows the same numbers.
    const values = (key: string): number[] => [...html.matchAll(new RegExp(`data-key="${key}" data-value="([^"]+)"`, 'g'))].map((m) => Number(m[1]));
    expect(values('audit-open')).toEqual([audited.counts.open]);
    expect(values('audit-flagged')).toEqual([audited.counts.flagged]);
    for (const [finding, n] of Object.entries(audited.counts.byFinding)) expect(values(`audit-${finding}`), finding).toEqual([n]);
    expect(values('forecast-total-wins')).toEqual(forecast.totals.map((t: { expectedWins: number }) => t.expectedWins));
    expect(values('forecast-total-bookings')).toEqual(forecast.totals.map((t: { expectedBookings: number }) => t.expectedBookings));
    // One chart per currency, one bar per month (and later); the table beside it is its text alternative.
    expect(html.match(/<svg class="chart bands"/g)).toHaveLength(2);
    expect(html.match(/<g class="band-bar/g)).toHaveLength(forecast.rows.length);
    expect(html.match(/<table class="forecast">/g)).toHaveLength(2);
    // The worst deals: the first 20 of spx audit's worst-first order (its CSV), and a count of the rest.
    const csv = (await spxIn(['audit', 'smb.yaml', 'deals.csv', ...common, '--format', 'csv'], { cwd: dir })).stdout;
    const order = [...new Set(csv.trim().split('\n').slice(1).map((line) => /^("(?:[^"]|"")*"|[^,]*)/.exec(line)![1]!.replace(/^"|"$/g, '').replaceAll('""', '"')))];
    expect(data.audit.worst.map((d) => d.id)).toEqual(order.slice(0, 20));
    expect(data.audit.flaggedNotShown).toBe(audited.counts.flagged - 20);
    expect(html.match(/<table class="worst-deals">[\s\S]*?<\/table>/)![0].match(/<tr>/g)).toHaveLength(21);
    expect(html).toContain(`… and ${audited.counts.flagged - 20} more flagged deals`);
    expect(data.audit.worst[0]).toMatchObject({ id: HOSTILE_ID, owner: FORMULA, findings: ['no-next-step', 'stalled'] });
    // Hostile text: escaped and isolated in the page, exact in the data block.
    expect(html).toContain('<td class="mono"><bdi>&lt;/script&gt;&lt;img src=x onerror=alert(4)&gt;</bdi></td><td><bdi>=cmd|&#39; /C calc&#39;!A0</bdi></td>');
    expect(html).toContain('<bdi>&#x202e;evil&#x202c;&lt;/td&gt;&lt;td&gt;</bdi>');
    expect(data.audit.worst.some((d) => d.owner === RTL)).toBe(true);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(html.match(/<\/script>/g)).toEqual(['</script>']);
    const validation = new HtmlValidate({ extends: ['html-validate:recommended'] }).validateStringSync(html, 'pipeline.html');
    expect(validation.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    // Deterministic: the same files, seed and as-of give the same bytes.
    expect((await spxIn(['report', 'smb.yaml', '--deals', '1000', '--history', 'deals.csv', ...common], { cwd: dir })).stdout).toBe(html);
  });

  it('still writes the page when no path to won meets a gate (lint rules turned off), says why, and exits 1 as spx path does', async () => {
    const blocked = KNOWN.replace('    it: IT', '    it: IT\n    legal: Legal').replace('requires: { involved: [owner, it], completed: [r] }', 'requires: { involved: [owner, it, legal], completed: [r] }');
    const dir = tempDir({ 'blocked.yaml': blocked, 'spx.config.yaml': 'rules:\n  gate-bypass: off\n  no-path-to-won: off\n' });
    const { code, stdout: html, stderr } = await spxIn(['report', 'blocked.yaml', '--deals', '1000'], { cwd: dir });
    expect([code, stderr]).toEqual([1, '']);
    expect(html).toContain('No path to won meets the gate of <code>b</code>: role legal can never happen before it.');
    expect(html).toContain('<span class="value" data-key="path-steps">none</span>');
    expect(html).not.toContain('class="node step on-path');
  });

  it('--set computes the page for the what-if, states it under the title (escaped) and in the data, and equals editing the file', async () => {
    const edited = KNOWN.replace('{ to: r, p: 0.5, within: 1 }', '{ to: r, p: 0.6, within: 1 }').replace('{ to: lost, p: 0.5, reason: no-fit }', '{ to: lost, p: 0.4, reason: no-fit }');
    const dir = tempDir({ 'p.yaml': KNOWN, 'edited.yaml': edited, 'hostile.yaml': HOSTILE });
    const args = ['report', 'p.yaml', '--deals', '2000', '--set', 'steps.a.next.r.p=0.6'];
    const report = await spxIn(args, { cwd: dir });
    expect([report.code, report.stderr]).toEqual([0, '']);
    const data = reportJson(report.stdout).processes[0] as unknown as { path: { winRate: number }; scenario: unknown; sha256: string; simulation: unknown };
    const scenario = [
      { path: 'steps.a.next.r.p', from: 0.5, to: 0.6 },
      { path: 'steps.a.next.lost.p', from: 0.5, to: 0.4 },
    ];
    expect(data.scenario).toEqual(scenario);
    // w(a) = 0.6 · 1 · 0.8 = 0.48; the numbers are those of spx path --set and of the file edited by hand.
    expect(data.path.winRate).toBeCloseTo(0.48, 15);
    const path = JSON.parse((await spxIn(['path', 'p.yaml', '--json', '--set', 'steps.a.next.r.p=0.6'], { cwd: dir })).stdout)[0];
    expect(path.scenario).toEqual(scenario);
    const { scenario: _, ...pathNumbers } = path;
    expect(data.path).toEqual(pathNumbers);
    const byHand = reportJson((await spxIn(['report', 'edited.yaml', '--deals', '2000'], { cwd: dir })).stdout).processes[0]!;
    expect({ ...data.path, file: 'edited.yaml' }).toEqual(byHand.path);
    expect(data.simulation).toEqual(byHand.simulation);
    expect(report.stdout).toContain('<span class="value" data-key="win-rate" data-value="0.48">48.0%</span>');
    expect(report.stdout).toContain(
      '<h2 id="p0-title">known</h2>\n<p class="scenario"><strong>What-if scenario, not in the file:</strong> <code>steps.a.next.r.p</code> 0.5 → 0.6, <code>steps.a.next.lost.p</code> 0.5 → 0.4. Every number below is for the process with these values.</p>',
    );
    // The hash is of the file on disk, not of the what-if; without --set the page has no scenario at all.
    const plain = await spxIn(['report', 'p.yaml', '--deals', '2000'], { cwd: dir });
    const plainData = reportJson(plain.stdout).processes[0]! as unknown as Record<string, unknown>;
    expect(data.sha256).toBe(plainData['sha256']);
    expect('scenario' in plainData).toBe(false);
    expect(plain.stdout).not.toContain('class="scenario"');
    // Values the user types are escaped on the page and round-trip in the data; the page stays valid.
    const hostile = await spxIn(['report', 'hostile.yaml', '--deals', '1000', '--set', 'metadata.description=</p><script>alert(5)</script>'], { cwd: dir });
    expect([hostile.code, hostile.stderr]).toEqual([0, '']);
    expect(hostile.stdout.match(/<script/g)).toEqual(['<script']);
    expect(hostile.stdout).toContain('→ &lt;/p&gt;&lt;script&gt;alert(5)&lt;/script&gt;. Every number below');
    expect((reportJson(hostile.stdout).processes[0] as unknown as { scenario: { to: unknown }[] }).scenario[0]!.to).toBe('</p><script>alert(5)</script>');
    const validation = new HtmlValidate({ extends: ['html-validate:recommended'] }).validateStringSync(report.stdout, 'what-if.html');
    expect(validation.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    // A path that does not exist is a usage error naming the nearest valid one, before any page is written.
    const typo = await spxIn(['report', 'p.yaml', '--set', 'steps.a.next.rr.p=0.6', '-o', 'x.html'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/steps\.a\.next\.r\.p.*\[E_USAGE\]\n$/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it('"What to change" gives the top levers and seller capacity of spx sensitivity --json, phrased as its text, escaped', async () => {
    for (const file of ['processes/enterprise.yaml', 'test/fixtures/disqualified.yaml']) {
      const report = await spxIn(['report', file, '--deals', '1000']);
      expect([report.code, report.stderr]).toEqual([0, '']);
      const page = (reportJson(report.stdout).processes[0] as unknown as { sensitivity: Record<string, any> }).sensitivity;
      const cli = JSON.parse((await spxIn(['sensitivity', file, '--json'])).stdout)[0];
      expect(page.ranked.winRateBy).toBe(cli.ranked.winRateBy);
      expect(page.ranked.winRate).toEqual(cli.ranked.winRate.slice(0, 5));
      expect(page.ranked.cycle).toEqual(cli.ranked.cycle.slice(0, 5));
      expect(page.ranked.winRate[0]).toEqual(cli.ranked.winRate[0]);
      expect(page.capacity.roles).toEqual(cli.capacity.roles.map(({ daysPerMonth, ...role }: { daysPerMonth: unknown }) => role));
      for (const key of ['winRate', 'qualifiedWinRate', 'disqualifiedRate', 'expectedCycleDays', 'step'] as const) expect(page[key]).toEqual(cli[key]);
      // The page shows the capacity numbers at full precision and the top lever in the CLI's words.
      const values = (key: string): number[] => [...report.stdout.matchAll(new RegExp(`data-key="${key}" data-value="([^"]+)"`, 'g'))].map((m) => Number(m[1]));
      expect(values('capacity-per-deal')).toEqual(cli.capacity.roles.map((r: { daysPerDeal: number }) => r.daysPerDeal));
      expect(values('capacity-per-won-deal')).toEqual(cli.capacity.roles.map((r: { daysPerWonDeal: number }) => r.daysPerWonDeal));
      const text = (await spxIn(['sensitivity', file, '--top', '1'])).stdout;
      const top = /^ +1\. (.*): ((?:qualified )?win rate [^;(]*points)(.*)$/m.exec(text)!;
      const html = top[1]!.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      expect(report.stdout).toContain(`<li>${html}: <strong>${top[2]!.trim()}</strong>${top[3]}</li>`);
    }
    // Names from the file are escaped in the lever lines.
    const hostile = await spxIn(['report', 'h.yaml', '--deals', '500'], { cwd: tempDir({ 'h.yaml': HOSTILE }) });
    const section = /<h3 id="p0-levers">[\s\S]*?<\/table>/.exec(hostile.stdout)![0];
    expect(section).toContain('cut &lt;b onclick=x&gt;');
    expect(section).not.toMatch(/<b onclick|<script/);
  });

  it('bad options and an invalid SOURCE_DATE_EPOCH are one-line usage errors (exit 2), before writing anything', async () => {
    const dir = tempDir({ 'p.yaml': KNOWN });
    expect(await spxIn(['report', 'p.yaml', '--deals', '0', '-o', 'x.html'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'spx: --deals 0: expected a whole number from 1 to 100,000,000, in plain digits, e.g. --deals 100000 [E_USAGE]\n',
    });
    const epoch = await spxIn(['report', 'p.yaml', '-o', 'x.html'], { cwd: dir, env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(epoch.code).toBe(2);
    expect(epoch.stderr).toMatch(/^spx: SOURCE_DATE_EPOCH=yesterday: expected whole seconds since 1970-01-01 .*\[E_USAGE\]\n$/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
    const missing = await spxIn(['report'], { cwd: dir });
    expect(missing.code).toBe(2);
  });
});
