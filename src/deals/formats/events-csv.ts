/** The `events` CSV: one row per stage event (`deal, stage, at` or the PM4Py/XES names), deal attributes in plain or `case:` columns. */
import { SpxError } from '../../model/errors.js';
import { type DealBuilder, type DealCollector, quote } from '../collect.js';
import { decodeUtf8 } from '../csv-bytes.js';
import { parseInstant, parseInstantBytes, parseIsoZuluBytes } from '../dates.js';
import { type CsvHeader, readCsv, refuseDuplicateColumns, shortRow, type TextStream } from '../text.js';

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
      refuseDuplicateColumns(file, headerLine, header, [dealColumn, stageColumn, atColumn, ...Object.values(column)]);
      const width = Math.max(dealColumn, stageColumn, atColumn) + 1;
      const timeZone = collector.options.timeZone;
      // A log repeats a deal's attributes on every row: a value equal to the previous row's (same deal) is not parsed again.
      let previous: DealBuilder | undefined;
      let previousAmount: string | undefined;
      let previousNext: string | undefined;
      let previousCreated: string | undefined;
      let stages: string[] = [];
      const stageByShape = new Map<number, string>();
      // The row's position ({ file, line }) is made only where a message or a new deal needs it, not per row.
      return (row) => {
        const line = row.line;
        const bytes = row.bytes;
        if (row.count < width) {
          collector.issue('bad-record', { file, line }, `${shortRow(row.count, header.length)}; row not used`);
          return;
        }
        // The deal: the previous row's when the id is the same (compared in place); else, in a row without quotes,
        // its span of bytes (the string is made only for a new deal); else the field's string.
        let known: DealBuilder | undefined;
        let id: string | undefined;
        let idStart = 0;
        let idEnd = 0;
        if (row.span(dealColumn)) {
          if (previous !== undefined && row.spanEquals(previous.id)) {
            known = previous;
            id = known.id;
          } else {
            idStart = row.spanStart;
            idEnd = row.spanEnd;
            if (idStart === idEnd) {
              collector.issue('missing-field', { file, line }, 'empty deal field; row not used');
              return;
            }
          }
        } else if (previous !== undefined && row.equals(dealColumn, previous.id)) {
          known = previous;
          id = known.id;
        } else {
          id = row.field(dealColumn);
          if (id === undefined) {
            collector.issue('missing-field', { file, line }, 'empty deal field; row not used');
            return;
          }
        }
        // The stage: one of the known ones when it matches in place (no string made), else a new one. The known
        // one of the same length, first and last byte is tried first (one comparison instead of a walk).
        let stage: string | undefined;
        let shape = -1;
        if (row.span(stageColumn) && row.spanEnd > row.spanStart) {
          shape = (row.spanEnd - row.spanStart) * 65_536 + bytes[row.spanStart]! * 256 + bytes[row.spanEnd - 1]!;
          const candidate = stageByShape.get(shape);
          if (candidate !== undefined && row.spanEquals(candidate)) stage = candidate;
        }
        if (stage === undefined) {
          for (let k = 0; k < stages.length; k++) {
            if (row.equals(stageColumn, stages[k]!)) {
              stage = stages[k];
              break;
            }
          }
          if (stage !== undefined && shape !== -1 && stageByShape.size < 64) stageByShape.set(shape, stage);
        }
        if (stage === undefined) {
          stage = row.field(stageColumn);
          if (stage === undefined) {
            collector.issue('missing-field', { file, line }, 'empty stage field; row not used', (id ?? decodeUtf8(bytes, idStart, idEnd)));
            return;
          }
          stage = collector.intern(stage);
          if (stages.length < 64) stages = [...stages, stage];
          if (shape !== -1 && stageByShape.size < 64) stageByShape.set(shape, stage);
        }
        let at: number | undefined;
        if (row.span(atColumn)) {
          at = parseIsoZuluBytes(bytes, row.spanStart, row.spanEnd);
          if (Number.isNaN(at)) at = parseInstantBytes(bytes, row.spanStart, row.spanEnd, timeZone);
        } else at = parseInstant(row.raw(atColumn), timeZone);
        at ??= collector.date(row.field(atColumn) ?? '', 'time', { file, line }, id ?? decodeUtf8(bytes, idStart, idEnd));
        if (at === undefined) return;
        const deal = known ?? (id === undefined ? collector.dealAtBytes(bytes, idStart, idEnd, file, line, previous) : collector.deal(id, { file, line }));
        if (column.pipeline !== -1 && !(deal.pipeline !== undefined && row.equals(column.pipeline, deal.pipeline))) {
          const pipeline = row.field(column.pipeline);
          if (pipeline !== undefined && !collector.pipeline(deal, pipeline, { file, line })) return;
        }
        if (!collector.inFileOrderAt(deal, at, file, line)) return;
        const involvedText = column.involved === -1 ? undefined : row.field(column.involved);
        const involved = involvedText === undefined ? undefined : involvedText.split(';').map((role) => role.trim()).filter((role) => role !== '');
        collector.eventAtLine(deal, stage, at, file, line, involved);
        // Attributes: the last non-empty value in the file wins (a later row is a later snapshot of the deal).
        // A value equal to what the deal already has changes nothing and is skipped in place.
        const same = deal === previous;
        previous = deal;
        if (column.owner !== -1) {
          const owner = same && deal.owner !== undefined && row.equals(column.owner, deal.owner) ? deal.owner : row.field(column.owner);
          if (owner !== undefined) deal.owner = owner;
        }
        if (column.amount !== -1) {
          if (!(same && previousAmount !== undefined && row.equals(column.amount, previousAmount))) {
            previousAmount = row.field(column.amount);
            const value = previousAmount === undefined ? undefined : collector.amount(previousAmount, { file, line }, deal.id);
            if (value !== undefined) deal.amount = value;
          }
        }
        if (column.currency !== -1 && !(deal.currency !== undefined && row.equals(column.currency, deal.currency))) {
          const currency = row.field(column.currency);
          if (currency !== undefined) collector.currency(deal, currency, { file, line });
        }
        if (column.nextActivityAt !== -1 && !(same && previousNext !== undefined && row.equals(column.nextActivityAt, previousNext))) {
          previousNext = row.field(column.nextActivityAt);
          if (previousNext !== undefined) {
            const value = collector.date(previousNext, 'next activity date', { file, line }, deal.id);
            if (value !== undefined) deal.nextActivityAt = value;
          }
        }
        if (column.nextStep !== -1 && !(deal.nextStep !== undefined && row.equals(column.nextStep, deal.nextStep))) {
          const nextStep = row.field(column.nextStep);
          if (nextStep !== undefined) deal.nextStep = nextStep;
        }
        if (column.createdAt !== -1 && !(same && previousCreated !== undefined && row.equals(column.createdAt, previousCreated))) {
          previousCreated = row.field(column.createdAt);
          if (previousCreated !== undefined) {
            const value = collector.date(previousCreated, 'created date', { file, line }, deal.id);
            if (value !== undefined) deal.createdAt = value;
          }
        }
      };
    },
    (line, message) => collector.issue('bad-record', { file, line }, `${message}; row not used`),
  );
}
