/** readDeals: deal data files of one CRM (or an event log) → deals joined by id, with the issues of what could not be used. */
import { SpxError } from '../model/errors.js';
import { DealCollector } from './collect.js';
import { type DealTable, tableToDeals } from './columns.js';
import { isKnownTimeZone } from './dates.js';
import { isEventsHeader, readEventsCsv } from './formats/events-csv.js';
import { isHubspotCsvHeader, readHubspotCsv } from './formats/hubspot-csv.js';
import { isHubspotJson, readHubspotJson } from './formats/hubspot-json.js';
import { isPipedriveCsvHeader, isPipedriveFlowJson, PipedriveReader } from './formats/pipedrive.js';
import { isSalesforceHeader, SalesforceReader } from './formats/salesforce-csv.js';
import { looksLikeJson } from './json.js';
import { headerOf, TextStream } from './text.js';
import type { Deal, DealDataIssue, DealFormat } from './types.js';

/** One deal-data file: its name (for messages) and its bytes, streamed. */
export interface DealSource {
  readonly file: string;
  /** the bytes, streamed */
  chunks(): AsyncIterable<Uint8Array>;
}

/** How {@link readDeals} reads: the format, the as-of instant and the time zone of bare dates. */
export interface ReadDealsOptions {
  /** Forces a format instead of detecting it from each file's header or JSON shape. */
  readonly from?: DealFormat;
  /** events at or after this instant (epoch ms) are ignored and counted */
  readonly asOf?: number;
  /** IANA zone for bare dates (midnight there) and date-times without an offset; default UTC */
  readonly timeZone?: string;
}

/** What {@link readDeals} returns: the deals, what could not be used, and the events past as-of. */
export interface DealData {
  readonly format: DealFormat;
  /** Sorted by id; each deal's events sorted by time, ties in file order. */
  readonly deals: readonly Deal[];
  /** Everything not used, each with its position; sorted by file and position. */
  readonly issues: readonly DealDataIssue[];
  /** events at or after asOf */
  readonly eventsAfterAsOf: number;
}

const FORMATS: readonly DealFormat[] = ['events', 'hubspot', 'salesforce', 'pipedrive'];

/**
 * The deal-data format of a file from its name and the start of its text (the header row of a CSV, the start of
 * a JSON document or the first NDJSON line), or undefined when it is none spx reads.
 */
export function detectFormat(file: string, head: string): DealFormat | undefined {
  void file; // the name is not trusted over the content; kept for formats only a name could tell apart
  const text = head.replace(/^\uFEFF/, '');
  if (looksLikeJson(text)) {
    if (isHubspotJson(text)) return 'hubspot';
    if (isPipedriveFlowJson(text)) return 'pipedrive';
    return undefined;
  }
  const header = headerOf(text);
  if (isPipedriveCsvHeader(header)) return 'pipedrive';
  if (isHubspotCsvHeader(header)) return 'hubspot';
  if (isSalesforceHeader(header)) return 'salesforce';
  if (isEventsHeader(header)) return 'events';
  return undefined;
}

/**
 * Reads deal data: every file of one format (detected, or `options.from`), joined by deal id across files.
 * Files are read in order of their names, so the result does not depend on the order they are given in.
 * Unusable records become issues with a position; unusable files (empty, binary, UTF-16, not UTF-8, unknown
 * format, a required column missing, malformed JSON) throw an `SpxError` with code `E_DEAL_DATA`; an unknown
 * time zone or a bad `from` throws `E_USAGE`.
 */
export async function readDeals(sources: readonly DealSource[], options: ReadDealsOptions = {}): Promise<DealData> {
  const data = await readDealTable(sources, options);
  return { format: data.format, deals: tableToDeals(data.table), issues: data.issues, eventsAfterAsOf: data.eventsAfterAsOf };
}

/** What {@link readDealTable} returns: {@link DealData} with the deals in columns. */
export interface DealTableData {
  readonly format: DealFormat;
  /** The deals and their events in columns, in the order and with the content of {@link DealData.deals}. */
  readonly table: DealTable;
  readonly issues: readonly DealDataIssue[];
  readonly eventsAfterAsOf: number;
}

/**
 * {@link readDeals} in columns: the same reading, checks and issues, but the events stay in typed arrays (no
 * object per event), for the commands that read millions of events. {@link tableToDeals} gives the deals.
 */
export async function readDealTable(sources: readonly DealSource[], options: ReadDealsOptions = {}): Promise<DealTableData> {
  const timeZone = options.timeZone ?? 'UTC';
  if (!isKnownTimeZone(timeZone)) throw new SpxError('E_USAGE', `unknown time zone "${timeZone}"; use an IANA name such as Europe/Berlin`);
  if (options.from !== undefined && !FORMATS.includes(options.from)) {
    throw new SpxError('E_USAGE', `unknown deal-data format "${String(options.from)}"; use one of ${FORMATS.join(', ')}`);
  }
  if (options.asOf !== undefined && !Number.isFinite(options.asOf)) throw new SpxError('E_USAGE', 'the as-of instant is not a number');
  const ordered = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const collector = new DealCollector(options.asOf === undefined ? { timeZone } : { asOf: options.asOf, timeZone });
  let format: DealFormat | undefined = options.from;
  let firstFile = '';
  const salesforce = new SalesforceReader(collector);
  const pipedrive = new PipedriveReader(collector);
  for (const source of ordered) {
    const stream = new TextStream(source.file, source.chunks());
    const head = await stream.head();
    const detected = detectFormat(source.file, head);
    const fileFormat = options.from ?? detected;
    if (fileFormat === undefined) {
      throw new SpxError('E_DEAL_DATA', `${source.file}:1: not a deal-data format spx knows (events CSV, HubSpot, Salesforce, Pipedrive); see docs/deal-data.md, or force one with --from`);
    }
    if (format === undefined) {
      format = fileFormat;
      firstFile = source.file;
    } else if (fileFormat !== format) {
      throw new SpxError('E_DEAL_DATA', `${source.file}:1: ${fileFormat} data, but ${firstFile || 'the first file'} is ${format}; read one CRM's files at a time`);
    }
    switch (fileFormat) {
      case 'events':
        await readEventsCsv(stream, collector);
        break;
      case 'hubspot':
        if (looksLikeJson(head)) await readHubspotJson(stream, head, collector);
        else await readHubspotCsv(stream, collector);
        break;
      case 'salesforce':
        await salesforce.read(stream, head);
        break;
      case 'pipedrive':
        await pipedrive.read(stream, head);
        break;
    }
  }
  if (format === undefined) throw new SpxError('E_NO_FILES', 'no deal-data files given');
  salesforce.finish();
  pipedrive.finish();
  const table = collector.finishTable(format === 'salesforce');
  return { format, table, issues: collector.issues, eventsAfterAsOf: collector.eventsAfterAsOf };
}
