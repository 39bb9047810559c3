/** `spx audit`: which open deals need attention today — no next step, overdue, stalled, gates skipped — and what to do about each. */
import type { ChalkInstance } from 'chalk';
import {
  AUDIT_FINDINGS,
  auditDealTable,
  csvRow,
  formatDays,
  rememberBounded,
  SpxError,
  wrapWords,
  type AuditedDeal,
  type AuditFinding,
  type AuditFindingId,
  type AuditReport,
  type DealDataIssue,
  type DealFormat,
} from '../../index.js';
import { issueLine, printable, readPipelineTable, type PipelineTableInput as PipelineInput } from '../deal-data.js';
import { fitText, reportWidth } from '../fit.js';
import { chalkFor, DEFAULT_COLUMNS, stdoutBytesOf, type Io } from '../io.js';
import { count } from '../numbers.js';
import { ChunkedBytes, ChunkedOutput } from '../chunked-output.js';
import { outputTarget, writeFileAtomicChunks } from '../write-file.js';

export interface AuditOptions {
  /** Process files and deal-data files, in any order (told apart by content). */
  readonly files: readonly string[];
  readonly from?: DealFormat;
  readonly asOf?: string;
  readonly stallQuantile: number;
  readonly seed: number;
  readonly format: 'text' | 'json' | 'csv' | 'markdown';
  readonly failOn?: string;
  readonly outputFile?: string;
  /** Replace the --output-file if it exists. */
  readonly force?: boolean;
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
  readonly color?: boolean;
}

/** The `--format json` shape (deal-data contract §5): instants as ISO 8601, absent values as null. */
export interface AuditJson {
  readonly asOf: string;
  readonly stallQuantile: number;
  readonly processes: readonly { file: string; name: string; version: string; open: number; flagged: number; stallDays: { stage: string; days: number | null }[] }[];
  readonly counts: AuditReport['counts'];
  readonly deals: readonly {
    id: string;
    process: string;
    stage: string;
    enteredAt: string;
    daysInStage: number;
    nextActivityAt: string | null;
    owner: string | null;
    amount: number | null;
    currency: string | null;
    winProbability: number | null;
    stallDays: number | null;
    findings: { id: AuditFindingId; message: string; due: string | null }[];
  }[];
  readonly unrouted: readonly { id: string; pipeline: string | null }[];
  readonly format: DealFormat;
  readonly eventsAfterAsOf: number;
  readonly issues: readonly DealDataIssue[];
}

/** The CSV columns: one row per finding, ready to import as CRM tasks. */
export const AUDIT_CSV_COLUMNS = ['deal', 'owner', 'finding', 'due', 'message', 'process', 'stage', 'days_in_stage', 'next_activity_at', 'amount', 'currency', 'win_probability'] as const;

export async function auditCommand(options: AuditOptions, io: Io): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const target = options.outputFile === undefined ? undefined : outputTarget(io.cwd, options.outputFile, options.force);
  const input = await readPipelineTable(options.files, options, io);
  // Only the JSON report lists every open deal, kept in columns as it is audited (no object kept per deal); the
  // others report the flagged ones (and counts of all).
  const jsonDeals = options.format === 'json' ? new AuditDealJson(input.data.table.deals.length) : undefined;
  const report = auditDealTable({
    processes: input.processes,
    table: input.data.table,
    asOf: input.asOf,
    stallQuantile: options.stallQuantile,
    seed: options.seed,
    flaggedOnly: options.format !== 'json',
    onDeal: jsonDeals?.add,
  });
  const chalk = chalkFor(io, options.outputFile ? false : options.color);
  // The report is written as it is made: 200,000 deals make tens of MB, never held as one string.
  const render = (out: ChunkedOutput): void => {
    if (options.format === 'csv') renderCsv(report, out);
    else if (options.format === 'markdown') renderMarkdown(report, input, out);
    else renderText(report, input, chalk, options.outputFile ? DEFAULT_COLUMNS : reportWidth(io), out);
    out.end();
  };
  // JSON is written as UTF-8 bytes: nearly all of it is deal lines of ASCII and remembered pieces.
  const renderBytes = (out: ChunkedBytes): void => {
    renderJson(report, input, jsonDeals!, out);
    out.end();
  };
  if (target !== undefined) writeFileAtomicChunks(target, (write) => (options.format === 'json' ? renderBytes(new ChunkedBytes(write)) : render(new ChunkedOutput(write))));
  else if (options.format === 'json') renderBytes(new ChunkedBytes(stdoutBytesOf(io)));
  else render(new ChunkedOutput((text) => io.stdout(text)));
  // Data problems go to stderr where the report has no place for them (CSV, markdown, a file).
  if (input.data.issues.length > 0 && (options.format === 'csv' || options.format === 'markdown' || (options.outputFile && options.format === 'text'))) {
    io.stderr(issueLines(input.data.issues).map((line) => `spx: ${line}\n`).join(''));
  }
  const failed = failOn.filter((id) => report.counts.byFinding[id] > 0);
  return failed.length > 0 ? 1 : 0;
}

function parseFailOn(text: string | undefined): AuditFindingId[] {
  if (text === undefined) return [];
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) {
    if (!(AUDIT_FINDINGS as readonly string[]).includes(id)) throw new SpxError('E_USAGE', `--fail-on ${id}: no such finding; use any of ${AUDIT_FINDINGS.join(', ')}`);
  }
  if (ids.length === 0) throw new SpxError('E_USAGE', `--fail-on needs findings, comma-separated: ${AUDIT_FINDINGS.join(', ')}`);
  return ids as AuditFindingId[];
}

const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/** The JSON report without its deals (`deals: []`): they are written one line each by {@link renderJson}. */
function auditJsonHead(report: AuditReport, input: PipelineInput): AuditJson {
  return {
    asOf: new Date(report.asOf).toISOString(),
    stallQuantile: report.stallQuantile,
    processes: report.processes.map((p, i) => ({ file: input.sources[i]!.file, ...p, stallDays: p.stallDays.map((s) => ({ stage: s.stage, days: finite(s.days) })) })),
    counts: report.counts,
    deals: [],
    unrouted: report.unrouted.map((u) => ({ id: u.id, pipeline: u.pipeline ?? null })),
    format: input.data.format,
    eventsAfterAsOf: input.data.eventsAfterAsOf,
    issues: input.data.issues,
  };
}


/** A number as JSON.stringify writes it, or null. */
const jsonNumber = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? 'null' : String(x));

const DAY_MS = 86_400_000;
/** The first instant of year 10000, which toISOString writes with six digits and a sign. */
const LAST_ISO_INSTANT = 253_402_300_800_000;

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
// The fixed parts of a deal's line that no remembered piece includes.
const ID = utf8('{"id":');
const ENTERED_AT = utf8(',"enteredAt":');
const DAYS_IN_STAGE = utf8(',"daysInStage":');
const NEXT_ACTIVITY_AT = utf8(',"nextActivityAt":');
const FINDINGS = utf8(',"findings":[');
const END = utf8(']}');
const NULL = utf8('null');

/** A field's remembered pieces: `,"name":` and the value's JSON, per value. */
class FieldPieces<V> {
  private readonly pieces = new Map<V, Uint8Array>();

  constructor(
    private readonly name: string,
    private readonly json: (value: V) => string,
  ) {}

  piece(value: V): Uint8Array {
    let piece = this.pieces.get(value);
    if (piece === undefined) rememberBounded(this.pieces, value, (piece = utf8(`,"${this.name}":${this.json(value)}`)));
    return piece;
  }
}

const jsonText = (text: string | undefined): string => (text === undefined ? 'null' : JSON.stringify(text));

/** Numbers kept per deal, NaN for undefined (which JSON writes as null, as it does NaN). */
const ENTERED_AT_N = 0;
const DAYS_IN_STAGE_N = 1;
const NEXT_ACTIVITY_AT_N = 2;
const AMOUNT_N = 3;
const WIN_PROBABILITY_N = 4;
const STALL_DAYS_N = 5;
const NUMBERS_PER_DEAL = 6;

const orNaN = (x: number | undefined): number => (x === undefined ? NaN : x);

/**
 * The deals of the JSON report, one line each: the UTF-8 bytes of what `JSON.stringify` writes for a deal's
 * {@link AuditJson} entry. Deals are kept from the audit until the report's head (whose counts need every deal) is
 * written, in columns — their strings, findings and numbers, not an object each (a pipeline has hundreds of
 * thousands) nor their bytes (twice the memory) — then written field by field into the output buffer. What deals
 * share — a finding (the audit shares finding objects between deals they fit), a process, a stage, an owner, a
 * number — is encoded once and remembered.
 */
export class AuditDealJson {
  /** Deals kept. */
  count = 0;
  private readonly ids: string[] = [];
  private readonly processNames: string[] = [];
  private readonly stageNames: string[] = [];
  private readonly owners: (string | undefined)[] = [];
  private readonly currencies: (string | undefined)[] = [];
  private numbers: Float64Array;
  /** Every deal's findings, in order; deal d's end at `findingEnd[d]`. */
  private readonly dealFindings: AuditFinding[] = [];
  private findingEnd: Uint32Array;

  private readonly findings = new Map<AuditFinding, Uint8Array>();
  private readonly process = new FieldPieces<string>('process', jsonText);
  private readonly stage = new FieldPieces<string>('stage', jsonText);
  private readonly owner = new FieldPieces<string | undefined>('owner', jsonText);
  private readonly amount = new FieldPieces<number>('amount', jsonNumber);
  private readonly currency = new FieldPieces<string | undefined>('currency', jsonText);
  private readonly winProbability = new FieldPieces<number>('winProbability', jsonNumber);
  private readonly stallDays = new FieldPieces<number>('stallDays', jsonNumber);
  /** The pieces of a deal's findings, reused from deal to deal. */
  private readonly findingPieces: Uint8Array[] = [];
  /** `"YYYY-MM-DDT` of recent days, by day since 1970 modulo {@link DAY_SLOTS}: an array slot, not a map lookup. */
  private readonly dayOfSlot = new Float64Array(DAY_SLOTS).fill(NaN);
  private readonly datePieces: Uint8Array[] = new Array<Uint8Array>(DAY_SLOTS);

  /** `capacity`: the deals expected (more are kept too), as the deals of the data read. */
  constructor(capacity = 1024) {
    this.numbers = new Float64Array(NUMBERS_PER_DEAL * Math.max(capacity, 1));
    this.findingEnd = new Uint32Array(Math.max(capacity, 1));
  }

  /** Keeps the next deal (an arrow function: the audit's `onDeal`). */
  readonly add = (deal: AuditedDeal): void => {
    const d = this.count++;
    if (d === this.findingEnd.length) this.grow();
    this.ids.push(deal.id);
    this.processNames.push(deal.process);
    this.stageNames.push(deal.stage);
    this.owners.push(deal.owner);
    this.currencies.push(deal.currency);
    const numbers = this.numbers;
    const n = d * NUMBERS_PER_DEAL;
    numbers[n + ENTERED_AT_N] = deal.enteredAt;
    numbers[n + DAYS_IN_STAGE_N] = deal.daysInStage;
    numbers[n + NEXT_ACTIVITY_AT_N] = orNaN(deal.nextActivityAt);
    numbers[n + AMOUNT_N] = orNaN(deal.amount);
    numbers[n + WIN_PROBABILITY_N] = orNaN(deal.winProbability);
    numbers[n + STALL_DAYS_N] = orNaN(deal.stallDays);
    const findings = deal.findings;
    for (let i = 0; i < findings.length; i++) this.dealFindings.push(findings[i]!);
    this.findingEnd[d] = this.dealFindings.length;
  };

  /** Writes the line of every deal kept, in order, `separator` between two, to `out`. */
  writeAll(out: ChunkedBytes, separator: Uint8Array): void {
    for (let d = 0; d < this.count; d++) {
      if (d > 0) out.copy(separator);
      this.write(d, out);
    }
  }

  /** Doubles the typed columns. */
  private grow(): void {
    const numbers = new Float64Array(2 * this.numbers.length);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const findingEnd = new Uint32Array(2 * this.findingEnd.length);
    findingEnd.set(this.findingEnd);
    this.findingEnd = findingEnd;
  }

  /** Writes deal d's line (without indent or comma) to `out`. */
  private write(d: number, out: ChunkedBytes): void {
    const id = this.ids[d]!;
    const numbers = this.numbers;
    const n = d * NUMBERS_PER_DEAL;
    const process = this.process.piece(this.processNames[d]!);
    const stage = this.stage.piece(this.stageNames[d]!);
    const owner = this.owner.piece(this.owners[d]);
    const amount = this.amount.piece(numbers[n + AMOUNT_N]!);
    const currency = this.currency.piece(this.currencies[d]);
    const winProbability = this.winProbability.piece(numbers[n + WIN_PROBABILITY_N]!);
    const stallDays = this.stallDays.piece(numbers[n + STALL_DAYS_N]!);
    const first = d === 0 ? 0 : this.findingEnd[d - 1]!;
    const end = this.findingEnd[d]!;
    const pieces = this.findingPieces;
    pieces.length = end - first;
    // Room for the whole line, checked once: the id escaped at worst (6 bytes a unit), the pieces, and LINE_ROOM.
    let size = LINE_ROOM + 6 * id.length + process.length + stage.length + owner.length + amount.length + currency.length + winProbability.length + stallDays.length;
    for (let i = first; i < end; i++) {
      const f = this.dealFindings[i]!;
      let json = this.findings.get(f);
      if (json === undefined) {
        json = utf8(`{"id":"${f.id}","message":${JSON.stringify(f.message)},"due":${f.due === undefined ? 'null' : JSON.stringify(f.due)}}`);
        rememberBounded(this.findings, f, json);
      }
      pieces[i - first] = json;
      size += json.length + 1;
    }
    out.reserve(size);
    const bytes = out.bytes;
    let at = put(bytes, out.at, ID);
    at = jsonString(id, bytes, at);
    at = put(bytes, at, process);
    at = put(bytes, at, stage);
    at = put(bytes, at, ENTERED_AT);
    at = this.instant(numbers[n + ENTERED_AT_N]!, bytes, at);
    at = put(bytes, at, DAYS_IN_STAGE);
    at = putAscii(bytes, at, jsonNumber(numbers[n + DAYS_IN_STAGE_N]));
    at = put(bytes, at, NEXT_ACTIVITY_AT);
    const next = numbers[n + NEXT_ACTIVITY_AT_N]!;
    at = Number.isNaN(next) ? put(bytes, at, NULL) : this.instant(next, bytes, at);
    at = put(bytes, at, owner);
    at = put(bytes, at, amount);
    at = put(bytes, at, currency);
    at = put(bytes, at, winProbability);
    at = put(bytes, at, stallDays);
    at = put(bytes, at, FINDINGS);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) bytes[at++] = 0x2c; // ,
      at = put(bytes, at, pieces[i]!);
    }
    out.at = put(bytes, at, END);
  }

  /**
   * `JSON.stringify(new Date(t).toISOString())` at `at`, its digits written directly for instants of years 1970–9999
   * in whole ms (every instant the readers make): the date part remembered per day, the time of day from integer
   * arithmetic. Returns the index after it.
   */
  private instant(t: number, bytes: Buffer, at: number): number {
    if (!(Number.isInteger(t) && t >= 0 && t < LAST_ISO_INSTANT)) return putAscii(bytes, at, `"${new Date(t).toISOString()}"`);
    const day = Math.floor(t / DAY_MS);
    const slot = day % DAY_SLOTS;
    if (this.dayOfSlot[slot] !== day) {
      this.dayOfSlot[slot] = day;
      this.datePieces[slot] = utf8(`"${new Date(day * DAY_MS).toISOString().slice(0, 11)}`);
    }
    at = put(bytes, at, this.datePieces[slot]!);
    // The ms of the day: an integer below 2^31.
    let ms = t - day * DAY_MS;
    const hours = (ms / 3_600_000) | 0;
    ms -= hours * 3_600_000;
    const minutes = (ms / 60_000) | 0;
    ms -= minutes * 60_000;
    const seconds = (ms / 1000) | 0;
    ms -= seconds * 1000;
    // HH:MM:SS.mmmZ"
    bytes[at] = 0x30 + ((hours / 10) | 0);
    bytes[at + 1] = 0x30 + (hours % 10);
    bytes[at + 2] = 0x3a;
    bytes[at + 3] = 0x30 + ((minutes / 10) | 0);
    bytes[at + 4] = 0x30 + (minutes % 10);
    bytes[at + 5] = 0x3a;
    bytes[at + 6] = 0x30 + ((seconds / 10) | 0);
    bytes[at + 7] = 0x30 + (seconds % 10);
    bytes[at + 8] = 0x2e;
    bytes[at + 9] = 0x30 + ((ms / 100) | 0);
    bytes[at + 10] = 0x30 + (((ms / 10) | 0) % 10);
    bytes[at + 11] = 0x30 + (ms % 10);
    bytes[at + 12] = 0x5a;
    bytes[at + 13] = 0x22;
    return at + 14;
  }
}

/**
 * Room a deal's line needs beyond its id and remembered pieces: the fixed field names (67 bytes), two instants (29
 * bytes each at most, quoted), a number (25 at most) or null.
 */
const LINE_ROOM = 256;

/** Slots of remembered dates: a pipeline's instants span a few years at most. */
const DAY_SLOTS = 4096;

/** Copies `piece` to `bytes` at `at`, where the caller made room; returns the index after it. */
function put(bytes: Uint8Array, at: number, piece: Uint8Array): number {
  const n = piece.length;
  // A loop for the short pieces most are; a native copy for long ones (messages).
  if (n > 48) bytes.set(piece, at);
  else for (let i = 0; i < n; i++) bytes[at + i] = piece[i]!;
  return at + n;
}

/** Copies ASCII `text` (a number's JSON, an ISO instant) to `bytes` at `at`, as {@link put}. */
function putAscii(bytes: Uint8Array, at: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) bytes[at + i] = text.charCodeAt(i);
  return at + n;
}

/**
 * `JSON.stringify(text)` as UTF-8 at `at`, where the caller made room (6 bytes a unit and the quotes): byte by byte
 * for the printable ASCII without quote or backslash that most ids are, through JSON.stringify for any other.
 */
function jsonString(text: string, bytes: Buffer, at: number): number {
  const n = text.length;
  bytes[at] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return at + bytes.write(JSON.stringify(text), at, 'utf8');
    bytes[at + 1 + i] = c;
  }
  bytes[at + 1 + n] = 0x22;
  return at + n + 2;
}

/** Between two deals' lines. */
const DEAL_SEPARATOR = utf8(',\n    ');

/**
 * The JSON text: indented, except that each deal is one line — a pipeline of 200,000 deals is 40% less text, and
 * a diff or `grep` of two audits shows one line per deal.
 */
function renderJson(report: AuditReport, input: PipelineInput, deals: AuditDealJson, out: ChunkedBytes): void {
  const placeholder = '\n  "deals": []';
  const head = JSON.stringify(auditJsonHead(report, input), null, 2);
  const at = head.indexOf(placeholder);
  out.text(head.slice(0, at));
  out.text('\n  "deals": ');
  if (deals.count === 0) out.text('[]');
  else {
    out.text('[\n    ');
    deals.writeAll(out, DEAL_SEPARATOR);
    out.text('\n  ]');
  }
  out.text(`${head.slice(at + placeholder.length)}\n`);
}

/**
 * The order of `deals` worst first — more findings, then more money at stake, then longer in the stage; the id
 * breaks ties — within groups of a smaller `rank` first, when given: the indices of `deals`, sorted on typed arrays
 * of the keys instead of comparing the deal objects.
 */
export function worstFirstOrder(deals: readonly AuditedDeal[], rank?: Uint32Array): Uint32Array {
  const n = deals.length;
  // The integer key: the rank, then the number of findings (at most 7), the more first.
  const key = new Float64Array(n);
  const amount = new Float64Array(n);
  const days = new Float64Array(n);
  const ids: string[] = new Array<string>(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const deal = deals[i]!;
    key[i] = (rank === undefined ? 0 : rank[i]! * 16) + (15 - deal.findings.length);
    amount[i] = deal.amount ?? 0;
    days[i] = deal.daysInStage;
    ids[i] = deal.id;
    order[i] = i;
  }
  return order.sort((i, j) => {
    const byKey = key[i]! - key[j]! || amount[j]! - amount[i]! || days[j]! - days[i]!;
    if (byKey) return byKey;
    const a = ids[i]!;
    const b = ids[j]!;
    return a < b ? -1 : a > b ? 1 : i - j;
  });
}

const NO_OWNER = '(no owner)';

/** Flagged deals by owner: owners with the most flagged deals first, each owner's deals worst first. */
function byOwner(report: AuditReport): { owner: string; deals: AuditedDeal[] }[] {
  const flagged = report.deals.filter((deal) => deal.findings.length > 0);
  const ownerOf = new Map<string, number>();
  const owners: { owner: string; deals: AuditedDeal[] }[] = [];
  const sizes: number[] = [];
  const ownerIndex = new Uint32Array(flagged.length);
  flagged.forEach((deal, i) => {
    const owner = deal.owner ?? NO_OWNER;
    let index = ownerOf.get(owner);
    if (index === undefined) {
      ownerOf.set(owner, (index = owners.length));
      owners.push({ owner, deals: [] });
      sizes.push(0);
    }
    sizes[index]!++;
    ownerIndex[i] = index;
  });
  const ranked = owners.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || (owners[a]!.owner < owners[b]!.owner ? -1 : owners[a]!.owner > owners[b]!.owner ? 1 : 0));
  const rankOf = new Uint32Array(owners.length);
  ranked.forEach((owner, rank) => (rankOf[owner] = rank));
  const rank = ownerIndex.map((owner) => rankOf[owner]!);
  for (const i of worstFirstOrder(flagged, rank)) owners[ownerIndex[i]!]!.deals.push(flagged[i]!);
  return ranked.map((i) => owners[i]!);
}

const FINDING_PHRASES: Record<AuditFindingId, string> = {
  'no-next-step': 'with no next step',
  'next-step-overdue': 'with an overdue next step',
  'next-step-late': 'with the next step scheduled too late',
  stalled: 'stalled',
  'gate-not-met': 'past a gate not met',
  'off-process': 'off the process',
  'unknown-stage': 'in a stage the process does not map',
};

/** "312 open deals, 41 with no next step, 23 stalled… (58 need attention)". */
function summaryLine(report: AuditReport): string {
  const { counts } = report;
  const parts = [`${count(counts.open)} open ${counts.open === 1 ? 'deal' : 'deals'}`, `${count(counts.byFinding['no-next-step'])} ${FINDING_PHRASES['no-next-step']}`];
  for (const id of AUDIT_FINDINGS) if (id !== 'no-next-step' && counts.byFinding[id] > 0) parts.push(`${count(counts.byFinding[id])} ${FINDING_PHRASES[id]}`);
  return `${parts.join(', ')} (${count(counts.flagged)} need attention)`;
}

function dealHeadline(deal: AuditedDeal): string {
  return printable(`${deal.id} · ${dealDetails(deal)}`);
}

/** A flagged deal's stage, days in it, amount and win probability, as its headline shows them after the id. */
function dealDetails(deal: AuditedDeal): string {
  const money = deal.amount === undefined ? '' : ` · ${deal.amount}${deal.currency ? ` ${deal.currency}` : ''}`;
  const win = deal.winProbability === undefined ? '' : ` · win ${Math.round(deal.winProbability * 100)}%`;
  return `${deal.stageTitle} · ${formatDays(deal.daysInStage)} business days in stage${money}${win}`;
}

function issueLines(issues: readonly DealDataIssue[]): string[] {
  const lines = [`${issues.length} data ${issues.length === 1 ? 'record was' : 'records were'} not used:`];
  for (const issue of issues.slice(0, 10)) lines.push(`  ${issueLine(issue)}`);
  if (issues.length > 10) lines.push(`  … and ${issues.length - 10} more (--format json lists them all)`);
  return lines;
}

function unroutedLine(report: AuditReport): string | undefined {
  if (report.unrouted.length === 0) return undefined;
  const pipelines = new Map<string, number>();
  for (const u of report.unrouted) pipelines.set(u.pipeline ?? '', (pipelines.get(u.pipeline ?? '') ?? 0) + 1);
  const list = [...pipelines].map(([p, n]) => `${p} (${n})`).join(', ');
  return printable(`${report.unrouted.length} deals are in pipelines no process claims (set crm.pipeline): ${list}`);
}

/** Characters one column wide each that need no fitting (displayWidth counts them 1): printable ASCII, Latin-1 and Latin Extended but the soft hyphen, "—". */
const NARROW = /^[\x20-\x7e\xa0-\xac\xae-\u02ff\u2014]*$/;

/** {@link fitText} of one line, without its work when the line is narrow characters within the width (nearly every line). */
function fitLine(line: string, width: number): string {
  return line.length <= width && NARROW.test(line) ? line : fitText(line, width);
}

/**
 * The text report, fitted to `width` line by line as {@link fitText} does. The finding lines are wrapped here, within
 * `width` already, and skip the fitting: a report of 100,000 findings is tens of MB.
 */
function renderText(report: AuditReport, input: PipelineInput, chalk: ChalkInstance, width: number, out: ChunkedOutput): void {
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  const names = report.processes.map((p) => `${p.name} ${p.version}`).join(', ');
  out.line(fitText(`${chalk.bold(`Pipeline audit as of ${date}`)} ${chalk.dim(`(${names})`)}`, width));
  out.line(fitText(`  ${summaryLine(report)}`, width));
  const unrouted = unroutedLine(report);
  if (unrouted) out.line(fitText(chalk.yellow(`  ${unrouted}`), width));
  // One coloured label per finding id, made once: a pipeline may have 100,000 findings.
  const labels = new Map(AUDIT_FINDINGS.map((id) => [id, `    ${chalk.yellow(id.padEnd(17))} `]));
  const continuation = `\n${' '.repeat(22)}`;
  // A finding's lines, by id and message: deals in the same stage with the same advice share their messages, and
  // wrapping is the costliest part of a line.
  const findingLines = new Map(AUDIT_FINDINGS.map((id) => [id, new Map<string, string>()]));
  for (const { owner, deals } of byOwner(report)) {
    out.line('');
    out.line(fitText(chalk.bold(`${printable(owner)} — ${deals.length} ${deals.length === 1 ? 'deal needs' : 'deals need'} attention`), width));
    for (const deal of deals) {
      out.line(fitLine(`  ${dealHeadline(deal)}`, width));
      // A long action continues under the message, past the finding label (4 + 17 + 1 columns). Its lines are at
      // most width - 22 columns (of text at least two wide, where a wide character always fits): fitting leaves them,
      // unless the data put a line break in the message.
      for (const f of deal.findings) {
        const memo = findingLines.get(f.id)!;
        let lines = memo.get(f.message);
        if (lines === undefined) {
          const message = printable(f.message);
          lines = labels.get(f.id)! + wrapWords(message, width - 22).join(continuation);
          if (!(width - 22 >= 2 && !message.includes('\n'))) lines = fitText(lines, width);
          rememberBounded(memo, f.message, lines);
        }
        out.line(lines);
      }
    }
  }
  if (input.data.issues.length > 0) {
    out.line('');
    for (const l of issueLines(input.data.issues)) out.line(fitText(chalk.yellow(l), width));
  }
}

/** One CSV row a finding of `deal`. */
function csvFindingRow(deal: AuditedDeal, f: AuditedDeal['findings'][number]): string {
  return csvRow([
    deal.id,
    deal.owner,
    f.id,
    f.due,
    f.message,
    deal.process,
    deal.stage,
    Number(deal.daysInStage.toFixed(2)),
    deal.nextActivityAt === undefined ? undefined : new Date(deal.nextActivityAt).toISOString(),
    deal.amount,
    deal.currency,
    deal.winProbability === undefined ? undefined : Number(deal.winProbability.toFixed(4)),
  ]);
}

function renderCsv(report: AuditReport, out: ChunkedOutput): void {
  out.line(AUDIT_CSV_COLUMNS.join(','));
  const deals = report.deals;
  for (const i of worstFirstOrder(deals)) {
    const deal = deals[i]!;
    for (const f of deal.findings) out.line(csvFindingRow(deal, f));
  }
}

/** Markdown for a weekly pipeline-review issue or a Slack post: text from data files is escaped so it cannot inject markup. */
function renderMarkdown(report: AuditReport, input: PipelineInput, out: ChunkedOutput): void {
  // Every line break (a lone CR too: CommonMark ends lines there) and control character becomes a space.
  const md = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r\n|[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const date = new Date(report.asOf).toISOString().slice(0, 10);
  out.line(`### Pipeline audit — ${date}`);
  out.line('');
  out.line(md(summaryLine(report)));
  const unrouted = unroutedLine(report);
  if (unrouted) {
    out.line('');
    out.line(md(unrouted));
  }
  out.line('');
  out.line('| finding | deals |');
  out.line('|---|---:|');
  for (const id of AUDIT_FINDINGS) out.line(`| \`${id}\` | ${report.counts.byFinding[id]} |`);
  // Escaped messages by id and message: many deals share theirs.
  const findingLines = new Map(AUDIT_FINDINGS.map((id) => [id, new Map<string, string>()]));
  for (const { owner, deals } of byOwner(report)) {
    out.line('');
    out.line(`#### ${md(owner)} (${deals.length})`);
    out.line('');
    for (const deal of deals) {
      out.line(`- **${md(deal.id)}** · ${md(dealDetails(deal))}`);
      for (const f of deal.findings) {
        const memo = findingLines.get(f.id)!;
        let line = memo.get(f.message);
        if (line === undefined) {
          line = `  - \`${f.id}\` ${md(f.message)}`;
          rememberBounded(memo, f.message, line);
        }
        out.line(line);
      }
    }
  }
  if (input.data.issues.length > 0) {
    out.line('');
    out.line(`*${input.data.issues.length} data records were not used; run spx audit --format json to list them.*`);
  }
}
