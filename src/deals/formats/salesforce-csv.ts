/** Salesforce Data Loader / API exports (field API names): OpportunityHistory rows as events, Opportunity attributes, OpportunityContactRole roles; joined by opportunity id. */
import { SpxError } from '../../model/errors.js';
import { type DealCollector, quote } from '../collect.js';
import { type CsvHeader, readCsv, refuseDuplicateColumns, shortRow, type TextStream, headerOf } from '../text.js';
import type { SourcePosition } from '../types.js';

type SalesforceFile = 'history' | 'opportunity' | 'contact-role';

function kindOf(header: CsvHeader): SalesforceFile | undefined {
  const has = (name: string): boolean => header.some((column) => column.toLowerCase() === name.toLowerCase());
  if (has('OpportunityId') && has('StageName') && has('CreatedDate')) return 'history';
  if (has('OpportunityId') && has('Role')) return 'contact-role';
  if (has('Id') && has('StageName') && (has('IsClosed') || has('IsWon'))) return 'opportunity';
  return undefined;
}

export function isSalesforceHeader(header: CsvHeader): boolean {
  return kindOf(header) !== undefined;
}

/** Data Loader booleans (its import guide): yes/y/true/on/1 and no/n/false/off/0. */
function bool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const value = text.trim().toLowerCase();
  if (['true', 'yes', 'y', 'on', '1'].includes(value)) return true;
  if (['false', 'no', 'n', 'off', '0'].includes(value)) return false;
  return undefined;
}

/** Reads the Salesforce files of one org; an opportunity without history rows gets its current stage at its CreatedDate. */
export class SalesforceReader {
  /** Opportunities' current stage and creation, for those without any history row. */
  private readonly current = new Map<string, { stage: string; createdAt: number | undefined; source: SourcePosition }>();
  private readonly seenOpportunities = new Map<string, number>();

  constructor(private readonly collector: DealCollector) {}

  async read(stream: TextStream, head: string): Promise<void> {
    const collector = this.collector;
    const file = stream.file;
    const kind = kindOf(headerOf(head));
    if (kind === undefined) {
      throw new SpxError('E_DEAL_DATA', `${file}:1: not an OpportunityHistory (OpportunityId, StageName, CreatedDate), Opportunity (Id, StageName, IsClosed) or OpportunityContactRole (OpportunityId, Role) export`);
    }
    await readCsv(
      stream,
      (header, headerLine) => {
        const lower = header.map((name) => name.toLowerCase());
        const column = (name: string): number => lower.indexOf(name.toLowerCase());
        const c = {
          id: column(kind === 'opportunity' ? 'Id' : 'OpportunityId'),
          stage: column('StageName'),
          created: column('CreatedDate'),
          deleted: column('IsDeleted'),
          amount: column('Amount'),
          currency: column('CurrencyIsoCode'),
          owner: column('OwnerId'),
          nextStep: column('NextStep'),
          open: column('HasOpenActivity'),
          overdue: column('HasOverdueTask'),
          role: column('Role'),
        };
        refuseDuplicateColumns(file, headerLine, header, Object.values(c));
        // A row may lack trailing empty fields (a spreadsheet drops them), not the columns every row needs.
        // StageName only in a history file: an opportunity's may be empty (the history has the stages).
        const needs = kind === 'history' ? Math.max(c.id, c.stage) : c.id;
        return (row) => {
          const line = row.line;
          const source: SourcePosition = { file, line };
          if (row.count <= needs) {
            collector.issue('bad-record', source, `${shortRow(row.count, header.length)}; row not used`);
            return;
          }
          // The trimmed field, undefined when empty or absent (index -1).
          const cell = (index: number): string | undefined => row.field(index);
          const id = cell(c.id);
          if (id === undefined) {
            collector.issue('missing-field', source, `empty ${kind === 'opportunity' ? 'Id' : 'OpportunityId'}; row not used`);
            return;
          }
          // A Data Loader boolean; another value is reported and left out, not read as "no".
          const flag = (index: number, name: string): boolean | undefined => {
            const text = cell(index);
            const value = bool(text);
            if (text !== undefined && value === undefined) collector.issue('bad-record', { file, line, column: index + 1 }, `opportunity ${quote(id)}: ${name} ${quote(text)} is not true or false; left out`, id);
            return value;
          };
          if (flag(c.deleted, 'IsDeleted') === true) {
            collector.issue('bad-record', source, `opportunity ${quote(id)}: a deleted row (IsDeleted); row not used`, id);
            return;
          }
          if (kind === 'history') {
            const stage = cell(c.stage);
            if (stage === undefined) {
              collector.issue('missing-field', source, `opportunity ${quote(id)}: empty StageName; row not used`, id);
              return;
            }
            const at = collector.date(cell(c.created) ?? '', 'CreatedDate', source, id);
            if (at === undefined) return;
            const deal = collector.deal(id, source);
            if (!collector.inFileOrder(deal, at, source)) return;
            collector.event(deal, stage, at, { file, line, column: c.stage + 1 });
            // A history row carries the amount as of that change; the Opportunity file, when read, has the latest.
            const amount = cell(c.amount);
            if (amount !== undefined) {
              const value = collector.amount(amount, source, id);
              if (value !== undefined) deal.amount = value;
            }
            collector.currency(deal, cell(c.currency), source);
            return;
          }
          if (kind === 'contact-role') {
            const role = cell(c.role);
            if (role === undefined) {
              collector.issue('missing-field', source, `opportunity ${quote(id)}: a contact role without Role; row not used`, id);
              return;
            }
            const deal = collector.deal(id, source);
            deal.involved ??= [];
            if (!deal.involved.includes(role)) deal.involved.push(role);
            return;
          }
          const earlier = this.seenOpportunities.get(`${file}\n${id}`);
          if (earlier !== undefined) {
            collector.issue('duplicate-deal', source, `opportunity ${quote(id)} is also on line ${earlier}; row not used`, id);
            return;
          }
          this.seenOpportunities.set(`${file}\n${id}`, line);
          const deal = collector.deal(id, source);
          deal.source = source;
          const created = collector.optionalDate(cell(c.created), 'CreatedDate', source, id);
          if (created !== undefined) deal.createdAt = created;
          const stage = cell(c.stage);
          if (stage !== undefined) this.current.set(id, { stage, createdAt: created, source: { file, line, column: c.stage + 1 } });
          const amount = collector.amount(cell(c.amount), source, id);
          if (amount !== undefined) deal.amount = amount;
          collector.currency(deal, cell(c.currency), source);
          const owner = cell(c.owner);
          if (owner !== undefined) deal.owner = owner;
          const nextStep = cell(c.nextStep);
          if (nextStep !== undefined) deal.nextStep = nextStep;
          const open = flag(c.open, 'HasOpenActivity');
          if (open !== undefined) deal.hasOpenActivity = open;
          const overdue = flag(c.overdue, 'HasOverdueTask');
          if (overdue !== undefined) deal.hasOverdueTask = overdue;
        };
      },
      (line, message) => collector.issue('bad-record', { file, line }, `${message}; row not used`),
    );
  }

  /** Opportunities with no history rows (none exported, or all filtered) start in their current stage at creation. */
  finish(): void {
    for (const [id, current] of this.current) {
      const deal = this.collector.deals.get(id)!;
      if (deal.eventCount > 0 || deal.afterAsOf > 0 || current.createdAt === undefined) continue;
      this.collector.event(deal, current.stage, current.createdAt, current.source);
    }
  }
}
