/** The deal collector every format reader feeds: deals joined by id, events filtered by as-of, attributes, and the issues of bad records. */
import { type DealRecord, type DealTable, EventColumns, tableToDeals } from './columns.js';
import { decodeUtf8, isAsciiSpan } from './csv-bytes.js';
import { parseInstant } from './dates.js';
import type { Deal, DealDataIssue, SourcePosition } from './types.js';

/** A deal while files are being read; attributes are set by whichever file carries them. */
export interface DealBuilder {
  readonly id: string;
  /** Its position in reading order (the event columns' deal index). */
  readonly index: number;
  pipeline: string | undefined;
  /** Events accepted so far (they are in the collector's columns). */
  eventCount: number;
  owner?: string;
  amount?: number;
  currency?: string;
  createdAt?: number;
  nextActivityAt?: number;
  nextStep?: string;
  involved?: string[];
  hasOpenActivity?: boolean;
  hasOverdueTask?: boolean;
  source: SourcePosition;
  /** Events of this deal at or after as-of, and where the first was. */
  afterAsOf: number;
  firstAfterAsOf?: SourcePosition;
  /** The CSV file last read for this deal (the time-backwards check; the last time accepted from it is the collector's). */
  lastFile?: string;
  /** Set when a reader already reported why the deal has no history. */
  reported?: boolean;
}

export interface CollectorOptions {
  readonly asOf?: number;
  readonly timeZone: string;
}

/** Where a record is, for messages: `file:line` or `file $.path`. */
export function where(source: SourcePosition): string {
  if (source.line !== undefined) return `${source.file}:${source.line}${source.column !== undefined ? `:${source.column}` : ''}`;
  return source.jsonPath !== undefined ? `${source.file} ${source.jsonPath}` : source.file;
}

/** Keeps messages one line and short whatever a hostile file puts in a value. */
export function quote(value: string): string {
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '); // C0, DEL and C1 (U+009B is CSI to a terminal)
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 57)}...` : flat);
}

export class DealCollector {
  /** The deals by id (an open-addressing table over the builders: a Map of a million ids costs several times more). */
  readonly deals = new DealIds();
  readonly issues: DealDataIssue[] = [];
  eventsAfterAsOf = 0;
  /** One string per distinct stage name, so a million events hold a handful of strings. */
  private readonly stages = new Map<string, string>();
  /** Stage name → its index in `stageNames` (the event columns' stage). */
  private readonly stageIndex = new Map<string, number>();
  private readonly stageNames: string[] = [];
  private get builders(): DealBuilder[] {
    return this.deals.builders;
  }
  private readonly events = new EventColumns();
  private lastFile = '';
  private lastFileIndex = -1;
  private lastDeal: DealBuilder | undefined;

  constructor(readonly options: CollectorOptions) {}

  issue(kind: DealDataIssue['kind'], source: SourcePosition, message: string, dealId?: string): void {
    this.issues.push(dealId === undefined ? { kind, message: `${where(source)}: ${message}`, source } : { kind, message: `${where(source)}: ${message}`, dealId, source });
  }

  deal(id: string, source: SourcePosition): DealBuilder {
    // Rows of one deal usually come together: skip the map for them.
    if (this.lastDeal !== undefined && this.lastDeal.id === id) return this.lastDeal;
    let deal = this.deals.get(id);
    if (deal === undefined) deal = this.deals.add({ id, index: this.builders.length, pipeline: undefined, eventCount: 0, source, afterAsOf: 0, lastFile: undefined });
    this.lastDeal = deal;
    return deal;
  }

  /** {@link deal} for the id `text.slice(start, end)` of a CSV row on `line`, without making the string for a known id. */
  dealAt(text: string, start: number, end: number, file: string, line: number): DealBuilder {
    // New builders list lastFile from the start: set on the first row, it would grow every builder.
    const last = this.lastDeal;
    if (last !== undefined && last.id.length === end - start && text.startsWith(last.id, start)) return last;
    let deal = this.deals.getAt(text, start, end);
    if (deal === undefined) deal = this.deals.add({ id: text.slice(start, end), index: this.builders.length, pipeline: undefined, eventCount: 0, source: { file, line }, afterAsOf: 0, lastFile: undefined });
    this.lastDeal = deal;
    return deal;
  }

  /**
   * {@link dealAt} for the id in the UTF-8 bytes `bytes[start, end)` of a CSV row: no string made for a known ASCII
   * id. `differsFrom`: a deal the caller already found to have another id (not compared again).
   */
  dealAtBytes(bytes: Uint8Array, start: number, end: number, file: string, line: number, differsFrom?: DealBuilder): DealBuilder {
    if (!isAsciiSpan(bytes, start, end)) {
      const id = decodeUtf8(bytes, start, end);
      return this.dealAt(id, 0, id.length, file, line);
    }
    const last = this.lastDeal;
    if (last !== undefined && last !== differsFrom && last.id.length === end - start && compareAsciiSpan(bytes, start, end, last.id) === 0) return last;
    let deal = this.deals.getAtAscii(bytes, start, end);
    if (deal === undefined) deal = this.deals.add({ id: decodeUtf8(bytes, start, end), index: this.builders.length, pipeline: undefined, eventCount: 0, source: { file, line }, afterAsOf: 0, lastFile: undefined });
    this.lastDeal = deal;
    return deal;
  }

  /** Sets the deal's pipeline; a different pipeline for a known deal is a duplicate id (issue, returns false). */
  pipeline(deal: DealBuilder, pipeline: string | undefined, source: SourcePosition): boolean {
    if (pipeline === undefined || pipeline === '') return true;
    if (deal.pipeline === undefined) {
      deal.pipeline = pipeline;
      return true;
    }
    if (deal.pipeline === pipeline) return true;
    this.issue('duplicate-deal', source, `deal ${quote(deal.id)} is already in pipeline ${quote(deal.pipeline)} (${where(deal.source)}), here in ${quote(pipeline)}; record not used (deal ids must be unique across pipelines)`, deal.id);
    return false;
  }

  intern(stage: string): string {
    let known = this.stages.get(stage);
    if (known === undefined) {
      known = stage;
      this.stages.set(stage, stage);
    }
    return known;
  }

  /** The stage's index in `stageNames`, added on first sight. */
  private stageIndexOf(stage: string): number {
    let stageIndex = this.stageIndex.get(stage);
    if (stageIndex === undefined) {
      stageIndex = this.stageNames.length;
      this.stageNames.push(this.intern(stage));
      this.stageIndex.set(stage, stageIndex);
    }
    return stageIndex;
  }

  /** Adds an event, or counts it when it is at or after as-of. */
  event(deal: DealBuilder, stage: string, at: number, source: SourcePosition, involved?: readonly string[]): void {
    const asOf = this.options.asOf;
    if (asOf !== undefined && at >= asOf) {
      this.eventsAfterAsOf++;
      if (deal.afterAsOf++ === 0) deal.firstAfterAsOf = source;
      return;
    }
    const stageIndex = this.stageIndexOf(stage);
    this.events.push(deal.index, stageIndex, at, source, involved !== undefined && involved.length > 0 ? involved : undefined);
    deal.eventCount++;
  }

  /** {@link event} of a CSV row (source `{ file, line }`), the source made only when a message needs it. */
  eventAtLine(deal: DealBuilder, stage: string, at: number, file: string, line: number, involved?: readonly string[]): void {
    const asOf = this.options.asOf;
    if ((asOf !== undefined && at >= asOf) || (involved !== undefined && involved.length > 0)) {
      this.event(deal, stage, at, { file, line }, involved);
      return;
    }
    const stageIndex = this.stageIndexOf(stage);
    if (file !== this.lastFile) {
      this.lastFile = file;
      this.lastFileIndex = this.events.fileIndexOf(file);
    }
    this.events.pushLine(deal.index, stageIndex, at, this.lastFileIndex, line);
    deal.eventCount++;
  }

  /** Per deal (by index): the last event time accepted from its `lastFile`. A column, not a builder field: a time stored in an object is a new heap number each row. */
  private lastAt = new Float64Array(1024);

  private setLastAt(deal: DealBuilder, at: number): void {
    if (deal.index >= this.lastAt.length) {
      const grown = new Float64Array(Math.max(2 * this.lastAt.length, deal.index + 1));
      grown.set(this.lastAt);
      this.lastAt = grown;
    }
    this.lastAt[deal.index] = at;
  }

  /** {@link inFileOrder} for a CSV row, the source made only for the message. */
  inFileOrderAt(deal: DealBuilder, at: number, file: string, line: number): boolean {
    if (deal.lastFile === file && at < this.lastAt[deal.index]!) return this.inFileOrder(deal, at, { file, line });
    deal.lastFile = file;
    this.setLastAt(deal, at);
    return true;
  }

  /** Checks a CSV row's time against the deal's previous row in the same file; false (and an issue) when it goes back. */
  inFileOrder(deal: DealBuilder, at: number, source: SourcePosition): boolean {
    if (deal.lastFile === source.file && at < this.lastAt[deal.index]!) {
      this.issue('time-backwards', source, `deal ${quote(deal.id)}: ${new Date(at).toISOString()} is before its previous row (${new Date(this.lastAt[deal.index]!).toISOString()}); row not used (sort the export by deal and time, or fix the date)`, deal.id);
      return false;
    }
    deal.lastFile = source.file;
    this.setLastAt(deal, at);
    return true;
  }

  /** A date field: undefined (and an issue) when it is not an ISO 8601 date or date-time. */
  date(text: string, what: string, source: SourcePosition, dealId?: string): number | undefined {
    const at = parseInstant(text, this.options.timeZone);
    if (at === undefined) {
      this.issue('unparseable-date', source, `${what} ${quote(text)} is not an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or with an offset)`, dealId);
    }
    return at;
  }

  /** An optional date attribute: empty is absent; bad is an issue and absent. */
  optionalDate(text: string | undefined, what: string, source: SourcePosition, dealId: string): number | undefined {
    if (text === undefined || text.trim() === '') return undefined;
    return this.date(text, what, source, dealId);
  }

  /** An amount: a non-negative decimal number; anything else is an issue and absent. */
  amount(text: string | number | undefined | null, source: SourcePosition, dealId: string): number | undefined {
    if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) return undefined;
    const value = typeof text === 'number' ? text : /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value) || value < 0) {
      this.issue('bad-amount', source, `deal ${quote(dealId)}: amount ${quote(String(text))} is not ${Number.isFinite(value) ? 'zero or more' : 'a number'}; amount left out`, dealId);
      return undefined;
    }
    // Past 2^53 an amount is no longer whole units, and a forecast's sums of such amounts overflow to Infinity.
    if (value > Number.MAX_SAFE_INTEGER) {
      this.issue('bad-amount', source, `deal ${quote(dealId)}: amount ${quote(String(text))} is larger than ${Number.MAX_SAFE_INTEGER}; amount left out`, dealId);
      return undefined;
    }
    return value;
  }

  /** Sets the currency of a deal; another currency on a later record is an issue. */
  currency(deal: DealBuilder, currency: string | undefined, source: SourcePosition): void {
    if (currency === undefined || currency.trim() === '') return;
    // ISO 4217 codes are upper case; some systems (Stripe) write them in lower case: one currency, not two.
    const trimmed = currency.trim();
    const code = /^[A-Za-z]{3}$/.test(trimmed) ? trimmed.toUpperCase() : trimmed;
    if (deal.currency !== undefined && deal.currency !== code) {
      this.issue('bad-amount', source, `deal ${quote(deal.id)}: currency ${quote(code)} differs from ${quote(deal.currency)} given earlier; the first is kept`, deal.id);
      return;
    }
    deal.currency = code;
  }

  /**
   * The deals, sorted by id, each with its events sorted by time (ties in reading order). `collapse` merges
   * consecutive events of the same stage into the first (CRMs that write a history row on every field change).
   * Deals whose every event is after as-of are left out (they did not exist yet); each deal with ignored events
   * gets one `after-as-of` issue.
   */
  finish(collapse = false): Deal[] {
    return tableToDeals(this.finishTable(collapse));
  }

  /** {@link finish} in columns: the same deals, events, order and issues, without an object per event. */
  finishTable(collapse = false): DealTable {
    const builders = this.builders;
    const columns = this.events;
    // Exports usually list deals in id order: then reading order is the order, with no sort.
    const inOrder = this.deals.inOrder;
    const order = builders.map((b) => b.index);
    if (!inOrder) {
      const ids = builders.map((b) => b.id); // one indirection less per comparison: a third faster
      order.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
    }
    const rank = new Int32Array(builders.length);
    order.forEach((b, r) => (rank[b] = r));
    // A stable counting sort of the events by their deal's rank: each deal's events together, in reading order.
    const n = columns.count;
    const offsets = new Int32Array(builders.length + 1);
    for (let i = 0; i < n; i++) offsets[rank[columns.deal[i]!]! + 1]!++;
    for (let r = 0; r < builders.length; r++) offsets[r + 1]! += offsets[r]!;
    const fill = offsets.slice(0, builders.length);
    const byDeal = new Int32Array(n);
    for (let i = 0; i < n; i++) byDeal[fill[rank[columns.deal[i]!]!]!++] = i;

    const deals: DealRecord[] = [];
    const eventStart = new Int32Array(builders.length + 1);
    const kept = new Int32Array(n);
    let count = 0;
    for (let r = 0; r < order.length; r++) {
      const builder = builders[order[r]!]!;
      const id = builder.id;
      if (builder.afterAsOf > 0) {
        this.issue('after-as-of', builder.firstAfterAsOf!, `deal ${quote(id)}: ${builder.afterAsOf} event(s) at or after the as-of date ignored`, id);
      }
      const from = offsets[r]!;
      const to = offsets[r + 1]!;
      let sorted = true;
      for (let i = from + 1; i < to && sorted; i++) sorted = columns.at[byDeal[i - 1]!]! <= columns.at[byDeal[i]!]!;
      if (!sorted) {
        // Stable: equal times keep reading order (indices ascend within a deal).
        const segment = Array.from(byDeal.subarray(from, to)).sort((x, y) => columns.at[x]! - columns.at[y]! || x - y);
        byDeal.set(segment, from);
      }
      const start = count;
      for (let i = from; i < to; i++) {
        const e = byDeal[i]!;
        if (collapse && i > from && columns.stage[byDeal[i - 1]!] === columns.stage[e]) continue;
        kept[count++] = e;
      }
      if (count === start) {
        if (builder.afterAsOf === 0 && builder.reported !== true) this.issue('missing-field', builder.source, `deal ${quote(id)} has no stage history; deal not used`, id);
        continue;
      }
      eventStart[deals.length] = start;
      deals.push(dealRecord(builder));
      eventStart[deals.length] = count;
    }
    this.issues.sort(compareIssues);

    const stage = new Int32Array(count);
    const at = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const e = kept[i]!;
      stage[i] = columns.stage[e]!;
      at[i] = columns.at[e]!;
    }
    const eventOf = kept.slice(0, count);
    return {
      deals,
      eventStart: eventStart.slice(0, deals.length + 1),
      stage,
      at,
      stageNames: this.stageNames,
      sourceOf: (i) => columns.sourceOf(eventOf[i]!),
      involvedOf: (i) => columns.involved.get(eventOf[i]!),
    };
  }
}

/**
 * Deal builders by id. Exports usually list deals in id order: while ids arrive in increasing order they are kept
 * as a sorted run (a new id is one greater than the last: no lookup at all; a known one is found by binary search);
 * every id after the first out of order goes into an open-addressing table (a Map of a million ids, or hashing
 * each, costs several times more).
 */
export class DealIds {
  readonly builders: DealBuilder[] = [];
  /** builders[0, sorted) are in increasing id order and not in the table. */
  private sorted = 0;
  private inTable = 0;
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;

  get(id: string): DealBuilder | undefined {
    return this.getAt(id, 0, id.length);
  }

  /** Whether every id came in increasing order (each greater than the one before). */
  get inOrder(): boolean {
    return this.inTable === 0;
  }

  getAt(text: string, start: number, end: number): DealBuilder | undefined {
    const builders = this.builders;
    if (this.sorted > 0 && compareSpan(text, start, end, builders[this.sorted - 1]!.id) <= 0) {
      let lo = 0;
      let hi = this.sorted - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const c = compareSpan(text, start, end, builders[mid]!.id);
        if (c === 0) return builders[mid];
        if (c < 0) hi = mid - 1;
        else lo = mid + 1;
      }
    }
    if (this.inTable === 0) return undefined;
    const length = end - start;
    for (let slot = hashOf(text, start, end) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      const builder = builders[entry - 1]!;
      if (builder.id.length === length && text.startsWith(builder.id, start)) return builder;
    }
  }

  /** {@link getAt} for an id in ASCII bytes (UTF-16 code units and bytes are then the same numbers: same order, same hash). */
  getAtAscii(bytes: Uint8Array, start: number, end: number): DealBuilder | undefined {
    const builders = this.builders;
    if (this.sorted > 0 && compareAsciiSpan(bytes, start, end, builders[this.sorted - 1]!.id) <= 0) {
      let lo = 0;
      let hi = this.sorted - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const c = compareAsciiSpan(bytes, start, end, builders[mid]!.id);
        if (c === 0) return builders[mid];
        if (c < 0) hi = mid - 1;
        else lo = mid + 1;
      }
    }
    if (this.inTable === 0) return undefined;
    const length = end - start;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    for (let slot = mix(h) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      const builder = builders[entry - 1]!;
      if (builder.id.length === length && compareAsciiSpan(bytes, start, end, builder.id) === 0) return builder;
    }
  }

  /** Adds a builder whose id is not here yet; returns it. */
  add(builder: DealBuilder): DealBuilder {
    const builders = this.builders;
    builders.push(builder);
    const index = builders.length - 1;
    if (this.inTable === 0 && this.sorted === index && (index === 0 || builders[index - 1]!.id < builder.id)) {
      this.sorted++;
      return builder;
    }
    this.inTable++;
    if (this.inTable * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      this.mask = this.slots.length - 1;
      for (let i = this.sorted; i < index; i++) this.place(i);
    }
    this.place(index);
    return builder;
  }

  private place(index: number): void {
    const id = this.builders[index]!.id;
    let slot = hashOf(id, 0, id.length) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = index + 1;
  }
}

/** `text.slice(start, end)` against `id` by UTF-16 code units, as `<` orders strings: negative, 0 or positive. */
function compareSpan(text: string, start: number, end: number, id: string): number {
  const length = Math.min(end - start, id.length);
  for (let i = 0; i < length; i++) {
    const d = text.charCodeAt(start + i) - id.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - id.length;
}

/** The ASCII bytes `bytes[start, end)` against `id` by code units, as `<` orders strings: negative, 0 or positive. */
function compareAsciiSpan(bytes: Uint8Array, start: number, end: number, id: string): number {
  const length = Math.min(end - start, id.length);
  for (let i = 0; i < length; i++) {
    const d = bytes[start + i]! - id.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - id.length;
}

/** FNV-1a over the UTF-16 code units of `text.slice(start, end)`, with a final mix so that the low bits spread. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix(h);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** A builder's attributes, in the key order the readers' deals always had. */
function dealRecord(builder: DealBuilder): DealRecord {
  const deal: { -readonly [K in keyof DealRecord]: DealRecord[K] } = { id: builder.id, pipeline: builder.pipeline, source: builder.source };
  if (builder.owner !== undefined) deal.owner = builder.owner;
  if (builder.amount !== undefined) deal.amount = builder.amount;
  if (builder.currency !== undefined) deal.currency = builder.currency;
  if (builder.createdAt !== undefined) deal.createdAt = builder.createdAt;
  if (builder.nextActivityAt !== undefined) deal.nextActivityAt = builder.nextActivityAt;
  if (builder.nextStep !== undefined) deal.nextStep = builder.nextStep;
  if (builder.involved !== undefined) deal.involved = builder.involved;
  if (builder.hasOpenActivity !== undefined) deal.hasOpenActivity = builder.hasOpenActivity;
  if (builder.hasOverdueTask !== undefined) deal.hasOverdueTask = builder.hasOverdueTask;
  return deal;
}

function compareIssues(a: DealDataIssue, b: DealDataIssue): number {
  if (a.source.file !== b.source.file) return a.source.file < b.source.file ? -1 : 1;
  const lineA = a.source.line ?? 0;
  const lineB = b.source.line ?? 0;
  if (lineA !== lineB) return lineA - lineB;
  const pathA = a.source.jsonPath ?? '';
  const pathB = b.source.jsonPath ?? '';
  return pathA < pathB ? -1 : pathA > pathB ? 1 : 0;
}
