/** HubSpot's UI export of a deals view: one row per deal, property labels as headers, one visit per non-empty `Date entered …` column. */
import { SpxError } from '../../model/errors.js';
import { type DealCollector, quote } from '../collect.js';
import { type CsvHeader, readCsv, refuseDuplicateColumns, shortRow, type TextStream } from '../text.js';
import type { SourcePosition } from '../types.js';

const PREFIX = 'date entered ';

export function isHubspotCsvHeader(header: CsvHeader): boolean {
  const lower = header.map((name) => name.toLowerCase());
  return lower.includes('record id') && lower.includes('deal stage');
}

/**
 * The stage a `Date entered …` column is about. HubSpot labels the property `Date entered "<stage> (<pipeline>)"`
 * (observed in public parsers of real exports); quotes are dropped, and the pipeline suffix when it names the
 * deal's pipeline.
 */
export function stageOfDateEnteredColumn(name: string, pipeline: string | undefined): string {
  let stage = name.slice(PREFIX.length).trim();
  const quoted = /^["'\u201c\u2018](.*)["'\u201d\u2019]$/.exec(stage);
  if (quoted) stage = quoted[1]!.trim();
  if (pipeline !== undefined && stage.endsWith(`(${pipeline})`)) stage = stage.slice(0, -pipeline.length - 2).trim();
  return stage;
}

export async function readHubspotCsv(stream: TextStream, collector: DealCollector): Promise<void> {
  const file = stream.file;
  const seen = new Map<string, number>();
  await readCsv(
    stream,
    (header, headerLine) => {
      const lower = header.map((name) => name.toLowerCase());
      const find = (...names: string[]): number => {
        for (const name of names) {
          const index = lower.indexOf(name.toLowerCase());
          if (index !== -1) return index;
        }
        return -1;
      };
      const idColumn = find('Record ID');
      const stageColumn = find('Deal Stage');
      if (idColumn === -1 || stageColumn === -1) {
        throw new SpxError('E_DEAL_DATA', `${file}:${headerLine}: no ${idColumn === -1 ? '"Record ID"' : '"Deal Stage"'} column; export the deals view with Record ID and Deal Stage`);
      }
      const columns = {
        pipeline: find('Pipeline'),
        created: find('Create Date'),
        next: find('Next Activity Date'),
        amount: find('Amount'),
        currency: find('Currency', 'Deal Currency Code'),
        owner: find('Deal owner', 'Deal Owner'),
        nextStep: find('Next step', 'Next Step'),
        enteredCurrent: find('Date entered current stage'),
      };
      refuseDuplicateColumns(file, headerLine, header, [idColumn, stageColumn, ...Object.values(columns)]);
      const entered = lower.flatMap((name, index) => (name.startsWith(PREFIX) && name !== 'date entered current stage' ? [index] : []));
      // A row may lack trailing empty fields (a spreadsheet drops them), not the columns every row needs.
      // Not the stage: a row with `Date entered` dates may leave it empty.
      const needs = idColumn;
      return (row) => {
        const line = row.line;
        const source: SourcePosition = { file, line };
        if (row.count <= needs) {
          collector.issue('bad-record', source, `${shortRow(row.count, header.length)}; row not used`);
          return;
        }
        // The trimmed field, undefined when empty or absent (index -1).
        const cell = (index: number): string | undefined => row.field(index);
        const id = cell(idColumn);
        if (id === undefined) {
          collector.issue('missing-field', source, 'empty Record ID; row not used');
          return;
        }
        const earlier = seen.get(id);
        if (earlier !== undefined) {
          collector.issue('duplicate-deal', source, `Record ID ${quote(id)} is also on line ${earlier}; row not used`, id);
          return;
        }
        seen.set(id, line);
        const pipeline = cell(columns.pipeline);
        const deal = collector.deal(id, source);
        if (!collector.pipeline(deal, pipeline, source)) return;
        const created = collector.optionalDate(cell(columns.created), 'Create Date', { file, line, column: columns.created + 1 }, id);
        if (created !== undefined) deal.createdAt = created;
        let visits = 0;
        for (const index of entered) {
          const text = cell(index);
          if (text === undefined) continue;
          const at = collector.date(text, header[index]!, { file, line, column: index + 1 }, id);
          if (at === undefined) continue;
          collector.event(deal, stageOfDateEnteredColumn(header[index]!, pipeline), at, { file, line, column: index + 1 });
          visits++;
        }
        if (visits === 0) {
          // No stage columns in this view: the current stage, entered when the CRM says (or at creation).
          const stage = cell(stageColumn);
          const since = collector.optionalDate(cell(columns.enteredCurrent), 'Date entered current stage', source, id) ?? created;
          if (stage === undefined || since === undefined) {
            deal.reported = true;
            collector.issue('missing-field', source, `deal ${quote(id)}: no "Date entered …" dates and no ${stage === undefined ? 'Deal Stage' : 'Create Date'}; row not used (add the stage date columns to the exported view)`, id);
          } else collector.event(deal, stage, since, { file, line, column: stageColumn + 1 });
        }
        const amount = collector.amount(cell(columns.amount), { file, line, column: columns.amount + 1 }, id);
        if (amount !== undefined) deal.amount = amount;
        collector.currency(deal, cell(columns.currency), source);
        const owner = cell(columns.owner);
        if (owner !== undefined) deal.owner = owner;
        const next = collector.optionalDate(cell(columns.next), 'Next Activity Date', { file, line, column: columns.next + 1 }, id);
        if (next !== undefined) deal.nextActivityAt = next;
        const nextStep = cell(columns.nextStep);
        if (nextStep !== undefined) deal.nextStep = nextStep;
      };
    },
    (line, message) => collector.issue('bad-record', { file, line }, `${message}; row not used`),
  );
}
