// Bad deal data: unusable files are one-line E_DEAL_DATA errors naming file:line; unusable records are issues with
// their position, never silently dropped; hostile values are kept as data.
import { constants } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvByteTokenizer } from '../../src/deals/csv-bytes.js';
import { readDeals, type DealSource } from '../../src/deals/read.js';
import { SpxError } from '../../src/model/errors.js';
import { eventsCsv, hubspotJson } from './exports.js';
import { sampleDeals, source } from './sample.js';

async function fatal(file: string, content: string | Uint8Array, options = {}): Promise<string> {
  try {
    await readDeals([source(file, content, 7)], options);
  } catch (error) {
    expect(error).toBeInstanceOf(SpxError);
    expect((error as SpxError).code).toBe('E_DEAL_DATA');
    expect((error as SpxError).message).not.toContain('\n');
    return (error as SpxError).message;
  }
  throw new Error('expected an SpxError');
}

const { MAX_STRING_LENGTH } = constants;

const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const part of parts) out.push(...(typeof part === 'string' ? new TextEncoder().encode(part) : part));
  return Uint8Array.from(out);
};

describe('unusable files: one line, file:line, E_DEAL_DATA', () => {
  it.each([
    ['empty', '', /^x\.csv:1: the file is empty/],
    ['only white space', ' \n\n', /^x\.csv:1: the file is empty \(only white space\)/],
    ['UTF-16 LE', bytes([0xff, 0xfe], [100, 0, 101, 0]), /^x\.csv:1: the file is UTF-16 text; save or export it as UTF-8/],
    ['UTF-16 BE', bytes([0xfe, 0xff], [0, 100]), /^x\.csv:1: the file is UTF-16 text/],
    ['UTF-16 LE without a BOM (was "binary data")', bytes([100, 0, 101, 0, 97, 0, 108, 0, 44, 0]), /^x\.csv:1: the file is UTF-16 text \(without a byte order mark\); save or export it as UTF-8/],
    ['UTF-16 BE without a BOM', bytes([0, 100, 0, 101, 0, 97, 0, 108]), /^x\.csv:1: the file is UTF-16 text \(without a byte order mark\)/],
    ['binary (a NUL on line 3)', bytes('deal,stage,at\nD1,a,2026-01-01\nD2', [0], ',b,2026-01-01\n'), /^x\.csv:3: binary data/],
    ['not UTF-8 (line 2)', bytes('deal,stage,at\nD1,', [0xc3, 0x28], ',2026-01-01\n'), /^x\.csv:2: not UTF-8 text/],
    ['unknown format', 'opportunity_id,deal_stage,engage_date\n1,Won,2017-01-01\n', /^x\.csv:1: not a deal-data format spx knows.*--from/],
    ['malformed JSON', '{"results": [\n  {"id": "1", "propertiesWithHistory": {"dealstage": [}\n]}', /^x\.json:2:\d+: not valid JSON/],
  ])('%s', async (_name, content, expected) => {
    const file = _name === 'malformed JSON' ? 'x.json' : 'x.csv';
    expect(await fatal(file, content)).toMatch(expected);
  });

  it('lines that end in CR alone (old Mac line ends) stop at line 1 instead of reading as one header row and no deals', async () => {
    const expected = /^x\.csv:1: the lines end in CR alone \(old Mac line ends\); save the file with LF or CRLF line ends$/;
    expect(await fatal('x.csv', 'deal,stage,at\rD1,a,2026-01-01\rD2,b,2026-01-02\r')).toMatch(expected);
    // The required column last: detection must not see "at\rD1" as its name.
    expect(await fatal('x.csv', 'stage,deal,at\ra,D1,2026-01-01\r')).toMatch(expected);
    expect(await fatal('x.csv', 'Record ID,Deal Stage\r1,closedwon\r')).toMatch(expected);
    expect(await fatal('x.csv', 'Deal - ID,Deal - Stage\r1,Won\r')).toMatch(expected);
    expect(await fatal('x.csv', 'OpportunityId,StageName,CreatedDate\r1,Won,2026-01-01\r')).toMatch(expected);
    // NDJSON split at CR alone would need its own splitter: such a file stays one document that is not valid JSON.
    const ndjson = hubspotJson(sampleDeals(2, 1), 'ndjson').replace(/\n/g, '\r');
    expect(await fatal('x.json', ndjson)).toMatch(/^x\.json:1:\d+: not valid JSON/);
  });

  it('a JSON document longer than the longest string V8 makes stops with its line (it was "unexpected error: Invalid string length")', async () => {
    const start = new TextEncoder().encode('{"results": [{"id": "1", "propertiesWithHistory": {"dealstage": []}}\n');
    const spaces = new Uint8Array(64 << 20).fill(32); // one buffer, yielded 9 times: 576 MiB of white space
    const huge: DealSource = {
      file: 'x.json',
      async *chunks() {
        yield start;
        for (let i = 0; i < 9; i++) yield spaces;
        yield new TextEncoder().encode(']}');
      },
    };
    await expect(readDeals([huge])).rejects.toMatchObject({
      code: 'E_DEAL_DATA',
      message: `x.json:2: a JSON document longer than ${MAX_STRING_LENGTH} characters, more than one string can hold; save it as NDJSON (one deal or page per line) or in several files`,
    });
  });

  it('a column spx reads that appears twice stops at the second (the first was used without a word)', async () => {
    expect(await fatal('x.csv', 'deal,stage,at,Stage\nD1,a,2026-01-01,won\n')).toBe('x.csv:1:4: a second "Stage" column (the first is column 2); rename or remove one: spx cannot tell which holds the data');
    expect(await fatal('x.csv', 'deal,stage,at,owner,OWNER\nD1,a,2026-01-01,ana,bo\n')).toMatch(/^x\.csv:1:5: a second "OWNER" column \(the first is column 4\)/);
    expect(await fatal('x.csv', 'Record ID,Deal Stage,Amount,Amount\n1,a,2,3\n')).toMatch(/^x\.csv:1:4: a second "Amount" column \(the first is column 3\)/);
    expect(await fatal('x.csv', 'Deal - ID,Deal - Stage,Deal - ID\n1,a,2\n')).toMatch(/^x\.csv:1:3: a second "Deal - ID" column \(the first is column 1\)/);
    expect(await fatal('x.csv', 'OpportunityId,StageName,CreatedDate,StageName\n1,a,2026-01-01,b\n')).toMatch(/^x\.csv:1:4: a second "StageName" column \(the first is column 2\)/);
    // Columns spx does not read may repeat.
    expect((await readDeals([source('x.csv', 'deal,stage,at,note,note\nD1,a,2026-01-01,x,y\n')])).deals).toHaveLength(1);
  });

  it('malformed JSON nested a million deep is located like any other (finding the position overflowed the stack: E_INTERNAL)', async () => {
    const deep = `{"results": [{"id": "1", "propertiesWithHistory": {"dealstage": []},\n "x": ${'['.repeat(1_000_000)}${']'.repeat(999_999)}}]}`;
    expect(await fatal('x.json', deep)).toMatch(/^x\.json:2:2000006: not valid JSON/);
    // Objects too, and a well-formed deep document is read.
    expect(await fatal('x.json', `{"results": [{"id": "1", "propertiesWithHistory": {"dealstage": []}, "x": ${'{"a":'.repeat(500_000)}1${'}'.repeat(499_999)}]}`)).toMatch(/^x\.json:1:3000075: not valid JSON/);
    const fine = `{"results": [{"id": "1", "propertiesWithHistory": {"dealstage": []}, "x": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}]}`;
    expect((await readDeals([source('x.json', fine)])).issues.map((issue) => issue.kind)).toEqual(['missing-field']);
  });

  it('a missing required column names the accepted names and the header line', async () => {
    expect(await fatal('x.csv', 'deal,stage,when\nD1,a,2026-01-01\n', { from: 'events' })).toMatch(/^x\.csv:1: no "at" \/ "time:timestamp" \/ "timestamp" column; an events CSV needs deal, stage and at columns \(found: "deal", "stage", "when"\)$/);
    expect(await fatal('x.csv', 'Record ID,Amount\n1,2\n', { from: 'hubspot' })).toMatch(/^x\.csv:1: no "Deal Stage" column/);
    expect(await fatal('x.csv', 'Deal - ID,Deal - Title\n1,2\n', { from: 'pipedrive' })).toMatch(/^x\.csv:1: no "Deal - Stage" column/);
    expect(await fatal('x.csv', 'Id,Name\n1,2\n', { from: 'salesforce' })).toMatch(/^x\.csv:1: not an OpportunityHistory/);
  });

  it('a row longer than 1 MiB (an unclosed quote swallowing the file) stops with its line', async () => {
    expect(await fatal('x.csv', `deal,stage,at\nD1,"a,2026-01-01\n${'x,'.repeat(600_000)}`)).toMatch(/^x\.csv:2: a row longer than/);
  });

  it('a UTF-8 BOM is accepted', async () => {
    const data = await readDeals([source('x.csv', bytes([0xef, 0xbb, 0xbf], 'deal,stage,at\nD1,a,2026-01-01\n'), 1)]);
    expect(data.deals.map((deal) => deal.id)).toEqual(['D1']);
  });

  it('an unknown time zone is a usage error', async () => {
    await expect(readDeals([source('x.csv', 'deal,stage,at\n')], { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});

describe('unusable records: an issue each, with its position', () => {
  const issuesOf = async (csv: string, options = {}) => (await readDeals([source('log.csv', csv)], options)).issues.map((issue) => [issue.kind, issue.source.line, issue.dealId]);

  it('unparseable dates, including dates that do not exist', async () => {
    const data = await readDeals([source('log.csv', 'deal,stage,at\nD1,a,2026-02-30\nD1,b,yesterday\nD1,c,2026-03-01T25:00:00Z\nD1,d,2026-03-02\n')]);
    expect(data.issues.map((issue) => [issue.kind, issue.source.line])).toEqual([
      ['unparseable-date', 2],
      ['unparseable-date', 3],
      ['unparseable-date', 4],
    ]);
    expect(data.issues[0]!.message).toBe('log.csv:2: time "2026-02-30" is not an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or with an offset)');
    expect(data.deals[0]!.events.map((event) => event.stage)).toEqual(['d']);
  });

  it('a row earlier than the same deal’s previous row: time-backwards, row not used', async () => {
    expect(await issuesOf('deal,stage,at\nD1,a,2026-01-05\nD2,a,2026-01-01\nD1,b,2026-01-04\nD1,c,2026-01-06\n')).toEqual([['time-backwards', 4, 'D1']]);
  });

  it('bad amounts: not a number, negative', async () => {
    const data = await readDeals([source('log.csv', 'deal,stage,at,amount\nD1,a,2026-01-01,12k\nD2,a,2026-01-01,-5\nD3,a,2026-01-01,1e3\n')]);
    expect(data.issues.map((issue) => [issue.kind, issue.source.line, issue.message])).toEqual([
      ['bad-amount', 2, 'log.csv:2: deal "D1": amount "12k" is not a number; amount left out'],
      ['bad-amount', 3, 'log.csv:3: deal "D2": amount "-5" is not zero or more; amount left out'],
    ]);
    expect(data.deals.map((deal) => deal.amount)).toEqual([undefined, undefined, 1000]);
  });

  it('an amount past 2^53 (no longer whole units; sums overflowed to Infinity, null in JSON): amount left out', async () => {
    const data = await readDeals([source('log.csv', 'deal,stage,at,amount\nD1,a,2026-01-01,1.7e308\nD2,a,2026-01-01,9007199254740991\nD3,a,2026-01-01,9007199254740993\n')]);
    expect(data.issues.map((issue) => [issue.kind, issue.source.line, issue.message])).toEqual([
      ['bad-amount', 2, 'log.csv:2: deal "D1": amount "1.7e308" is larger than 9007199254740991; amount left out'],
      ['bad-amount', 4, 'log.csv:4: deal "D3": amount "9007199254740993" is larger than 9007199254740991; amount left out'],
    ]);
    expect(data.deals.map((deal) => deal.amount)).toEqual([undefined, 9007199254740991, undefined]);
  });

  it('a Pipedrive export row whose status it cannot place: the deal not used, with an issue (it read as open)', async () => {
    const header = 'Deal - ID,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Last stage change,Deal - Won time,Deal - Lost time';
    const rows = [
      'P1,Demo,won,2026-05-01 10:00:00,2026-05-02 10:00:00,,',
      'P2,Demo,deleted,2026-05-01 10:00:00,2026-05-02 10:00:00,,',
      'P3,Demo,Won,2026-05-01 10:00:00,2026-05-02 10:00:00,2026-05-10 10:00:00,',
      'P4,Demo,Gewonnen,2026-05-01 10:00:00,2026-05-02 10:00:00,2026-05-10 10:00:00,',
      'P5,Demo,lost,2026-05-01 10:00:00,2026-05-02 10:00:00,,garbage',
      'P6,Demo,open,2026-05-01 10:00:00,2026-05-02 10:00:00,,',
      'P7,Demo,,2026-05-01 10:00:00,2026-05-02 10:00:00,,',
    ];
    const data = await readDeals([source('deals.csv', `${header}\n${rows.join('\n')}\n`)]);
    expect(data.deals.map((deal) => [deal.id, deal.events.map((event) => event.stage).join(' ')])).toEqual([
      ['P3', 'Demo won'],
      ['P6', 'Demo'],
      ['P7', 'Demo'],
    ]);
    expect(data.issues.map((issue) => issue.message)).toEqual([
      'deals.csv:2: deal "P1": status won without a "Deal - Won time"; deal not used',
      'deals.csv:3: deal "P2": status deleted; deal not used',
      'deals.csv:5: deal "P4": status "Gewonnen" is not open, won, lost or deleted; deal not used',
      'deals.csv:6:7: Deal - Lost time "garbage" is not an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or with an offset)',
      // The time is there but unreadable (reported just above): "no usable", not "without".
      'deals.csv:6: deal "P5": status lost with no usable "Deal - Lost time"; deal not used',
    ]);
  });

  it('a JSON document on one line (a saved API response) is not NDJSON: issues give their JSON path, not just line 1', async () => {
    const response = JSON.stringify({ results: [{ id: '1', propertiesWithHistory: { dealstage: [{ value: 'a', timestamp: 'soon' }] } }, { properties: {}, propertiesWithHistory: { dealstage: [] } }] });
    const data = await readDeals([source('x.json', response)]);
    expect(data.issues.map((issue) => issue.message)).toEqual([
      'x.json $.results[0]: deal "1" has no stage history; deal not used',
      'x.json $.results[0].propertiesWithHistory.dealstage[0]: timestamp "soon" is not an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or with an offset)',
      'x.json $.results[1]: a deal without "id"; record not used',
    ]);
    // Two lines are NDJSON: each line's issues give the line.
    const ndjson = await readDeals([source('x.ndjson', `${JSON.stringify({ id: '2', propertiesWithHistory: { dealstage: [] } })}\n{"properties": {}}\n`)]);
    expect(ndjson.issues.map((issue) => issue.message)).toContain('x.ndjson:2: a deal without "id"; record not used');
  });

  it('a Salesforce flag that is not a Data Loader boolean: an issue, the flag left out (it was ignored without a word)', async () => {
    const opportunity = 'Id,StageName,IsClosed,CreatedDate,HasOpenActivity,HasOverdueTask,IsDeleted\n006A,Prospecting,false,2026-01-05,maybe,1,\n006B,Prospecting,false,2026-01-05,yes,n,sometimes\n';
    const data = await readDeals([source('Opportunity.csv', opportunity)]);
    expect(data.issues.map((issue) => [issue.kind, issue.message])).toEqual([
      ['bad-record', 'Opportunity.csv:2:5: opportunity "006A": HasOpenActivity "maybe" is not true or false; left out'],
      ['bad-record', 'Opportunity.csv:3:7: opportunity "006B": IsDeleted "sometimes" is not true or false; left out'],
    ]);
    expect(data.deals.map((deal) => [deal.id, deal.hasOpenActivity, deal.hasOverdueTask])).toEqual([
      ['006A', undefined, true],
      ['006B', true, false],
    ]);
  });

  it('a currency code in lower case is the upper-case code (usd and USD were two currencies, their bookings apart)', async () => {
    const data = await readDeals([source('log.csv', 'deal,stage,at,amount,currency\nD1,a,2026-01-01,1,usd\nD1,b,2026-01-02,1,USD\nD2,a,2026-01-01,1,Eur\nD3,a,2026-01-01,1,US Dollar\nD4,a,2026-01-01,1,€\n')]);
    expect(data.deals.map((deal) => [deal.id, deal.currency])).toEqual([
      ['D1', 'USD'],
      ['D2', 'EUR'],
      ['D3', 'US Dollar'],
      ['D4', '€'],
    ]);
    expect(data.issues).toEqual([]);
  });

  it('one deal id in two pipelines: duplicate-deal, the later record not used', async () => {
    expect(await issuesOf('deal,stage,at,pipeline\nD1,a,2026-01-01,sales\nD1,b,2026-01-02,partners\nD1,c,2026-01-03,sales\n')).toEqual([['duplicate-deal', 3, 'D1']]);
  });

  it('empty fields, short rows and an unclosed quote at the end', async () => {
    expect(await issuesOf('deal,stage,at\n,a,2026-01-01\nD1,,2026-01-01\nD2,a\nD3,a,2026-01-01\nD4,"a,2026-01-01\n')).toEqual([
      ['missing-field', 2, undefined],
      ['missing-field', 3, 'D1'],
      ['bad-record', 4, undefined],
      ['bad-record', 6, undefined],
    ]);
  });

  it('HubSpot JSON: a deal without stage history, an entry without a timestamp, an NDJSON line that is not JSON', async () => {
    const good = JSON.parse(hubspotJson(sampleDeals(1, 3), 'ndjson')) as Record<string, unknown>;
    const lines = [JSON.stringify(good), '{"id":"7","properties":{}}', 'not json', JSON.stringify({ id: '8', propertiesWithHistory: { dealstage: [{ value: 'a' }] } })];
    const data = await readDeals([source('deals.ndjson', `${lines.join('\n')}\n`)]);
    expect(data.issues.map((issue) => [issue.kind, issue.source.line, issue.source.jsonPath])).toEqual([
      ['missing-field', 2, '$'],
      ['bad-record', 3, undefined],
      ['missing-field', 4, '$'],
      ['missing-field', 4, '$.propertiesWithHistory.dealstage[0]'],
    ]);
  });

  it('HubSpot JSON timestamps in epoch seconds: an issue at their JSON path, not read as January 1970 (milliseconds are read)', async () => {
    const ms = Date.UTC(2026, 0, 1);
    const history = (...timestamps: unknown[]) => ({ dealstage: timestamps.map((timestamp, i) => ({ value: `s${i}`, timestamp })) });
    const response = JSON.stringify({
      results: [
        { id: 'ms', properties: { createdate: ms - 86_400_000 }, propertiesWithHistory: history(ms, String(ms + 1000)) },
        { id: 'sec', properties: { createdate: String(ms / 1000 - 86_400) }, propertiesWithHistory: history(ms / 1000, String(ms / 1000 + 1)) },
        { id: 'zero', propertiesWithHistory: history(0, ms) },
      ],
    });
    const data = await readDeals([source('x.json', response)]);
    expect(data.issues.map((issue) => [issue.kind, issue.dealId, issue.message])).toEqual([
      ['missing-field', 'sec', 'x.json $.results[1]: deal "sec" has no stage history; deal not used'],
      ['unparseable-date', 'sec', 'x.json $.results[1].properties.createdate: createdate 1767139200 looks like epoch seconds (2025-12-31T00:00:00.000Z); CRM exports use epoch milliseconds: not used'],
      ['unparseable-date', 'sec', 'x.json $.results[1].propertiesWithHistory.dealstage[0]: timestamp 1767225600 looks like epoch seconds (2026-01-01T00:00:00.000Z); CRM exports use epoch milliseconds: not used'],
      ['unparseable-date', 'sec', 'x.json $.results[1].propertiesWithHistory.dealstage[1]: timestamp 1767225601 looks like epoch seconds (2026-01-01T00:00:01.000Z); CRM exports use epoch milliseconds: not used'],
      ['unparseable-date', 'zero', 'x.json $.results[2].propertiesWithHistory.dealstage[0]: timestamp 0 is no date (1970-01-01, an empty value in some exports): not used'],
    ]);
    expect(data.deals.map((deal) => [deal.id, deal.createdAt, deal.events.map((event) => [event.stage, event.at])])).toEqual([
      ['ms', ms - 86_400_000, [['s0', ms], ['s1', ms + 1000]]],
      ['zero', undefined, [['s1', ms]]],
    ]);
  });

  it('a Pipedrive flow log_time in epoch seconds is an issue too (one reader of numeric instants for all JSON)', async () => {
    const flow = JSON.stringify({ success: true, data: [{ object: 'dealChange', timestamp: '2026-01-02 10:00:00', data: { id: 1, item_id: 7, field_key: 'stage_id', old_value: 1, new_value: 2, log_time: 1767225600 } }] });
    const data = await readDeals([source('flow.json', flow)], { from: 'pipedrive' });
    expect(data.issues.map((issue) => issue.message)).toContain('flow.json $.data[0]: log_time 1767225600 looks like epoch seconds (2026-01-01T00:00:00.000Z); CRM exports use epoch milliseconds: not used');
  });

  it('a CRM export row without a column every row needs: "the row has N of M fields" at file:line; one short only of trailing empty fields is read', async () => {
    const salesforce = await readDeals([source('OpportunityHistory.csv', 'OpportunityId,StageName,CreatedDate,Amount\n006A,Prospecting,2026-01-05T10:00:00.000Z,5\n006B\n006C,Prospecting,2026-01-05T10:00:00.000Z\n')]);
    expect(salesforce.issues.map((issue) => [issue.kind, issue.message])).toEqual([['bad-record', "OpportunityHistory.csv:3: the row has 1 of the header's 4 fields; row not used"]]);
    expect(salesforce.deals.map((deal) => [deal.id, deal.amount])).toEqual([['006A', 5], ['006C', undefined]]);
    const hubspot = await readDeals([source('hubspot.csv', 'Amount,Deal Stage,Record ID,Create Date\n5,Demo,1,2026-01-05\n6,Demo\n')]);
    expect(hubspot.issues.map((issue) => issue.message)).toEqual(["hubspot.csv:3: the row has 2 of the header's 4 fields; row not used"]);
    const pipedrive = await readDeals([source('deals.csv', 'Deal - Status,Deal - Stage,Deal - ID,Deal - Deal created\nopen,Demo,P1,2026-05-01 10:00:00\nopen,Demo\n')], { from: 'pipedrive' });
    expect(pipedrive.issues.map((issue) => issue.message)).toEqual(["deals.csv:3: the row has 2 of the header's 4 fields; row not used"]);
    // A spreadsheet that drops a row's trailing empty fields: the same deals as the file with every comma.
    const full = 'Record ID,Deal Stage,Create Date,Amount,Date entered "Demo (Sales Pipeline)"\n1,Demo,2026-01-05,5,2026-01-06\n2,Demo,2026-01-05,,\n';
    const trimmed = full.replace(',,\n', '\n');
    const [withCommas, without] = [await readDeals([source('hubspot.csv', full)]), await readDeals([source('hubspot.csv', trimmed)])];
    expect(withCommas.deals.map((deal) => deal.id)).toEqual(['1', '2']);
    expect(without).toEqual(withCommas);
    // The stage column last and empty (a deal known by its `Date entered` dates): the row without that last comma too.
    const stageLast = 'Record ID,Create Date,Amount,Date entered "Demo (Sales Pipeline)",Deal Stage\n1,2026-01-05,5,2026-01-06,Demo\n2,2026-01-05,6,2026-01-07,\n';
    const [stageWithComma, stageWithout] = [await readDeals([source('hubspot.csv', stageLast)]), await readDeals([source('hubspot.csv', stageLast.replace('2026-01-07,\n', '2026-01-07\n'))])];
    expect(stageWithComma.deals.map((deal) => deal.id)).toEqual(['1', '2']);
    expect(stageWithout).toEqual(stageWithComma);
    // An event log needs only its deal, stage and at columns: a row without trailing attributes is read; a shorter one, the same message.
    const events = await readDeals([source('log.csv', 'deal,stage,at,owner\nD1,a,2026-01-01\nD2,a\n')]);
    expect(events.deals.map((deal) => deal.id)).toEqual(['D1']);
    expect(events.issues.map((issue) => issue.message)).toEqual(["log.csv:3: the row has 2 of the header's 4 fields; row not used"]);
  });

  it('CSV-injection strings in ids and values are kept as data', async () => {
    const data = await readDeals([source('log.csv', 'deal,stage,at,owner\n"=cmd|\' /C calc\'!A0",@SUM(1),2026-01-01,+1-2\n')]);
    expect(data.deals[0]).toMatchObject({ id: "=cmd|' /C calc'!A0", owner: '+1-2', events: [{ stage: '@SUM(1)' }] });
  });
});

describe('the tokenizer', () => {
  it('gives the same rows whatever the chunking (quotes, CRLF, embedded line breaks, doubled quotes)', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nplain,,end\n"",last,"q"tail\nno,newline,at-end';
    const rows = (chunks: string[]) => {
      const out: [string[], number][] = [];
      const tokenizer = new CsvByteTokenizer('t.csv', (row) => out.push([row.toArray(), row.line]));
      for (const chunk of chunks) tokenizer.push(Buffer.from(chunk, 'utf8'));
      tokenizer.end();
      return out;
    };
    const whole = rows([text]);
    expect(whole).toEqual([
      [['a', 'b', 'c'], 1],
      [['x, y', 'say "hi"', 'two\nlines'], 2],
      [['plain', '', 'end'], 4],
      [['', 'last', 'qtail'], 5],
      [['no', 'newline', 'at-end'], 6],
    ]);
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const points = [...new Set([0, ...cuts.sort((a, b) => a - b), text.length])];
        expect(rows(points.slice(1).map((end, i) => text.slice(points[i], end)))).toEqual(whole);
      }),
      { seed: 20_261_203, numRuns: 200 },
    );
  });
});

describe('properties', () => {
  it('reading is independent of the order of the files', async () => {
    // No multi-line values here, so that a line of the log is a row.
    const deals = sampleDeals(30, 11, { loops: true, pipelines: ['a', 'b'] }).map((deal) => ({ ...deal, nextStep: undefined }));
    const log = eventsCsv(deals).split('\n');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.nat(), async (parts, seed) => {
        // Split the log's rows over files by a seeded rule; each file gets the header.
        const files: string[][] = Array.from({ length: parts }, () => []);
        log.slice(1).forEach((row, i) => row !== '' && files[(i * 31 + seed) % parts]!.push(row));
        const sources = files.map((rows, i) => source(`part-${i}.csv`, `${log[0]}\n${rows.join('\n')}\n`));
        const forward = await readDeals(sources);
        const backward = await readDeals([...sources].reverse());
        expect(backward).toEqual(forward);
        expect(forward.issues).toEqual([]);
        expect(forward.deals.map((deal) => deal.events.length).reduce((a, b) => a + b, 0)).toBe(log.length - 2);
      }),
      { seed: 20_261_203, numRuns: 25 },
    );
  });

  it('any bytes: a result or an SpxError, never anything else; every issue has a position', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('deal,stage,at\n', 'Record ID,Deal Stage\n', '{"results":[', 'Deal - ID,Deal - Stage\n', 'OpportunityId,StageName,CreatedDate\n').chain((header) => fc.string().map((body) => header + body))), async (text) => {
        try {
          const data = await readDeals([source('f.csv', text, 5)]);
          for (const issue of data.issues) expect(issue.source.line !== undefined || issue.source.jsonPath !== undefined).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(SpxError);
        }
      }),
      { seed: 20_261_203, numRuns: 300 },
    );
  });
});
