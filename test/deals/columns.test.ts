// The columnar path (readDealTable → dealVisitColumns → compareWithDealTable) against the object path (readDeals →
// dealVisits → compareWithDeals): every deal, visit, issue and observed number equal, on generated event logs with
// groups, loops, unmapped stages, open deals, other pipelines, rows out of order, time zones and holidays.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DealIds } from '../../src/deals/collect.js';
import { tableToDeals } from '../../src/deals/columns.js';
import { compareWithDeals, compareWithDealTable } from '../../src/deals/compare.js';
import { readDeals, readDealTable } from '../../src/deals/read.js';
import { kaplanMeier, kaplanMeierQuantiles, survivalQuantile } from '../../src/deals/statistics.js';
import { dealVisitColumns } from '../../src/deals/visit-columns.js';
import { dealVisits } from '../../src/deals/visits.js';
import { observedMapping } from '../../src/model/crm.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';
import { source } from './sample.js';

const processOf = (file: string): Process => loadProcess(file, readFileSync(resolve(import.meta.dirname, '../../processes', file), 'utf8')).process!;
const ENTERPRISE = processOf('enterprise.yaml');
const SMB = processOf('smb.yaml');

/** enterprise.yaml's CRM stages (two map to one group of two steps), its outcomes, and one stage it does not map. */
const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost', 'onhold'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
const START = Date.UTC(2026, 2, 20); // a week before Europe's change to summer time
const HOUR = 3_600_000;

interface GeneratedRow {
  readonly deal: number;
  readonly stage: number;
  /** Hours after the previous row of the deal (0: the same instant). */
  readonly gap: number;
  readonly owner: number;
  readonly amount: number;
}

const rowArb = fc.record({ deal: fc.nat(14), stage: fc.nat(STAGES.length - 1), gap: fc.oneof(fc.constant(0), fc.nat(400)), owner: fc.nat(2), amount: fc.nat(4) });
const caseArb = fc.record({
  rows: fc.array(rowArb, { minLength: 1, maxLength: 120 }),
  zone: fc.constantFrom(...ZONES),
  holidays: fc.uniqueArray(fc.nat(60), { maxLength: 6 }),
  /** Hours after START to cut at: some events after as-of, some deals open. */
  asOfHours: fc.integer({ min: 24, max: 3000 }),
  /** Rows moved back by this many hours (time going backwards within a deal: an issue, row not used). */
  backwards: fc.nat(3),
  otherPipeline: fc.boolean(),
  process: fc.constantFrom('enterprise', 'smb'),
  quoted: fc.boolean(),
});

/** An events CSV of the generated rows, in generation order (deals interleaved), ISO times with offsets. */
function csvOf(rows: readonly GeneratedRow[], backwards: number, otherPipeline: boolean, quoted: boolean): string {
  const clock = new Map<number, number>();
  const lines = ['deal,stage,at,owner,amount,pipeline'];
  rows.forEach((row, i) => {
    let at = (clock.get(row.deal) ?? START + row.deal * 7 * HOUR) + row.gap * HOUR;
    clock.set(row.deal, at);
    if (backwards > 0 && i % 17 === 5) at -= backwards * 50 * HOUR;
    const id = quoted && row.deal % 3 === 0 ? `"D ${row.deal}"` : `D${row.deal}`;
    const pipeline = otherPipeline && row.deal % 5 === 4 ? 'partners' : 'default';
    lines.push(`${id},${STAGES[row.stage]},${new Date(at).toISOString()},${['ana', 'bo', ''][row.owner]},${[100, 250.5, '', 'x', 100][row.amount]},${pipeline}`);
  });
  return `${lines.join('\n')}\n`;
}

describe('the columnar path', () => {
  it('gives exactly the object path’s deals, issues, visits and calibration report', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const base = c.process === 'enterprise' ? ENTERPRISE : SMB;
        const holidays = c.holidays.map((d) => new Date(START + d * 24 * HOUR).toISOString().slice(0, 10)).sort();
        const process: Process = { ...base, calendar: { ...base.calendar, timeZone: c.zone, holidays } };
        const text = csvOf(c.rows, c.backwards, c.otherPipeline, c.quoted);
        const asOf = START + c.asOfHours * HOUR;
        const options = { asOf, timeZone: c.zone };
        const objects = await readDeals([source('events.csv', text, 97)], options);
        const columns = await readDealTable([source('events.csv', text, 97)], options);
        expect(columns.issues).toEqual(objects.issues);
        expect(columns.eventsAfterAsOf).toBe(objects.eventsAfterAsOf);
        expect(tableToDeals(columns.table)).toEqual(objects.deals);

        const mapping = observedMapping(process);
        const visitInput = { resolveStage: mapping.resolveStage, calendar: process.calendar, asOf, outcomes: process.outcomes };
        const visits = dealVisits({ deals: objects.deals, ...visitInput });
        const table = dealVisitColumns({ table: columns.table, ...visitInput });
        expect(table.visits.count).toBe(visits.visits.length);
        visits.visits.forEach((visit, i) => {
          expect(columns.table.deals[table.visits.deal[i]!]!.id).toBe(visit.dealId);
          expect(table.visits.groupIds[table.visits.group[i]!]).toBe(visit.group);
          expect(table.visits.enteredAt[i]).toBe(visit.enteredAt);
          expect(table.visits.businessDays[i]).toBe(visit.businessDays);
          expect(columns.table.sourceOf(table.visits.event[i]!)).toEqual(visit.source);
          const next = table.visits.next[i]!;
          if (visit.next === undefined) expect(next).toBe(-1);
          else expect({ kind: table.visits.targetIsGroup[next] ? 'group' : 'outcome', id: table.visits.targetIds[next] }).toEqual(visit.next);
        });
        expect(table.deals.count).toBe(visits.deals.length);
        visits.deals.forEach((deal, i) => {
          expect(table.deals.startedAt[i]).toBe(deal.startedAt);
          expect(Number.isNaN(table.deals.cycleDays[i]!) ? undefined : table.deals.cycleDays[i]).toBe(deal.cycleDays);
          expect(table.deals.outcome[i] === -1 ? undefined : table.deals.outcomeIds[table.deals.outcome[i]!]).toBe(deal.outcome);
        });
        expect(table.unmapped).toEqual(visits.unmapped);
        expect(table.ignoredDeals).toBe(visits.ignoredDeals);

        for (const minSample of [1, 5]) {
          const fromTable = compareWithDealTable(process, columns.table, { asOf, minSample });
          const fromObjects = compareWithDeals(process, objects.deals, { asOf, minSample });
          expect(fromTable).toEqual(fromObjects);
        }
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });

  it('reports the same report on a synthesized year of deals, with wins, losses and open deals', async () => {
    const lines = ['deal,stage,at'];
    let at = Date.UTC(2025, 0, 6, 9);
    for (let d = 0; d < 400; d++) {
      const path = d % 3 === 0 ? ['appointmentscheduled', 'qualifiedtobuy', 'appointmentscheduled', 'qualifiedtobuy', 'contractsent', 'closedwon'] : d % 3 === 1 ? ['appointmentscheduled', 'closedlost'] : ['appointmentscheduled', 'qualifiedtobuy'];
      let t = at;
      for (const stage of path) {
        lines.push(`deal-${d},${stage},${new Date(t).toISOString()}`);
        t += ((d * 7919) % 97) * HOUR + 5 * HOUR;
      }
      at += 9 * HOUR;
    }
    const text = `${lines.join('\n')}\n`;
    const asOf = Date.UTC(2025, 3, 1);
    const columns = await readDealTable([source('log.csv', text)], { asOf });
    const objects = await readDeals([source('log.csv', text)], { asOf });
    const report = compareWithDealTable(SMB, columns.table, { asOf, minSample: 30 });
    expect(report).toEqual(compareWithDeals(SMB, objects.deals, { asOf, minSample: 30 }));
    expect(report.report.deals.open).toBeGreaterThan(0);
    expect(report.report.deals.won).toBeGreaterThan(0);
    expect(report.report.stages.some((s) => s.censored > 0 && s.p50 !== null)).toBe(true);
  });
});

describe('DealIds', () => {
  it('finds every id by string and by span, and nothing else, across growth', () => {
    const ids = new DealIds();
    const names = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `D${i}` : `deal ${i.toString(36)}`));
    names.forEach((id, index) => ids.add({ id, index, pipeline: undefined, eventCount: 0, source: { file: 'f' }, afterAsOf: 0 }));
    names.forEach((id, index) => {
      expect(ids.get(id)?.index).toBe(index);
      const text = `,,${id},x`;
      expect(ids.getAt(text, 2, 2 + id.length)?.index).toBe(index);
    });
    expect(ids.get('D1')).toBeUndefined();
    expect(ids.get('')).toBeUndefined();
    expect(ids.getAt('D10', 0, 2)).toBeUndefined(); // "D1" is not an id, though a prefix of one
  });

  it('keeps ids that arrive in order as a sorted run, and those after the first out of order in the table', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 200 }), fc.nat(200), (strings, sortedPart) => {
        const sortedIds = strings.slice(0, sortedPart).sort();
        const names = [...sortedIds, ...strings.slice(sortedPart)];
        const ids = new DealIds();
        names.forEach((id, index) => {
          expect(ids.get(id)).toBeUndefined();
          ids.add({ id, index, pipeline: undefined, eventCount: 0, source: { file: 'f' }, afterAsOf: 0 });
        });
        names.forEach((id, index) => expect(ids.getAt(`"${id}"`, 1, 1 + id.length)?.index).toBe(index));
        expect(ids.get('\uffff-not-an-id')).toBeUndefined();
      }),
    );
  });
});

describe('kaplanMeierQuantiles', () => {
  it('equals survivalQuantile of kaplanMeier for every quantile, with ties and censoring', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(30), { maxLength: 60 }), fc.array(fc.nat(30), { maxLength: 30 }), (ended, censored) => {
        const times = [...ended, ...censored];
        const curve = kaplanMeier(times, [...ended.map(() => false), ...censored.map(() => true)]);
        const qs = [0.1, 0.5, 0.8, 0.9, 0.99];
        expect(kaplanMeierQuantiles(ended, censored, qs)).toEqual(qs.map((q) => survivalQuantile(curve, q)));
        expect(kaplanMeierQuantiles(Float64Array.from(ended).sort(), censored, qs, true)).toEqual(qs.map((q) => survivalQuantile(curve, q)));
      }),
    );
  });
});
