// The forecast of a deal table equals the forecast of the same deals as objects, byte for byte (one thread and in workers' chunk order).
import { describe, expect, it } from 'vitest';
import { tableToDeals } from '../../src/deals/columns.js';
import { forecastDeals, forecastDealTable } from '../../src/deals/forecast.js';
import { readDealTable } from '../../src/deals/read.js';
import { AS_OF, pipeline, SMB } from './pipeline.js';

/** The planted pipeline as an events CSV, plus deals that exercise every branch of finding a deal's stage at AS_OF. */
function pipelineCsv(): string {
  const rows = ['deal,stage,at,owner,amount,currency,pipeline'];
  const iso = (at: number) => new Date(at).toISOString();
  for (const deal of pipeline().deals) {
    for (const event of deal.events) rows.push(`${deal.id},${event.stage},${iso(event.at)},${deal.owner ?? ''},${deal.amount ?? ''},${deal.currency ?? ''},`);
  }
  const day = 86_400_000;
  rows.push(
    // Moved on after AS_OF: forecast from the stage it was in before.
    `LATE,appointmentscheduled,${iso(AS_OF - 5 * day)},bo,2000,EUR,`,
    `LATE,contractsent,${iso(AS_OF + day)},bo,2000,EUR,`,
    // Two events at the same instant: the later row is the deal's stage.
    `TIE,qualifiedtobuy,${iso(AS_OF - 2 * day)},ana,,,`,
    `TIE,decisionmakerboughtin,${iso(AS_OF - 2 * day)},ana,,,`,
    // Only events after AS_OF: not open yet.
    `FUTURE,qualifiedtobuy,${iso(AS_OF + 2 * day)},ana,500,USD,`,
    // A stage the process does not map: skipped, with the CRM's stage name.
    `ODD,mystery-stage,${iso(AS_OF - day)},chen,700,EUR,`,
    // Won before AS_OF: not open.
    `DONE,closedwon,${iso(AS_OF - day)},chen,700,EUR,`,
  );
  return `${rows.join('\n')}\n`;
}

describe('forecastDealTable', () => {
  it('gives the report of forecastDeals on the same deals as objects, exactly', async () => {
    const bytes = new TextEncoder().encode(pipelineCsv());
    // Read without an as-of, so events after AS_OF stay in the table and the forecast itself must ignore them.
    const { table } = await readDealTable([{ file: 'pipeline.csv', async *chunks() { yield bytes; } }]);
    const options = { processes: [SMB], asOf: AS_OF, months: 4, seed: 11, runsPerDeal: 300 };
    const fromTable = forecastDealTable({ ...options, table });
    const fromObjects = forecastDeals({ ...options, deals: tableToDeals(table) });
    expect(JSON.stringify(fromTable)).toBe(JSON.stringify(fromObjects));
    expect(fromTable).toEqual(fromObjects);
    // The branches above were taken.
    const ids = new Set(fromTable.deals.map((d) => d.id));
    expect(fromTable.deals.length).toBeGreaterThan(50);
    expect(fromTable.deals.find((d) => d.id === 'LATE')?.stage).toBe('appointmentscheduled');
    expect(fromTable.deals.find((d) => d.id === 'TIE')?.stage).toBe('decisionmakerboughtin');
    expect(ids.has('FUTURE') || ids.has('DONE')).toBe(false);
    expect(fromTable.skipped).toEqual([{ id: 'ODD', stage: 'mystery-stage', reason: 'stage "mystery-stage" is not mapped by smb (crm.stages)' }]);
    expect(fromTable.totals.map((t) => t.currency)).toEqual(['EUR', 'USD', undefined]);
  });
});
