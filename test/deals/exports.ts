// Realistic deal-data files made from Deal[] in every format spx reads, modelled on the real exports described in
// the CRM research notes (vendor docs and public repositories that captured real exports; sources per function).
// Tests read them back and compare with the deals they were made from.
import type { Deal } from '../../src/deals/types.js';

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string | number | undefined, quoteAll = false): string {
  const text = value === undefined ? '' : String(value);
  return quoteAll || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[], options: { quoteAll?: boolean; eol?: string } = {}): string {
  const eol = options.eol ?? '\n';
  return [header, ...rows].map((row) => row.map((field) => csvField(field, options.quoteAll)).join(',')).join(eol) + eol;
}

const iso = (at: number): string => new Date(at).toISOString();
/** `YYYY-MM-DD HH:MM:SS` in UTC: Pipedrive's documented API form, and the zone-less form of UI exports. */
const wallUtc = (at: number): string => iso(at).slice(0, 19).replace('T', ' ');

// --- events CSV -------------------------------------------------------------------------------------------------

/**
 * An event log: one row per event, deal attributes repeated on every row. `pm4py` uses the PM4Py/XES names
 * (`case:concept:name`, `concept:name`, `time:timestamp`, `case:` attributes; pm4py-core 2.7.11.4
 * `pm4py/util/xes_constants.py`), `spx` the plain ones. Rows by deal, then time.
 */
export function eventsCsv(deals: readonly Deal[], names: 'spx' | 'pm4py' = 'spx', eol = '\n'): string {
  const pm4py = names === 'pm4py';
  const header = pm4py
    ? ['case:concept:name', 'concept:name', 'time:timestamp', 'lifecycle:transition', 'case:owner', 'case:amount', 'case:currency', 'case:pipeline', 'case:next_activity_date', 'case:next_step', 'case:created_at', 'involved']
    : ['deal', 'stage', 'at', 'owner', 'amount', 'currency', 'pipeline', 'next_activity_at', 'next_step', 'created_at', 'involved'];
  const rows = deals.flatMap((deal) =>
    deal.events.map((event) => {
      const attributes = [
        deal.owner,
        deal.amount,
        deal.currency,
        deal.pipeline,
        deal.nextActivityAt === undefined ? undefined : iso(deal.nextActivityAt),
        deal.nextStep,
        deal.createdAt === undefined ? undefined : iso(deal.createdAt),
        event.involved?.join(';'),
      ];
      return pm4py ? [deal.id, event.stage, iso(event.at), 'complete', ...attributes] : [deal.id, event.stage, iso(event.at), ...attributes];
    }),
  );
  return csv(header, rows, { eol });
}

// --- HubSpot ----------------------------------------------------------------------------------------------------

/**
 * One deal as `GET /crm/v3/objects/deals?propertiesWithHistory=dealstage&properties=…` returns it
 * (HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/Deals v3: `{id, properties, propertiesWithHistory,
 * createdAt, updatedAt, archived}`, property values as strings, history `{value, timestamp, sourceType, …}`).
 * The history comes newest first here: its order is not documented, so the reader must not rely on it.
 */
function hubspotDeal(deal: Deal): object {
  const last = deal.events.at(-1)!;
  const properties: Record<string, string | null> = {
    dealname: `Deal ${deal.id}`,
    dealstage: last.stage,
    pipeline: deal.pipeline ?? 'default',
    amount: deal.amount === undefined ? null : String(deal.amount),
    deal_currency_code: deal.currency ?? null,
    hubspot_owner_id: deal.owner ?? null,
    createdate: deal.createdAt === undefined ? null : iso(deal.createdAt),
    notes_next_activity_date: deal.nextActivityAt === undefined ? null : iso(deal.nextActivityAt),
    hs_next_step: deal.nextStep ?? null,
    hs_object_id: deal.id,
  };
  return {
    id: deal.id,
    properties,
    propertiesWithHistory: {
      dealstage: [...deal.events].reverse().map((event) => ({ value: event.stage, timestamp: iso(event.at), sourceType: 'CRM_UI', sourceId: 'userId:1234', updatedByUserId: 1234 })),
    },
    createdAt: iso(deal.createdAt ?? deal.events[0]!.at),
    updatedAt: iso(last.at),
    archived: false,
  };
}

/** Pages of the list endpoint (`{results, paging: {next: {after}}}`), as a script that follows the cursor saves them. */
export function hubspotPages(deals: readonly Deal[], pageSize = 100): object[] {
  const pages: object[] = [];
  for (let start = 0; start < Math.max(deals.length, 1); start += pageSize) {
    const results = deals.slice(start, start + pageSize).map(hubspotDeal);
    const more = start + pageSize < deals.length;
    pages.push(more ? { results, paging: { next: { after: String(start + pageSize), link: `https://api.hubapi.com/crm/v3/objects/deals?after=${start + pageSize}` } } } : { results });
  }
  return pages;
}

/** One response object (`{results}`), an array of pages, or NDJSON (one deal per line). */
export function hubspotJson(deals: readonly Deal[], shape: 'response' | 'pages' | 'ndjson', pageSize = 100): string {
  if (shape === 'response') return JSON.stringify({ results: deals.map(hubspotDeal) }, null, 2);
  if (shape === 'pages') return JSON.stringify(hubspotPages(deals, pageSize), null, 2);
  return deals.map((deal) => JSON.stringify(hubspotDeal(deal))).join('\n') + '\n';
}

/**
 * A deals view exported from the HubSpot UI: property labels as headers (`Record ID`, `Deal Name`, `Deal Stage`,
 * `Pipeline`, `Create Date`, …), stage labels, and one `Date entered "<stage> (<pipeline>)"` column per stage
 * (stage calculated properties, KB "Use stage calculated properties"; header form observed in public parsers of
 * real exports). HubSpot keeps only the latest entry per stage, so a deal that re-enters a stage keeps its last visit.
 */
export function hubspotCsv(deals: readonly Deal[], pipelineLabel = 'Sales Pipeline'): string {
  const stages = [...new Set(deals.flatMap((deal) => deal.events.map((event) => event.stage)))];
  const header = ['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Create Date', 'Close Date', 'Next Activity Date', 'Amount', 'Deal owner', 'Next step', ...stages.map((stage) => `Date entered "${stage} (${pipelineLabel})"`)];
  const rows = deals.map((deal) => {
    const entered = new Map<string, number>();
    for (const event of deal.events) entered.set(event.stage, event.at);
    return [
      deal.id,
      `Deal ${deal.id}`,
      deal.events.at(-1)!.stage,
      pipelineLabel,
      deal.createdAt === undefined ? undefined : wallUtc(deal.createdAt),
      undefined,
      deal.nextActivityAt === undefined ? undefined : wallUtc(deal.nextActivityAt),
      deal.amount,
      deal.owner,
      deal.nextStep,
      ...stages.map((stage) => (entered.has(stage) ? wallUtc(entered.get(stage)!) : undefined)),
    ];
  });
  return csv(header, rows);
}

// --- Salesforce -------------------------------------------------------------------------------------------------

/** Data Loader's recommended date-time form, `yyyy-MM-ddTHH:mm:ss.SSS+0000` (dataLoader guide, supported types). */
const salesforceTime = (at: number): string => `${iso(at).slice(0, 23)}+0000`;

/**
 * The three Data Loader exports: `OpportunityHistory` (a row per change of stage, amount or close date — so
 * consecutive rows of one stage appear, as in elastic/dbt_duckdb data/OpportunityHistory.csv), `Opportunity` and
 * `OpportunityContactRole`. API field names as headers, every value quoted (as real Data Loader exports are).
 */
export function salesforceCsv(deals: readonly Deal[]): { history: string; opportunity: string; contactRoles: string } {
  const historyRows: (string | number | undefined)[][] = [];
  let rowId = 0;
  for (const deal of deals) {
    deal.events.forEach((event, i) => {
      const id = `008${String(++rowId).padStart(12, '0')}`;
      historyRows.push([id, deal.id, '005000000000001', salesforceTime(event.at), event.stage, deal.amount, '2026-03-31', 'false']);
      // Every other event gets an amount-only change a minute later: same stage, a row to collapse.
      if (i % 2 === 0) historyRows.push([`008${String(++rowId).padStart(12, '0')}`, deal.id, '005000000000001', salesforceTime(event.at + 60_000), event.stage, deal.amount, '2026-04-30', 'false']);
    });
  }
  const history = csv(['Id', 'OpportunityId', 'CreatedById', 'CreatedDate', 'StageName', 'Amount', 'CloseDate', 'IsDeleted'], historyRows, { quoteAll: true });
  const opportunity = csv(
    ['Id', 'Name', 'StageName', 'IsClosed', 'IsWon', 'CreatedDate', 'Amount', 'CurrencyIsoCode', 'OwnerId', 'NextStep', 'HasOpenActivity', 'HasOverdueTask'],
    deals.map((deal) => {
      const stage = deal.events.at(-1)!.stage;
      const closed = /closed/i.test(stage);
      return [deal.id, `Opportunity ${deal.id}`, stage, String(closed), String(/won/i.test(stage)), deal.createdAt === undefined ? undefined : salesforceTime(deal.createdAt), deal.amount, deal.currency, deal.owner, deal.nextStep, deal.hasOpenActivity === undefined ? undefined : String(deal.hasOpenActivity), deal.hasOverdueTask === undefined ? undefined : String(deal.hasOverdueTask)];
    }),
    { quoteAll: true },
  );
  const contactRoles = csv(
    ['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary'],
    deals.flatMap((deal) => (deal.involved ?? []).map((role, i) => [`00K${deal.id}${i}`, deal.id, `003${i}`, role, String(i === 0)])),
    { quoteAll: true },
  );
  return { history, opportunity, contactRoles };
}

// --- Pipedrive --------------------------------------------------------------------------------------------------

const isOutcome = (stage: string): boolean => stage === 'won' || stage === 'lost';

/**
 * The deals export: `Deal - <label>` headers (observed in public parsers of real exports: `Deal - ID`,
 * `Deal - Title`, `Deal - Value`, `Deal - Currency`, `Deal - Pipeline`, `Deal - Stage`, `Deal - Status`, …).
 * A deal whose last event is `won`/`lost` has that status and keeps the stage it was in.
 */
export function pipedriveCsv(deals: readonly Deal[]): string {
  const header = ['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency', 'Deal - Pipeline', 'Deal - Stage', 'Deal - Status', 'Deal - Owner', 'Deal - Deal created', 'Deal - Last stage change', 'Deal - Next activity date', 'Deal - Won time', 'Deal - Lost time'];
  const rows = deals.map((deal) => {
    const last = deal.events.at(-1)!;
    const stages = deal.events.filter((event) => !isOutcome(event.stage));
    const stage = stages.at(-1)!;
    const status = isOutcome(last.stage) ? last.stage : 'open';
    return [deal.id, `Deal ${deal.id}`, deal.amount, deal.currency, deal.pipeline, stage.stage, status, deal.owner, deal.createdAt === undefined ? undefined : wallUtc(deal.createdAt), wallUtc(stage.at), deal.nextActivityAt === undefined ? undefined : wallUtc(deal.nextActivityAt), status === 'won' ? wallUtc(last.at) : undefined, status === 'lost' ? wallUtc(last.at) : undefined];
  });
  return csv(header, rows);
}

/**
 * `GET /v1/deals/{id}/flow` responses, one per deal, in an array: `{success, data: [items], additional_data}`, items
 * newest first, `dealChange` items `{object, timestamp, data: {id, item_id, field_key, old_value, new_value,
 * additional_data: {old_value_formatted, new_value_formatted}, change_source, log_time}}` with string values (shape
 * observed in two public repos that captured live payloads). Creation is a `dealChange` of `add_time`; the first
 * stage is the old value of the first stage change. Deals need `createdAt` at or before their first event.
 */
export function pipedriveFlow(deals: readonly Deal[]): string {
  let changeId = 0;
  const responses = deals.map((deal) => {
    const items: object[] = [];
    const change = (at: number, field: string, oldValue: string | null, newValue: string | null): void => {
      items.push({
        object: 'dealChange',
        timestamp: wallUtc(at),
        data: {
          id: ++changeId,
          item_id: Number.isNaN(Number(deal.id)) ? deal.id : Number(deal.id),
          user_id: 11,
          field_key: field,
          old_value: oldValue === null ? null : `${oldValue}`.length > 0 ? `id-${oldValue}` : null,
          new_value: field === 'stage_id' ? `id-${newValue}` : newValue,
          is_bulk_update_flag: null,
          log_time: wallUtc(at),
          change_source: 'app',
          change_source_user_agent: null,
          additional_data: field === 'stage_id' ? { old_value_formatted: oldValue, new_value_formatted: newValue } : {},
        },
      });
    };
    change(deal.createdAt!, 'add_time', null, wallUtc(deal.createdAt!));
    let stage: string | undefined;
    for (const event of deal.events) {
      if (isOutcome(event.stage)) change(event.at, 'status', 'open', event.stage);
      else if (stage === undefined) stage = event.stage; // the creation stage: seen as the first change's old value
      else {
        change(event.at, 'stage_id', stage, event.stage);
        stage = event.stage;
      }
    }
    // Other items share the flow (notes, activities, files): not stage history.
    items.push({ object: 'note', timestamp: wallUtc(deal.createdAt!), data: { id: ++changeId, content: 'kick-off call notes', deal_id: deal.id } });
    return { success: true, data: items.reverse(), additional_data: { pagination: { start: 0, limit: 100, more_items_in_collection: false } } };
  });
  return JSON.stringify(responses, null, 2);
}
