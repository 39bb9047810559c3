// auditDealTable (the audit on deal data in columns) against auditDeals (on Deal objects): the same report, deal for deal.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditDeals, auditDealTable, type AuditReport } from '../../src/deals/audit.js';
import { readDeals, readDealTable } from '../../src/deals/read.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';
import { source } from './sample.js';

const processOf = (file: string): Process => loadProcess(file, readFileSync(resolve(import.meta.dirname, '../../processes', file), 'utf8')).process!;
const SMB = processOf('smb.yaml');
const ENTERPRISE = processOf('enterprise.yaml');

/** CRM stages of both processes' mappings, their outcomes, and one neither maps (unknown-stage). */
const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost', 'onhold'];
const START = Date.UTC(2026, 1, 2);
const HOUR = 3_600_000;

const rowArb = fc.record({
  deal: fc.nat(19),
  /** Mostly the five stages of a deal in progress, so that deals stay open and move back and forth. */
  stage: fc.oneof({ arbitrary: fc.nat(4), weight: 4 }, { arbitrary: fc.nat(STAGES.length - 1), weight: 1 }),
  gap: fc.oneof(fc.constant(0), fc.nat(120)),
  /** Index into the next-activity choices: none, overdue, tomorrow, far out. */
  next: fc.nat(3),
  /** Index into the role choices (for the deals that record roles). */
  involved: fc.nat(5),
});
const caseArb = fc.record({
  rows: fc.array(rowArb, { minLength: 1, maxLength: 200 }),
  asOfHours: fc.integer({ min: 300, max: 1500 }),
  /** Route some deals to a second process, and some to a pipeline no process claims. */
  pipelines: fc.boolean(),
  stallQuantile: fc.constantFrom(0.5, 0.9),
});

/** One generated row. */
type Row = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

/** An events CSV of the generated rows; a deal's next activity and pipeline are those of its first row. */
function csvOf(rows: readonly Row[], asOf: number, pipelines: boolean): string {
  const clock = new Map<number, number>();
  const nextOf = new Map<number, number>();
  const lines = ['deal,stage,at,owner,amount,currency,next_activity_at,pipeline,involved'];
  for (const row of rows) {
    const at = (clock.get(row.deal) ?? START + row.deal * 5 * HOUR) + row.gap * HOUR;
    clock.set(row.deal, at);
    if (!nextOf.has(row.deal)) nextOf.set(row.deal, row.next);
    const next = ['', new Date(asOf - 50 * HOUR).toISOString(), new Date(asOf + 20 * HOUR).toISOString(), new Date(asOf + 900 * HOUR).toISOString()][nextOf.get(row.deal)!];
    const pipeline = !pipelines ? 'default' : ['default', 'enterprise', 'partners'][row.deal % 3];
    // Roles on every fourth deal's rows only: the others have none and take the column path.
    const involved = row.deal % 4 === 0 ? ['', '', '', 'owner', 'users;owner', 'legal'][row.involved] : '';
    lines.push(`D${row.deal},${STAGES[row.stage]},${new Date(at).toISOString()},${['ana', 'bo', ''][row.deal % 3]},${(row.deal % 4) * 250},EUR,${next},${pipeline},${involved}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report of the flagged deals only: what auditDealTable gives with `flaggedOnly`. */
const flaggedOf = (report: AuditReport): AuditReport => ({ ...report, deals: report.deals.filter((d) => d.findings.length > 0) });

describe('auditDealTable', () => {
  it('gives exactly auditDeals’s report: every open deal, or the flagged ones with the counts of all', async () => {
    const processes = [
      { ...SMB, crm: { ...SMB.crm!, pipeline: 'default' } },
      { ...ENTERPRISE, crm: { ...ENTERPRISE.crm!, pipeline: 'enterprise' } },
    ];
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const asOf = START + c.asOfHours * HOUR;
        const text = csvOf(c.rows, asOf, c.pipelines);
        const objects = await readDeals([source('events.csv', text, 89)], { asOf });
        const columns = await readDealTable([source('events.csv', text, 89)], { asOf });
        const input = { processes, asOf, stallQuantile: c.stallQuantile, seed: 3 };
        const expected = auditDeals({ ...input, deals: objects.deals });
        expect(auditDealTable({ ...input, table: columns.table })).toEqual(expected);
        expect(auditDealTable({ ...input, table: columns.table, flaggedOnly: true })).toEqual(flaggedOf(expected));
        // onDeal: the same deals in the same order, handed over instead of kept; the rest of the report unchanged.
        for (const flaggedOnly of [false, true]) {
          const handed: AuditReport['deals'][number][] = [];
          const streamed = auditDealTable({ ...input, table: columns.table, flaggedOnly, onDeal: (deal) => handed.push(deal) });
          const whole = flaggedOnly ? flaggedOf(expected) : expected;
          expect(streamed).toEqual({ ...whole, deals: [] });
          expect(handed).toEqual(whole.deals);
        }
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });

  it('finds off-process moves, gates, late and overdue next steps, and unknown stages on the columns', async () => {
    // Discovery straight to the closing call (off the process, gate skipped), no roles: the column path.
    const text = [
      'deal,stage,at,next_activity_at',
      'OFF,appointmentscheduled,2026-02-23T10:00:00Z,2026-03-03T10:00:00Z',
      'OFF,contractsent,2026-02-27T10:00:00Z,2026-03-03T10:00:00Z',
      'LATE,appointmentscheduled,2026-02-24T10:00:00Z,2026-03-30T10:00:00Z',
      'LATE,qualifiedtobuy,2026-02-27T10:00:00Z,2026-03-30T10:00:00Z',
      'UNKNOWN,negotiation,2026-02-26T10:00:00Z,',
      'OK,appointmentscheduled,2026-02-27T10:00:00Z,2026-03-03T10:00:00Z',
      '',
    ].join('\n');
    const asOf = Date.parse('2026-03-02T00:00:00Z');
    const table = (await readDealTable([source('deals.csv', text, 64)], { asOf })).table;
    const report = auditDealTable({ processes: [SMB], table, asOf, flaggedOnly: true });
    expect(report.deals.map((d) => [d.id, d.findings.map((f) => f.id)])).toEqual([
      ['LATE', ['next-step-late']],
      ['OFF', ['off-process', 'gate-not-met']],
      ['UNKNOWN', ['unknown-stage', 'no-next-step']],
    ]);
    expect(report.deals[1]!.findings[0]!.message).toBe(
      'moved from Discovery call to Closing conversation with the owner on 2026-02-27, a move smb does not have: record the stage it skipped, or change the process',
    );
    expect(report.counts).toMatchObject({ open: 4, flagged: 3 });
    expect(report.processes[0]).toMatchObject({ open: 4, flagged: 3 });
  });
});
