// spx calibrate end to end in-process: synthesized exports of a known process, every format, --write, bad input.
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedWithin, stepExpectedDuration } from '../../src/analysis/metrics.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';
import { eventsCsv as spxEventsCsv } from '../../src/deals/write-events.js';
import { synthesizeDeals } from '../../src/deals/synthesize.js';
import { eventsCsv, hubspotCsv, hubspotJson, pipedriveCsv, pipedriveFlow, salesforceCsv } from '../deals/exports.js';
import { spxIn } from './in-process.js';

/** spx in-process with the clock these tests assume: Monday 2026-06-15, noon UTC. */
const runInProcess = (argv: readonly string[], options: { cwd?: string } = {}) => spxIn(argv, { ...options, now: '2026-06-15T12:00:00Z' });

const work = mkdtempSync(join(tmpdir(), 'spx-calibrate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A process with two demos the same prospects may take, so moving mass between them keeps the win rate. */
const declaredYaml = (demoA: number, demoB: number, trialDays: string) => `apiVersion: spx/v1
kind: SalesProcess
metadata:
  name: two-demos
  title: Two demos
  version: 1.0.0
  segment: smb
roles:
  seller: { ae: Account executive }
  buyer: { owner: { title: Owner, decisionMaker: true } }
start: qualify
steps:
  qualify:
    kind: discovery
    owner: ae
    with: [owner]
    duration: { min: 1, likely: 2, max: 4 }
    exitCriteria: [Fit]
    next:
      - { to: demo-a, p: ${demoA}, within: 1 }
      - { to: demo-b, p: ${demoB}, within: 1 }
      - { to: lost, p: 0.2, reason: no-fit }
  demo-a:
    kind: demo
    owner: ae
    with: [owner]
    duration: 1
    exitCriteria: [Value shown]
    next:
      - { to: trial, p: 0.8, within: 1 }
      - { to: lost, p: 0.2, reason: no-fit }
  demo-b:
    kind: demo
    owner: ae
    with: [owner]
    duration: 1
    exitCriteria: [Value shown]
    next:
      - { to: trial, p: 0.8, within: 1 }
      - { to: lost, p: 0.2, reason: no-fit }
  trial:
    kind: trial
    owner: ae
    with: [owner]
    duration: ${trialDays}
    exitCriteria: [Trial succeeded]
    next:
      - { to: close, p: 0.7, within: 2 }
      - { to: lost, p: 0.3, reason: no-value }
  close:
    kind: close
    owner: ae
    with: [owner]
    ask: true
    duration: 1
    exitCriteria: [Signed]
    next:
      - { to: won, p: 0.75, within: 1 }
      - { to: lost, p: 0.25, reason: price }
outcomes:
  won: { result: won }
  lost: { result: lost }
`;

const declared = declaredYaml(0.5, 0.3, '{ min: 5, likely: 10, max: 14 }');
const truth = declaredYaml(0.3, 0.5, '{ min: 10, likely: 20, max: 28 }');
const modelOf = (yaml: string): Process => loadProcess('p.yaml', yaml).process!;
const START = Date.parse('2025-01-06T09:00:00Z');
const AS_OF = '2026-12-01';

function write(name: string, contents: string): string {
  const path = join(work, name);
  writeFileSync(path, contents);
  return path;
}

const declaredFile = write('two-demos.yaml', declared);
// Every deal started long enough before --as-of to have closed: the comparison is not muddied by deals in flight.
const truthDeals = synthesizeDeals(modelOf(truth), { deals: 4000, seed: 1, start: START, spacingDays: 0.1 });
const declaredDeals = synthesizeDeals(modelOf(declared), { deals: 4000, seed: 1, start: START, spacingDays: 0.1 });

async function calibrateJson(processFile: string, data: readonly string[], extra: readonly string[] = []) {
  const result = await runInProcess(['calibrate', processFile, ...data, '--as-of', AS_OF, '--json', ...extra], { cwd: work });
  expect(result.stderr).toBe('');
  return { code: result.code, json: JSON.parse(result.stdout) };
}

describe('spx calibrate', () => {
  it('reproduces the exact predictions: shares P(i→j) and time in stage h + ΣP·g, to 1e-9', async () => {
    const { code, json } = await calibrateJson(declaredFile, [write('declared.csv', spxEventsCsv(declaredDeals))]);
    expect(code).toBe(0);
    const process = modelOf(declared);
    for (const step of process.steps.values()) {
      const stage = json.stages.find((s: { stage: string }) => s.stage === step.id);
      const time = stepExpectedDuration(step) + step.next.reduce((sum, t) => sum + t.p * expectedWithin(t.within), 0);
      expect(stage.predictedDays).toBeCloseTo(time, 9);
      for (const t of step.next) {
        const row = json.transitions.find((r: { from: string; to: string }) => r.from === step.id && r.to === t.to);
        expect(row.predicted).toBeCloseTo(t.p, 9);
      }
    }
    // Data drawn from the process itself: every comparison ok, nothing flagged.
    const verdicts = [...json.transitions, ...json.stages].map((r: { verdict: string }) => r.verdict);
    expect(verdicts.filter((v: string) => v === 'ok').length / verdicts.length).toBeGreaterThanOrEqual(0.95);
    expect(json.deals).toEqual({ total: 4000, won: json.deals.won, lost: 4000 - json.deals.won, disqualified: 0, open: 0, ignored: 0 });
  });

  it('flags the changed probability and the doubled duration, and nothing else, at their YAML lines', async () => {
    const { json } = await calibrateJson(declaredFile, [write('truth.csv', spxEventsCsv(truthDeals))]);
    const flagged = json.diagnostics.map((d: { ruleId: string; line: number; column: number }) => `${d.ruleId}@${d.line}:${d.column}`);
    // Lines of `p: 0.5` (demo-a), `p: 0.3` (demo-b) and trial's duration in the YAML above.
    const lineOf = (needle: string) => declared.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(flagged.sort()).toEqual(
      [
        `calibration-share@${lineOf('to: demo-a')}:${declared.split('\n')[lineOf('to: demo-a') - 1]!.indexOf('0.5') + 1}`,
        `calibration-share@${lineOf('to: demo-b')}:${declared.split('\n')[lineOf('to: demo-b') - 1]!.indexOf('0.3') + 1}`,
        `calibration-time@${lineOf('min: 5, likely: 10')}:${declared.split('\n')[lineOf('min: 5, likely: 10') - 1]!.indexOf('{') + 1}`,
      ].sort(),
    );
    expect(json.winRate.verdict).toBe('ok');
  });

  it('gives the same observed numbers from every format of the same deals', async () => {
    // Whole seconds: Pipedrive's exports carry no milliseconds.
    const seconds = (at: number) => Math.floor(at / 1000) * 1000;
    const deals = declaredDeals.slice(0, 600).map((deal) => ({
      ...deal,
      pipeline: 'default',
      createdAt: seconds(deal.events[0]!.at),
      events: deal.events.map((event) => ({ ...event, at: seconds(event.at) })),
    }));
    const sf = salesforceCsv(deals);
    const inputs: Record<string, string[]> = {
      events: [write('f-events.csv', eventsCsv(deals, 'spx'))],
      pm4py: [write('f-pm4py.csv', eventsCsv(deals, 'pm4py'))],
      hubspotJson: [write('f-hubspot.json', hubspotJson(deals, 'response'))],
      hubspotNdjson: [write('f-hubspot.ndjson', hubspotJson(deals, 'ndjson'))],
      salesforce: [write('OpportunityHistory.csv', sf.history), write('Opportunity.csv', sf.opportunity)],
      pipedrive: [write('f-pipedrive.csv', pipedriveCsv(deals)), write('f-flow.json', pipedriveFlow(deals))],
    };
    const observed = async (files: string[]) => {
      const { json } = await calibrateJson(declaredFile, files);
      return {
        deals: json.deals,
        transitions: json.transitions.map((t: { from: string; to: string; k: number; n: number }) => [t.from, t.to, t.k, t.n]),
        stages: json.stages.map((s: { stage: string; n: number; censored: number; mean: number }) => [s.stage, s.n, s.censored, s.mean]),
      };
    };
    const reference = await observed(inputs['events']!);
    expect(reference.deals.total).toBe(600);
    for (const [format, files] of Object.entries(inputs)) {
      const got = await observed(files);
      expect({ format, ...got }).toEqual({ format, ...reference });
    }
    // The HubSpot UI export carries one row per deal with "Date entered" columns: visits survive, loops collapse.
    expect((await observed([write('f-hubspot.csv', hubspotCsv(deals))])).deals.total).toBe(600);
  });

  it('counts deals still open as censored, so recent quick losses do not drag the win rate down', async () => {
    // Deals start every 0.1 business day until --as-of: the youngest are still open, and of the closed ones the
    // quick losses are over-represented. Counting closed deals only would give won/(won + lost).
    const process = modelOf(declared);
    const asOf = Date.parse('2025-12-01T00:00:00Z');
    const deals = synthesizeDeals(process, { deals: 3000, seed: 5, start: Date.parse('2025-01-06T09:00:00Z'), spacingDays: 0.08, asOf });
    const result = await runInProcess(['calibrate', declaredFile, write('open.csv', spxEventsCsv(deals)), '--as-of', '2025-12-01', '--json'], { cwd: work });
    const json = JSON.parse(result.stdout);
    const closedOnly = json.deals.won / (json.deals.won + json.deals.lost);
    expect(json.deals.open).toBeGreaterThan(50);
    expect(json.winRate.n).toBe(json.deals.won + json.deals.lost);
    expect(json.winRate.observed).toBeGreaterThan(closedOnly);
    expect(Math.abs(json.winRate.observed - json.winRate.predicted)).toBeLessThan(Math.abs(closedOnly - json.winRate.predicted));
    expect(json.winRate.verdict).toBe('ok');
  });

  it('--write puts the fitted numbers in, keeps comments, raises the patch version, and the file lints clean', async () => {
    const file = write('fit-me.yaml', `# our SMB motion\n${declared}`);
    const result = await runInProcess(['calibrate', file, write('fit.csv', spxEventsCsv(truthDeals)), '--as-of', AS_OF, '--write', '--format', 'json'], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/fitted numbers written for 5 steps, version 1\.0\.0 → 1\.0\.1/);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith('# our SMB motion\n')).toBe(true);
    const process = modelOf(after);
    expect(process.version).toBe('1.0.1');
    const qualify = process.steps.get('qualify')!;
    expect(qualify.next.map((t) => t.p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(qualify.next.find((t) => t.to === 'demo-b')!.p).toBeGreaterThan(qualify.next.find((t) => t.to === 'demo-a')!.p);
    const lint = await runInProcess(['lint', file, '--format', 'json', '--no-config-lookup'], { cwd: work });
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout)[0].errorCount).toBe(0);
  });

  it('--write through a symlink updates the file it points to and keeps the link (the rename replaced the link with a copy)', async () => {
    const real = write('real-process.yaml', declared);
    const link = join(work, 'linked-process.yaml');
    symlinkSync(real, link);
    const result = await runInProcess(['calibrate', link, write('fit-link.csv', spxEventsCsv(truthDeals)), '--as-of', AS_OF, '--write', '--format', 'json'], { cwd: work });
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(modelOf(readFileSync(real, 'utf8')).version).toBe('1.0.1');
  });

  it('markdown escapes stage names from the data; text reports unmapped stages; --strict exits 1', async () => {
    const hostile = `${spxEventsCsv(declaredDeals.slice(0, 50))}X1,=HYPERLINK("http://x"),2025-02-03T10:00:00Z,,,,,\n`;
    const data = write('hostile.csv', hostile);
    const md = await runInProcess(['calibrate', declaredFile, data, '--as-of', AS_OF, '--format', 'markdown'], { cwd: work });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('=HYPERLINK\\(');
    expect(md.stdout).not.toContain('[http');
    const strict = await runInProcess(['calibrate', declaredFile, data, '--as-of', AS_OF, '--strict'], { cwd: work });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/stages the process does not map .*=HYPERLINK\("http:\/\/x"\) \(1 deals\)/);
  });

  it.each([
    [['--as-of', 'yesterday-ish'], /spx: --as-of yesterday-ish is not a date.*\[E_BAD_DATE\]/],
    [['missing.csv'], /missing\.csv: no such file.*\[E_FILE_NOT_FOUND\]/],
  ])('bad input %j is one line and exit 2', async (args, message) => {
    const data = args[0] === 'missing.csv' ? [] : [write('ok.csv', spxEventsCsv(declaredDeals.slice(0, 5)))];
    const result = await runInProcess(['calibrate', declaredFile, ...data, ...args], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('a data file first, or a second process among the data: one usage line, not the CSV linted as a process', async () => {
    const data = write('order.csv', spxEventsCsv(declaredDeals.slice(0, 5)));
    const swapped = await runInProcess(['calibrate', data, declaredFile, '--as-of', AS_OF], { cwd: work });
    expect(swapped).toMatchObject({ code: 2, stdout: '' });
    expect(swapped.stderr).toBe(`spx: ${data} is deal data and ${declaredFile} a process: give the process first (spx calibrate PROCESS DATA…) [E_USAGE]\n`);
    const second = write('second-process.yaml', declared);
    const two = await runInProcess(['calibrate', declaredFile, second, data, '--as-of', AS_OF], { cwd: work });
    expect(two).toMatchObject({ code: 2, stdout: '' });
    expect(two.stderr).toBe(`spx: ${second} is a process file: calibrate compares one process with deal data; run it once per process [E_USAGE]\n`);
  });

  it('refuses binary and UTF-16 data with the file named, exit 2', async () => {
    const utf16 = write('utf16.csv', '');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('deal,stage,at\n', 'utf16le')]));
    for (const file of [utf16, write('binary.csv', '\u0000\u0001\u0002PK')]) {
      const result = await runInProcess(['calibrate', declaredFile, file, '--as-of', AS_OF], { cwd: work });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(file);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('disqualified outcomes', () => {
  it('are closed deals that were not won: none counted open, the win rate is won over all deals', async () => {
    const csv = join(work, 'disqualified.csv');
    const synth = await runInProcess(['synthesize', 'test/fixtures/disqualified.yaml', '--deals', '400', '--start', '2025-01-06', '--as-of', '2026-06-01', '-o', csv]);
    expect(synth.code, synth.stderr).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
    const lastStage = new Map<string, string>();
    for (const row of rows) lastStage.set(row.split(',')[0]!, row.split(',')[1]!);
    const count = (stage: string) => [...lastStage.values()].filter((s) => s === stage).length;
    const result = await runInProcess(['calibrate', 'test/fixtures/disqualified.yaml', csv, '--as-of', '2026-06-01', '--json']);
    const json = JSON.parse(result.stdout);
    expect(json.deals).toEqual({ total: 400, won: count('won'), lost: count('lost'), disqualified: count('not-a-fit'), open: 0, ignored: 0 });
    expect(count('won') + count('lost') + count('not-a-fit')).toBe(400);
    expect(json.winRate.n).toBe(400);
    expect(json.winRate.observed).toBe(count('won') / 400);
    expect(json.winRate.predicted).toBeCloseTo(0.3, 12);
  });
});
