/** The `events` CSV: one row per stage event (`deal, stage, at` or the PM4Py/XES names), deal attributes in plain or `case:` columns. */
import { SpxError } from '../../model/errors.js';
import { type DealBuilder, type DealCollector, quote } from '../collect.js';
import { type CsvHeader, readCsv, type TextStream } from '../text.js';
import type { SourcePosition } from '../types.js';

/** A field's trimmed text, or undefined when the column is absent or the field empty. */
function cellOf(fields: readonly string[], index: number): string | undefined {
  if (index === -1) return undefined;
  const value = fields[index]?.trim();
  return value === '' ? undefined : value;
}

/** Accepted names of the three required columns, in order of preference. */
export const EVENT_COLUMNS = {
  deal: ['deal', 'case:concept:name', 'deal_id'],
  stage: ['stage', 'concept:name', 'step'],
  at: ['at', 'time:timestamp', 'timestamp'],
} as const;

/** Deal attributes: each in a plain or a `case:` column. */
const ATTRIBUTES = {
  owner: ['owner'],
  amount: ['amount'],
  currency: ['currency'],
  pipeline: ['pipeline'],
  nextActivityAt: ['next_activity_at', 'next_activity_date'],
  nextStep: ['next_step'],
  createdAt: ['created_at'],
  involved: ['involved'],
} as const;

function findColumn(header: CsvHeader, names: readonly string[]): number {
  const lower = header.map((name) => name.toLowerCase());
  for (const name of names) {
    for (const candidate of [name, `case:${name}`]) {
      const index = lower.indexOf(candidate);
      if (index !== -1) return index;
    }
  }
  return -1;
}

/** Whether a header row is an events CSV (all three required columns, under any accepted name). */
export function isEventsHeader(header: CsvHeader): boolean {
  return findColumn(header, EVENT_COLUMNS.deal) !== -1 && findColumn(header, EVENT_COLUMNS.stage) !== -1 && findColumn(header, EVENT_COLUMNS.at) !== -1;
}

/** Reads one events CSV into the collector. */
export async function readEventsCsv(stream: TextStream, collector: DealCollector): Promise<void> {
  const file = stream.file;
  await readCsv(
    stream,
    (header, headerLine) => {
      const required = (key: keyof typeof EVENT_COLUMNS): number => {
        const index = findColumn(header, EVENT_COLUMNS[key]);
        if (index === -1) {
          throw new SpxError(
            'E_DEAL_DATA',
            `${file}:${headerLine}: no ${EVENT_COLUMNS[key].map((n) => `"${n}"`).join(' / ')} column; an events CSV needs deal, stage and at columns (found: ${header.slice(0, 12).map(quote).join(', ')})`,
          );
        }
        return index;
      };
      const dealColumn = required('deal');
      const stageColumn = required('stage');
      const atColumn = required('at');
      const column = Object.fromEntries(Object.entries(ATTRIBUTES).map(([key, names]) => [key, findColumn(header, names)])) as Record<keyof typeof ATTRIBUTES, number>;
      const width = Math.max(dealColumn, stageColumn, atColumn) + 1;
      // The attributes of the previous row: a log repeats them on every row of a deal, so each is parsed once.
      let previous: DealBuilder | undefined;
      let previousAmount: string | undefined;
      let previousNext: string | undefined;
      let previousCreated: string | undefined;
      return (fields, line) => {
        const source: SourcePosition = { file, line };
        if (fields.length < width) {
          collector.issue('bad-record', source, `the row has ${fields.length} field(s), the header ${header.length}; row not used`);
          return;
        }
        const id = fields[dealColumn]!.trim();
        const stage = fields[stageColumn]!.trim();
        if (id === '' || stage === '') {
          collector.issue('missing-field', source, `empty ${id === '' ? 'deal' : 'stage'} field; row not used`, id === '' ? undefined : id);
          return;
        }
        const at = collector.date(fields[atColumn]!, 'time', source, id);
        if (at === undefined) return;
        const deal = collector.deal(id, source);
        if (column.pipeline !== -1 && !collector.pipeline(deal, cellOf(fields, column.pipeline), source)) return;
        if (!collector.inFileOrder(deal, at, source)) return;
        const involvedText = cellOf(fields, column.involved);
        const involved = involvedText === undefined ? undefined : involvedText.split(';').map((role) => role.trim()).filter((role) => role !== '');
        collector.event(deal, stage, at, source, involved);
        // Attributes: the last non-empty value in the file wins (a later row is a later snapshot of the deal).
        const same = deal === previous;
        previous = deal;
        const owner = cellOf(fields, column.owner);
        if (owner !== undefined) deal.owner = owner;
        const amount = cellOf(fields, column.amount);
        if (amount !== undefined && !(same && amount === previousAmount)) {
          const value = collector.amount(amount, source, id);
          if (value !== undefined) deal.amount = value;
        }
        previousAmount = amount;
        if (column.currency !== -1) collector.currency(deal, cellOf(fields, column.currency), source);
        const next = cellOf(fields, column.nextActivityAt);
        if (next !== undefined && !(same && next === previousNext)) {
          const value = collector.date(next, 'next activity date', source, id);
          if (value !== undefined) deal.nextActivityAt = value;
        }
        previousNext = next;
        const nextStep = cellOf(fields, column.nextStep);
        if (nextStep !== undefined) deal.nextStep = nextStep;
        const created = cellOf(fields, column.createdAt);
        if (created !== undefined && !(same && created === previousCreated)) {
          const value = collector.date(created, 'created date', source, id);
          if (value !== undefined) deal.createdAt = value;
        }
        previousCreated = created;
      };
    },
    (line, message) => collector.issue('bad-record', { file, line }, `${message}; row not used`),
  );
}
