// readDeals on every format: the same deals read back from each (exports.ts makes the files), detection, joins.
import { describe, expect, it } from 'vitest';
import { detectFormat, readDeals } from '../../src/deals/read.js';
import type { Deal } from '../../src/deals/types.js';
import { eventsCsv, hubspotCsv, hubspotJson, pipedriveCsv, pipedriveFlow, salesforceCsv } from './exports.js';
import { sampleDeals, shape, source } from './sample.js';

const ALL = ['owner', 'amount', 'currency', 'createdAt', 'nextActivityAt', 'nextStep'] as const;

describe('every format gives back the deals it was made from', () => {
  const deals = sampleDeals(60, 1, { loops: true, pipelines: ['default', 'enterprise'], involved: true });

  it.each(['spx', 'pm4py'] as const)('events CSV with %s column names (small chunks, CRLF)', async (names) => {
    const data = await readDeals([source('log.csv', eventsCsv(deals, names, '\r\n'), 97)]);
    expect(data.format).toBe('events');
    expect(data.issues).toEqual([]);
    expect(shape(data.deals, ALL, { eventRoles: true })).toEqual(shape(deals, ALL, { eventRoles: true }));
    // Positions: the first deal's first event is the first data row.
    expect(data.deals[0]!.events[0]!.source).toEqual({ file: 'log.csv', line: 2 });
  });

  it.each(['response', 'pages', 'ndjson'] as const)('HubSpot JSON as %s', async (form) => {
    const data = await readDeals([source('deals.json', hubspotJson(deals, form, 25), 1000)]);
    expect(data.format).toBe('hubspot');
    expect(data.issues).toEqual([]);
    expect(shape(data.deals, ALL)).toEqual(shape(deals, ALL));
    const paths = data.deals.flatMap((deal) => deal.events.map((event) => event.source.jsonPath));
    if (form === 'pages') expect(paths).toContain('$[1].results[0].propertiesWithHistory.dealstage[0]');
    if (form === 'ndjson') expect(data.deals[0]!.events[0]!.source).toMatchObject({ line: 1, jsonPath: expect.stringMatching(/^\$\.propertiesWithHistory\.dealstage\[\d+\]$/) });
  });

  it('HubSpot UI CSV (no loops: the export keeps the latest entry per stage)', async () => {
    const simple = sampleDeals(40, 2);
    const data = await readDeals([source('hubspot-crm-exports-all-deals-2026-03-01.csv', hubspotCsv(simple))]);
    expect(data.format).toBe('hubspot');
    expect(data.issues).toEqual([]);
    const attributes = ['owner', 'amount', 'createdAt', 'nextActivityAt', 'nextStep'] as const;
    expect(shape(data.deals, attributes)).toEqual(shape(simple, attributes, { pipeline: () => 'Sales Pipeline' }));
  });

  it('Salesforce OpportunityHistory + Opportunity + OpportunityContactRole, same-stage rows collapsed', async () => {
    const withRoles = sampleDeals(40, 3).map((deal, i) => ({ ...deal, pipeline: undefined, involved: i % 3 === 0 ? ['Economic Buyer', 'Technical Buyer'] : undefined, hasOpenActivity: i % 2 === 0 }) as Deal);
    const files = salesforceCsv(withRoles);
    const data = await readDeals([source('OpportunityHistory.csv', files.history), source('Opportunity.csv', files.opportunity), source('OpportunityContactRole.csv', files.contactRoles)]);
    expect(data.format).toBe('salesforce');
    expect(data.issues).toEqual([]);
    const attributes = ['owner', 'amount', 'currency', 'createdAt', 'nextStep', 'hasOpenActivity', 'involved'] as const;
    expect(shape(data.deals, attributes)).toEqual(shape(withRoles, attributes));
  });

  it('Salesforce Opportunity alone: each opportunity in its current stage since creation', async () => {
    const simple = sampleDeals(5, 4).map((deal) => ({ ...deal, pipeline: undefined }) as Deal);
    const data = await readDeals([source('Opportunity.csv', salesforceCsv(simple).opportunity)]);
    expect(data.deals.map((deal) => deal.events.map((event) => [event.stage, event.at]))).toEqual(simple.map((deal) => [[deal.events.at(-1)!.stage, deal.createdAt]]));
  });

  it('Pipedrive export + flow JSON: the full history, won/lost from the status', async () => {
    const piped = sampleDeals(40, 5, { outcomes: 'statuses', pipelines: ['Sales', 'Partners'] });
    const data = await readDeals([source('deals.csv', pipedriveCsv(piped)), source('flow.json', pipedriveFlow(piped))]);
    expect(data.format).toBe('pipedrive');
    expect(data.issues).toEqual([]);
    const attributes = ['owner', 'amount', 'currency', 'createdAt', 'nextActivityAt'] as const;
    expect(shape(data.deals, attributes)).toEqual(shape(piped, attributes));
  });

  it('Pipedrive export alone: the current stage since its last change, then the outcome', async () => {
    const piped = sampleDeals(20, 6, { outcomes: 'statuses' });
    const data = await readDeals([source('deals.csv', pipedriveCsv(piped))]);
    expect(data.issues).toEqual([]);
    const expected = piped.map((deal) => {
      const stages = deal.events.filter((event) => event.stage !== 'won' && event.stage !== 'lost');
      const last = deal.events.at(-1)!;
      return [[stages.at(-1)!.stage, stages.at(-1)!.at], ...(last.stage === 'won' || last.stage === 'lost' ? [[last.stage, last.at]] : [])];
    });
    expect(data.deals.map((deal) => deal.events.map((event) => [event.stage, event.at]))).toEqual(expected);
  });
});

describe('detectFormat', () => {
  it.each([
    ['deal,stage,at', 'events'],
    ['case:concept:name,concept:name,time:timestamp,org:resource', 'events'],
    ['deal_id,step,timestamp', 'events'],
    ['"Id","OpportunityId","CreatedById","CreatedDate","StageName"', 'salesforce'],
    ['Id,Name,StageName,IsClosed,IsWon', 'salesforce'],
    ['OpportunityId,ContactId,Role', 'salesforce'],
    ['Record ID,Deal Name,Deal Stage,Pipeline', 'hubspot'],
    ['Deal - ID,Deal - Title,Deal - Stage', 'pipedrive'],
    ['{"results":[{"id":"1","propertiesWithHistory":{"dealstage":[]}}]}', 'hubspot'],
    ['[{"success":true,"data":[{"object":"dealChange","data":{"field_key":"stage_id"}}]}]', 'pipedrive'],
    ['opportunity_id,sales_agent,deal_stage,engage_date', undefined],
    ['{"hello":1}', undefined],
  ])('%s → %s', (head, format) => {
    expect(detectFormat('file', `\uFEFF${head}\n1,2,3\n`)).toBe(format);
  });
});

describe('joining, ordering and options', () => {
  it('events of one deal across files are merged and sorted; ties keep file order; the result does not depend on file order', async () => {
    const a = 'deal,stage,at\nD1,b,2026-01-02\nD1,c,2026-01-03\n';
    const b = 'deal,stage,at\nD1,a,2026-01-01\nD1,x,2026-01-02\n';
    const one = await readDeals([source('a.csv', a), source('b.csv', b)]);
    const other = await readDeals([source('b.csv', b), source('a.csv', a)]);
    expect(other).toEqual(one);
    expect(one.deals[0]!.events.map((event) => `${event.stage}@${event.source.file}:${event.source.line}`)).toEqual(['a@b.csv:2', 'b@a.csv:2', 'x@b.csv:3', 'c@a.csv:3']);
  });

  it('a bare date is midnight in the given time zone; date-times with offsets are exact', async () => {
    const csv = 'deal,stage,at\nD1,a,2026-03-29\nD1,b,2026-03-30T10:00:00+02:00\nD1,c,2026-03-31 08:00\n';
    const data = await readDeals([source('log.csv', csv)], { timeZone: 'Europe/Berlin' });
    expect(data.deals[0]!.events.map((event) => new Date(event.at).toISOString())).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-31T06:00:00.000Z']);
  });

  it('events at or after as-of are ignored, counted, and reported once per deal; a deal entirely after as-of is left out', async () => {
    const csv = 'deal,stage,at\nD1,a,2026-01-01\nD1,b,2026-02-01\nD1,c,2026-02-02\nD2,a,2026-03-01\n';
    const data = await readDeals([source('log.csv', csv)], { asOf: Date.UTC(2026, 1, 1) });
    expect(data.eventsAfterAsOf).toBe(3);
    expect(data.deals.map((deal) => [deal.id, deal.events.length])).toEqual([['D1', 1]]);
    expect(data.issues.map((issue) => [issue.kind, issue.source.line, issue.dealId])).toEqual([
      ['after-as-of', 3, 'D1'],
      ['after-as-of', 5, 'D2'],
    ]);
  });

  it('from forces a format', async () => {
    await expect(readDeals([source('x.csv', 'Record ID,Deal Stage\n1,a\n')], { from: 'events' })).rejects.toThrow(/x\.csv:1: no "deal" \/ "case:concept:name" \/ "deal_id" column/);
  });

  it('files of two formats are refused', async () => {
    await expect(readDeals([source('a.csv', 'deal,stage,at\n'), source('b.csv', 'Deal - ID,Deal - Stage\n')])).rejects.toMatchObject({ code: 'E_DEAL_DATA', message: expect.stringMatching(/^b\.csv:1: pipedrive data, but a\.csv is events/) });
  });
});
