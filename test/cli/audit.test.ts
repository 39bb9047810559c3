// `spx audit` in-process on a generated pipeline with planted faults: every format, --fail-on, -o, bad input.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditDeals } from '../../src/deals/audit.js';
import { eventsCsv } from '../../src/deals/write-events.js';
import { AS_OF, pipeline, SMB, SMB_TEXT } from '../deals/pipeline.js';
import { OUTPUT_BYTES, OUTPUT_CHUNK } from '../../src/cli/chunked-output.js';
import { run } from '../../src/cli/main.js';
import { fakeIo, spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/** spx in-process in `cwd`, the clock at `now` (a Monday, 2026-03-02, unless given). */
const runSpx = (argv: readonly string[], cwd: string, now = '2026-03-02T12:00:00Z') => spxIn(argv, { cwd, now });

const planted = pipeline();
// One deal's owner is a spreadsheet formula: the CSV report must defuse it.
const hostile = planted.deals.map((deal) => (deal.id === [...planted.noNextStep][0] ? { ...deal, owner: '=HYPERLINK("http://x","y")' } : deal));
// eventsCsv defuses the formula when writing; a CRM export would not, so the file gets it raw.
const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': eventsCsv(hostile).replaceAll(`"'=HYPERLINK`, '"=HYPERLINK') });
const ARGS = ['audit', 'deals.csv', 'smb.yaml', '--as-of', '2026-03-02'];
const library = auditDeals({ processes: [SMB], deals: hostile, asOf: AS_OF });

describe('spx audit', () => {
  it('text: the summary line, owners with the most flagged deals first, worst deals first, the stall explanation', async () => {
    const run = await runSpx(ARGS, dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Pipeline audit as of 2026-03-02 (smb 1.1.0)');
    const c = library.counts;
    expect(lines[1]).toBe(
      `  ${c.open} open deals, ${planted.noNextStep.size} with no next step, ${planted.overdue.size} with an overdue next step, ${c.byFinding.stalled} stalled (${c.flagged} need attention)`,
    );
    const owners = lines.filter((l) => / — \d+ deals? needs? attention$/.test(l)).map((l) => Number(/ — (\d+)/.exec(l)![1]));
    expect(owners.reduce((a, b) => a + b, 0)).toBe(c.flagged);
    expect([...owners].sort((a, b) => b - a)).toEqual(owners);
    // The action wraps at 100 columns, continuing under the message.
    expect(run.stdout).toMatch(/\n  STALL · Demo · 173\.6 business days in stage · 9000 EUR · win 39%\n    stalled +stalled: 173\.6 business days in Demo; the process expects 90% of deals to\n {22}leave it within 2\.8: book Free trial/);
  });

  it('json: the contract shape, every planted deal, byte-identical on a second run', async () => {
    const run = await runSpx([...ARGS, '--json'], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['asOf', 'stallQuantile', 'processes', 'counts', 'deals', 'unrouted', 'format', 'eventsAfterAsOf', 'issues']);
    expect(json.asOf).toBe('2026-03-02T00:00:00.000Z');
    expect(json.counts).toEqual(library.counts);
    expect(Object.keys(json.deals[0])).toEqual(['id', 'process', 'stage', 'enteredAt', 'daysInStage', 'nextActivityAt', 'owner', 'amount', 'currency', 'winProbability', 'stallDays', 'findings']);
    const flagged = (id: string) => new Set(json.deals.filter((d: { findings: { id: string }[] }) => d.findings.some((f) => f.id === id)).map((d: { id: string }) => d.id));
    expect(flagged('no-next-step')).toEqual(planted.noNextStep);
    expect(flagged('next-step-overdue')).toEqual(planted.overdue);
    expect((await runSpx([...ARGS, '--format', 'json'], dir)).stdout).toBe(run.stdout);
  });

  it('csv: one row per finding, ready for a task import, safe against formula injection', async () => {
    const run = await runSpx([...ARGS, '--format', 'csv'], dir);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('deal,owner,finding,due,message,process,stage,days_in_stage,next_activity_at,amount,currency,win_probability');
    expect(rows.length - 1).toBe(library.deals.reduce((n, d) => n + d.findings.length, 0));
    expect(readFileSync(join(dir, 'deals.csv'), 'utf8')).toContain(',"=HYPERLINK(');
    expect(run.stdout).toContain(`,"'=HYPERLINK(""http://x"",""y"")",no-next-step,`);
    expect(run.stdout).not.toMatch(/(^|,)=/m);
    expect(rows.filter((r) => r.startsWith('STALL,'))).toEqual([expect.stringMatching(/^STALL,ana,stalled,2026-03-02,"stalled: 173\.6 business days in Demo;/)]);
  });

  it('markdown: a review issue or Slack post, data escaped', async () => {
    const run = await runSpx([...ARGS, '--format', 'markdown'], dir);
    expect(run.stdout.startsWith('### Pipeline audit — 2026-03-02\n\n')).toBe(true);
    expect(run.stdout).toContain(`| \`no-next-step\` | ${planted.noNextStep.size} |`);
    expect(run.stdout).toContain('#### =HYPERLINK\\("http://x","y"\\)');
  });

  it('--fail-on exits 1 when such a finding exists, 0 when none does; an unknown finding is a usage error', async () => {
    expect((await runSpx([...ARGS, '--fail-on', 'no-next-step,off-process'], dir)).code).toBe(1);
    expect((await runSpx([...ARGS, '--fail-on', 'off-process,unknown-stage'], dir)).code).toBe(0);
    const bad = await runSpx([...ARGS, '--fail-on', 'no-next-steps'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('spx: --fail-on no-next-steps: no such finding; use any of unknown-stage, off-process, gate-not-met, no-next-step, next-step-overdue, stalled, next-step-late [E_USAGE]\n');
  });

  it('-o writes the report atomically instead of printing it', async () => {
    const out = tempDir({});
    const run = await runSpx([...ARGS.slice(0, 1), join(dir, 'smb.yaml'), join(dir, 'deals.csv'), '--as-of', '2026-03-02', '--format', 'csv', '-o', 'tasks.csv'], out);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(out, 'tasks.csv'), 'utf8')).toBe((await runSpx([...ARGS, '--format', 'csv'], dir)).stdout);
    // The file now exists: refused before any work without --force, replaced with it.
    const again = [...ARGS.slice(0, 1), join(dir, 'smb.yaml'), join(dir, 'deals.csv'), '--as-of', '2026-03-02', '--format', 'markdown', '-o', 'tasks.csv'];
    expect(await runSpx(again, out)).toMatchObject({ code: 2, stdout: '', stderr: 'spx: tasks.csv already exists: pass --force to replace it, or choose another -o file [E_FILE_EXISTS]\n' });
    expect(readFileSync(join(out, 'tasks.csv'), 'utf8')).toBe((await runSpx([...ARGS, '--format', 'csv'], dir)).stdout);
    expect(await runSpx([...again, '--force'], out)).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(join(out, 'tasks.csv'), 'utf8')).toBe((await runSpx([...ARGS, '--format', 'markdown'], dir)).stdout);
  });

  it('a report larger than a chunk is written in pieces: the same text as through -o, in every format', async () => {
    // 3,000 open deals, owners and stages in turn: a third without a next activity, a third overdue.
    const stages = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];
    const rows = ['deal,stage,at,owner,amount,currency,next_activity_at'];
    for (let d = 0; d < 3000; d++) {
      const next = ['', '2026-02-20T10:00:00Z', '2026-03-03T10:00:00Z'][d % 3];
      for (let s = 0; s <= d % 5; s++) rows.push(`D${d},${stages[s]},2026-02-${String(10 + s * 3 + (d % 3)).padStart(2, '0')}T09:00:00Z,${['ana', 'bo', 'Zoë'][d % 3]},${1000 + (d % 7) * 250},EUR,${next}`);
    }
    const big = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': `${rows.join('\n')}\n` });
    for (const format of ['text', 'json', 'csv', 'markdown']) {
      const io = fakeIo({ cwd: big, now: '2026-03-02T12:00:00Z' });
      const writes: string[] = [];
      const stdout = io.stdout;
      io.stdout = (text) => {
        writes.push(text);
        stdout(text);
      };
      const argv = ['audit', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--format', format];
      expect(await run(argv, io)).toBe(0);
      expect(io.out.length).toBeGreaterThan(OUTPUT_CHUNK);
      expect(writes.length).toBeGreaterThan(1);
      if (format === 'json') {
        // Made as bytes, in chunks of at most OUTPUT_BYTES: a chunk is flushed when the next line does not fit.
        expect(Buffer.byteLength(io.out)).toBeGreaterThan(OUTPUT_BYTES);
        expect(writes.every((w) => Buffer.byteLength(w) <= OUTPUT_BYTES)).toBe(true);
        expect(writes.slice(0, -1).every((w) => Buffer.byteLength(w) >= OUTPUT_BYTES - 4096)).toBe(true);
      } else expect(writes.slice(0, -1).every((w) => w.length >= OUTPUT_CHUNK)).toBe(true);
      const file = await runSpx([...argv, '-o', `report.${format}`], big);
      expect(file).toMatchObject({ code: 0, stdout: '' });
      expect(readFileSync(join(big, `report.${format}`), 'utf8')).toBe(io.out);
    }
  });

  it('bad input: --as-of not a date, no process file, no data file, a bad quantile', async () => {
    expect(await runSpx(['audit', 'smb.yaml', 'deals.csv', '--as-of', '2026-02-30'], dir)).toMatchObject({
      code: 2,
      stderr: 'spx: --as-of 2026-02-30 is not a date; use YYYY-MM-DD or an ISO 8601 date-time, e.g. 2026-12-01 [E_BAD_DATE]\n',
    });
    expect((await runSpx(['audit', 'deals.csv'], dir)).stderr).toMatch(/^spx: name at least one process file .*\[E_USAGE\]\n$/);
    expect((await runSpx(['audit', 'smb.yaml'], dir)).stderr).toMatch(/^spx: name at least one deal-data file .*\[E_USAGE\]\n$/);
    expect((await runSpx(['audit', 'smb.yaml', 'deals.csv', '--stall-quantile', '1.5'], dir)).code).toBe(2);
    expect((await runSpx(['audit', 'smb.yaml', 'missing.csv'], dir)).stderr).toBe('spx: missing.csv: no such file; check the path [E_FILE_NOT_FOUND]\n');
  });

  it('bad records: a deal with no events, amounts that are not numbers or negative, an unknown stage — each named by file:line, nothing crashes', async () => {
    const bad = tempDir({
      'smb.yaml': SMB_TEXT,
      'bad.csv': [
        'deal,stage,at,owner,amount,currency,next_activity_at',
        'B1,appointmentscheduled,2026-02-20T10:00:00Z,ana,12abc,EUR,2026-03-03',
        'B2,appointmentscheduled,2026-02-20T10:00:00Z,ana,-5,EUR,2026-03-03',
        'B3,,2026-02-20T10:00:00Z,ana,100,EUR,2026-03-03',
        'B4,negotiation,2026-02-20T10:00:00Z,bo,10,EUR,2026-03-03',
        'B5,appointmentscheduled,not-a-date,bo,10,EUR,2026-03-03',
        '',
      ].join('\n'),
    });
    const run = await runSpx(['audit', 'smb.yaml', 'bad.csv', '--as-of', '2026-03-02'], bad);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n  bad.csv:2: deal "B1": amount "12abc" is not a number; amount left out');
    expect(run.stdout).toContain('bad.csv:3: deal "B2": amount "-5" is not zero or more; amount left out');
    expect(run.stdout).toContain('  bad.csv:4: empty stage field; row not used\n');
    expect(run.stdout).toMatch(/\n  bad\.csv:6: time "not-a-date" is not an ISO 8601 date/);
    expect(run.stdout).toContain('B4 · negotiation · 5.6 business days in stage · 10 EUR');
    expect(run.stdout).toContain('unknown-stage     sits in stage "negotiation", which smb does not map');
    const json = JSON.parse((await runSpx(['audit', 'smb.yaml', 'bad.csv', '--as-of', '2026-03-02', '--json'], bad)).stdout);
    expect(json.deals.map((d: { id: string; amount: number | null }) => [d.id, d.amount])).toEqual([['B1', null], ['B2', null], ['B4', 10]]);
    expect(existsSync(join(bad, 'bad.csv'))).toBe(true);
  });
});

describe('spx audit with several processes', () => {
  it('routes deals by crm.pipeline and lists the deals no process claims', async () => {
    const withPipeline = (name: string, pipeline: string) =>
      SMB_TEXT.replace('  name: smb\n', `  name: ${name}\n`).replace('  # pipeline: default   #', `  pipeline: ${pipeline}   #`);
    const deals = planted.deals.slice(-30).map((deal, i) => ({ ...deal, pipeline: ['new-business', 'renewals', 'partners'][i % 3] }));
    const multi = tempDir({ 'a.yaml': withPipeline('smb-new', 'new-business'), 'b.yaml': withPipeline('smb-renewals', 'renewals'), 'deals.csv': eventsCsv(deals) });
    const run = await runSpx(['audit', 'a.yaml', 'b.yaml', 'deals.csv', '--as-of', '2026-03-02', '--json'], multi);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.processes.map((p: { file: string; name: string }) => [p.file, p.name])).toEqual([['a.yaml', 'smb-new'], ['b.yaml', 'smb-renewals']]);
    const pipelineOf = new Map(deals.map((d) => [d.id, d.pipeline]));
    for (const deal of json.deals) expect(pipelineOf.get(deal.id)).toBe(deal.process === 'smb-new' ? 'new-business' : 'renewals');
    expect(json.unrouted).toEqual(deals.filter((d) => d.pipeline === 'partners').map((d) => ({ id: d.id, pipeline: 'partners' })));
    const text = await runSpx(['audit', 'a.yaml', 'b.yaml', 'deals.csv', '--as-of', '2026-03-02'], multi);
    expect(text.stdout).toContain(`\n  ${json.unrouted.length} deals are in pipelines no process claims (set crm.pipeline): partners (${json.unrouted.length})\n`);
  });

  it('two processes claiming one crm.pipeline is a usage error at the second claim (the second silently got no deals)', async () => {
    const withPipeline = (name: string, pipeline: string) =>
      SMB_TEXT.replace('  name: smb\n', `  name: ${name}\n`).replace('  # pipeline: default   #', `  pipeline: ${pipeline}   #`);
    const deals = planted.deals.slice(-10).map((deal) => ({ ...deal, pipeline: 'new-business' }));
    const twice = tempDir({ 'a.yaml': withPipeline('smb-a', 'new-business'), 'b.yaml': withPipeline('smb-b', 'new-business'), 'deals.csv': eventsCsv(deals) });
    const line = SMB_TEXT.split('\n').findIndex((l) => l.startsWith('  # pipeline: default')) + 1;
    for (const command of ['audit', 'forecast']) {
      const run = await runSpx([command, 'a.yaml', 'b.yaml', 'deals.csv', '--as-of', '2026-03-02'], twice);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toBe(`spx: b.yaml:${line}:13: crm.pipeline "new-business" is claimed by a.yaml too, which would get all its deals; give each process its own pipeline [E_USAGE]\n`);
    }
  });
});
