/** Deals as an events CSV: one row per stage event, the format every deal-data reader accepts. */
import { csvRow } from './csv-cell.js';
import type { Deal } from './types.js';

/** The events CSV header, in column order. */
export const EVENTS_CSV_COLUMNS = ['deal', 'stage', 'at', 'owner', 'amount', 'currency', 'pipeline', 'next_activity_at'] as const;

/** An instant as ISO 8601 UTC with milliseconds; an empty cell when absent. */
function isoInstant(at: number | undefined): string | undefined {
  return at === undefined ? undefined : new Date(at).toISOString();
}

/**
 * The events CSV of `deals`: the header {@link EVENTS_CSV_COLUMNS}, then one row per event in deal order and
 * each deal's event order, with the deal's attributes repeated on every row (a reader may take them from any
 * row). Timestamps are ISO 8601 UTC with milliseconds; cells are RFC 4180-quoted and defused against formula
 * injection ({@link csvRow}); lines end with `\n`, the last one too. Deals without events write no row.
 */
export function eventsCsv(deals: readonly Deal[]): string {
  const lines: string[] = [EVENTS_CSV_COLUMNS.join(',')];
  for (const deal of deals) {
    const next = isoInstant(deal.nextActivityAt);
    for (const event of deal.events) {
      lines.push(csvRow([deal.id, event.stage, isoInstant(event.at), deal.owner, deal.amount, deal.currency, deal.pipeline, next]));
    }
  }
  return `${lines.join('\n')}\n`;
}
