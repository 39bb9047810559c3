/** Deal data in columns: every event as a row of typed arrays (deal, interned stage, time, source), deals as one record each; what the fast calibrate and audit paths read. */
import type { Deal, DealEvent, SourcePosition } from './types.js';

/** A deal's attributes as the readers set them (everything of a {@link Deal} but its events). */
export type DealRecord = Omit<Deal, 'events'>;

/**
 * Deal data in columns, as {@link readDealTable} returns it: deals sorted by id, and their events in one set of
 * typed arrays, grouped by deal (deal `d` owns events `eventStart[d]` to `eventStart[d + 1] - 1`) and sorted by
 * time within a deal (ties in reading order). Stages are interned: `stage[i]` indexes `stageNames`.
 */
export interface DealTable {
  readonly deals: readonly DealRecord[];
  /** deals.length + 1 offsets into the event columns. */
  readonly eventStart: Int32Array;
  /** Per event: index into `stageNames`. */
  readonly stage: Int32Array;
  /** Per event: epoch ms. */
  readonly at: Float64Array;
  /** The distinct stage names, in order of first appearance. */
  readonly stageNames: readonly string[];
  /** The source of event `i` (a new object each call: for messages, not per-event work). */
  sourceOf(i: number): SourcePosition;
  /** The roles recorded with event `i`, if any. */
  involvedOf(i: number): readonly string[] | undefined;
}

/** Typed arrays that grow by doubling: the events as the readers deliver them, before sorting. */
export class EventColumns {
  count = 0;
  deal = new Int32Array(1024);
  stage = new Int32Array(1024);
  at = new Float64Array(1024);
  /** A CSV line (source `{ file, line }`), or -1 when the source is in `otherSources`. */
  line = new Int32Array(1024);
  file = new Int32Array(1024);
  readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** Sources other than `{ file, line }` (JSON paths, columns), by event. */
  readonly otherSources = new Map<number, SourcePosition>();
  readonly involved = new Map<number, readonly string[]>();

  push(deal: number, stage: number, at: number, source: SourcePosition, involved: readonly string[] | undefined): void {
    const i = this.count;
    if (i === this.deal.length) this.grow();
    this.deal[i] = deal;
    this.stage[i] = stage;
    this.at[i] = at;
    if (source.line !== undefined && source.column === undefined && source.jsonPath === undefined) {
      this.line[i] = source.line;
      this.file[i] = this.fileIndexOf(source.file);
    } else {
      this.line[i] = -1;
      this.otherSources.set(i, source);
    }
    if (involved !== undefined) this.involved.set(i, involved);
    this.count = i + 1;
  }

  /** The index of a file name in `files`, added when new. */
  fileIndexOf(file: string): number {
    let f = this.fileIndex.get(file);
    if (f === undefined) {
      f = this.files.length;
      this.files.push(file);
      this.fileIndex.set(file, f);
    }
    return f;
  }

  /** {@link push} of an event whose source is `{ file: files[file], line }`. */
  pushLine(deal: number, stage: number, at: number, file: number, line: number): void {
    const i = this.count;
    if (i === this.deal.length) this.grow();
    this.deal[i] = deal;
    this.stage[i] = stage;
    this.at[i] = at;
    this.line[i] = line;
    this.file[i] = file;
    this.count = i + 1;
  }

  sourceOf(i: number): SourcePosition {
    const line = this.line[i]!;
    return line === -1 ? this.otherSources.get(i)! : { file: this.files[this.file[i]!]!, line };
  }

  private grow(): void {
    const size = this.deal.length * 2;
    const widen = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.deal = widen(this.deal, (n) => new Int32Array(n));
    this.stage = widen(this.stage, (n) => new Int32Array(n));
    this.at = widen(this.at, (n) => new Float64Array(n));
    this.line = widen(this.line, (n) => new Int32Array(n));
    this.file = widen(this.file, (n) => new Int32Array(n));
  }
}

/** The deals of a table as {@link Deal} objects with their events (the readers' object API). */
export function tableToDeals(table: DealTable): Deal[] {
  const deals: Deal[] = [];
  for (let d = 0; d < table.deals.length; d++) deals.push(tableDeal(table, d));
  return deals;
}

/** Deal `d` of a table as a {@link Deal} object with its events. */
export function tableDeal(table: DealTable, d: number): Deal {
  const record = table.deals[d]!;
  const events: DealEvent[] = [];
  for (let i = table.eventStart[d]!; i < table.eventStart[d + 1]!; i++) {
    const involved = table.involvedOf(i);
    const stage = table.stageNames[table.stage[i]!]!;
    const source = table.sourceOf(i);
    events.push(involved !== undefined ? { stage, at: table.at[i]!, involved, source } : { stage, at: table.at[i]!, source });
  }
  // Built key by key in the order the readers always used (a spread would make a slow dictionary object).
  const deal: { -readonly [K in keyof Deal]: Deal[K] } = { id: record.id, pipeline: record.pipeline, events, source: record.source };
  if (record.owner !== undefined) deal.owner = record.owner;
  if (record.amount !== undefined) deal.amount = record.amount;
  if (record.currency !== undefined) deal.currency = record.currency;
  if (record.createdAt !== undefined) deal.createdAt = record.createdAt;
  if (record.nextActivityAt !== undefined) deal.nextActivityAt = record.nextActivityAt;
  if (record.nextStep !== undefined) deal.nextStep = record.nextStep;
  if (record.involved !== undefined) deal.involved = record.involved;
  if (record.hasOpenActivity !== undefined) deal.hasOpenActivity = record.hasOpenActivity;
  if (record.hasOverdueTask !== undefined) deal.hasOverdueTask = record.hasOverdueTask;
  return deal;
}
