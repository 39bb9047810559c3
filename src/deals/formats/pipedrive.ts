/** Pipedrive: the deals CSV export (`Deal - …` headers) and, for full history, `GET /v1/deals/{id}/flow` responses; joined by deal id. */
import { SpxError } from '../../model/errors.js';
import { type DealCollector, quote } from '../collect.js';
import { isObject, jsonInstant, readJson, scalar } from '../json.js';
import { type CsvHeader, readCsv, refuseDuplicateColumns, shortRow, type TextStream } from '../text.js';
import type { SourcePosition } from '../types.js';

export function isPipedriveCsvHeader(header: CsvHeader): boolean {
  return header.some((name) => name.toLowerCase() === 'deal - id');
}

/** A JSON head holding flow items (`"object": "dealChange"`, `"field_key"`). */
export function isPipedriveFlowJson(head: string): boolean {
  return /"dealChange"/.test(head) || /"field_key"\s*:/.test(head);
}

/** What the export row says about a deal. */
interface ExportRow {
  stage?: string;
  status?: string;
  lastStageChange?: number;
  wonAt?: number;
  lostAt?: number;
  /** Whether the Won / Lost time cell has text (that may not be a date: "no usable" then, not "without"). */
  closeTimeGiven?: boolean;
  source: SourcePosition;
  stageSource: SourcePosition;
}

/** A stage or status change from the flow. */
interface FlowChange {
  kind: 'stage' | 'status' | 'created';
  at: number;
  oldValue?: string;
  newValue?: string;
  source: SourcePosition;
}

export class PipedriveReader {
  private readonly rows = new Map<string, ExportRow>();
  private readonly flows = new Map<string, FlowChange[]>();

  constructor(private readonly collector: DealCollector) {}

  async read(stream: TextStream, head: string): Promise<void> {
    if (/^\s*[[{]/.test(head)) await this.readFlow(stream, head);
    else await this.readExport(stream);
  }

  private async readExport(stream: TextStream): Promise<void> {
    const collector = this.collector;
    const file = stream.file;
    await readCsv(
      stream,
      (header, headerLine) => {
        const lower = header.map((name) => name.toLowerCase());
        const column = (label: string): number => lower.indexOf(`deal - ${label.toLowerCase()}`);
        const c = {
          id: column('ID'),
          stage: column('Stage'),
          status: column('Status'),
          pipeline: column('Pipeline'),
          created: column('Deal created'),
          lastStageChange: column('Last stage change'),
          next: column('Next activity date'),
          won: column('Won time'),
          lost: column('Lost time'),
          value: column('Value'),
          currency: column('Currency'),
          owner: column('Owner'),
        };
        if (c.id === -1 || c.stage === -1) {
          throw new SpxError('E_DEAL_DATA', `${file}:${headerLine}: no ${c.id === -1 ? '"Deal - ID"' : '"Deal - Stage"'} column; export the deals with ID and Stage`);
        }
        refuseDuplicateColumns(file, headerLine, header, Object.values(c));
        // A row may lack trailing empty fields (a spreadsheet drops them), not the columns every row needs.
        // Not the stage: with a flow file it may be empty.
        const needs = c.id;
        return (csvRow) => {
          const line = csvRow.line;
          const source: SourcePosition = { file, line };
          if (csvRow.count <= needs) {
            collector.issue('bad-record', source, `${shortRow(csvRow.count, header.length)}; row not used`);
            return;
          }
          // The trimmed field, undefined when empty or absent (index -1).
          const cell = (index: number): string | undefined => csvRow.field(index);
          const id = cell(c.id);
          if (id === undefined) {
            collector.issue('missing-field', source, 'empty "Deal - ID"; row not used');
            return;
          }
          const earlier = this.rows.get(id);
          if (earlier !== undefined) {
            collector.issue('duplicate-deal', source, `deal ${quote(id)} is also at ${earlier.source.file}:${earlier.source.line}; row not used`, id);
            return;
          }
          const deal = collector.deal(id, source);
          deal.source = source;
          if (!collector.pipeline(deal, cell(c.pipeline), source)) return;
          const date = (index: number, what: string): number | undefined => collector.optionalDate(cell(index), `Deal - ${what}`, { file, line, column: index + 1 }, id);
          const created = date(c.created, 'Deal created');
          if (created !== undefined) deal.createdAt = created;
          const row: ExportRow = { source, stageSource: { file, line, column: c.stage + 1 } };
          const stage = cell(c.stage);
          if (stage !== undefined) row.stage = stage;
          const status = cell(c.status);
          if (status !== undefined) row.status = status;
          const lastStageChange = date(c.lastStageChange, 'Last stage change');
          if (lastStageChange !== undefined) row.lastStageChange = lastStageChange;
          const won = date(c.won, 'Won time');
          if (won !== undefined) row.wonAt = won;
          const lost = date(c.lost, 'Lost time');
          if (lost !== undefined) row.lostAt = lost;
          const closeTime = status?.toLowerCase() === 'won' ? cell(c.won) : status?.toLowerCase() === 'lost' ? cell(c.lost) : undefined;
          if (closeTime !== undefined) row.closeTimeGiven = true;
          this.rows.set(id, row);
          const next = date(c.next, 'Next activity date');
          if (next !== undefined) deal.nextActivityAt = next;
          const amount = collector.amount(cell(c.value), { file, line, column: c.value + 1 }, id);
          if (amount !== undefined) deal.amount = amount;
          collector.currency(deal, cell(c.currency), source);
          const owner = cell(c.owner);
          if (owner !== undefined) deal.owner = owner;
        };
      },
      (line, message) => collector.issue('bad-record', { file, line }, `${message}; row not used`),
    );
  }

  private async readFlow(stream: TextStream, head: string): Promise<void> {
    const collector = this.collector;
    const file = stream.file;
    const at = (path: string, line: number | undefined): SourcePosition => (line === undefined ? { file, jsonPath: path } : { file, line, jsonPath: path });
    const item = (value: unknown, path: string, line: number | undefined): void => {
      const source = at(path, line);
      if (!isObject(value) || !isObject(value['data'])) {
        collector.issue('bad-record', source, 'not a flow item ({object, timestamp, data}); item not used');
        return;
      }
      if (value['object'] !== 'dealChange') return; // notes, activities, files: not stage history
      const data = value['data'];
      const field = scalar(data['field_key']);
      const kind = field === 'stage_id' ? 'stage' : field === 'status' ? 'status' : field === 'add_time' ? 'created' : undefined;
      if (kind === undefined) return; // a change of another field (value, owner…)
      const id = scalar(data['item_id']);
      if (id === undefined) {
        collector.issue('missing-field', source, 'a dealChange without data.item_id; item not used');
        return;
      }
      // The API's times are UTC `YYYY-MM-DD HH:MM:SS` (Pipedrive client docs).
      const time = jsonInstant(collector, data['log_time'] ?? value['timestamp'], 'log_time', source, id, 'UTC');
      if (time === undefined) return;
      const extra = isObject(data['additional_data']) ? data['additional_data'] : {};
      const change: FlowChange = { kind, at: time, source };
      // Stages: the label when the flow has it (the export's Stage column is the label too), else the id.
      const oldValue = scalar(extra['old_value_formatted']) ?? scalar(data['old_value']);
      const newValue = scalar(extra['new_value_formatted']) ?? scalar(data['new_value']);
      if (oldValue !== undefined) change.oldValue = oldValue;
      if (newValue !== undefined) change.newValue = newValue;
      if (kind !== 'created' && newValue === undefined) {
        collector.issue('missing-field', source, `deal ${quote(id)}: a ${field} change without new_value; item not used`, id);
        return;
      }
      const list = this.flows.get(id);
      if (list === undefined) this.flows.set(id, [change]);
      else list.push(change);
    };
    const visit = (value: unknown, path: string, line: number | undefined, depth: number): void => {
      if (Array.isArray(value) && depth < 2) value.forEach((element, i) => visit(element, `${path}[${i}]`, line, depth + 1));
      else if (isObject(value) && Array.isArray(value['data']) && value['object'] === undefined) value['data'].forEach((element, i) => item(element, `${path}.data[${i}]`, line));
      else item(value, path, line);
    };
    await readJson(stream, head, collector, (value, line) => visit(value, '$', line, 0));
  }

  /** Builds the events: from the flow where a deal has one, else from the export row (current stage, won/lost time). */
  finish(): void {
    const collector = this.collector;
    const ids = new Set([...this.rows.keys(), ...this.flows.keys()]);
    for (const id of ids) {
      const row = this.rows.get(id);
      const flow = this.flows.get(id);
      const deal = collector.deal(id, row?.source ?? flow![0]!.source);
      const outcome = (status: string | undefined, at: number | undefined, source: SourcePosition): void => {
        if ((status === 'won' || status === 'lost') && at !== undefined) collector.event(deal, status, at, source);
      };
      const stageChanges = flow?.filter((change) => change.kind !== 'created') ?? [];
      if (stageChanges.length === 0) {
        if (row?.stage === undefined) {
          deal.reported = true;
          collector.issue('missing-field', row?.source ?? flow![0]!.source, `deal ${quote(id)}: no stage in the export and no stage changes in the flow; deal not used`, id);
          continue;
        }
        const since = row.lastStageChange ?? deal.createdAt;
        if (since === undefined) {
          deal.reported = true;
          collector.issue('missing-field', row.source, `deal ${quote(id)}: neither "Deal - Last stage change" nor "Deal - Deal created"; row not used`, id);
          continue;
        }
        // A closed deal whose close time is unknown, a deleted one, or a status spx cannot read (a translated export)
        // would read as open: flagged by audit, forecast as a future win.
        const status = row.status?.toLowerCase();
        const closedAt = status === 'won' ? row.wonAt : status === 'lost' ? row.lostAt : undefined;
        const unplaced =
          status === undefined || status === 'open' || closedAt !== undefined
            ? undefined
            : status === 'won' || status === 'lost'
              ? `status ${status} ${row.closeTimeGiven ? 'with no usable' : 'without a'} "Deal - ${status === 'won' ? 'Won' : 'Lost'} time"`
              : status === 'deleted'
                ? 'status deleted'
                : `status ${quote(row.status!)} is not open, won, lost or deleted`;
        if (unplaced !== undefined) {
          deal.reported = true;
          collector.issue(status === 'won' || status === 'lost' ? 'missing-field' : 'bad-record', row.source, `deal ${quote(id)}: ${unplaced}; deal not used`, id);
          continue;
        }
        collector.event(deal, row.stage, since, row.stageSource);
        outcome(status, closedAt, row.source);
        continue;
      }
      // The flow comes newest first; sort by time, ties in reverse of the file (that is, oldest first).
      const ordered = flow!.map((change, i) => ({ change, i })).sort((a, b) => a.change.at - b.change.at || b.i - a.i).map(({ change }) => change);
      const created = ordered.find((change) => change.kind === 'created')?.at ?? deal.createdAt;
      if (created !== undefined && deal.createdAt === undefined) deal.createdAt = created;
      const firstStage = ordered.find((change) => change.kind === 'stage');
      let stage = firstStage?.oldValue ?? row?.stage;
      if (stage !== undefined && created !== undefined && (firstStage === undefined || created <= firstStage.at)) {
        collector.event(deal, stage, created, firstStage?.source ?? row?.stageSource ?? ordered[0]!.source);
      }
      for (const change of ordered) {
        if (change.kind === 'stage') {
          stage = change.newValue!;
          collector.event(deal, stage, change.at, change.source);
        } else if (change.kind === 'status') {
          if (change.newValue === 'won' || change.newValue === 'lost') collector.event(deal, change.newValue, change.at, change.source);
          else if (change.newValue === 'open' && stage !== undefined) collector.event(deal, stage, change.at, change.source); // reopened
        }
      }
    }
  }
}
